import { describe, expect, it } from 'vitest';
import { HazardStepRequestSchema, HazardTicketSchema, type HazardReportInput, type HazardStepRequest, type HazardTicket, type HazardTicketGrade } from '../contracts/index.js';
import { cst, HOUR_MS, hazardsConfig, MINUTE_MS, person, reportedTicket, ticketOk } from '../../tests/support/hazardFixtures.js';
import { applyHazardStep } from './hazardTickets.js';
import { MAX_ANALYSIS_AREAS, MAX_ANALYSIS_CARRIED_OVER, MAX_ANALYSIS_REPEATS, monthlyHazardAnalysis } from './monthlyAnalysis.js';

const CST_MIN = 480;
const DECEMBER = { year: 2026, month: 12 };
/** A few days into January: December is over and read at its end. */
const JANUARY_5TH = cst('2027-01-05T10:00');
const officer = person('chen.jing', 'manager');
const fitter = person('li.ming', 'operator');

type Step =
  | { accept: number; grade?: HazardTicketGrade }
  | { assign: number }
  | { rectify: number }
  | { rework: number }
  | { verify: number }
  | { reject: number; reason: 'duplicate' | 'invalid' };

/** A ticket reported at `reportedAtMs` (the fixture's leak at (120, 40) unless `extra` says otherwise) taken through `steps` by the real rules. */
function ticket(number: string, reportedAtMs: number, steps: Step[] = [], extra: Partial<HazardReportInput> = {}): HazardTicket {
  let t = reportedTicket(number, reportedAtMs, extra);
  for (const s of steps) {
    const [request, atMs]: [HazardStepRequest, number] =
      'accept' in s
        ? [{ action: 'accept', grade: s.grade ?? 'general', ...(s.grade === 'major' && { majorBasis: '121号文 第二条' }) }, s.accept]
        : 'assign' in s
          ? [{ action: 'assign', assignee: 'li.ming' }, s.assign]
          : 'rectify' in s
            ? [{ action: 'rectify', note: '已整改', media: [{ ref: `after-${number}`, kind: 'photo', stage: 'rectification', takenAtMs: s.rectify }] }, s.rectify]
            : 'rework' in s
              ? [{ action: 'returnForRework', note: '仍有渗漏' }, s.rework]
              : 'verify' in s
                ? [{ action: 'verify' }, s.verify]
                : [s.reason === 'duplicate' ? { action: 'reject', reason: 'duplicate', duplicateOf: 'YH-ORIGINAL' } : { action: 'reject', reason: 'invalid', note: '非隐患' }, s.reject];
    t = ticketOk(applyHazardStep(t, HazardStepRequestSchema.parse(request), 'rectify' in s ? fitter : officer, atMs, hazardsConfig));
  }
  return t;
}

/** Accepted and assigned ten minutes after the report, as a general danger unless `grade` says otherwise. */
const taken = (reportedAtMs: number, grade: HazardTicketGrade = 'general'): Step[] => [{ accept: reportedAtMs + 10 * MINUTE_MS, grade }, { assign: reportedAtMs + 10 * MINUTE_MS }];
/** Reported, taken, handed in and verified at the given instants. */
const closed = (number: string, reportedAtMs: number, rectifyAtMs: number, verifyAtMs: number, extra: Partial<HazardReportInput> = {}, grade: HazardTicketGrade = 'general') =>
  ticket(number, reportedAtMs, [...taken(reportedAtMs, grade), { rectify: rectifyAtMs }, { verify: verifyAtMs }], extra);
const at = (x: number, y: number, floor = 0) => ({ location: { point: [x, y] as [number, number], floor, placedBy: 'pin' as const, areaId: 'unit-100' } });
const major = { grade: 'major' as const, majorBasis: '121号文 第二条' };

const analyse = (tickets: HazardTicket[], nowMs = JANUARY_5TH, utcOffsetMin = CST_MIN) => monthlyHazardAnalysis(tickets, DECEMBER, nowMs, hazardsConfig, utcOffsetMin);

describe('the month', () => {
  const tickets = [
    ticket('NOV-LAST', cst('2026-11-30T23:59:59.999')),
    ticket('DEC-FIRST', cst('2026-12-01T00:00')),
    ticket('DEC-2330', cst('2026-12-31T23:30')),
    ticket('JAN-FIRST', cst('2027-01-01T00:00')),
  ];

  it('is the local calendar month: 23:30 on the 31st at UTC+8 is December, midnight on the 1st of January is not', () => {
    const a = analyse(tickets);
    expect(a).toMatchObject({ month: '2026-12', utcOffsetMin: 480, startMs: cst('2026-12-01T00:00'), endMs: cst('2027-01-01T00:00'), asOfMs: cst('2027-01-01T00:00'), complete: true });
    expect(a.reported.total).toBe(2);
    expect(a.carriedOver.tickets.map((t) => t.number)).toEqual(['NOV-LAST', 'DEC-FIRST', 'DEC-2330']);
  });

  it('moves with the offset: at UTC the same instants fall in other months', () => {
    // 2026-12-01 00:00 at UTC+8 is 30 November 16:00 UTC; 2027-01-01 00:00 at UTC+8 is 31 December 16:00 UTC.
    const utc = analyse(tickets, JANUARY_5TH, 0);
    expect(utc).toMatchObject({ startMs: Date.parse('2026-12-01T00:00:00Z'), endMs: Date.parse('2027-01-01T00:00:00Z') });
    expect(utc.reported.total).toBe(2);
    expect(utc.carriedOver.tickets.map((t) => t.number)).toEqual(['NOV-LAST', 'DEC-FIRST', 'DEC-2330', 'JAN-FIRST']);
  });

  it('refuses a month, year or offset that is not one', () => {
    for (const month of [{ year: 2026, month: 0 }, { year: 2026, month: 13 }, { year: 2026, month: 1.5 }, { year: 1999, month: 12 }]) expect(() => monthlyHazardAnalysis([], month, JANUARY_5TH, hazardsConfig, CST_MIN)).toThrow(RangeError);
    expect(() => monthlyHazardAnalysis([], DECEMBER, JANUARY_5TH, hazardsConfig, 900)).toThrow(RangeError);
  });

  it('of no tickets is all zeros, with no rate and no mean', () => {
    const outside = [ticket('NOV', cst('2026-11-10T09:00'), [...taken(cst('2026-11-10T09:00')), { rectify: cst('2026-11-10T12:00') }, { verify: cst('2026-11-10T13:00') }]), ticket('JAN', cst('2027-01-02T09:00'))];
    for (const tickets of [[], outside]) {
      expect(analyse(tickets)).toEqual({
        month: '2026-12',
        utcOffsetMin: 480,
        startMs: cst('2026-12-01T00:00'),
        endMs: cst('2027-01-01T00:00'),
        asOfMs: cst('2027-01-01T00:00'),
        complete: true,
        reported: {
          total: 0,
          byGrade: { general: 0, major: 0 },
          byKind: { leak: 0, equipment: 0, electrical: 0, instrumentation: 0, fireProtection: 0, unsafeAct: 0, ppe: 0, specialOperation: 0, housekeeping: 0, other: 0 },
          bySource: { phone: 0, alarm: 0, camera: 0, inspection: 0 },
          byArea: [],
          otherAreas: { areas: 0, tickets: 0 },
          byState: { reported: 0, accepted: 0, rectifying: 0, awaitingVerification: 0, closed: 0, rejected: 0 },
        },
        rejected: { duplicate: 0, invalid: 0 },
        closure: { accepted: 0, closed: 0, rate: null },
        rectification: { general: { closed: 0, meanHours: null }, major: { closed: 0, meanHours: null } },
        overdue: { general: 0, major: 0 },
        repeats: { count: 0, pairs: [] },
        carriedOver: { count: 0, overdue: 0, tickets: [] },
      });
    }
  });
});

describe('what was reported', () => {
  it('counts by grade, area (unknown without one), kind, source, state and rejection', () => {
    const d = (day: number) => cst(`2026-12-${String(day).padStart(2, '0')}T09:00`);
    const a = analyse([
      ticket('T1', d(1), [{ accept: d(1) + MINUTE_MS }]),
      ticket('T2', d(2), [{ accept: d(2) + MINUTE_MS, grade: 'major' }], { kind: 'electrical', source: { kind: 'alarm', alarmId: 'unit-200/GD-201/HH' }, location: { point: [300, 80], placedBy: 'alarm', areaId: 'unit-200' }, ...major }),
      ticket('T3', d(3), [], { source: { kind: 'camera', cameraId: 'CAM-7', eventId: 'ev-1' }, location: { point: [10, 10], placedBy: 'camera' } }),
      // Reported general, confirmed major: counted by the confirmed grade.
      ticket('T4', d(4), [{ accept: d(4) + MINUTE_MS, grade: 'major' }], { kind: 'equipment', source: { kind: 'inspection', planId: 'PL-100', roundId: 'R-1', checkpointId: 'CP-1', itemId: 'vib' } }),
      ticket('T5', d(5), [{ reject: d(5) + MINUTE_MS, reason: 'invalid' }]),
    ]);
    expect(a.reported).toEqual({
      total: 5,
      byGrade: { general: 3, major: 2 },
      byKind: { leak: 3, equipment: 1, electrical: 1, instrumentation: 0, fireProtection: 0, unsafeAct: 0, ppe: 0, specialOperation: 0, housekeeping: 0, other: 0 },
      bySource: { phone: 2, alarm: 1, camera: 1, inspection: 1 },
      byArea: [
        { areaId: 'unit-100', count: 3 },
        { areaId: 'unit-200', count: 1 },
        { areaId: 'unknown', count: 1 },
      ],
      otherAreas: { areas: 0, tickets: 0 },
      byState: { reported: 1, accepted: 3, rectifying: 0, awaitingVerification: 0, closed: 0, rejected: 1 },
    });
    expect(a.rejected).toEqual({ duplicate: 0, invalid: 1 });
  });

  it(`lists the ${MAX_ANALYSIS_AREAS} most reported areas and sums the rest`, () => {
    const areas = Array.from({ length: MAX_ANALYSIS_AREAS + 2 }, (_, i) => `a-${String(i).padStart(3, '0')}`);
    const tickets = [...areas, 'a-050'].map((areaId, i) => ticket(`YH-${i}`, cst('2026-12-10T09:00') + i * MINUTE_MS, [], { location: { point: [i, 0], placedBy: 'pin', areaId } }));
    const { reported } = analyse(tickets);
    expect(reported.total).toBe(MAX_ANALYSIS_AREAS + 3);
    expect(reported.byArea).toHaveLength(MAX_ANALYSIS_AREAS);
    expect(reported.byArea.slice(0, 3)).toEqual([
      { areaId: 'a-050', count: 2 },
      { areaId: 'a-000', count: 1 },
      { areaId: 'a-001', count: 1 },
    ]);
    expect(reported.byArea.at(-1)).toEqual({ areaId: 'a-099', count: 1 });
    expect(reported.otherAreas).toEqual({ areas: 2, tickets: 2 });
  });
});

describe('closure rate', () => {
  const d2 = (time: string) => cst(`2026-12-02T${time}`);
  const tickets = [
    ticket('C1', d2('09:00'), [...taken(d2('09:00')), { rectify: d2('12:00') }, { verify: d2('14:00') }]),
    ticket('C2', cst('2026-12-03T09:00'), taken(cst('2026-12-03T09:00'))),
    ticket('C3', cst('2026-12-04T09:00')),
    // A rejected duplicate of C1: neither accepted nor closed, out of the rate.
    ticket('C4', d2('09:30'), [{ reject: d2('09:40'), reason: 'duplicate' }]),
    ticket('C5', cst('2026-12-05T09:00'), [...taken(cst('2026-12-05T09:00')), { rectify: cst('2026-12-05T11:00') }]),
    // Handed in in December, verified in January: open at December's end.
    ticket('C6', cst('2026-12-30T09:00'), [...taken(cst('2026-12-30T09:00')), { rectify: cst('2026-12-30T11:00') }, { verify: cst('2027-01-02T09:00') }]),
  ];

  it('is closed ÷ accepted at the month end, a rejected duplicate and a report not yet accepted out of it', () => {
    const a = analyse(tickets);
    expect(a.closure).toEqual({ accepted: 4, closed: 1, rate: 0.25 });
    expect(a.rejected).toEqual({ duplicate: 1, invalid: 0 });
    expect(a.reported.byState).toEqual({ reported: 1, accepted: 0, rectifying: 1, awaitingVerification: 2, closed: 1, rejected: 1 });
  });

  it('while the month runs, reads the trails as they stand now (a step at now has happened)', () => {
    expect(analyse(tickets, d2('13:00'))).toMatchObject({ asOfMs: d2('13:00'), complete: false, closure: { accepted: 1, closed: 0, rate: 0 }, rejected: { duplicate: 1, invalid: 0 } });
    expect(analyse(tickets, d2('13:00')).reported.total).toBe(2);
    expect(analyse(tickets, d2('14:00')).closure).toEqual({ accepted: 1, closed: 1, rate: 1 });
  });

  it('takes the grade as it stood at the month end: a confirmation in January does not regrade December', () => {
    const late = ticket('LATE', cst('2026-12-31T22:00'), [{ accept: cst('2027-01-01T01:00'), grade: 'major' }]);
    expect(late.grade).toBe('major');
    const a = analyse([late]);
    expect(a.reported.byGrade).toEqual({ general: 1, major: 0 });
    expect(a.closure).toEqual({ accepted: 0, closed: 0, rate: null });
    expect(a.carriedOver.tickets[0]).toMatchObject({ number: 'LATE', grade: 'general', state: 'reported', deadlineMs: cst('2027-01-01T22:00') });
  });
});

describe('rectification time', () => {
  it('runs from the report to the last rectification before the verification, after a rework to the final one; the mean per grade', () => {
    const d = (day: number, time: string) => cst(`2026-12-${String(day).padStart(2, '0')}T${time}`);
    const rework = ticket('R1', d(7, '09:00'), [...taken(d(7, '09:00')), { rectify: d(7, '11:00') }, { rework: d(7, '12:00') }, { rectify: d(7, '15:00') }, { verify: d(7, '16:00') }]);
    const a = analyse([
      rework,
      closed('R2', d(8, '09:00'), d(8, '11:00'), d(8, '12:00')),
      closed('R3', d(9, '09:00'), d(9, '12:00'), d(9, '13:00'), major, 'major'),
      // Handed in in December, verified in January: not closed in December, so not in the mean.
      closed('R4', d(10, '09:00'), d(10, '10:00'), cst('2027-01-03T09:00')),
    ]);
    // General: R1 6 h (09:00 → 15:00), R2 2 h: mean 4 h. Major: R3 3 h.
    expect(a.rectification).toEqual({ general: { closed: 2, meanHours: 4 }, major: { closed: 1, meanHours: 3 } });
    expect(HazardTicketSchema.safeParse(rework).success).toBe(true);
  });
});

describe('overdue', () => {
  const report = cst('2026-12-10T09:00');
  const day = 24 * HOUR_MS;

  it('counts a hand-in at or after the deadline, a late rework and a report left open past it, per grade', () => {
    const a = analyse([
      closed('O1', report, report + day - 1, report + day + HOUR_MS),
      // Rectification is due before the deadline: handed in at it is late.
      closed('O2', report, report + day, report + day + HOUR_MS),
      // Major, 4 h: handed in at 3 h, returned at 5 h, handed in again at 6 h.
      ticket('O3', report, [...taken(report, 'major'), { rectify: report + 3 * HOUR_MS }, { rework: report + 5 * HOUR_MS }, { rectify: report + 6 * HOUR_MS }, { verify: report + 7 * HOUR_MS }], major),
      // Its deadline (22:00 on 1 January) is after the month end.
      ticket('O4', cst('2026-12-31T22:00')),
      // Nobody accepted it: its clock ran on its reported grade.
      ticket('O5', cst('2026-12-20T09:00')),
      // Handed in within 4 h, still awaiting verification: its clock stopped in time.
      ticket('O6', report, [...taken(report, 'major'), { rectify: report + 2 * HOUR_MS }], major),
      // Rejected after its deadline: not a hidden danger, not overdue.
      ticket('O7', cst('2026-12-15T09:00'), [{ reject: cst('2026-12-17T09:00'), reason: 'invalid' }]),
    ]);
    expect(a.overdue).toEqual({ general: 2, major: 1 });
  });

  it('while the month runs, counts a ticket open past its deadline from the deadline on', () => {
    const open = [ticket('OPEN', cst('2026-12-20T09:00'))];
    expect(analyse(open, cst('2026-12-21T09:00') - 1).overdue.general).toBe(0);
    expect(analyse(open, cst('2026-12-21T09:00')).overdue.general).toBe(1);
  });
});

describe('repeats', () => {
  const nov = (day: number) => cst(`2026-11-${day}T09:00`);
  const dec = (day: number, time = '09:00') => cst(`2026-12-${String(day).padStart(2, '0')}T${time}`);

  it('pairs a ticket with the latest ticket of its kind closed before it within the radius on its floor', () => {
    const a = analyse([
      closed('E1', nov(20), nov(20) + HOUR_MS, nov(21)),
      closed('E2', nov(25), nov(25) + HOUR_MS, nov(26)),
      ticket('P1', dec(3), [], at(135, 40)),
      ticket('P2', dec(4), [], at(140, 40)),
      ticket('P3', dec(5), [], at(140.01, 40)),
      ticket('P4', dec(6), [], at(120, 40, 1)),
      ticket('P5', dec(7), [], { kind: 'electrical' }),
      // Still open, so no repeat.
      ticket('E3', dec(1), [], at(300, 300)),
      ticket('P6', dec(5), [], at(300, 305)),
      // Closed at 12:00 on the 10th: seen again at 11:00 is not a repeat, at 13:00 it is.
      closed('E4', dec(1), dec(1, '12:00'), dec(10, '12:00'), at(500, 500)),
      ticket('P7', dec(10, '11:00'), [], at(500, 500)),
      ticket('P8', dec(10, '13:00'), [], at(500, 500)),
      // Rejected as a duplicate: not a repeat.
      ticket('P9', dec(11), [{ reject: dec(11, '10:00'), reason: 'duplicate' }]),
    ]);
    // P1 15 m and P2 20 m (inclusive) from E1 and E2, paired with E2, closed later; P3 20.01 m, P4 another floor, P5 another kind.
    expect(a.repeats).toEqual({
      count: 3,
      pairs: [
        { number: 'P1', earlierNumber: 'E2' },
        { number: 'P2', earlierNumber: 'E2' },
        { number: 'P8', earlierNumber: 'E4' },
      ],
    });
  });

  it(`lists ${MAX_ANALYSIS_REPEATS} pairs, the earliest first, and counts them all`, () => {
    const repeats = Array.from({ length: MAX_ANALYSIS_REPEATS + 1 }, (_, i) => ticket(`P-${String(i).padStart(3, '0')}`, dec(2) + i * MINUTE_MS));
    const a = analyse([closed('E', nov(20), nov(20) + HOUR_MS, nov(21)), ...repeats]);
    expect(a.repeats.count).toBe(MAX_ANALYSIS_REPEATS + 1);
    expect(a.repeats.pairs).toHaveLength(MAX_ANALYSIS_REPEATS);
    expect(a.repeats.pairs[0]).toEqual({ number: 'P-000', earlierNumber: 'E' });
  });
});

describe('carried over', () => {
  it('lists every ticket open at the month end, whenever reported, the oldest first, with whether it was overdue', () => {
    const oct1 = cst('2026-10-01T09:00');
    const nov1 = cst('2026-11-01T09:00');
    const nov10 = cst('2026-11-10T09:00');
    const a = analyse([
      ticket('K1', oct1, taken(oct1)),
      ticket('K2', cst('2026-12-31T22:00')),
      closed('K3', cst('2026-12-05T09:00'), cst('2026-12-05T10:00'), cst('2026-12-05T11:00')),
      ticket('K4', cst('2026-12-06T09:00'), [{ reject: cst('2026-12-06T10:00'), reason: 'invalid' }]),
      ticket('K5', cst('2027-01-02T09:00')),
      // Handed in late, awaiting verification: its clock has stopped.
      ticket('K6', nov10, [...taken(nov10), { rectify: nov10 + 2 * 24 * HOUR_MS }]),
      // Still being rectified at December's end, closed in January.
      ticket('K7', nov1, [...taken(nov1), { rectify: cst('2027-01-02T09:00') }, { verify: cst('2027-01-03T09:00') }]),
    ]);
    expect(a.carriedOver.count).toBe(4);
    expect(a.carriedOver.overdue).toBe(2);
    expect(a.carriedOver.tickets.map((t) => [t.number, t.state, t.overdue])).toEqual([
      ['K1', 'rectifying', true],
      ['K7', 'rectifying', true],
      ['K6', 'awaitingVerification', false],
      ['K2', 'reported', false],
    ]);
    expect(a.carriedOver.tickets[3]).toEqual({ number: 'K2', grade: 'general', state: 'reported', reportedAtMs: cst('2026-12-31T22:00'), deadlineMs: cst('2027-01-01T22:00'), overdue: false, areaId: 'unit-100' });
  });

  it(`lists ${MAX_ANALYSIS_CARRIED_OVER} and counts them all`, () => {
    const open = Array.from({ length: MAX_ANALYSIS_CARRIED_OVER + 1 }, (_, i) => ticket(`K-${i}`, cst('2026-12-01T09:00') + i * MINUTE_MS));
    const { carriedOver } = analyse(open);
    expect(carriedOver.count).toBe(MAX_ANALYSIS_CARRIED_OVER + 1);
    expect(carriedOver.tickets).toHaveLength(MAX_ANALYSIS_CARRIED_OVER);
    expect(carriedOver.tickets[0]?.number).toBe('K-0');
  });
});
