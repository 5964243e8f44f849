import { DutyAssignmentSchema, MAX_ROSTER_ASSIGNMENTS, MAX_ROSTER_PEOPLE, RosterPersonSchema, type DutyAssignment, type Roster, type RosterPerson } from '../contracts/index.js';
import { readCsv, writeCsv, type CsvRecord } from '../contracts/index.js';
import { isCalendarDate } from './roster.js';

/** A duty spreadsheet beyond this is not a roster (a year of three shifts for 60 posts is ~3 million characters). */
export const MAX_ROSTER_CSV_CHARS = 4_000_000;
const MAX_FIELD_CHARS = 1_000;
/** Errors told per file: the first ones, enough to fix a spreadsheet's systematic mistake. */
export const MAX_CSV_ERRORS = 100;

export type CsvError = { line: number; message: string };

/** Columns by their English or Chinese header, any order; a value is where its header names it. */
const DUTY_COLUMNS = { date: ['date', '日期'], shift: ['shift', '班次'], post: ['post', '岗位'], person: ['person', '人员'], deputies: ['deputies', '替班'] } as const;
const PEOPLE_COLUMNS = {
  id: ['id', '编号'],
  name: ['name', '姓名'],
  user: ['user', '账号'],
  badge: ['badge', '定位卡'],
  email: ['email', '邮箱'],
  phone: ['phone', '手机'],
  wecom: ['wecom', '企业微信'],
  locale: ['locale', '语言'],
} as const;

type Table<K extends string> = { rows: { line: number; get: (column: K) => string }[]; errors: CsvError[] };

function table<K extends string>(text: string, columns: Record<K, readonly string[]>, required: readonly NoInfer<K>[], maxRows: number): Table<K> {
  if (text.length > MAX_ROSTER_CSV_CHARS) return { rows: [], errors: [{ line: 1, message: `the file is longer than ${MAX_ROSTER_CSV_CHARS} characters` }] };
  const { records, error } = readCsv(text, { maxRecords: maxRows + 1, maxFieldChars: MAX_FIELD_CHARS });
  const errors: CsvError[] = error ? [error] : [];
  const [header, ...body] = records as [CsvRecord | undefined, ...CsvRecord[]];
  if (!header) return { rows: [], errors: errors.length > 0 ? errors : [{ line: 1, message: 'no header row' }] };
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const index = {} as Record<K, number>;
  for (const key of Object.keys(columns) as K[]) index[key] = names.findIndex((n) => columns[key].includes(n));
  const missing = required.filter((k) => index[k] < 0);
  if (missing.length > 0) return { rows: [], errors: [...errors, { line: header.line, message: `missing columns: ${missing.map((k) => columns[k].join('/')).join(', ')}` }] };
  return { rows: body.map((r) => ({ line: r.line, get: (k: K) => (index[k] < 0 ? '' : (r.fields[index[k]] ?? '').trim()) })), errors };
}

/**
 * Duty assignments from a spreadsheet (POST /api/dispatch/roster/duty.csv): columns date, shift, post, person,
 * deputies (';'-separated), or 日期, 班次, 岗位, 人员, 替班; a header row; an empty date (or '*') is a standing
 * assignment. Each row is checked against the roster's shifts, posts and people; a bad row is reported with
 * its line and left out, never thrown, so one typo does not lose a month's rota.
 */
export function parseDutyCsv(text: string, roster: Roster): { assignments: DutyAssignment[]; errors: CsvError[] } {
  const { rows, errors } = table(text, DUTY_COLUMNS, ['date', 'shift', 'post', 'person'], MAX_ROSTER_ASSIGNMENTS);
  const shiftIds = new Set(roster.shifts.map((s) => s.id));
  const postIds = new Set(roster.posts.map((p) => p.id));
  const personIds = new Set(roster.people.map((p) => p.id));
  const assignments: DutyAssignment[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const date = row.get('date');
    const deputies = row.get('deputies');
    const parsed = DutyAssignmentSchema.safeParse({
      date: date === '' || date === '*' ? null : date,
      shiftId: row.get('shift'),
      postId: row.get('post'),
      personId: row.get('person'),
      deputyIds: deputies === '' ? [] : deputies.split(';').map((d) => d.trim()).filter((d) => d !== ''),
    });
    if (!parsed.success) {
      errors.push({ line: row.line, message: parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ') });
      continue;
    }
    const a = parsed.data;
    const problems: string[] = [];
    if (a.date !== null && !isCalendarDate(a.date)) problems.push(`no such date ${a.date}`);
    if (a.shiftId === '*' ? a.date !== null : !shiftIds.has(a.shiftId)) problems.push(a.shiftId === '*' ? 'a dated row names its shift' : `unknown shift ${a.shiftId}`);
    if (!postIds.has(a.postId)) problems.push(`unknown post ${a.postId}`);
    if (!personIds.has(a.personId)) problems.push(`unknown person ${a.personId}`);
    for (const d of a.deputyIds) if (!personIds.has(d)) problems.push(`unknown deputy ${d}`);
    const key = `${a.date ?? '-'}|${a.shiftId}|${a.postId}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) problems.push(`line ${earlier} already names this post, shift and date`);
    if (problems.length > 0) errors.push({ line: row.line, message: problems.join('; ') });
    else {
      seen.set(key, row.line);
      assignments.push(a);
    }
  }
  return { assignments, errors: errors.slice(0, MAX_CSV_ERRORS) };
}

/** The roster's assignments as the spreadsheet parseDutyCsv reads (GET /api/dispatch/roster/duty.csv): standing ones first, then by date. */
export function dutyCsv(roster: Roster): string {
  const sorted = [...roster.assignments].sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.shiftId.localeCompare(b.shiftId) || a.postId.localeCompare(b.postId));
  return writeCsv([['date', 'shift', 'post', 'person', 'deputies'], ...sorted.map((a) => [a.date ?? '', a.shiftId, a.postId, a.personId, a.deputyIds.join(';')])]);
}

/**
 * Roster people from a spreadsheet: columns id, name, user, badge, email, phone, wecom, locale (or 编号, 姓名,
 * 账号, 定位卡, 邮箱, 手机, 企业微信, 语言); empty cells are absent; each row schema-checked, bad rows reported by line.
 */
export function parsePeopleCsv(text: string): { people: RosterPerson[]; errors: CsvError[] } {
  const { rows, errors } = table(text, PEOPLE_COLUMNS, ['id', 'name'], MAX_ROSTER_PEOPLE);
  const people: RosterPerson[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const cell = (k: keyof typeof PEOPLE_COLUMNS) => (row.get(k) === '' ? undefined : row.get(k));
    const parsed = RosterPersonSchema.safeParse({
      id: row.get('id'),
      name: row.get('name'),
      userName: cell('user'),
      badgeId: cell('badge'),
      email: cell('email'),
      phone: cell('phone')?.replace(/[\s-]/g, ''),
      wecomUserId: cell('wecom'),
      locale: cell('locale'),
    });
    if (!parsed.success) {
      errors.push({ line: row.line, message: parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ') });
      continue;
    }
    const earlier = seen.get(parsed.data.id);
    if (earlier !== undefined) {
      errors.push({ line: row.line, message: `line ${earlier} already has person ${parsed.data.id}` });
      continue;
    }
    seen.set(parsed.data.id, row.line);
    people.push(parsed.data);
  }
  return { people, errors: errors.slice(0, MAX_CSV_ERRORS) };
}
