import { describe, expect, it } from 'vitest';
import { CheckResultSchema, HazardReportSchema, InspectionPlanSchema, type CheckIn, type CheckItem, type InspectionRound } from '../contracts/index.js';
import { cst, HOUR_MS, hazardsConfig, MINUTE_MS, person, ticketOk } from '../../tests/support/hazardFixtures.js';
import { openHazardTicket } from './hazardTickets.js';
import { HazardsConfigSchema } from './hazardsConfig.js';
import { checkFailed, failedItemReport, inspectionSlots, MAX_SLOTS_PER_CALL, roundStatuses, verifyCheckIn, type BadgeFix } from './inspectionRounds.js';

const CST_MIN = 480;
/** A class-A walk of two checkpoints on unit 100, counted from Monday 2026-12-07. */
const plan = InspectionPlanSchema.parse({
  id: 'PL-100',
  name: '100 单元日常巡检',
  areaClass: 'A',
  areaIds: ['unit-100'],
  anchorDate: '2026-12-07',
  checkpoints: [
    { id: 'CP-1', name: 'P-101 泵', point: [100, 50], items: [{ id: 'seal', kind: 'judgement', text: '机封无泄漏', hazardKind: 'leak' }, { id: 'vib', kind: 'reading', text: '振动', unit: 'mm/s', max: 7.1, hazardKind: 'equipment' }] },
    { id: 'CP-2', name: 'T-201 罐根阀', point: [140, 50], checkInRadiusM: 8, items: [{ id: 'valve', kind: 'judgement', text: '阀门无渗漏' }] },
  ],
});
const slotsOf = (areaClass: 'A' | 'B' | 'C', from: string, to: string) =>
  inspectionSlots({ areaClass, anchorDate: '2026-12-07' }, cst(from), cst(to), hazardsConfig, CST_MIN).map((s) => [new Date(s.startMs + CST_MIN * MINUTE_MS).toISOString().slice(0, 16), (s.endMs - s.startMs) / HOUR_MS]);

describe('inspection slots by area class', () => {
  it('cuts local days from the anchor: A daily, B every two days, C twice a week (3½ days each)', () => {
    expect(slotsOf('A', '2026-12-07T00:00', '2026-12-09T00:00')).toEqual([['2026-12-07T00:00', 24], ['2026-12-08T00:00', 24]]);
    expect(slotsOf('B', '2026-12-07T00:00', '2026-12-11T00:00')).toEqual([['2026-12-07T00:00', 48], ['2026-12-09T00:00', 48]]);
    expect(slotsOf('C', '2026-12-07T00:00', '2026-12-14T00:00')).toEqual([['2026-12-07T00:00', 84], ['2026-12-10T12:00', 84]]);
  });

  it('lists the slot a range starts inside, none before the anchor, and stops at the call limit', () => {
    expect(slotsOf('B', '2026-12-08T15:00', '2026-12-09T00:01')).toEqual([['2026-12-07T00:00', 48], ['2026-12-09T00:00', 48]]);
    expect(slotsOf('A', '2026-12-01T00:00', '2026-12-08T00:00')).toEqual([['2026-12-07T00:00', 24]]);
    expect(slotsOf('A', '2026-12-08T00:00', '2026-12-08T00:00')).toEqual([]);
    expect(inspectionSlots(plan, cst('2026-12-07T00:00'), cst('2036-12-07T00:00'), hazardsConfig, CST_MIN)).toHaveLength(MAX_SLOTS_PER_CALL);
  });

  it('follows a configured frequency', () => {
    const site = HazardsConfigSchema.parse({ roundFrequencies: { A: { rounds: 2, periodDays: 1 } } });
    expect(inspectionSlots(plan, cst('2026-12-07T00:00'), cst('2026-12-08T00:00'), site, CST_MIN).map((s) => (s.endMs - s.startMs) / HOUR_MS)).toEqual([12, 12]);
  });
});

describe('badge-verified check-in', () => {
  const at = cst('2026-12-07T09:00');
  const fix = (x: number, dtMs = 0, floor = 0): BadgeFix => ({ x, y: 50, floor, tsMs: at + dtMs });
  const cp = plan.checkpoints[0]!;

  it('counts when the badge was within 5 m within a minute, both limits included', () => {
    expect(verifyCheckIn(cp, [fix(105, 60_000)], at, hazardsConfig)).toEqual({ checkpointId: 'CP-1', atMs: at, verified: true, badgeDistanceM: 5 });
    expect(verifyCheckIn(cp, [fix(95, -60_000)], at, hazardsConfig).verified).toBe(true);
  });

  it('refuses a proxy: the badge farther away, out of the window, on another floor, or not seen at all', () => {
    const beyond = verifyCheckIn(cp, [fix(105.01)], at, hazardsConfig);
    expect(beyond.verified).toBe(false);
    expect(beyond.badgeDistanceM).toBeCloseTo(5.01, 6);
    expect(verifyCheckIn(cp, [fix(100, 60_001), fix(100, -60_001)], at, hazardsConfig)).toEqual({ checkpointId: 'CP-1', atMs: at, verified: false });
    expect(verifyCheckIn(cp, [fix(100, 0, 1)], at, hazardsConfig).verified).toBe(false);
    expect(verifyCheckIn(cp, [], at, hazardsConfig).verified).toBe(false);
  });

  it('takes the nearest fix in the window, and a checkpoint\'s own radius', () => {
    expect(verifyCheckIn(cp, [fix(130, -5_000), fix(103, 5_000), fix(100, 90_000)], at, hazardsConfig)).toMatchObject({ verified: true, badgeDistanceM: 3 });
    expect(verifyCheckIn(plan.checkpoints[1]!, [fix(148)], at, hazardsConfig).verified).toBe(true);
    expect(verifyCheckIn(plan.checkpoints[1]!, [fix(148.5)], at, hazardsConfig).verified).toBe(false);
  });
});

describe('round status: due, late and missed', () => {
  const slotStartMs = cst('2026-12-07T00:00');
  const slotEndMs = cst('2026-12-08T00:00');
  const graceEndMs = slotEndMs + 2 * HOUR_MS;
  const allResults = [
    { checkpointId: 'CP-1', itemId: 'seal', ok: true },
    { checkpointId: 'CP-1', itemId: 'vib', ok: true, value: 2.3 },
    { checkpointId: 'CP-2', itemId: 'valve', ok: true },
  ];
  const checkIn = (checkpointId: string, atMs: number, verified = true): CheckIn => ({ checkpointId, atMs, verified, ...(verified && { badgeDistanceM: 1 }) });
  const round = (checkIns: CheckIn[], extra: Partial<InspectionRound> = {}): InspectionRound => ({ id: 'R-1', planId: 'PL-100', slotStartMs, inspector: 'wang.fang', badgeId: 'B-031', startedAtMs: checkIns[0]?.atMs ?? slotStartMs, checkIns, results: allResults, ...extra });
  const statusAt = (nowMs: number, rounds: InspectionRound[] = []) => roundStatuses(plan, rounds, { fromMs: slotStartMs, toMs: slotEndMs, nowMs }, hazardsConfig, CST_MIN)[0]!;

  it('is upcoming, due, overdue in the two-hour grace, then missed when nobody walks it', () => {
    expect(statusAt(slotStartMs - 1).status).toBe('upcoming');
    expect(statusAt(slotStartMs).status).toBe('due');
    expect(statusAt(slotEndMs - 1).status).toBe('due');
    expect(statusAt(slotEndMs).status).toBe('overdue');
    expect(statusAt(graceEndMs - 1).status).toBe('overdue');
    expect(statusAt(graceEndMs).status).toBe('missed');
  });

  it('is done when every checkpoint has a verified check-in inside the slot and every item a result', () => {
    const walked = round([checkIn('CP-1', cst('2026-12-07T09:00')), checkIn('CP-2', cst('2026-12-07T09:20'))]);
    expect(statusAt(cst('2026-12-07T10:00'), [walked])).toMatchObject({ status: 'done', roundId: 'R-1', completedAtMs: cst('2026-12-07T09:20') });
    // Not before it is complete.
    expect(statusAt(cst('2026-12-07T09:10'), [walked]).status).toBe('due');
  });

  it('is late when the last checkpoint is reached within the grace, missed after it', () => {
    const late = round([checkIn('CP-1', slotEndMs - 10 * MINUTE_MS), checkIn('CP-2', slotEndMs)]);
    expect(statusAt(graceEndMs + HOUR_MS, [late])).toMatchObject({ status: 'late', completedAtMs: slotEndMs });
    const tooLate = round([checkIn('CP-1', slotEndMs), checkIn('CP-2', graceEndMs)]);
    expect(statusAt(graceEndMs + HOUR_MS, [tooLate]).status).toBe('missed');
  });

  it('misses a round whose badge never reached a checkpoint, or whose checklist is incomplete', () => {
    const unverified = round([checkIn('CP-1', cst('2026-12-07T09:00')), checkIn('CP-2', cst('2026-12-07T09:20'), false)]);
    expect(statusAt(graceEndMs, [unverified]).status).toBe('missed');
    const noReading = round([checkIn('CP-1', cst('2026-12-07T09:00')), checkIn('CP-2', cst('2026-12-07T09:20'))], { results: allResults.slice(0, 2) });
    expect(statusAt(graceEndMs, [noReading]).status).toBe('missed');
    // A verified check-in again later completes it.
    const retried = round([...unverified.checkIns, checkIn('CP-2', cst('2026-12-07T09:25'))]);
    expect(statusAt(graceEndMs, [retried])).toMatchObject({ status: 'done', completedAtMs: cst('2026-12-07T09:25') });
  });

  it('counts a round only for its own plan and slot, with check-ins from the slot\'s start', () => {
    const walked = [checkIn('CP-1', cst('2026-12-07T09:00')), checkIn('CP-2', cst('2026-12-07T09:20'))];
    expect(statusAt(graceEndMs, [round(walked, { planId: 'PL-200' })]).status).toBe('missed');
    expect(statusAt(graceEndMs, [round(walked, { slotStartMs: slotEndMs })]).status).toBe('missed');
    const yesterday = round([checkIn('CP-1', slotStartMs - HOUR_MS), checkIn('CP-2', cst('2026-12-07T09:20'))]);
    expect(statusAt(graceEndMs, [yesterday]).status).toBe('missed');
    // Of two complete rounds, the earlier completion is reported.
    const second = round([checkIn('CP-1', cst('2026-12-07T15:00')), checkIn('CP-2', cst('2026-12-07T15:20'))], { id: 'R-2' });
    expect(statusAt(graceEndMs, [second, round(walked)])).toMatchObject({ status: 'done', roundId: 'R-1' });
  });
});

describe('a failed check item opens a ticket', () => {
  const [seal, vib] = plan.checkpoints[0]!.items as [CheckItem, CheckItem];
  const result = (extra: Record<string, unknown>) => CheckResultSchema.parse({ checkpointId: 'CP-1', itemId: 'seal', ok: false, ...extra });

  it('fails a judgement judged not ok, and a reading outside its range whatever the judgement, the bound itself passing', () => {
    expect(checkFailed(seal, { ok: false })).toBe(true);
    expect(checkFailed(seal, { ok: true })).toBe(false);
    expect(checkFailed(vib, { ok: true, value: 7.1 })).toBe(false);
    expect(checkFailed(vib, { ok: true, value: 7.2 })).toBe(true);
    expect(checkFailed(vib, { ok: true })).toBe(false);
  });

  it('reports at the checkpoint, of the item\'s kind, with the reading, the note and the photo, from the inspection', () => {
    const photo = { ref: 'photo-0100', kind: 'photo', stage: 'report', takenAtMs: cst('2026-12-07T09:05') };
    const report = failedItemReport(plan, { id: 'R-7' }, result({ itemId: 'vib', ok: true, value: 9.4, note: '轴承异响', photo }))!;
    expect(report).toEqual({
      source: { kind: 'inspection', planId: 'PL-100', roundId: 'R-7', checkpointId: 'CP-1', itemId: 'vib' },
      location: { point: [100, 50], floor: 0, placedBy: 'checkpoint' },
      kind: 'equipment',
      grade: 'general',
      description: 'P-101 泵: 振动 = 9.4 mm/s\n轴承异响',
      media: [photo],
    });
    // It is a report like any other, filed by the inspector.
    expect(HazardReportSchema.parse(report)).toEqual(report);
    expect(ticketOk(openHazardTicket(report, 'YH-0100', person('wang.fang', 'operator'), cst('2026-12-07T09:06'))).state).toBe('reported');
  });

  it('proposes a major grade with the inspector\'s reason as its basis, and nothing for a passed or unknown item', () => {
    expect(failedItemReport(plan, { id: 'R-7' }, result({ urgency: 'major', note: '机封大量泄漏' }))).toMatchObject({ kind: 'leak', grade: 'major', majorBasis: '机封大量泄漏' });
    expect(CheckResultSchema.safeParse({ checkpointId: 'CP-1', itemId: 'seal', ok: false, urgency: 'major' }).success).toBe(false);
    expect(failedItemReport(plan, { id: 'R-7' }, result({ ok: true }))).toBeUndefined();
    expect(failedItemReport(plan, { id: 'R-7' }, result({ itemId: 'nozzle' }))).toBeUndefined();
    expect(failedItemReport(plan, { id: 'R-7' }, result({ checkpointId: 'CP-9' }))).toBeUndefined();
  });
});
