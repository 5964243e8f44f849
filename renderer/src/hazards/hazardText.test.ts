import { describe, expect, it } from 'vitest';
import type { ClientScene, HazardTicketView } from '@contracts';
import { catalogTranslator } from '../i18n/catalogTranslator.js';
import { latinWords } from '../../../tests/support/zhCnText.js';
import { ageText, applyTicket, nextLookChangeMs, deadlineStanding, deadlineText, durationText, hazardKindOfAlarm, hazardLocationOfAlarm, personText, pinLook, sortTickets } from './hazardText.js';

const en = catalogTranslator('en');
const zh = catalogTranslator('zh-CN');
const HOUR_MS = 3_600_000;
const T0 = Date.UTC(2026, 11, 7, 1, 0);

/** A ticket as the register answers it: reported at `reportedAtMs`, its deadline `hours` later, its clock running unless awaiting verification. */
function view(number: string, reportedAtMs: number, extra: { grade?: 'general' | 'major'; state?: HazardTicketView['ticket']['state']; hours?: number; escalationLevel?: number; revision?: number } = {}): HazardTicketView {
  const grade = extra.grade ?? 'general';
  const state = extra.state ?? 'reported';
  const deadlineMs = reportedAtMs + (extra.hours ?? (grade === 'major' ? 4 : 24)) * HOUR_MS;
  return {
    ticket: {
      number,
      source: { kind: 'phone' },
      location: { point: [10, 20], floor: 0, placedBy: 'pin' },
      kind: 'leak',
      grade,
      ...(grade === 'major' && { majorBasis: '121号 第3项' }),
      description: '法兰滴漏',
      reportedAtMs,
      reporter: '',
      state,
      media: [],
      signatures: [{ action: 'report', from: null, to: state, user: '', role: 'viewer', atMs: reportedAtMs }],
    },
    namesWithheld: true,
    mine: false,
    revision: extra.revision ?? 1,
    updatedMs: reportedAtMs,
    timing: { deadlineMs, running: state !== 'awaitingVerification', overdue: false, remindersDue: 0, escalationLevel: extra.escalationLevel ?? 0 },
    steps: [],
  };
}

describe('hidden-danger ticket text', () => {
  it('lists the newest report first, a tie by the later number', () => {
    const list = sortTickets([view('HD-1', T0), view('HD-3', T0 + HOUR_MS), view('HD-2', T0)]);
    expect(list.map((v) => v.ticket.number)).toEqual(['HD-3', 'HD-2', 'HD-1']);
  });

  it('says ages and deadlines in minutes, hours and minutes, or days and hours, in both languages', () => {
    expect(durationText(59 * 60_000 + 59_000, en)).toBe('59 min');
    expect(durationText(3 * HOUR_MS + 20 * 60_000, en)).toBe('3 h 20 min');
    expect(durationText(26 * HOUR_MS, zh)).toBe('1 天 2 小时');
    expect(ageText(T0, T0 + 20 * 60_000, en)).toBe('reported 20 min ago');
    expect(ageText(T0, T0 + 20 * 60_000, zh)).toBe('20 分钟前上报');
  });

  it('judges overdue by the screen clock, with at least the first escalation level, and stops while awaiting verification', () => {
    const major = view('HD-1', T0, { grade: 'major' });
    expect(deadlineStanding(major, T0 + HOUR_MS)).toEqual({ kind: 'left', ms: 3 * HOUR_MS, escalationLevel: 0 });
    expect(deadlineText(deadlineStanding(major, T0 + HOUR_MS), en)).toBe('3 h 0 min left');
    // The list was read before the deadline (level 0): past it the screen says overdue at level 1.
    expect(deadlineStanding(major, T0 + 5 * HOUR_MS)).toEqual({ kind: 'overdue', ms: HOUR_MS, escalationLevel: 1 });
    expect(deadlineText(deadlineStanding(view('HD-2', T0, { grade: 'major', escalationLevel: 2 }), T0 + 6 * HOUR_MS), zh)).toBe('已超期 2 小时 0 分钟 · 2 级升级督办');
    expect(deadlineStanding(view('HD-3', T0, { state: 'awaitingVerification' }), T0 + 30 * HOUR_MS)).toEqual({ kind: 'stopped' });
    expect(deadlineStanding(view('HD-4', T0, { state: 'closed' }), T0)).toEqual({ kind: 'none' });
  });

  it('colours a pin by grade, heavier with age, and blinks it once overdue', () => {
    const general = view('HD-1', T0);
    expect(pinLook(general, T0)).toEqual({ colour: 'medium', ageStep: 0, blink: false });
    expect(pinLook(general, T0 + 12 * HOUR_MS)).toEqual({ colour: 'medium', ageStep: 1, blink: false });
    expect(pinLook(general, T0 + 18 * HOUR_MS)).toEqual({ colour: 'medium', ageStep: 2, blink: false });
    expect(pinLook(general, T0 + 24 * HOUR_MS)).toEqual({ colour: 'medium', ageStep: 3, blink: true });
    expect(pinLook(view('HD-2', T0, { grade: 'major' }), T0 + HOUR_MS)).toEqual({ colour: 'urgent', ageStep: 0, blink: false });
    // Awaiting verification the clock stands: no blinking, however late.
    expect(pinLook(view('HD-3', T0, { state: 'awaitingVerification' }), T0 + 30 * HOUR_MS).blink).toBe(false);
  });

  it("knows when the next pin's look turns: at half and three quarters of the time, at the deadline, never with its clock stopped", () => {
    const general = view('HD-1', T0);
    expect(nextLookChangeMs([general], T0)).toBe(T0 + 12 * HOUR_MS);
    expect(nextLookChangeMs([general, view('HD-2', T0, { grade: 'major' })], T0 + 13 * HOUR_MS)).toBe(T0 + 18 * HOUR_MS);
    expect(nextLookChangeMs([view('HD-2', T0, { grade: 'major' })], T0)).toBe(T0 + 2 * HOUR_MS);
    expect(nextLookChangeMs([general], T0 + 24 * HOUR_MS)).toBeNull();
    expect(nextLookChangeMs([view('HD-3', T0, { state: 'awaitingVerification' })], T0)).toBeNull();
  });

  it('shows a withheld name as the signer role, a given one as it is', () => {
    expect(personText('', 'commander', true, en)).toBe('(name withheld) · Commander');
    expect(personText('', 'operator', true, zh)).toBe('（姓名已隐去）· 操作员');
    expect(personText('王工', 'operator', false, zh)).toBe('王工');
    expect(latinWords(personText('', 'manager', true, zh), 'withheld')).toEqual([]);
  });

  it('applies a re-read ticket in place, drops it once closed, and ignores a stale read', () => {
    const list = sortTickets([view('HD-1', T0), view('HD-2', T0 + HOUR_MS)]);
    const open = (v: HazardTicketView) => v.ticket.state !== 'closed';
    const accepted = view('HD-1', T0, { state: 'accepted', revision: 2 });
    expect(applyTicket(list, accepted, open).map((v) => [v.ticket.number, v.ticket.state])).toEqual([
      ['HD-2', 'reported'],
      ['HD-1', 'accepted'],
    ]);
    expect(applyTicket([accepted], view('HD-1', T0, { revision: 1 }), open)[0]!.ticket.state).toBe('accepted');
    expect(applyTicket([accepted], view('HD-1', T0, { state: 'closed', revision: 3 }), open)).toEqual([]);
    expect(applyTicket(list, view('HD-9', T0 + 2 * HOUR_MS), open)[0]!.ticket.number).toBe('HD-9');
  });
});

describe('a report from an alarm', () => {
  const scene = {
    areas: [{ id: 'tankFarm', polygon: [[0, 0], [10, 0], [10, 10], [0, 10]] }],
    sensors: [{ id: 'GD-1', position: { x: 3, y: 4, z: 0 } }],
    cameras: [{ id: 'CAM-1', position: { x: 7, y: 8, z: 6 } }],
  } as unknown as ClientScene;

  it('starts with the kind the condition points at', () => {
    expect(hazardKindOfAlarm('highHigh')).toBe('leak');
    expect(hazardKindOfAlarm('commLoss')).toBe('instrumentation');
    expect(hazardKindOfAlarm('ppeViolation')).toBe('ppe');
    expect(hazardKindOfAlarm('restrictedEntry')).toBe('unsafeAct');
    expect(hazardKindOfAlarm('combustibleGasNearby')).toBe('specialOperation');
    expect(hazardKindOfAlarm('manDown')).toBe('other');
  });

  it("is placed at the alarm's location, else its detector or camera, else its area's centre", () => {
    expect(hazardLocationOfAlarm({ location: { x: 1, y: 2 }, sourceKind: 'camera', sourceId: 'CAM-1', areaId: 'tankFarm' }, scene)).toEqual({ point: [1, 2], floor: 0, placedBy: 'alarm', areaId: 'tankFarm' });
    expect(hazardLocationOfAlarm({ sourceKind: 'sensor', sourceId: 'GD-1', areaId: 'tankFarm' }, scene)).toEqual({ point: [3, 4], floor: 0, placedBy: 'alarm', areaId: 'tankFarm' });
    expect(hazardLocationOfAlarm({ sourceKind: 'camera', sourceId: 'CAM-1' }, scene)).toEqual({ point: [7, 8], floor: 0, placedBy: 'camera' });
    expect(hazardLocationOfAlarm({ sourceKind: 'area', sourceId: 'tankFarm' }, scene)?.areaId).toBe('tankFarm');
    expect(hazardLocationOfAlarm({ sourceKind: 'hazard', sourceId: 'HD-1' }, scene)).toBeNull();
  });
});
