/**
 * One search over everything an operator may look for (equipment, tags, badges, names, areas, cameras),
 * matched in both UI languages at once: a Chinese operator may type "T-101", "苯" or "罗静", an English
 * one "benzene". Pure: the index is built from what the client's scene holds (a name only where the
 * core sent one, i.e. to roles with personnel:viewNames).
 */
export const SEARCH_KINDS = ['worker', 'equipment', 'sensor', 'area', 'camera'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export type SearchEntry = {
  kind: SearchKind;
  id: string;
  /** Texts it may be found by: the id first, then names and descriptions in every language. */
  texts: readonly string[];
};

export type SearchHit = { entry: SearchEntry; score: number };

/** Match quality, best first: the whole id, an id prefix, a whole text, a text prefix, a word prefix, a substring. */
const SCORE = { exactId: 0, idPrefix: 1, exactText: 2, textPrefix: 3, wordPrefix: 4, substring: 5 } as const;
/** Ties go to people (the issue: people first), then what an operator most often flies to. */
const KIND_RANK: Record<SearchKind, number> = { worker: 0, equipment: 1, area: 2, camera: 3, sensor: 4 };

const normalise = (text: string) => text.normalize('NFKC').toLowerCase().trim();

function scoreOf(entry: SearchEntry, needle: string): number | null {
  const id = normalise(entry.id);
  if (id === needle) return SCORE.exactId;
  if (id.startsWith(needle)) return SCORE.idPrefix;
  let best: number | null = id.includes(needle) ? SCORE.substring : null;
  const better = (score: number) => (best === null || score < best ? score : best);
  for (const raw of entry.texts) {
    const text = normalise(raw);
    if (text === needle) best = better(SCORE.exactText);
    else if (text.startsWith(needle)) best = better(SCORE.textPrefix);
    else if (text.split(/[\s·,()（）/-]+/).some((word) => word.startsWith(needle))) best = better(SCORE.wordPrefix);
    else if (text.includes(needle)) best = better(SCORE.substring);
  }
  return best;
}

/** The best `limit` matches of a query, best first; nothing for an empty query. */
export function searchEntries(entries: readonly SearchEntry[], query: string, limit = 12): SearchHit[] {
  const needle = normalise(query);
  if (!needle) return [];
  const hits: SearchHit[] = [];
  for (const entry of entries) {
    const score = scoreOf(entry, needle);
    if (score !== null) hits.push({ entry, score });
  }
  hits.sort((a, b) => a.score - b.score || KIND_RANK[a.entry.kind] - KIND_RANK[b.entry.kind] || a.entry.id.length - b.entry.id.length || a.entry.id.localeCompare(b.entry.id));
  return hits.slice(0, limit);
}
