/**
 * Unknown fields in a scenario are ignored with a warning (docs/study-cli.md): zod strips them, so
 * this walks the raw input against the known field names and names each unknown one once
 * ("agents[*].colour ignored in 12 entries").
 */
const AGENT_KEYS = ['id', 'x', 'y', 'radiusM', 'desiredSpeedMps', 'premovementS', 'targetExits', 'policy', 'profile'];
const HAZARD_KEYS = [
  'id', 'kind', 'mode', 'polygon', 'grid', 'tOnS', 'tOffS', 'concentrationPpm', 'extinctionPerM', 'thresholdPpm',
  'thresholdExtinctionPerM', 'thresholdLevel', 'substance', 'toxicLoadExponent', 'slotToxicLoad', 'slodToxicLoad', 'costFactor',
];
const KNOWN: Record<string, string[]> = {
  '': ['id', 'geometry', 'exits', 'musterPoints', 'flowLines', 'hazards', 'agents', 'agentGroups', 'run'],
  geometry: ['walkable', 'outer', 'obstacles', 'walls'],
  'exits[*]': ['id', 'line', 'schedule'],
  'exits[*].schedule[*]': ['fromS', 'toS'],
  'musterPoints[*]': ['id', 'x', 'y', 'radiusM'],
  'flowLines[*]': ['id', 'line'],
  'hazards[*]': HAZARD_KEYS,
  'hazards[*].grid': ['x0M', 'y0M', 'cellSizeM', 'nx', 'ny', 'concentrationPpm', 'extinctionPerM'],
  'agents[*]': AGENT_KEYS,
  'agentGroups[*]': ['idPrefix', 'count', 'area', ...AGENT_KEYS.filter((k) => !['id', 'x', 'y'].includes(k))],
  'run': ['dtS', 'tMaxS', 'seed', 'outputHz', 'cellSizeM', 'snapAgents'],
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function unknownFieldWarnings(input: unknown): string[] {
  const counts = new Map<string, number>();
  const visit = (value: unknown, pattern: string) => {
    const known = KNOWN[pattern];
    if (!known || !isRecord(value)) return;
    for (const [key, child] of Object.entries(value)) {
      const childPattern = pattern ? `${pattern}.${key}` : key;
      if (!known.includes(key)) {
        counts.set(childPattern, (counts.get(childPattern) ?? 0) + 1);
        continue;
      }
      if (Array.isArray(child)) child.forEach((item) => visit(item, `${childPattern}[*]`));
      else visit(child, childPattern);
    }
  };
  visit(input, '');
  return [...counts].map(([path, n]) => `unknown field ${path} ignored${n > 1 ? ` (in ${n} entries)` : ''}`);
}
