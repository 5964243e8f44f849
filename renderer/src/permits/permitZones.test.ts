import { describe, expect, it } from 'vitest';
import type { Alarm, PermitRecordView } from '../../../main/contracts/index.js';
import { loadDemoScene } from '../../../tests/support/demoScene.js';
import { HOUR_MS, MINUTE_MS, MONDAY_9AM, permitOf } from '../../../tests/support/permitFixtures.js';
import { THEME } from '../theme.js';
import { coveringCameras, ENDING_SOON_MS, gradeRank, nextLookChangeMs, permitAlarmPriorities, zoneLook, zoneOutline, zonePermits } from './permitZones.js';

const END = MONDAY_9AM + 4 * HOUR_MS;
const alarm = (sourceId: string, priority: Alarm['priority'], extra: Partial<Alarm> = {}): Alarm => ({
  alarmId: `${sourceId}:watcherAway`,
  sourceId,
  sourceKind: 'permit',
  condition: 'watcherAway',
  priority,
  state: 'unacknowledged',
  active: true,
  acknowledged: false,
  suppressed: false,
  outOfService: false,
  latched: false,
  firstOut: false,
  raisedAtMs: MONDAY_9AM,
  changedAtMs: MONDAY_9AM,
  ...extra,
});
const view = (number: string, state: PermitRecordView['permit']['state'], type: PermitRecordView['permit']['type'] = 'hotWork'): PermitRecordView => ({
  permit: permitOf(type, { number, state }),
  namesWithheld: false,
  revision: 1,
  source: 'import',
  createdBy: 'li.ming',
  createdMs: MONDAY_9AM,
  updatedMs: MONDAY_9AM,
  areaId: null,
});

describe('permit zones', () => {
  it('draws a point permit as its cordon circle and a polygon permit as drawn, the tag at the centre', () => {
    const circle = zoneOutline({ kind: 'point', point: [100, 50], zoneRadiusM: 5 });
    expect(circle.ring).toHaveLength(48);
    expect(circle.centre).toEqual([100, 50]);
    for (const [x, y] of circle.ring) expect(Math.hypot(x - 100, y - 50)).toBeCloseTo(5, 9);
    const square = zoneOutline({ kind: 'polygon', polygon: [[0, 0], [10, 0], [10, 10], [0, 10]] });
    expect(square.ring).toEqual([[0, 0], [10, 0], [10, 10], [0, 10]]);
    expect(square.centre[0]).toBeCloseTo(5);
    expect(square.centre[1]).toBeCloseTo(5);
  });

  it('takes the most urgent active permit alarm per permit, not shelved, cleared or other sources', () => {
    const priorities = permitAlarmPriorities([
      alarm('HZ-1', 'medium'),
      alarm('HZ-1', 'urgent', { alarmId: 'HZ-1:combustibleGasNearby' }),
      alarm('HZ-2', 'high', { active: false, state: 'returnedUnacknowledged' }),
      alarm('HZ-3', 'high', { state: 'shelved' }),
      alarm('HZ-4', 'high', { sourceKind: 'sensor' }),
    ]);
    expect([...priorities]).toEqual([['HZ-1', 'urgent']]);
  });

  it('is grey while all is well: work going on lighter than an approved permit waiting to start', () => {
    const working = zoneLook(permitOf('hotWork', { state: 'inWork' }), undefined, MONDAY_9AM + HOUR_MS);
    const waiting = zoneLook(permitOf('hotWork', { state: 'approved' }), undefined, MONDAY_9AM + HOUR_MS);
    expect(working).toMatchObject({ abnormal: null, priority: null });
    expect(waiting).toMatchObject({ abnormal: null, priority: null });
    for (const colour of [working.colour, waiting.colour]) expect(Object.values(THEME.alarm)).not.toContain(colour);
    expect(working.colour).not.toBe(waiting.colour);
  });

  it('colours a suspension, work past the window and a window ending within half an hour, the worst cause winning', () => {
    const inWork = permitOf('hotWork', { state: 'inWork' });
    const suspended = permitOf('hotWork', { state: 'suspended' });
    expect(zoneLook(suspended, undefined, MONDAY_9AM)).toMatchObject({ abnormal: 'suspended', priority: 'high', colour: THEME.alarm.high });
    expect(zoneLook(inWork, undefined, END)).toMatchObject({ abnormal: 'expired', priority: 'high' });
    expect(zoneLook(inWork, undefined, END - ENDING_SOON_MS)).toMatchObject({ abnormal: 'endingSoon', priority: 'medium', colour: THEME.alarm.medium });
    expect(zoneLook(inWork, undefined, END - ENDING_SOON_MS - 1).abnormal).toBeNull();
    // An approved permit not yet started is not "ending": nobody works under it.
    expect(zoneLook(permitOf('hotWork', { state: 'approved' }), undefined, END - MINUTE_MS).abnormal).toBeNull();
    // The permit's alarm at its own priority: worse than the state wins, equal keeps the alarm first.
    expect(zoneLook(suspended, 'urgent', MONDAY_9AM)).toMatchObject({ abnormal: 'alarm', priority: 'urgent', colour: THEME.alarm.urgent });
    expect(zoneLook(suspended, 'high', MONDAY_9AM)).toMatchObject({ abnormal: 'alarm', priority: 'high' });
    expect(zoneLook(suspended, 'low', MONDAY_9AM)).toMatchObject({ abnormal: 'suspended', priority: 'high' });
    expect(zoneLook(inWork, 'low', END - MINUTE_MS)).toMatchObject({ abnormal: 'endingSoon', priority: 'medium' });
  });

  it('weighs the grade: the most severe grade of each graded type highest, ungraded types lowest', () => {
    expect(['special', 'first', 'second'].map((grade) => gradeRank(permitOf('hotWork', { grade })))).toEqual([2, 1, 0]);
    expect(['I', 'II', 'III', 'IV'].map((grade) => gradeRank(permitOf('workAtHeight', { grade, heightM: 40 })))).toEqual([0, 1, 1, 2]);
    expect(gradeRank(permitOf('lifting', { loadMassT: 120, grade: 'first', liftPlanApproved: true }))).toBe(2);
    expect(gradeRank(permitOf('confinedSpace'))).toBe(0);
  });

  it('draws approved, in-work, suspended and resumed permits, abnormal ones first', () => {
    const permits = [view('D', 'draft'), view('S', 'submitted'), view('A', 'approved'), view('W', 'inWork'), view('P', 'suspended'), view('R', 'resumed')];
    const drawn = zonePermits(permits, new Map([['W', 'urgent']]), MONDAY_9AM + HOUR_MS);
    expect(drawn.map((z) => z.record.permit.number)).toEqual(['W', 'P', 'A', 'R']);
  });

  it('says when the clock alone will next change a look: a drawn window entering its last half hour, then ending', () => {
    const permits = [view('A', 'inWork'), view('D', 'draft')];
    expect(nextLookChangeMs(permits, MONDAY_9AM)).toBe(END - ENDING_SOON_MS);
    expect(nextLookChangeMs(permits, END - ENDING_SOON_MS)).toBe(END);
    expect(nextLookChangeMs(permits, END)).toBeNull();
    // A draft's window changes nothing on the views.
    expect(nextLookChangeMs([view('D', 'draft')], MONDAY_9AM)).toBeNull();
  });

  it('offers the cameras that see the zone near enough to watch a person, best view first, at most four', () => {
    const cameras = loadDemoScene().cameras;
    const ids = (point: [number, number], max?: number) => coveringCameras(cameras, { kind: 'point', point, zoneRadiusM: 6 }, max).map((c) => c.id);
    // North of the LPG spheres' camera (CAM-04 looks north from 258,232) and in the benzene tanks' camera's far field.
    expect(ids([258, 262])).toEqual(['CAM-04', 'CAM-07']);
    expect(ids([258, 262], 1)).toEqual(['CAM-04']);
    // Unit 1's sump pit: no camera looks there.
    expect(ids([100, 174])).toEqual([]);
    // A polygon zone seen by unit 2's column camera.
    expect(coveringCameras(cameras, { kind: 'polygon', polygon: [[155, 225], [165, 225], [165, 235], [155, 235]] }).map((c) => c.id)).toEqual(['CAM-10']);
  });
});
