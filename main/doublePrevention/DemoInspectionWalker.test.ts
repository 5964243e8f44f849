import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkFailed, parseDemoHazardsFile } from '../hazards/index.js';
import { demoCheckResults, findingItem, isFindingDay, typicalReading } from './DemoInspectionWalker.js';

const file = parseDemoHazardsFile(readFileSync(new URL('../../scenes/demo-plant/demo-hazards.json', import.meta.url), 'utf8'));
if (!file.ok) throw new Error(file.problem);
// The file's plans take their anchor date when the demo files them; the day does not matter here.
const plans = file.file.inspectionPlans.map((p) => ({ ...p.plan, anchorDate: '2026-01-05' }));

describe("the demo inspectors' results", () => {
  it('are all in order with readings inside their normal ranges, for every item of the demo plans over many rounds', () => {
    for (const plan of plans) {
      for (let round = 0; round < 200; round++) {
        for (const checkpoint of plan.checkpoints) {
          const results = demoCheckResults(checkpoint, `${plan.id}.${round}`, undefined);
          expect(results.map((r) => r.itemId)).toEqual(checkpoint.items.map((i) => i.id));
          for (const result of results) expect(checkFailed(checkpoint.items.find((i) => i.id === result.itemId)!, result)).toBe(false);
        }
      }
    }
  });

  it('read typical values: mid-range, below a gauge limit, near zero for a gas concentration', () => {
    const reading = { id: 'x', kind: 'reading', text: 'x', hazardKind: 'equipment' } as const;
    expect(typicalReading({ ...reading, unit: '°C', min: 390, max: 470 }, 0)).toBeCloseTo(417, 0);
    expect(typicalReading({ ...reading, unit: '°C', min: 390, max: 470 }, 0.999)).toBeCloseTo(443, 0);
    expect(typicalReading({ ...reading, unit: 'mm/s', max: 4.5 }, 0)).toBe(3.6);
    expect(typicalReading({ ...reading, unit: 'mm/s', max: 4.5 }, 0.999)).toBe(2.25);
    expect(typicalReading({ ...reading, unit: '%LEL', max: 25 }, 0.999)).toBeLessThanOrEqual(1);
    expect(typicalReading({ ...reading, unit: '°C', max: -10 }, 0.5)).toBeLessThan(-10);
    expect(typicalReading({ ...reading, unit: 'MPa', min: 0.6 }, 0.5)).toBeGreaterThan(0.6);
  });

  it('find a leak one plant day in three, by the day alone: a failed leak judgement that opens a general ticket', () => {
    const days = Array.from({ length: 3_000 }, (_, i) => 20_000 + i);
    const share = days.filter(isFindingDay).length / days.length;
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.37);
    expect(days.map(isFindingDay)).toEqual(days.map(isFindingDay));
    for (const plan of plans) {
      const finding = findingItem(plan, `${plan.id}.1`)!;
      const checkpoint = plan.checkpoints.find((c) => c.id === finding.checkpointId)!;
      const item = checkpoint.items.find((i) => i.id === finding.itemId)!;
      expect(item).toMatchObject({ kind: 'judgement', hazardKind: 'leak' });
      const results = demoCheckResults(checkpoint, `${plan.id}.1`, finding.itemId);
      expect(results.filter((r) => checkFailed(checkpoint.items.find((i) => i.id === r.itemId)!, r))).toEqual([{ checkpointId: checkpoint.id, itemId: item.id, ok: false, urgency: 'general' }]);
    }
  });
});
