import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Alarm } from './alarms.js';
import { DEFAULT_RISK_WEIGHTS, riskPoints, RiskWeightsSchema } from './riskWeighting.js';
import { SceneSchema } from './scene.js';

const scene = SceneSchema.parse(JSON.parse(readFileSync(new URL('../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')));
const gasIndex = scene.sensors.findIndex((s) => s.id === 'GD-T101-C1');
const gas = scene.sensors[gasIndex]!;
const values = () => new Float64Array(scene.sensors.length).fill(Number.NaN);
const alarm = (sourceId: string, priority: Alarm['priority'], extra: Partial<Alarm> = {}) => ({ sourceId, sourceKind: 'sensor', priority, active: true, state: 'unacknowledged', ...extra }) as Alarm;

describe('risk heatmap weighting', () => {
  it('weighs active alarms by priority at their source and skips shelved ones', () => {
    const points = riskPoints({ scene, alarms: [alarm('GD-T101-C1', 'urgent'), alarm('GD-T101-C1', 'low'), alarm('GD-T101-C1', 'high', { state: 'shelved' })], sensorValues: values(), workers: [] });
    expect(points).toEqual([
      { x: gas.position.x, y: gas.position.y, weight: 1, cause: 'alarm' },
      { x: gas.position.x, y: gas.position.y, weight: 0.1, cause: 'alarm' },
    ]);
  });

  it('weighs gas readings by their fraction of H, capped at 2, ignoring noise', () => {
    const v = values();
    v[gasIndex] = 12.5; // half of H = 25 %LEL
    expect(riskPoints({ scene, alarms: [], sensorValues: v, workers: [] })).toEqual([{ x: gas.position.x, y: gas.position.y, weight: 0.8 * 0.5, cause: 'gas' }]);
    v[gasIndex] = 100;
    expect(riskPoints({ scene, alarms: [], sensorValues: v, workers: [] })[0]!.weight).toBeCloseTo(1.6);
    v[gasIndex] = 0.5;
    expect(riskPoints({ scene, alarms: [], sensorValues: v, workers: [] })).toEqual([]);
  });

  it('counts people inside hazardous areas only, and detections where they are', () => {
    const workers = [
      { badgeId: 'A', x: 250, y: 200, floor: 0, tsMs: 0 }, // tank farm
      { badgeId: 'B', x: 50, y: 40, floor: 0, tsMs: 0 }, // admin
    ];
    const points = riskPoints({ scene, alarms: [], sensorValues: values(), workers, detections: [{ x: 10, y: 10 }] });
    expect(points).toEqual([{ x: 10, y: 10, weight: 0.5, cause: 'detection' }, { x: 250, y: 200, weight: 0.15, cause: 'worker' }]);
  });

  it('places area alarms at the area centroid and accepts site weights', () => {
    const weights = RiskWeightsSchema.parse({ alarmPriority: { urgent: 3, high: 1, medium: 0.5, low: 0 } });
    const [point] = riskPoints({ scene, alarms: [alarm('tankFarm', 'urgent', { sourceKind: 'area' })], sensorValues: values(), workers: [] }, weights);
    expect(point).toMatchObject({ weight: 3, cause: 'alarm' });
    expect(point!.x).toBeCloseTo((215 + 390) / 2);
    expect(DEFAULT_RISK_WEIGHTS.radiusM).toBe(35);
  });
});
