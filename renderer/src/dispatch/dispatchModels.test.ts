import { describe, expect, it } from 'vitest';
import type { Roster, WarningDeadline } from '@contracts';
import { channelHealthOf } from './channelHealth.js';
import { clockText, countdownKey, countdownOf } from './countdown.js';
import { csvRowErrors, csvRowText, lineOfLocation } from './csvErrors.js';
import { deadlinesByAlarm } from './dispatchFeed.js';
import { heldRows } from '../panels/useHoldWhileEngaged.js';
import { addDays, cellOf, changedCells, datedCellKey, withAssignment, withoutAssignment } from './rosterModel.js';

const T0 = Date.UTC(2026, 11, 7, 8, 0, 0);
const deadline = (extra: Partial<WarningDeadline> = {}): WarningDeadline => ({
  warningId: `GD-1:highHigh@${T0}`,
  alarmId: 'GD-1:highHigh',
  level: 0,
  currentPostId: 'unit1Operator',
  ackDueMs: T0 + 2 * 60_000,
  resolveDueMs: T0 + 30 * 60_000,
  acknowledged: false,
  ...extra,
});

const URGENT = { priority: 'urgent', active: true } as const;

describe('warning countdown', () => {
  it('writes mm:ss under an hour and h:mm:ss above, time left rounded up and time past rounded down', () => {
    expect(clockText(0)).toBe('00:00');
    expect(clockText(59_400, 'up')).toBe('01:00');
    expect(clockText(59_400, 'down')).toBe('00:59');
    expect(clockText(3_599_000)).toBe('59:59');
    expect(clockText(3_600_000)).toBe('1:00:00');
    expect(clockText(24 * 3_600_000 - 1_000)).toBe('23:59:59');
    expect(clockText(-5_000)).toBe('00:00');
  });

  it('counts down to the acknowledge deadline in grey, then up past it in the priority colour', () => {
    const early = countdownOf(deadline(), URGENT, T0 + 500);
    expect(early).toMatchObject({ phase: 'ack', overdue: false, clock: '02:00', tone: 'normal', level: 0 });
    expect(countdownKey(early!)).toBe('ack');
    // The deadline's own second reads 00:00 once, on neither side.
    expect(countdownOf(deadline(), URGENT, T0 + 120_000)).toMatchObject({ overdue: false, clock: '00:00', tone: 'normal' });
    const late = countdownOf(deadline(), URGENT, T0 + 121_000);
    expect(late).toMatchObject({ overdue: true, clock: '00:01', tone: 'urgent' });
    expect(countdownKey(late!)).toBe('ackOverdue');
  });

  it('counts to the resolve deadline once acknowledged, and shows the escalation in colour even before the next deadline', () => {
    const acknowledged = countdownOf(deadline({ acknowledged: true }), { priority: 'high', active: true }, T0 + 60_000);
    expect(acknowledged).toMatchObject({ phase: 'resolve', clock: '29:00', tone: 'normal' });
    expect(countdownKey(countdownOf(deadline({ acknowledged: true }), { priority: 'high', active: true }, T0 + 31 * 60_000)!)).toBe('resolveOverdue');
    const escalated = countdownOf(deadline({ level: 1, currentPostId: 'shiftLead', ackDueMs: T0 + 4 * 60_000 }), { priority: 'medium', active: true }, T0 + 3 * 60_000);
    expect(escalated).toMatchObject({ overdue: false, level: 1, postId: 'shiftLead', tone: 'medium', clock: '01:00' });
  });

  it('stops once acknowledged and cleared, and still counts to the acknowledgement of a cleared alarm not acknowledged', () => {
    expect(countdownOf(deadline({ acknowledged: true }), { priority: 'high', active: false }, T0)).toBeNull();
    expect(countdownOf(deadline(), { priority: 'high', active: false }, T0)?.phase).toBe('ack');
  });

  it('keeps the latest raised warning of each alarm', () => {
    const older = deadline({ warningId: `GD-1:highHigh@${T0 - 60_000}`, level: 2 });
    const newer = deadline();
    expect(deadlinesByAlarm([newer, older]).get('GD-1:highHigh')).toBe(newer);
    expect(deadlinesByAlarm([older, newer]).get('GD-1:highHigh')).toBe(newer);
  });
});

describe('held list rows', () => {
  const current = new Map([
    ['a', 'A2'],
    ['c', 'C1'],
  ]);
  const seen = new Map([
    ['a', 'A1'],
    ['b', 'B1'],
  ]);
  it('keeps the held order, rows as they are now or as last seen, newcomers below', () => {
    expect(heldRows(['c', 'a'], ['a', 'b'], current, seen)).toEqual(['A2', 'B1', 'C1']);
  });
  it('shows the order as it is once released', () => {
    expect(heldRows(['c', 'a'], null, current, seen)).toEqual(['C1', 'A2']);
  });
});

const roster: Roster = {
  shifts: [
    { id: 'day', name: { en: 'Day', 'zh-CN': '白班' }, startLocal: '08:00' },
    { id: 'night', name: { en: 'Night', 'zh-CN': '夜班' }, startLocal: '20:00' },
  ],
  posts: [
    { id: 'shiftLead', name: { en: 'Shift lead', 'zh-CN': '值班长' } },
    { id: 'safetyManager', name: { en: 'Safety manager', 'zh-CN': '安全经理' } },
  ],
  people: [
    { id: 'p-a', name: '甲', locale: 'zh-CN' },
    { id: 'p-b', name: '乙', locale: 'zh-CN' },
    { id: 'p-c', name: '丙', locale: 'zh-CN' },
  ],
  assignments: [
    { date: '2026-12-07', shiftId: 'day', postId: 'shiftLead', personId: 'p-a', deputyIds: ['p-b'] },
    { date: null, shiftId: '*', postId: 'safetyManager', personId: 'p-c', deputyIds: [] },
  ],
};

describe('roster edit model', () => {
  it('steps days across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('shows a dated assignment over the standing one, the standing one on other days, nobody where neither', () => {
    expect(cellOf(roster, '2026-12-07', 'day', 'shiftLead')).toEqual({ assignment: roster.assignments[0], standing: false });
    expect(cellOf(roster, '2026-12-08', 'night', 'safetyManager')?.standing).toBe(true);
    expect(cellOf(roster, '2026-12-08', 'day', 'shiftLead')).toBeNull();
  });

  it('edits a cell into a dated assignment (deputies deduplicated, never the person), counts it changed, and removes it back to standing', () => {
    const edited = withAssignment(roster, '2026-12-08', 'night', 'safetyManager', 'p-b', ['p-a', 'p-b', 'p-a']);
    expect(cellOf(edited, '2026-12-08', 'night', 'safetyManager')).toEqual({ assignment: { date: '2026-12-08', shiftId: 'night', postId: 'safetyManager', personId: 'p-b', deputyIds: ['p-a'] }, standing: false });
    expect(changedCells(roster, edited)).toEqual(new Set([datedCellKey('2026-12-08', 'night', 'safetyManager')]));
    const reassigned = withAssignment(edited, '2026-12-07', 'day', 'shiftLead', 'p-a', ['p-c']);
    expect(reassigned.assignments).toHaveLength(3);
    expect(changedCells(roster, reassigned).size).toBe(2);
    const back = withoutAssignment(reassigned, '2026-12-08', 'night', 'safetyManager');
    expect(cellOf(back, '2026-12-08', 'night', 'safetyManager')?.standing).toBe(true);
    expect(changedCells(roster, back)).toEqual(new Set([datedCellKey('2026-12-07', 'day', 'shiftLead')]));
    expect(changedCells(roster, withoutAssignment(roster, '2026-12-07', 'day', 'shiftLead'))).toEqual(new Set([datedCellKey('2026-12-07', 'day', 'shiftLead')]));
  });
});

describe('duty CSV import errors', () => {
  const t = ((key: string, options?: Record<string, unknown>) => `${key}${options ? JSON.stringify(options) : ''}`) as never;

  it('lists the core\'s row errors in line order, at most 50 and how many more', () => {
    const body = { problem: { code: 'ST_ERR_DISPATCH_INVALID', severity: 'info', message: '2 rows…' }, errors: [{ line: 7, message: 'person: unknown person p-x' }, { line: 3, message: 'date: must be YYYY-MM-DD' }] };
    expect(csvRowErrors(body).rows.map((r) => r.line)).toEqual([3, 7]);
    const many = { errors: Array.from({ length: 60 }, (_, i) => ({ line: i + 2, message: 'bad' })) };
    expect(csvRowErrors(many)).toMatchObject({ more: 10 });
    expect(csvRowErrors(many).rows).toHaveLength(50);
  });

  it('takes a problem\'s location as the line when there are no row errors, and nothing from a body without either', () => {
    expect(lineOfLocation('duty.csv:12')).toBe(12);
    expect(lineOfLocation('line 4')).toBe(4);
    expect(lineOfLocation('duty.csv:12:5')).toBe(12);
    expect(csvRowErrors({ problem: { message: 'x', location: 'duty.csv:9' } }).rows).toEqual([{ line: 9, message: 'x' }]);
    expect(csvRowErrors({ problem: { message: 'x' } }).rows).toEqual([]);
    expect(csvRowErrors(null).rows).toEqual([]);
  });

  it('says a row error with the core\'s words in English and by its line alone in zh-CN', () => {
    expect(csvRowText({ line: 3, message: 'date: must be YYYY-MM-DD' }, 'en', t)).toBe('dispatch.roster.lineError{"line":3,"message":"date: must be YYYY-MM-DD"}');
    expect(csvRowText({ line: 3, message: 'date: must be YYYY-MM-DD' }, 'zh-CN', t)).toBe('dispatch.roster.lineErrorBare{"line":3}');
  });
});

describe('channel health', () => {
  it('reads each known channel\'s state, queue and last send, leaving unknown ones out', () => {
    const answer = [
      { channel: 'webhook', configured: true, active: true, healthy: false, queued: 3, lastSentAtMs: T0, lastError: 'HTTP 503' },
      { channel: 'email', configured: false, active: false, healthy: true, queued: 0 },
      { channel: 'sms', configured: true, active: false, healthy: true, queued: 0 },
      { channel: 'pager', configured: true, active: true, healthy: true, queued: 0 },
      { channel: 'wecom', configured: true, active: true, healthy: true, queued: 0 },
    ];
    expect(channelHealthOf(answer)).toEqual([
      { channel: 'webhook', state: 'failing', queued: 3, lastSentAtMs: T0 },
      { channel: 'email', state: 'off', queued: 0, lastSentAtMs: null },
      { channel: 'sms', state: 'failing', queued: 0, lastSentAtMs: null },
      { channel: 'wecom', state: 'ok', queued: 0, lastSentAtMs: null },
    ]);
    expect(channelHealthOf({ problem: {} })).toEqual([]);
  });
});
