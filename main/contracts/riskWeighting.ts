import { z } from 'zod';
import type { Alarm, AlarmPriority } from './alarms.js';
import { isPointInPolygon, polygonCentroid } from './geometry.js';
import type { WorkerPosition } from './live.js';
import type { Scene } from './scene.js';

/**
 * How the risk heatmap weighs what is happening (docs/risk-heatmap.md). Dimensionless: a weight
 * of 1 is "one urgent alarm". Configurable per site in the core config file (`risk`).
 */
export const RiskWeightsSchema = z.strictObject({
  /** An active alarm at its source, by priority. */
  alarmPriority: z.strictObject({ urgent: z.number().min(0), high: z.number().min(0), medium: z.number().min(0), low: z.number().min(0) }).default({ urgent: 1, high: 0.6, medium: 0.3, low: 0.1 }),
  /** A gas reading per unit of its H limit (value / H, capped at 2): rising gas shows before it alarms. */
  gasPerLimitFraction: z.number().min(0).default(0.8),
  /** Readings below this fraction of H are noise, not risk. */
  gasFloorFraction: z.number().min(0).max(1).default(0.05),
  /** A camera detection event (no hard hat, intrusion), for as long as it is recent. */
  detection: z.number().min(0).default(0.5),
  /** A person inside a hazardous, tank-farm or process area, or a major/large-risk zone: exposure. */
  workerInHazard: z.number().min(0).default(0.15),
  /** Kernel radius of each point on the map. */
  radiusM: z.number().positive().max(500).default(35),
});
export type RiskWeights = z.infer<typeof RiskWeightsSchema>;
export const DEFAULT_RISK_WEIGHTS: RiskWeights = RiskWeightsSchema.parse({});

export type RiskPoint = { x: number; y: number; weight: number; cause: 'alarm' | 'gas' | 'detection' | 'worker' };
export type Detection = { x: number; y: number };

const HAZARD_KINDS = new Set(['hazardous', 'tankFarm', 'process']);

/** The weighted points of the current risk picture, in plant metres. */
export function riskPoints(
  input: { scene: Pick<Scene, 'sensors' | 'areas'>; alarms: Iterable<Alarm>; sensorValues: ArrayLike<number>; workers: Iterable<WorkerPosition>; detections?: Iterable<Detection> },
  weights: RiskWeights = DEFAULT_RISK_WEIGHTS,
): RiskPoint[] {
  const { scene } = input;
  const points: RiskPoint[] = [];
  const sensorById = new Map(scene.sensors.map((s) => [s.id, s]));
  const areaById = new Map(scene.areas.map((a) => [a.id, a]));
  const workerById = new Map<string, WorkerPosition>();
  for (const w of input.workers) workerById.set(w.badgeId, w);

  for (const alarm of input.alarms) {
    if (!alarm.active || alarm.state === 'shelved' || alarm.state === 'suppressed' || alarm.state === 'outOfService') continue;
    const where = alarmPosition(alarm, sensorById, areaById, workerById);
    if (where) points.push({ ...where, weight: weights.alarmPriority[alarm.priority as AlarmPriority], cause: 'alarm' });
  }

  scene.sensors.forEach((sensor, i) => {
    if (sensor.kind !== 'gas' || sensor.limits.high === undefined || sensor.limits.high <= 0) return;
    const value = input.sensorValues[i];
    if (value === undefined || !Number.isFinite(value)) return;
    const fraction = Math.min(value / sensor.limits.high, 2);
    if (fraction >= weights.gasFloorFraction) points.push({ x: sensor.position.x, y: sensor.position.y, weight: weights.gasPerLimitFraction * fraction, cause: 'gas' });
  });

  for (const d of input.detections ?? []) points.push({ x: d.x, y: d.y, weight: weights.detection, cause: 'detection' });

  const hazardAreas = scene.areas.filter((a) => HAZARD_KINDS.has(a.kind) || a.riskLevel === 'major' || a.riskLevel === 'large');
  for (const w of workerById.values()) {
    if (hazardAreas.some((a) => isPointInPolygon([w.x, w.y], a.polygon))) points.push({ x: w.x, y: w.y, weight: weights.workerInHazard, cause: 'worker' });
  }
  return points;
}

/** Where an alarm is on the map: its sensor, its worker, else its area's centroid (null: nowhere known). Also the hot spots over time (main/indicatorDesk). */
export function alarmPosition(
  alarm: Pick<Alarm, 'sourceKind' | 'sourceId' | 'areaId'>,
  sensors: Map<string, Scene['sensors'][number]>,
  areas: Map<string, Scene['areas'][number]>,
  workers: Map<string, WorkerPosition>,
): { x: number; y: number } | null {
  if (alarm.sourceKind === 'sensor') {
    const sensor = sensors.get(alarm.sourceId);
    return sensor ? { x: sensor.position.x, y: sensor.position.y } : null;
  }
  if (alarm.sourceKind === 'worker') {
    const worker = workers.get(alarm.sourceId);
    return worker ? { x: worker.x, y: worker.y } : null;
  }
  const area = areas.get(alarm.sourceKind === 'area' ? alarm.sourceId : (alarm.areaId ?? ''));
  if (!area) return null;
  const [x, y] = polygonCentroid(area.polygon);
  return { x, y };
}
