import type { ReportRequest } from '../contracts/index.js';
import { dayNumber, dayOf, periodStart } from '../indicators/index.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export type ScheduleSettings = { monthly: boolean; weekly: boolean; hourLocal: number; locales: readonly ('zh-CN' | 'en')[]; utcOffsetMin: number };

/** An archived report as the schedule matches it: the same kind, period and language is not made twice. */
export type ArchivedPeriod = Pick<ReportRequest, 'kind' | 'fromDay' | 'toDay' | 'locale'>;

/**
 * The scheduled reports due at `nowMs` and not archived yet (docs/reports.md §schedule): the previous month's once
 * the 1st's `hourLocal` (plant time) has passed, the previous ISO week's (Monday–Sunday) once Monday's has, in each
 * configured language. Only the latest period of each kind is due: a core that was down over a due time makes that
 * one up at start (a core off for a quarter makes the last month's, not three).
 */
export function dueReports(nowMs: number, settings: ScheduleSettings, archived: readonly ArchivedPeriod[]): ReportRequest[] {
  const localMs = nowMs + settings.utcOffsetMin * 60_000;
  const today = dayOf(Math.floor(localMs / DAY_MS));
  const pastHour = localMs - Math.floor(localMs / DAY_MS) * DAY_MS >= settings.hourLocal * HOUR_MS;
  const periods: Pick<ReportRequest, 'kind' | 'fromDay' | 'toDay'>[] = [];
  if (settings.monthly) {
    // Before the due hour on the 1st, the month that is due is still the one before last.
    const monthStart = periodStart(pastHour ? today : dayOf(dayNumber(today) - 1), 'month');
    const toDay = dayOf(dayNumber(monthStart) - 1);
    periods.push({ kind: 'monthly', fromDay: periodStart(toDay, 'month'), toDay });
  }
  if (settings.weekly) {
    const weekStart = periodStart(pastHour ? today : dayOf(dayNumber(today) - 1), 'week');
    periods.push({ kind: 'weekly', fromDay: dayOf(dayNumber(weekStart) - 7), toDay: dayOf(dayNumber(weekStart) - 1) });
  }
  const done = new Set(archived.map((a) => `${a.kind}/${a.fromDay}/${a.toDay}/${a.locale}`));
  return periods.flatMap((p) => settings.locales.filter((locale) => !done.has(`${p.kind}/${p.fromDay}/${p.toDay}/${locale}`)).map((locale) => ({ ...p, locale })));
}
