import { describe, expect, it } from 'vitest';
import type { EvacuationNotice, WarningView } from '@contracts';
import { evacuationOutPath, mergeNotices, musterPointsOf, noticeSource, sortWarnings, warningClock, warningPlace, warningStepPath } from './warningModel.js';

const name = (en: string) => ({ en, 'zh-CN': en });
/** The demo plant's unit 1 with its sump pit, a sump O2 detector and two muster points (scenes/demo-plant/scene.json). */
const scene = {
  areas: [
    { id: 'unit1', name: name('unit 1'), kind: 'process' as const, polygon: [[20, 165], [110, 165], [110, 275], [20, 275]] as [number, number][] },
    { id: 'sumpPit1', name: name('sump pit'), kind: 'confinedSpace' as const, polygon: [[95, 170], [105, 170], [105, 178], [95, 178]] as [number, number][] },
    { id: 'far', name: name('far'), kind: 'utility' as const, polygon: [[300, 0], [400, 0], [400, 100], [300, 100]] as [number, number][] },
  ],
  sensors: [{ id: 'O2-SUMP1-1', position: { x: 98, y: 173, z: 0 } }],
  musterPoints: [
    { id: 'MP-1', name: name('west'), position: [30, 100] as [number, number], radiusM: 12, capacityPersons: 120 },
    { id: 'MP-3', name: name('east'), position: [375, 125] as [number, number], radiusM: 12, capacityPersons: 100 },
  ],
} as unknown as Parameters<typeof warningPlace>[1] & Parameters<typeof musterPointsOf>[1];

const warning = (change: Partial<WarningView>): WarningView =>
  ({ warningId: 'w', alarmId: 'a', sourceId: 'O2-SUMP1-1', sourceKind: 'sensor', condition: 'lowLow', priority: 'urgent', grade: 1, state: 'open', raisedAtMs: 1_000, ackDueMs: 121_000, resolveDueMs: 1_801_000, level: 0, escalations: [], notes: [], deliveries: [], mine: true, ...change }) as WarningView;
const notice = (warningId: string, issuedAtMs: number): EvacuationNotice => ({ warningId, areaId: 'sumpPit1', condition: 'lowLow', sensorId: 'O2-SUMP1-1', value: 17.6, unit: '%vol', musterPointIds: ['MP-3', 'MP-9', 'MP-1'], issuedAtMs });

describe('my warnings', () => {
  it('lists what waits for an acknowledgement first, then by grade, then the newest', () => {
    const list = [
      warning({ warningId: 'ack-red', state: 'acknowledged', acknowledgedAtMs: 2, grade: 1 }),
      warning({ warningId: 'open-yellow', grade: 3, raisedAtMs: 5 }),
      warning({ warningId: 'open-red-old', grade: 1, raisedAtMs: 1 }),
      warning({ warningId: 'cleared-unacknowledged-red', state: 'cleared', grade: 1, raisedAtMs: 9 }),
    ];
    expect(sortWarnings(list).map((w) => w.warningId)).toEqual(['cleared-unacknowledged-red', 'open-red-old', 'open-yellow', 'ack-red']);
  });

  it('counts down to the acknowledgement, then to the resolution, overdue below zero, nothing once cleared and acknowledged', () => {
    expect(warningClock(warning({}), 61_000)).toEqual({ kind: 'ack', leftMs: 60_000 });
    expect(warningClock(warning({}), 181_000)).toEqual({ kind: 'ack', leftMs: -60_000 });
    expect(warningClock(warning({ state: 'acknowledged', acknowledgedAtMs: 100_000 }), 181_000)).toEqual({ kind: 'resolve', leftMs: 1_620_000 });
    // Cleared before anyone acknowledged it: the acknowledgement is still due.
    expect(warningClock(warning({ state: 'cleared' }), 181_000)).toEqual({ kind: 'ack', leftMs: -60_000 });
    expect(warningClock(warning({ state: 'cleared', acknowledgedAtMs: 100_000 }), 181_000)).toBeNull();
    expect(warningClock(warning({ state: 'closed' }), 181_000)).toBeNull();
  });

  it('places a warning at its point, its sensor or its area, the map zoomed in around it', () => {
    const atSensor = warningPlace(warning({}), scene);
    expect(atSensor.pin).toEqual([98, 173]);
    // A quarter of the plant's 380 × 275 m around the pin, kept inside the plant.
    expect(atSensor.bounds).toEqual({ minX: 50.5, minY: 138.625, maxX: 145.5, maxY: 207.375 });
    expect(warningPlace(warning({ sourceId: 'unit1', sourceKind: 'area', areaId: 'unit1' }), scene).pin).toEqual([65, 220]);
    expect(warningPlace(warning({ point: [50, 60] }), scene).pin).toEqual([50, 60]);
    expect(warningPlace(warning({ sourceId: 'CAM-9', sourceKind: 'camera' }), scene)).toEqual({ pin: null, bounds: { minX: 20, minY: 0, maxX: 400, maxY: 275 } });
  });

  it('escapes ids in the step paths', () => {
    expect(warningStepPath('O2-SUMP1-1:lowLow@1700000000000', 'acknowledge')).toBe('/api/warnings/O2-SUMP1-1%3AlowLow%401700000000000/acknowledge');
    expect(evacuationOutPath('a:b@1')).toBe('/api/warnings/evacuations/a%3Ab%401/out');
  });
});

describe('evacuation notices', () => {
  it('holds one notice per warning, the newest first, leaving out those answered 已撤离', () => {
    const held = mergeNotices([], [notice('w1', 10), notice('w2', 20)], new Set());
    expect(held.map((n) => n.warningId)).toEqual(['w2', 'w1']);
    expect(mergeNotices(held, [notice('w1', 30)], new Set()).map((n) => [n.warningId, n.issuedAtMs])).toEqual([['w1', 30], ['w2', 20]]);
    expect(mergeNotices(held, [], new Set(['w2'])).map((n) => n.warningId)).toEqual(['w1']);
  });

  it('names the source as a sensor, or as its area for an area voting alarm, and the muster points in the notice’s order', () => {
    expect(noticeSource(notice('w', 1), scene)).toEqual({ sourceKind: 'sensor', sourceId: 'O2-SUMP1-1', areaId: 'sumpPit1' });
    expect(noticeSource({ sensorId: 'sumpPit1', areaId: 'sumpPit1' }, scene)).toEqual({ sourceKind: 'area', sourceId: 'sumpPit1', areaId: 'sumpPit1' });
    expect(musterPointsOf(notice('w', 1), scene).map((m) => m.id)).toEqual(['MP-3', 'MP-1']);
  });
});
