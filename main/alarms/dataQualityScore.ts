import { DATA_QUALITY_REASONS, isSampleStale, type AreaDataQuality, type DataQualityReason, type DataQualityResponse, type SampleQuality, type Sensor, type SensorDataQuality } from '../contracts/index.js';
import type { SensorConditionFlags } from './SensorAlarmEvaluator.js';

/**
 * The data-quality score of a sensor and of an area. Pure: the clock comes in as nowMs.
 *
 * Each reason maps to a NAMUR NE 107 status of the signal, and the worst one sets the score (NE 107
 * reports a device's most severe status): "failure" (the output is invalid: no data, communication
 * lost, stale, bad quality) scores 0; "out of specification" (the output is uncertain: stuck, drifting,
 * OPC UA Uncertain quality) scores 0.5; no reason scores 1. An area's score is the mean of its
 * sensors': the share of its instrumentation that can be trusted now.
 */
const REASON_SCORE: Readonly<Record<DataQualityReason, number>> = {
  noData: 0,
  commLoss: 0,
  stale: 0,
  badQuality: 0,
  stuck: 0.5,
  drift: 0.5,
  uncertainQuality: 0.5,
};

export type SensorDataQualityInput = {
  /** The latest sample's quality; null before the first sample. */
  quality: SampleQuality | null;
  /** When the latest sample arrived (engine clock). */
  lastReceivedMs: number;
  /** The sensor kind's comm-loss timeout (a sample older than this is stale). */
  staleAfterMs: number;
  conditions: SensorConditionFlags;
};

export function sensorDataQuality(input: SensorDataQualityInput, nowMs: number): SensorDataQuality {
  const present = new Set<DataQualityReason>();
  if (input.quality === null) present.add('noData');
  else if (isSampleStale(nowMs, input.lastReceivedMs, input.staleAfterMs)) present.add('stale');
  if (input.conditions.commLoss) present.add('commLoss');
  if (input.conditions.badQuality || input.quality === 'bad') present.add('badQuality');
  if (input.quality === 'uncertain') present.add('uncertainQuality');
  if (input.conditions.stuck) present.add('stuck');
  if (input.conditions.drift) present.add('drift');
  // DATA_QUALITY_REASONS lists the reasons most severe first.
  const reasons = DATA_QUALITY_REASONS.filter((reason) => present.has(reason));
  return { score: Math.min(1, ...reasons.map((reason) => REASON_SCORE[reason])), reasons };
}

/** One area's (or the site's, with areaId null) summary of its sensors' scores. */
export function areaDataQuality(areaId: string | null, sensors: readonly SensorDataQuality[]): AreaDataQuality {
  const reasons: AreaDataQuality['reasons'] = {};
  for (const sensor of sensors) for (const reason of sensor.reasons) reasons[reason] = (reasons[reason] ?? 0) + 1;
  const scores = sensors.map((s) => s.score);
  return {
    areaId,
    score: scores.length === 0 ? 1 : scores.reduce((sum, score) => sum + score, 0) / scores.length,
    worstScore: Math.min(1, ...scores),
    sensors: sensors.length,
    sensorsWithIssues: scores.filter((score) => score < 1).length,
    reasons,
  };
}

/** The site, every area with sensors (in the order of their first sensor) and the sensors with an issue, lowest first. */
export function dataQualityReport(sensors: readonly Pick<Sensor, 'id' | 'areaId'>[], scoreOf: (index: number) => SensorDataQuality, nowMs: number): DataQualityResponse {
  const scores = sensors.map((_, index) => scoreOf(index));
  const byArea = new Map<string | null, SensorDataQuality[]>();
  sensors.forEach((sensor, index) => {
    const areaId = sensor.areaId ?? null;
    byArea.set(areaId, [...(byArea.get(areaId) ?? []), scores[index]!]);
  });
  const { areaId: _site, ...site } = areaDataQuality(null, scores);
  return {
    atMs: nowMs,
    site,
    areas: [...byArea].map(([areaId, list]) => areaDataQuality(areaId, list)),
    sensors: sensors
      .map((sensor, index) => ({ sensorId: sensor.id, areaId: sensor.areaId ?? null, ...scores[index]! }))
      .filter((entry) => entry.score < 1)
      .sort((a, b) => a.score - b.score || (a.sensorId < b.sensorId ? -1 : 1)),
  };
}
