import { describe, expect, it } from 'vitest';
import { CheckpointSchema, type CheckItem, type InspectionSlotView } from '@contracts';
import { checkFailed } from '../../../../main/hazards/index.js';
import { checkpointResults, EMPTY_ANSWER, parseReading, planSlotChoice, readingOutOfRange, roundMapBounds, roundProgress, type ItemAnswer } from './roundModel.js';

const checkpoint = CheckpointSchema.parse({
  id: 'A02',
  name: '氨合成塔R-101西侧',
  point: [35.5, 200],
  items: [
    { id: 'temp', kind: 'reading', text: '合成塔出口温度', unit: '°C', min: 390, max: 470 },
    { id: 'press', kind: 'reading', text: '就地压力表', unit: 'MPa', max: 18.7 },
    { id: 'flange', kind: 'judgement', text: '塔体法兰无泄漏', hazardKind: 'leak' },
  ],
});
const reading = (id: string) => checkpoint.items.find((i) => i.id === id) as Extract<CheckItem, { kind: 'reading' }>;
const answer = (change: Partial<ItemAnswer>): ItemAnswer => ({ ...EMPTY_ANSWER, ...change });
const PHOTO = { ref: '0123456789abcdef0123456789abcdef.jpg', kind: 'photo', stage: 'report', takenAtMs: 1_700_000_000_000 } as const;

describe('readings', () => {
  it('parses a typed reading with a point or a comma, and nothing else', () => {
    expect([parseReading(' 425 '), parseReading('0,85'), parseReading('-3.5'), parseReading('.5'), parseReading('12a'), parseReading(''), parseReading('1e3')]).toEqual([425, 0.85, -3.5, 0.5, null, null, null]);
  });

  it('is out of range beyond either bound, the bounds inclusive, as the core fails it (checkFailed)', () => {
    for (const value of [389.9, 390, 430, 470, 470.1]) expect(readingOutOfRange(reading('temp'), value)).toBe(checkFailed(reading('temp'), { ok: true, value }));
    expect([389.9, 390, 470, 470.1].map((v) => readingOutOfRange(reading('temp'), v))).toEqual([true, false, false, true]);
    expect([-1, 18.7, 18.71].map((v) => readingOutOfRange(reading('press'), v))).toEqual([false, false, true]);
  });
});

describe("a checkpoint's results", () => {
  it('says which items are unanswered or not numbers, and that a major finding needs its note', () => {
    expect(checkpointResults(checkpoint, { temp: answer({ reading: '4x' }), flange: answer({ ok: false, urgency: 'major' }) })).toEqual({
      ok: false,
      problems: [
        { itemId: 'temp', problem: 'notANumber' },
        { itemId: 'press', problem: 'unanswered' },
        { itemId: 'flange', problem: 'majorNote' },
      ],
    });
  });

  it('builds the results the core takes: values on readings, an out-of-range reading failed, a failure with its urgency, photo and note', () => {
    const built = checkpointResults(checkpoint, {
      temp: answer({ reading: '425', note: 'ignored: the item is normal' }),
      press: answer({ reading: '19,2', urgency: 'general' }),
      flange: answer({ ok: false, urgency: 'major', note: ' 法兰滴漏 ', photo: PHOTO }),
    });
    expect(built).toEqual({
      ok: true,
      results: [
        { checkpointId: 'A02', itemId: 'temp', ok: true, value: 425 },
        { checkpointId: 'A02', itemId: 'press', ok: false, value: 19.2, urgency: 'general' },
        { checkpointId: 'A02', itemId: 'flange', ok: false, urgency: 'major', photo: PHOTO, note: '法兰滴漏' },
      ],
    });
    // Every failure is one the core fails too (a ticket each), and no normal one.
    if (built.ok) expect(built.results.map((r) => checkFailed(checkpoint.items.find((i) => i.id === r.itemId)!, r))).toEqual([false, true, true]);
  });

  it('refuses a note longer than the record keeps', () => {
    const built = checkpointResults(checkpoint, { temp: answer({ reading: '400' }), press: answer({ reading: '1' }), flange: answer({ ok: false, note: '漏'.repeat(5_000) }) });
    expect(built).toEqual({ ok: false, problems: [{ itemId: 'flange', problem: 'tooLong' }] });
  });
});

describe('where the round stands', () => {
  const plan = { checkpoints: [checkpoint, CheckpointSchema.parse({ id: 'A03', name: '压缩机房', point: [59.5, 255], items: [{ id: 'fan', kind: 'judgement', text: '排风机正常' }] })] };
  const all = checkpoint.items.map((i) => ({ checkpointId: 'A02', itemId: i.id, ok: true }));

  it('goes through the checkpoints in walking order: a refused check-in is the last try shown, a verified one with all results is done', () => {
    const start = roundProgress(plan, { checkIns: [], results: [] });
    expect([start.next?.checkpoint.id, start.done, start.complete]).toEqual(['A02', 0, false]);
    const refused = roundProgress(plan, { checkIns: [{ checkpointId: 'A02', atMs: 1, verified: false, badgeDistanceM: 40.2 }], results: [] });
    expect([refused.next?.checkpoint.id, refused.next?.checkedIn, refused.next?.lastCheckIn?.badgeDistanceM]).toEqual(['A02', false, 40.2]);
    const checkedIn = roundProgress(plan, { checkIns: [{ checkpointId: 'A02', atMs: 1, verified: false }, { checkpointId: 'A02', atMs: 2, verified: true, badgeDistanceM: 1 }], results: all.slice(0, 2) });
    expect([checkedIn.next?.checkpoint.id, checkedIn.next?.checkedIn, checkedIn.next?.answered, checkedIn.done]).toEqual(['A02', true, false, 0]);
    const first = roundProgress(plan, { checkIns: [{ checkpointId: 'A02', atMs: 2, verified: true }], results: all });
    expect([first.next?.checkpoint.id, first.done, first.complete]).toEqual(['A03', 1, false]);
    const complete = roundProgress(plan, { checkIns: [{ checkpointId: 'A02', atMs: 2, verified: true }, { checkpointId: 'A03', atMs: 3, verified: true }], results: [...all, { checkpointId: 'A03', itemId: 'fan', ok: false }] });
    expect([complete.next, complete.done, complete.complete]).toEqual([undefined, 2, true]);
  });

  it("shows the slot a plan is in now and offers the overdue one before the due one", () => {
    const slot = (startMs: number, status: InspectionSlotView['status']): InspectionSlotView => ({ planId: 'XJ-A-01', startMs, endMs: startMs + 100, status });
    expect(planSlotChoice([slot(200, 'upcoming'), slot(100, 'due'), slot(0, 'overdue')], 150)).toEqual({ current: slot(100, 'due'), startable: [slot(0, 'overdue'), slot(100, 'due')] });
    expect(planSlotChoice([slot(0, 'missed'), slot(100, 'done')], 150)).toEqual({ current: slot(100, 'done'), startable: [] });
    expect(planSlotChoice([slot(200, 'upcoming')], 150).current).toEqual(slot(200, 'upcoming'));
    expect(planSlotChoice([], 150)).toEqual({ current: undefined, startable: [] });
  });

  it('frames the map on the checkpoint and the badge with room around both', () => {
    expect(roundMapBounds([100, 200], null)).toEqual({ minX: 60, minY: 160, maxX: 140, maxY: 240 });
    const both = roundMapBounds([100, 200], [100, 300]);
    expect(both).toEqual({ minX: 60, minY: 185, maxX: 140, maxY: 315 });
  });
});
