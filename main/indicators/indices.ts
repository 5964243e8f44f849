import { z } from 'zod';
import { INDEX_IDS, IndexConfigSchema, type IndexConfig, type IndexContribution, type IndexId, type IndexValue, type IndicatorDimension, type IndicatorValue } from '../contracts/index.js';
import { indicatorById } from './catalogue.js';

/** Which values an index is computed over: one key of one dimension, one period. */
export type IndexScope = { dimension: IndicatorDimension; key: string; fromDay: string; toDay: string };

/** An indicator's 0–100 score: linear from `worst` (0) to `best` (100), clamped; either way round (best may be below worst). */
export function indicatorScore(value: number, best: number, worst: number): number {
  const score = (100 * (value - worst)) / (best - worst);
  return Math.min(100, Math.max(0, score));
}

/**
 * An index over the indicators' values of one scope, explained indicator by indicator ("why is it 72?"):
 * each contribution's score = clamp(100 × (value − worst) / (best − worst)), its points = weight × score /
 * Σ weights of the indicators with a value, so the points add up to the index. An indicator without a value
 * (no data yet, nothing to rate) is listed with null score and points and leaves the others' weights to share
 * the 100; with none at all the index is null.
 */
export function indexValue(config: IndexConfig, values: ReadonlyMap<string, IndicatorValue>, scope: IndexScope): IndexValue {
  const scored = config.weights.map((w) => {
    const value = values.get(w.indicatorId)?.value ?? null;
    return { w, value, score: value === null ? null : indicatorScore(value, w.best, w.worst) };
  });
  const weightWithData = scored.reduce((sum, s) => sum + (s.score === null ? 0 : s.w.weight), 0);
  const contributions: IndexContribution[] = scored.map(({ w, value, score }) => ({
    indicatorId: w.indicatorId,
    value,
    score,
    weight: w.weight,
    points: score === null ? null : (w.weight * score) / weightWithData,
    best: w.best,
    worst: w.worst,
  }));
  const value = weightWithData > 0 ? contributions.reduce((sum, c) => sum + (c.points ?? 0), 0) : null;
  return { indexId: config.id, ...scope, value, contributions };
}

const weight = (indicatorId: string, w: number, best: number, worst: number) => ({ indicatorId, weight: w, best, worst });

/**
 * The default weights and scoring bands (docs/indicators.md §2 says why each): the site replaces them in its
 * index configuration file (config.indicators.indicesFile; the demo's scenes/demo-plant/indices.json).
 * Both are 100 at best: the enterprise risk index is "100 = least risk", so the two read the same way.
 */
export const DEFAULT_INDEX_CONFIGS: Record<IndexId, IndexConfig> = {
  // Leading indicators only (issue 20: the seeds' safety health index from leading indicators).
  safetyHealth: {
    id: 'safetyHealth',
    weights: [
      weight('ppeCompliance', 8, 100, 80),
      weight('restrictedEntryPer1000h', 8, 0, 5),
      weight('gatheringPer1000h', 4, 0, 5),
      weight('alarmRatePer10Min', 6, 1, 10),
      weight('floodTimeShare', 6, 0, 10),
      weight('standingAlarms', 4, 0, 10),
      weight('chatteringAlarms', 4, 0, 5),
      weight('mttaMin', 6, 2, 60),
      weight('mttrMin', 4, 30, 1440),
      weight('falseAlarmRate', 6, 0, 50),
      weight('dataQualityScore', 6, 100, 80),
      weight('drillCompletion', 6, 100, 50),
      weight('drillScore', 4, 100, 60),
      weight('hazardClosureRate', 8, 100, 50),
      weight('hazardMeanRectificationDays', 6, 0, 3),
      weight('repeatHazards', 4, 0, 20),
      weight('permitSuspensions', 4, 0, 20),
      weight('permitOverdueReviews', 2, 0, 10),
      weight('certificateExpiries', 4, 0, 20),
    ],
  },
  // Accident history, closure of hidden dangers, training, equipment (the seeds' enterprise safety risk index).
  enterpriseRisk: {
    id: 'enterpriseRisk',
    weights: [
      weight('recordableIncidentRate', 25, 0, 2),
      weight('daysWithoutRecordableIncident', 10, 365, 0),
      weight('hazardClosureRate', 15, 100, 50),
      weight('hazardMeanRectificationDays', 10, 0, 3),
      weight('repeatHazards', 5, 0, 20),
      weight('drillCompletion', 10, 100, 50),
      weight('drillScore', 5, 100, 60),
      weight('certificateExpiries', 5, 0, 20),
      weight('dataQualityScore', 10, 100, 80),
      weight('standingAlarms', 5, 0, 10),
    ],
  },
};

/** The demo plant's index configuration beside its scene (scenes/demo-plant/indices.json: the defaults, written out for a site to edit). */
export const DEMO_INDICES_FILE = 'indices.json';

/** At most this many characters of configuration file are read (a hundred weights are a few kilobytes). */
export const MAX_INDEX_CONFIG_CHARS = 64 * 1024;

export type IndexConfigParse = { ok: true; configs: Record<IndexId, IndexConfig> } | { ok: false; error: string };

/**
 * The index configuration file: JSON `{ "indices": [{ "id": "safetyHealth", "weights": [{ "indicatorId", "weight",
 * "best", "worst" }, …] }, …] }`. An index the file lists replaces the default one whole; one it leaves out keeps
 * the default. Refused, with the first reason: not JSON, not the schema, an indicator the catalogue does not
 * hold or listed twice in one index, best equal to worst, a lagging indicator in the safety health index (it is
 * the leading one by definition), an index listed twice.
 */
export function parseIndexConfigFile(text: string): IndexConfigParse {
  if (text.length > MAX_INDEX_CONFIG_CHARS) return { ok: false, error: `longer than ${MAX_INDEX_CONFIG_CHARS} characters` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not JSON: ${(error as Error).message}` };
  }
  const file = IndexFileSchema.safeParse(json);
  if (!file.success) {
    const issue = file.error.issues[0];
    return { ok: false, error: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` };
  }
  const configs = { ...DEFAULT_INDEX_CONFIGS };
  const seen = new Set<IndexId>();
  for (const config of file.data.indices) {
    if (seen.has(config.id)) return { ok: false, error: `${config.id}: listed twice` };
    seen.add(config.id);
    const ids = new Set<string>();
    for (const w of config.weights) {
      const def = indicatorById(w.indicatorId);
      if (!def) return { ok: false, error: `${config.id}: no indicator "${w.indicatorId}" in the catalogue` };
      if (ids.has(w.indicatorId)) return { ok: false, error: `${config.id}: "${w.indicatorId}" listed twice` };
      ids.add(w.indicatorId);
      if (w.best === w.worst) return { ok: false, error: `${config.id}: "${w.indicatorId}" has best equal to worst` };
      if (config.id === 'safetyHealth' && def.kind !== 'leading') return { ok: false, error: `safetyHealth: "${w.indicatorId}" is a lagging indicator` };
    }
    configs[config.id] = config;
  }
  return { ok: true, configs };
}

/** Indices listed at most: each once, and a few more so that a repeated one is told as such. */
const IndexFileSchema = z.strictObject({ indices: IndexConfigSchema.array().max(INDEX_IDS.length * 2) });
