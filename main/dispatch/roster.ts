import { z } from 'zod';
import { describeRecordIssues, OwnerRuleSchema, RosterSchema, type OwnerRule, type Roster, type RosterPerson, type RosterShift } from '../contracts/index.js';
import type { DispatchConfig } from './dispatchConfig.js';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** Who holds a post on the shift in force at an instant. */
export type OnDuty = { shiftId: string; shiftStartMs: number; personId: string | null; deputyIds: string[] };

function startMinutes(shift: Pick<RosterShift, 'startLocal'>): number {
  const [h, m] = shift.startLocal.split(':').map(Number);
  return h! * 60 + m!;
}

/**
 * The shift in force at `atMs` and the local date it started on: each shift runs from its start to the next
 * one's, round the clock, so at 03:00 a night shift that starts at 20:00 is the previous date's (a dated
 * assignment names the date its shift starts on). Plant time by a fixed UTC offset, as the alarm statistics.
 */
export function shiftAt(shifts: readonly RosterShift[], atMs: number, utcOffsetMin: number): { shift: RosterShift; date: string; startMs: number } {
  const localMs = atMs + utcOffsetMin * MINUTE_MS;
  const localDayMs = Math.floor(localMs / DAY_MS) * DAY_MS;
  const minuteOfDay = (localMs - localDayMs) / MINUTE_MS;
  const byStart = [...shifts].sort((a, b) => startMinutes(a) - startMinutes(b));
  const today = byStart.filter((s) => startMinutes(s) <= minuteOfDay).at(-1);
  const shift = today ?? byStart.at(-1)!;
  const dayMs = today ? localDayMs : localDayMs - DAY_MS;
  return { shift, date: new Date(dayMs).toISOString().slice(0, 10), startMs: dayMs + startMinutes(shift) * MINUTE_MS - utcOffsetMin * MINUTE_MS };
}

/**
 * Who is on `postId` at `atMs`: the dated assignment for the shift in force (by the local date the shift
 * started), else the standing one for that shift, else the standing one for every shift ('*'). A post nobody
 * holds gives personId null: the desk still owns the warning by post and escalates it.
 */
export function onDutyAt(roster: Roster, postId: string, atMs: number, utcOffsetMin: number): OnDuty {
  const { shift, date, startMs } = shiftAt(roster.shifts, atMs, utcOffsetMin);
  const onPost = roster.assignments.filter((a) => a.postId === postId);
  const held =
    onPost.find((a) => a.date === date && a.shiftId === shift.id) ??
    onPost.find((a) => a.date === null && a.shiftId === shift.id) ??
    onPost.find((a) => a.date === null && a.shiftId === '*');
  return { shiftId: shift.id, shiftStartMs: startMs, personId: held?.personId ?? null, deputyIds: held ? [...held.deputyIds] : [] };
}

export function personOf(roster: Roster, personId: string): RosterPerson | undefined {
  return roster.people.find((p) => p.id === personId);
}

/** The roster person of a SafeTwin account ("my warnings"). */
export function personByUserName(roster: Roster, userName: string): RosterPerson | undefined {
  return roster.people.find((p) => p.userName === userName);
}

/** The roster person wearing an RTLS badge (evacuation notices to the people inside an area). */
export function personByBadge(roster: Roster, badgeId: string): RosterPerson | undefined {
  return roster.people.find((p) => p.badgeId === badgeId);
}

/** A YYYY-MM-DD that is a day of the calendar (the contract's pattern lets 2026-02-30 through; it would match no shift). */
export function isCalendarDate(date: string): boolean {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === date;
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const v of values) (seen.has(v) ? twice : seen).add(v);
  return [...twice];
}

/** At most this many problems are told: a roster with thousands of bad rows needs the first ones fixed, not a list of all. */
export const MAX_ROSTER_PROBLEMS = 50;

/**
 * What is wrong with a roster the schema let through: duplicate ids (shifts, posts, people), two shifts
 * starting at one time, an account or badge on two people (whose warnings and evacuation notices would go to
 * the first only), assignments naming an unknown post, person, shift or deputy, a dated assignment without a
 * shift, and two people on one post, shift and date. Empty when the roster is sound.
 */
export function validateRoster(roster: Roster): string[] {
  const problems: string[] = [];
  for (const id of duplicates(roster.shifts.map((s) => s.id))) problems.push(`shift ${id} is listed twice`);
  for (const start of duplicates(roster.shifts.map((s) => s.startLocal))) problems.push(`two shifts start at ${start}`);
  for (const id of duplicates(roster.posts.map((p) => p.id))) problems.push(`post ${id} is listed twice`);
  for (const id of duplicates(roster.people.map((p) => p.id))) problems.push(`person ${id} is listed twice`);
  for (const name of duplicates(roster.people.flatMap((p) => (p.userName === undefined ? [] : [p.userName])))) problems.push(`user ${name} belongs to two people`);
  for (const badge of duplicates(roster.people.flatMap((p) => (p.badgeId === undefined ? [] : [p.badgeId])))) problems.push(`badge ${badge} belongs to two people`);
  const shiftIds = new Set(roster.shifts.map((s) => s.id));
  const postIds = new Set(roster.posts.map((p) => p.id));
  const personIds = new Set(roster.people.map((p) => p.id));
  const held = new Map<string, string>();
  roster.assignments.forEach((a, index) => {
    const where = `assignment ${index + 1} (${a.date ?? 'standing'} ${a.shiftId} ${a.postId})`;
    if (a.date !== null && !isCalendarDate(a.date)) problems.push(`${where}: no such date`);
    if (!postIds.has(a.postId)) problems.push(`${where}: unknown post ${a.postId}`);
    if (!personIds.has(a.personId)) problems.push(`${where}: unknown person ${a.personId}`);
    if (a.shiftId === '*' ? a.date !== null : !shiftIds.has(a.shiftId)) problems.push(a.shiftId === '*' ? `${where}: a dated assignment names its shift` : `${where}: unknown shift ${a.shiftId}`);
    for (const deputy of a.deputyIds) {
      if (!personIds.has(deputy)) problems.push(`${where}: unknown deputy ${deputy}`);
      else if (deputy === a.personId) problems.push(`${where}: ${deputy} cannot be their own deputy`);
    }
    const key = `${a.date ?? '-'}|${a.shiftId}|${a.postId}`;
    const other = held.get(key);
    if (other !== undefined && other !== a.personId) problems.push(`${where}: ${other} and ${a.personId} both hold it`);
    else if (other !== undefined) problems.push(`${where}: listed twice`);
    else held.set(key, a.personId);
  });
  return problems.slice(0, MAX_ROSTER_PROBLEMS);
}

/**
 * A roster file (`config.dispatch.rosterFile`, the demo's scenes/demo-plant/demo-roster.json): the roster the
 * historian is seeded with when it holds none, and owner rules that name its posts (they belong together: a
 * rule naming a post nobody holds reaches nobody). The file's rules come after the config's.
 */
export const RosterFileSchema = z.strictObject({ roster: RosterSchema, ownerRules: z.array(OwnerRuleSchema).max(500).default([]) });
export type RosterFile = z.infer<typeof RosterFileSchema>;
/** The demo roster's file name, beside the demo scene. */
export const DEMO_ROSTER_FILE = 'demo-roster.json';

/** A roster file from its JSON text: schema-checked and validated; reading the file is the caller's. */
export function parseRosterJson(text: string, whole = 'roster file'): { ok: true; roster: Roster; ownerRules: OwnerRule[] } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `${whole}: ${(error as Error).message}` };
  }
  const parsed = RosterFileSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problem: `${whole}: ${describeRecordIssues(parsed.error, whole)}` };
  const problems = validateRoster(parsed.data.roster);
  return problems.length === 0 ? { ok: true, roster: parsed.data.roster, ownerRules: parsed.data.ownerRules } : { ok: false, problem: `${whole}: ${problems.join('; ')}` };
}

/**
 * Posts the configuration and owner rules name that the roster does not have (the default post, the chain,
 * a rule's post): a warning owned by such a post reaches nobody until it escalates. For the desk to raise as
 * a problem at start and on every roster save.
 */
export function dispatchSetupProblems(config: Pick<DispatchConfig, 'defaultPostId' | 'escalationChain' | 'ownerRules'>, roster: Roster, fileRules: readonly OwnerRule[] = []): string[] {
  const posts = new Set(roster.posts.map((p) => p.id));
  const problems: string[] = [];
  if (!posts.has(config.defaultPostId)) problems.push(`default post ${config.defaultPostId} is not in the roster`);
  for (const id of config.escalationChain) if (!posts.has(id)) problems.push(`escalation post ${id} is not in the roster`);
  for (const id of new Set([...config.ownerRules, ...fileRules].map((r) => r.postId))) if (!posts.has(id)) problems.push(`owner rule post ${id} is not in the roster`);
  return problems;
}
