import { HAZARD_UNKNOWN_AREA, type ClientScene } from '@contracts';
import { localized } from '../i18n/i18n.js';

/**
 * The words and arithmetic of the monthly hidden-danger analysis view (月度隐患分析, issue 18 item 5; the figures
 * are main/hazards monthlyHazardAnalysis's, docs/hazards.md §3). Pure, so each is unit-tested.
 */

/** A month as the API names it, YYYY-MM. */
const MONTH = /^(\d{4})-(\d{2})$/;

/** The screen's local month at `nowMs` (the manager's month is the one on the wall calendar). */
export function localMonth(nowMs: number): string {
  const d = new Date(nowMs);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** The month `delta` months from `month` (negative: earlier), across year ends. */
export function shiftMonth(month: string, delta: number): string {
  const m = MONTH.exec(month);
  if (!m) throw new Error(`not a YYYY-MM month: ${month}`);
  const index = Number(m[1]) * 12 + Number(m[2]) - 1 + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** `month` and the `count - 1` months before it, newest first: the month picker's choices. */
export function recentMonths(month: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => shiftMonth(month, -i));
}

/** A month in words in the screen's language (2026年11月, November 2026). */
export function monthText(month: string, language: string): string {
  const m = MONTH.exec(month);
  if (!m) return month;
  return new Intl.DateTimeFormat(language, { year: 'numeric', month: 'long' }).format(new Date(Number(m[1]), Number(m[2]) - 1, 1));
}

/** A share as a percentage with at most one decimal; '—' when there is none (nothing accepted). */
export function percentText(rate: number | null, language: string): string {
  return rate === null ? '—' : new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

/** Hours with at most one decimal; '—' when none closed. */
export function hoursText(hours: number | null, language: string): string {
  return hours === null ? '—' : new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(hours);
}

/** An area of the analysis by its scene name; the unknown bucket and an area gone from the scene say "no area". */
export function analysisAreaText(scene: Pick<ClientScene, 'areas'>, areaId: string | undefined, language: string, noArea: string): string {
  const area = areaId === undefined || areaId === HAZARD_UNKNOWN_AREA ? undefined : scene.areas.find((a) => a.id === areaId);
  return area ? localized(area.name, language) : noArea;
}

/** A count table's rows from a record of counts, the largest first, ties in the record's order; zeros dropped. */
export function countRows<K extends string>(counts: Record<K, number>): { key: K; count: number }[] {
  return (Object.entries(counts) as [K, number][])
    .map(([key, count]) => ({ key, count }))
    .filter((r) => r.count > 0)
    .sort((a, b) => b.count - a.count);
}

/** A leaderboard's name: the register blanks names withheld from this role (the user's own stays), shown as '—'. */
export function leaderName(reporter: string): string {
  return reporter === '' ? '—' : reporter;
}
