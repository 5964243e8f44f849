import type { DutyAssignment, Roster } from '@contracts';

/**
 * The roster editor's model (值班表, issue 19 item 1), pure: what a cell (a post on a shift of a day) shows, an edit
 * of it, and how many cells an edited roster changed. A dated assignment wins over the standing one (date null,
 * used on every shift without a dated one: a safety manager does not rotate), as the core resolves who is on duty.
 */

/** Local calendar date YYYY-MM-DD of an instant (the roster's dates are the plant's local dates). */
export function localDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The date `days` after a YYYY-MM-DD date (negative: before), across months and years. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return localDate(new Date(y, m - 1, d + days, 12).getTime());
}

export type RosterCell = { assignment: DutyAssignment; standing: boolean } | null;

const dated = (a: DutyAssignment, date: string, shiftId: string, postId: string) => a.date === date && a.shiftId === shiftId && a.postId === postId;

/** Who holds `postId` on `shiftId` of `date`: the dated assignment, else the standing one, else nobody. */
export function cellOf(roster: Roster, date: string, shiftId: string, postId: string): RosterCell {
  const own = roster.assignments.find((a) => dated(a, date, shiftId, postId));
  if (own) return { assignment: own, standing: false };
  const standing = roster.assignments.find((a) => a.date === null && a.postId === postId && (a.shiftId === '*' || a.shiftId === shiftId));
  return standing ? { assignment: standing, standing: true } : null;
}

/** The roster with the cell's dated assignment set to `personId` and `deputyIds` (the person never their own deputy). */
export function withAssignment(roster: Roster, date: string, shiftId: string, postId: string, personId: string, deputyIds: readonly string[]): Roster {
  const deputies = [...new Set(deputyIds)].filter((id) => id !== personId);
  const assignment: DutyAssignment = { date, shiftId, postId, personId, deputyIds: deputies };
  const at = roster.assignments.findIndex((a) => dated(a, date, shiftId, postId));
  const assignments = at < 0 ? [...roster.assignments, assignment] : roster.assignments.map((a, i) => (i === at ? assignment : a));
  return { ...roster, assignments };
}

/** The roster without the cell's dated assignment: the standing one (if any) holds the post that shift again. */
export function withoutAssignment(roster: Roster, date: string, shiftId: string, postId: string): Roster {
  return { ...roster, assignments: roster.assignments.filter((a) => !dated(a, date, shiftId, postId)) };
}

const cellKey = (a: DutyAssignment) => `${a.date ?? '*'}|${a.date === null ? '*' : a.shiftId}|${a.postId}`;
const cellValue = (a: DutyAssignment) => `${a.personId}|${a.deputyIds.join(',')}`;

/** The cells (date, shift, post) whose holder or deputies differ between two rosters: the unsaved changes. */
export function changedCells(before: Roster, after: Roster): Set<string> {
  const was = new Map(before.assignments.map((a) => [cellKey(a), cellValue(a)]));
  const now = new Map(after.assignments.map((a) => [cellKey(a), cellValue(a)]));
  const changed = new Set<string>();
  for (const [key, value] of now) if (was.get(key) !== value) changed.add(key);
  for (const key of was.keys()) if (!now.has(key)) changed.add(key);
  return changed;
}

/** The key changedCells uses for a dated cell. */
export function datedCellKey(date: string, shiftId: string, postId: string): string {
  return `${date}|${shiftId}|${postId}`;
}
