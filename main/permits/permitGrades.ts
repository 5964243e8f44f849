import { HEIGHT_GRADES, type HeightGrade, type HotWorkGrade, type Permit, type PermitAuthority, type PermitCountersignUnit, type PermitWindow } from '../contracts/index.js';
import type { PermitsConfig } from './permitsConfig.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The site's calendar for the hot-work upgrade. Holidays and public rest days (节假日、公休日) are
 * injected: China moves rest days every year (调休 makes some Saturdays working days), so they cannot be
 * computed from the weekday. `isRestDay` gets the local date as YYYY-MM-DD.
 */
export type SiteCalendar = {
  isRestDay: (localDate: string) => boolean;
  utcOffsetMin: PermitsConfig['utcOffsetMin'];
  nightStartMin: PermitsConfig['nightStartMin'];
  nightEndMin: PermitsConfig['nightEndMin'];
};

export type HotWorkUpgradeCause = 'night' | 'restDay';
export type EffectiveHotWorkGrade = {
  /** The grade the permit is managed at: the declared one, one step up when a cause applies. */
  grade: HotWorkGrade;
  declared: HotWorkGrade;
  /** Why it was raised (empty when it was not); 特级 has no higher grade and stays 特级 with its causes listed. */
  causes: HotWorkUpgradeCause[];
};

/** Windows longer than this are not searched day by day (no permit is valid that long; validity refuses them). */
const MAX_CALENDAR_DAYS = 400;

/**
 * GB 30871-2022 §5.1.1: hot work on holidays, public rest days or at night is managed one grade up
 * (升级管理): 二级 → 一级, 一级 → 特级. A window that touches a night (half-open: ending exactly when
 * night starts does not) or a local rest day is upgraded; 特级 stays 特级.
 */
export function effectiveHotWorkGrade(declared: HotWorkGrade, window: PermitWindow, calendar: SiteCalendar): EffectiveHotWorkGrade {
  const offsetMs = calendar.utcOffsetMin * 60_000;
  const startLocal = window.startMs + offsetMs;
  const endLocal = window.endMs + offsetMs;
  const firstDay = Math.floor(startLocal / DAY_MS);
  const lastDay = Math.min(Math.floor((endLocal - 1) / DAY_MS), firstDay + MAX_CALENDAR_DAYS);
  const nightStartMs = calendar.nightStartMin * 60_000;
  const nightEndMs = calendar.nightEndMin * 60_000 + (calendar.nightEndMin <= calendar.nightStartMin ? DAY_MS : 0);
  let night = false;
  let restDay = false;
  // The night that began the day before the window may still run into it.
  for (let day = firstDay - 1; day <= lastDay; day++) {
    if (!night && day * DAY_MS + nightStartMs < endLocal && day * DAY_MS + nightEndMs > startLocal) night = true;
    if (!restDay && day >= firstDay && calendar.isRestDay(new Date(day * DAY_MS).toISOString().slice(0, 10))) restDay = true;
  }
  const causes: HotWorkUpgradeCause[] = [...(night ? ['night' as const] : []), ...(restDay ? ['restDay' as const] : [])];
  if (causes.length === 0) return { grade: declared, declared, causes };
  return { grade: declared === 'second' ? 'first' : 'special', declared, causes };
}

/**
 * The longest window GB 30871-2022 allows, or undefined where it sets none (blinding, lifting,
 * excavation, road closure: the site's own rule): hot work 特级 and 一级 8 h, 二级 72 h (§5.1.5);
 * confined space 24 h (§6.10); work at height 7 days (§8.2.11); temporary power 30 days (§10.8: 15 days
 * as a rule, never beyond 30). Hot work is judged at its effective grade: a 二级 job upgraded at night
 * gets 一级's 8 h.
 */
export function maxValidityMs(permit: Permit, calendar: SiteCalendar): number | undefined {
  switch (permit.type) {
    case 'hotWork':
      return effectiveHotWorkGrade(permit.grade, permit.window, calendar).grade === 'second' ? 72 * HOUR_MS : 8 * HOUR_MS;
    case 'confinedSpace':
      return 24 * HOUR_MS;
    case 'workAtHeight':
      return 7 * DAY_MS;
    case 'temporaryPower':
      return 30 * DAY_MS;
    default:
      return undefined;
  }
}

/**
 * The lowest grade of work at height by GB 30871-2022 §8.1 table 2 (GB/T 3608): by height band
 * 2–5, 5–15, 15–30, above 30 m, method A without and method B with an objective hazard of §8.1.2.
 * Table B.1 note 2 raises some situations further, so a declared grade may be higher, never lower.
 */
export function minimumHeightGrade(heightM: number, objectiveHazard: boolean): HeightGrade {
  const band = heightM <= 5 ? 0 : heightM <= 15 ? 1 : heightM <= 30 ? 2 : 3;
  return HEIGHT_GRADES[Math.min(3, band + (objectiveHazard ? 1 : 0))]!;
}

export type ApprovalRequirement = {
  /** Who approves (审批人) by table B.1. */
  authority: PermitAuthority;
  /** Units that countersign (会签) before approval, by table B.1 (note 1: sites map them to their departments). */
  countersignUnits: readonly PermitCountersignUnit[];
};

/**
 * GB 30871-2022 appendix B table B.1, at the permit's effective grade: hot work 特级 by plant leadership
 * (主管领导), 一级 by the safety department, 二级 by the base unit; confined space and blinding by the base
 * unit; height Ⅰ by the base unit, Ⅱ–Ⅲ by the specialist department, Ⅳ by plant leadership; lifting 一级 by
 * plant leadership, 二级–三级 by the specialist department; temporary power reviewed and approved by the
 * power supplier; excavation countersigned by water, power, steam, process, equipment, fire and safety;
 * road closure by fire and safety; both approved by the specialist department.
 */
export function approvalRequirement(permit: Permit, calendar: SiteCalendar): ApprovalRequirement {
  switch (permit.type) {
    case 'hotWork': {
      const grade = effectiveHotWorkGrade(permit.grade, permit.window, calendar).grade;
      return { authority: grade === 'special' ? 'plantLeadership' : grade === 'first' ? 'safetyDepartment' : 'baseUnit', countersignUnits: [] };
    }
    case 'confinedSpace':
    case 'blinding':
      return { authority: 'baseUnit', countersignUnits: [] };
    case 'workAtHeight':
      return { authority: permit.grade === 'I' ? 'baseUnit' : permit.grade === 'IV' ? 'plantLeadership' : 'specialistDepartment', countersignUnits: [] };
    case 'lifting':
      return { authority: permit.grade === 'first' ? 'plantLeadership' : 'specialistDepartment', countersignUnits: [] };
    case 'temporaryPower':
      return { authority: 'powerSupplier', countersignUnits: ['powerSupplier'] };
    case 'excavation':
      return { authority: 'specialistDepartment', countersignUnits: ['water', 'power', 'steam', 'process', 'equipment', 'fire', 'safety'] };
    case 'roadClosure':
      return { authority: 'specialistDepartment', countersignUnits: ['fire', 'safety'] };
  }
}

/**
 * Whether an approval signed for `signed` meets `required`: the same authority, or plant leadership, who
 * stands above every department of the plant (not the power supplier, an outside unit's own signature).
 */
export function authoritySatisfies(signed: PermitAuthority, required: PermitAuthority): boolean {
  return signed === required || (signed === 'plantLeadership' && required !== 'powerSupplier');
}
