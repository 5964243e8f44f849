import { describe, expect, it } from 'vitest';
import { areaDataQuality, dataQualityReport, sensorDataQuality, type SensorDataQualityInput } from './dataQualityScore.js';

const healthy: SensorDataQualityInput = { quality: 'good', lastReceivedMs: 9_000, staleAfterMs: 10_000, conditions: { commLoss: false, badQuality: false, stuck: false, drift: false } };
const withConditions = (conditions: Partial<SensorDataQualityInput['conditions']>): SensorDataQualityInput => ({ ...healthy, conditions: { ...healthy.conditions, ...conditions } });

describe('sensor data-quality score (NAMUR NE 107: failure 0, out of specification 0.5)', () => {
  it('is 1 without reasons', () => {
    expect(sensorDataQuality(healthy, 10_000)).toEqual({ score: 1, reasons: [] });
  });

  it('drops to 0.5 for a stuck, drifting or uncertain reading and to 0 for an unusable one', () => {
    expect(sensorDataQuality(withConditions({ stuck: true }), 10_000)).toEqual({ score: 0.5, reasons: ['stuck'] });
    expect(sensorDataQuality(withConditions({ drift: true }), 10_000)).toEqual({ score: 0.5, reasons: ['drift'] });
    expect(sensorDataQuality({ ...healthy, quality: 'uncertain' }, 10_000)).toEqual({ score: 0.5, reasons: ['uncertainQuality'] });
    expect(sensorDataQuality({ ...healthy, quality: 'bad' }, 10_000)).toEqual({ score: 0, reasons: ['badQuality'] });
    expect(sensorDataQuality({ ...healthy, quality: null }, 10_000)).toEqual({ score: 0, reasons: ['noData'] });
  });

  it('turns stale on the injected clock once the sample is older than the comm-loss timeout, and lists every reason, worst first', () => {
    expect(sensorDataQuality(healthy, 19_000).reasons).toEqual([]);
    expect(sensorDataQuality(healthy, 19_001)).toEqual({ score: 0, reasons: ['stale'] });
    expect(sensorDataQuality(withConditions({ commLoss: true, stuck: true, drift: true }), 19_001)).toEqual({ score: 0, reasons: ['commLoss', 'stale', 'stuck', 'drift'] });
  });
});

describe('area and site data quality', () => {
  it('averages the sensor scores, counts the reasons and names the worst', () => {
    const area = areaDataQuality('A', [
      { score: 1, reasons: [] },
      { score: 0.5, reasons: ['stuck'] },
      { score: 0, reasons: ['commLoss', 'stale'] },
      { score: 0.5, reasons: ['stuck'] },
    ]);
    expect(area).toEqual({ areaId: 'A', score: 0.5, worstScore: 0, sensors: 4, sensorsWithIssues: 3, reasons: { stuck: 2, commLoss: 1, stale: 1 } });
  });

  it('reports per area and lists only sensors with an issue, lowest first', () => {
    const sensors = [{ id: 'TT-1', areaId: 'A' }, { id: 'TT-2', areaId: 'A' }, { id: 'GD-1', areaId: 'B' }, { id: 'X-1' }];
    const scores = [{ score: 0.5, reasons: ['stuck' as const] }, { score: 1, reasons: [] }, { score: 0, reasons: ['commLoss' as const] }, { score: 1, reasons: [] }];
    const report = dataQualityReport(sensors, (index) => scores[index]!, 42);
    expect(report.atMs).toBe(42);
    expect(report.site).toMatchObject({ score: 0.625, sensors: 4, sensorsWithIssues: 2 });
    expect(report.areas.map((a) => [a.areaId, a.score])).toEqual([['A', 0.75], ['B', 0], [null, 1]]);
    expect(report.sensors).toEqual([
      { sensorId: 'GD-1', areaId: 'B', score: 0, reasons: ['commLoss'] },
      { sensorId: 'TT-1', areaId: 'A', score: 0.5, reasons: ['stuck'] },
    ]);
  });
});
