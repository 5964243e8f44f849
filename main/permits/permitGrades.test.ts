import { describe, expect, it } from 'vitest';
import { calendarOf, cst, HOUR_MS, permitOf } from '../../tests/support/permitFixtures.js';
import { approvalRequirement, authoritySatisfies, effectiveHotWorkGrade, maxValidityMs, minimumHeightGrade } from './permitGrades.js';
import { defaultPermitsConfig } from './permitsConfig.js';

const weekdays = calendarOf();
const window = (startIso: string, endIso: string) => ({ startMs: cst(startIso), endMs: cst(endIso) });

describe('hot-work grade upgrade (GB 30871-2022 §5.1.1)', () => {
  it('keeps a daytime working-day grade', () => {
    expect(effectiveHotWorkGrade('second', window('2026-12-07T09:00', '2026-12-07T17:00'), weekdays)).toEqual({ grade: 'second', declared: 'second', causes: [] });
  });

  it('raises 二级 to 一级 and 一级 to 特级 at night', () => {
    const evening = window('2026-12-07T18:00', '2026-12-07T23:00');
    expect(effectiveHotWorkGrade('second', evening, weekdays)).toEqual({ grade: 'first', declared: 'second', causes: ['night'] });
    expect(effectiveHotWorkGrade('first', evening, weekdays).grade).toBe('special');
  });

  it('judges the night at its edges, half-open: ending at 22:00 or starting at 06:00 is day', () => {
    expect(effectiveHotWorkGrade('second', window('2026-12-07T14:00', '2026-12-07T22:00'), weekdays).causes).toEqual([]);
    expect(effectiveHotWorkGrade('second', window('2026-12-07T14:00', '2026-12-07T22:01'), weekdays).causes).toEqual(['night']);
    expect(effectiveHotWorkGrade('second', window('2026-12-07T06:00', '2026-12-07T10:00'), weekdays).causes).toEqual([]);
    // The night that began the evening before still runs at 05:59.
    expect(effectiveHotWorkGrade('second', window('2026-12-07T05:59', '2026-12-07T10:00'), weekdays).causes).toEqual(['night']);
  });

  it('judges the night in the site time zone, not UTC', () => {
    // 15:00–20:00 UTC is 23:00–04:00 at a UTC+8 site: night.
    const utcAfternoon = { startMs: Date.parse('2026-12-07T15:00:00Z'), endMs: Date.parse('2026-12-07T20:00:00Z') };
    expect(effectiveHotWorkGrade('second', utcAfternoon, weekdays).causes).toEqual(['night']);
    // The same at a UTC site is daytime.
    expect(effectiveHotWorkGrade('second', utcAfternoon, { ...weekdays, utcOffsetMin: 0 }).causes).toEqual([]);
  });

  it('raises work on an injected holiday or rest day, by the local date', () => {
    const holiday = calendarOf(['2026-12-07']);
    expect(effectiveHotWorkGrade('second', window('2026-12-07T09:00', '2026-12-07T12:00'), holiday)).toEqual({ grade: 'first', declared: 'second', causes: ['restDay'] });
    // 00:30–02:00 on the 8th local is still the 7th in UTC: the local date decides.
    expect(effectiveHotWorkGrade('second', window('2026-12-08T00:30', '2026-12-08T02:00'), calendarOf(['2026-12-08'])).causes).toEqual(['night', 'restDay']);
    expect(effectiveHotWorkGrade('second', window('2026-12-08T00:30', '2026-12-08T02:00'), calendarOf(['2026-12-07'])).causes).toEqual(['night']);
    expect(effectiveHotWorkGrade('second', window('2026-12-08T09:00', '2026-12-08T12:00'), holiday).causes).toEqual([]);
  });

  it('raises one grade for night and holiday together, not two', () => {
    const both = effectiveHotWorkGrade('second', window('2026-12-07T20:00', '2026-12-07T23:00'), calendarOf(['2026-12-07']));
    expect(both).toEqual({ grade: 'first', declared: 'second', causes: ['night', 'restDay'] });
  });

  it('leaves 特级 at 特级, listing why it would have been raised', () => {
    expect(effectiveHotWorkGrade('special', window('2026-12-07T20:00', '2026-12-07T23:00'), calendarOf(['2026-12-07']))).toEqual({ grade: 'special', declared: 'special', causes: ['night', 'restDay'] });
  });

  it('takes the site night from configuration (an 18:00–08:00 rule)', () => {
    const strict = { ...weekdays, nightStartMin: 18 * 60, nightEndMin: 8 * 60 };
    expect(effectiveHotWorkGrade('second', window('2026-12-07T17:00', '2026-12-07T18:30'), strict).causes).toEqual(['night']);
    expect(effectiveHotWorkGrade('second', window('2026-12-07T17:00', '2026-12-07T18:30'), weekdays).causes).toEqual([]);
    expect(defaultPermitsConfig()).toMatchObject({ nightStartMin: 1320, nightEndMin: 360, utcOffsetMin: 480 });
  });
});

describe('validity by type and grade', () => {
  const hotWork = (grade: string, start: string, end: string) => permitOf('hotWork', { grade, window: window(start, end) });

  it('gives hot work 特级 and 一级 8 h, 二级 72 h (§5.1.5)', () => {
    expect(maxValidityMs(hotWork('special', '2026-12-07T09:00', '2026-12-07T17:00'), weekdays)).toBe(8 * HOUR_MS);
    expect(maxValidityMs(hotWork('first', '2026-12-07T09:00', '2026-12-07T17:00'), weekdays)).toBe(8 * HOUR_MS);
    expect(maxValidityMs(hotWork('second', '2026-12-07T09:00', '2026-12-07T17:00'), weekdays)).toBe(72 * HOUR_MS);
  });

  it('gives an upgraded 二级 the validity of 一级', () => {
    expect(maxValidityMs(hotWork('second', '2026-12-07T09:00', '2026-12-08T09:00'), weekdays)).toBe(8 * HOUR_MS);
  });

  it('gives the other types the standard\'s limits, none where it sets none', () => {
    const days = (n: number) => n * 24 * HOUR_MS;
    expect(maxValidityMs(permitOf('confinedSpace'), weekdays)).toBe(days(1));
    expect(maxValidityMs(permitOf('workAtHeight'), weekdays)).toBe(days(7));
    expect(maxValidityMs(permitOf('temporaryPower'), weekdays)).toBe(days(30));
    for (const type of ['blinding', 'lifting', 'excavation', 'roadClosure'] as const) expect(maxValidityMs(permitOf(type), weekdays)).toBeUndefined();
  });
});

describe('grades and approvals by the standard', () => {
  it('grades work at height by GB 30871-2022 table 2, method A and B', () => {
    expect([2, 5, 5.01, 15, 15.01, 30, 30.01].map((h) => minimumHeightGrade(h, false))).toEqual(['I', 'I', 'II', 'II', 'III', 'III', 'IV']);
    expect([2, 5, 5.01, 15, 15.01, 30, 30.01].map((h) => minimumHeightGrade(h, true))).toEqual(['II', 'II', 'III', 'III', 'IV', 'IV', 'IV']);
  });

  it('names the approver and countersigning units of table B.1, at the effective grade', () => {
    expect(approvalRequirement(permitOf('hotWork', { grade: 'special' }), weekdays)).toEqual({ authority: 'plantLeadership', countersignUnits: [] });
    expect(approvalRequirement(permitOf('hotWork', { grade: 'first' }), weekdays).authority).toBe('safetyDepartment');
    expect(approvalRequirement(permitOf('hotWork', { grade: 'second' }), weekdays).authority).toBe('baseUnit');
    // The same 二级 job at night is approved as 一级, by the safety department.
    expect(approvalRequirement(permitOf('hotWork', { grade: 'second', window: window('2026-12-07T20:00', '2026-12-07T23:00') }), weekdays).authority).toBe('safetyDepartment');
    expect(approvalRequirement(permitOf('workAtHeight', { heightM: 40, grade: 'IV' }), weekdays).authority).toBe('plantLeadership');
    expect(approvalRequirement(permitOf('lifting', { loadMassT: 120, grade: 'first', liftPlanApproved: true }), weekdays).authority).toBe('plantLeadership');
    expect(approvalRequirement(permitOf('excavation'), weekdays).countersignUnits).toHaveLength(7);
    expect(approvalRequirement(permitOf('roadClosure'), weekdays).countersignUnits).toEqual(['fire', 'safety']);
    expect(approvalRequirement(permitOf('temporaryPower'), weekdays)).toEqual({ authority: 'powerSupplier', countersignUnits: ['powerSupplier'] });
  });

  it('lets plant leadership approve for any department, not for the power supplier', () => {
    expect(authoritySatisfies('plantLeadership', 'baseUnit')).toBe(true);
    expect(authoritySatisfies('plantLeadership', 'powerSupplier')).toBe(false);
    expect(authoritySatisfies('baseUnit', 'safetyDepartment')).toBe(false);
    expect(authoritySatisfies('specialistDepartment', 'safetyDepartment')).toBe(false);
  });
});
