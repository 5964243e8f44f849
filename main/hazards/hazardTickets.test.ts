import { describe, expect, it } from 'vitest';
import { HazardReportSchema, HazardStepRequestSchema, HazardTicketSchema, type HazardStepRequest, type HazardTicket, type Role } from '../contracts/index.js';
import { HOUR_MS, hazardsConfig, MINUTE_MS, MONDAY_9AM, person, reportedTicket, reportOf, ticketOk } from '../../tests/support/hazardFixtures.js';
import { HazardsConfigSchema } from './hazardsConfig.js';
import { applyHazardStep, hazardSchedule, hazardTicketTiming, openHazardTicket, type HazardActor, type HazardStepResult } from './hazardTickets.js';

const officer = person('chen.jing', 'manager');
const shift = person('zhang.wei', 'commander');
const fitter = person('li.ming', 'operator');
const afterPhoto = { ref: 'photo-0002', kind: 'photo', stage: 'rectification', takenAtMs: MONDAY_9AM + HOUR_MS } as const;

const step = (ticket: HazardTicket, request: HazardStepRequest, actor: HazardActor, nowMs = MONDAY_9AM + 10 * MINUTE_MS): HazardStepResult => applyHazardStep(ticket, HazardStepRequestSchema.parse(request), actor, nowMs, hazardsConfig);
const refusal = (result: HazardStepResult) => (result.ok ? 'accepted' : result.code);

function rectified(ticket = reportedTicket()): HazardTicket {
  let t = ticketOk(step(ticket, { action: 'accept', grade: 'general' }, officer));
  t = ticketOk(step(t, { action: 'assign', assignee: 'li.ming' }, officer));
  return ticketOk(step(t, { action: 'rectify', note: '更换垫片 / gasket replaced', media: [afterPhoto] }, fitter, MONDAY_9AM + HOUR_MS));
}

describe('the hidden-danger ticket lifecycle', () => {
  it('runs 上报 → 受理 → 整改中 → 待验收 → 已销号, every step signed, the after photo kept beside the before one', () => {
    const reported = reportedTicket();
    expect(reported).toMatchObject({ state: 'reported', reporter: 'zhao.min', reportedAtMs: MONDAY_9AM, grade: 'general' });
    const done = ticketOk(step(rectified(reported), { action: 'verify', note: '已消除' }, shift, MONDAY_9AM + 2 * HOUR_MS));
    expect(done.state).toBe('closed');
    expect(done.signatures.map((s) => `${s.action}:${s.from}->${s.to}:${s.user}/${s.role}`)).toEqual([
      'report:null->reported:zhao.min/viewer',
      'accept:reported->accepted:chen.jing/manager',
      'assign:accepted->rectifying:chen.jing/manager',
      'rectify:rectifying->awaitingVerification:li.ming/operator',
      'verify:awaitingVerification->closed:zhang.wei/commander',
    ]);
    expect(done.media.map((m) => m.stage)).toEqual(['report', 'rectification']);
    expect(done).toMatchObject({ assignee: 'li.ming', deadlineMs: MONDAY_9AM + 24 * HOUR_MS });
    // The trail the rules produce is one the schema accepts.
    expect(HazardTicketSchema.safeParse(done).success).toBe(true);
  });

  it('lets anyone signed in report, but not the implicit local user', () => {
    for (const role of ['viewer', 'operator', 'commander', 'trainer', 'manager', 'admin'] as Role[]) expect(openHazardTicket(reportOf(), 'YH-1', person('x', role), MONDAY_9AM).ok, role).toBe(true);
    expect(openHazardTicket(reportOf(), 'YH-1', { name: 'local', role: 'operator', implicit: true }, MONDAY_9AM)).toMatchObject({ ok: false, code: 'ST_ERR_HAZARD_NAMED_USER' });
  });

  it('leaves accepting, assigning and verifying to the safety side, and rectifying to those on site', () => {
    const reported = reportedTicket();
    expect(refusal(step(reported, { action: 'accept', grade: 'general' }, fitter))).toBe('ST_ERR_HAZARD_FORBIDDEN');
    expect(refusal(step(reported, { action: 'accept', grade: 'general' }, person('t', 'trainer')))).toBe('ST_ERR_HAZARD_FORBIDDEN');
    expect(refusal(step(reported, { action: 'accept', grade: 'general' }, shift))).toBe('accepted');
    const accepted = ticketOk(step(reported, { action: 'accept', grade: 'general' }, officer));
    expect(refusal(step(accepted, { action: 'assign', assignee: 'li.ming' }, fitter))).toBe('ST_ERR_HAZARD_FORBIDDEN');
    const assigned = ticketOk(step(accepted, { action: 'assign', assignee: 'li.ming' }, officer));
    // Managers are the safety department: they do not record rectifications.
    expect(refusal(step(assigned, { action: 'rectify', note: 'x', media: [afterPhoto] }, officer))).toBe('ST_ERR_HAZARD_FORBIDDEN');
    expect(refusal(step(assigned, { action: 'rectify', note: 'x', media: [afterPhoto] }, person('v', 'viewer')))).toBe('ST_ERR_HAZARD_FORBIDDEN');
    expect(refusal(step(rectified(), { action: 'verify' }, person('wang.fang', 'operator')))).toBe('ST_ERR_HAZARD_FORBIDDEN');
    expect(refusal(step(rectified(), { action: 'verify' }, officer))).toBe('accepted');
    expect(refusal(step(rectified(), { action: 'verify' }, { name: 'local', role: 'commander', implicit: true }))).toBe('ST_ERR_HAZARD_NAMED_USER');
  });

  it('refuses a step from a state it does not leave, leaving the ticket as it was', () => {
    const reported = reportedTicket();
    expect(refusal(step(reported, { action: 'assign', assignee: 'li.ming' }, officer))).toBe('ST_ERR_HAZARD_STATE');
    expect(refusal(step(reported, { action: 'verify' }, officer))).toBe('ST_ERR_HAZARD_STATE');
    const closed = ticketOk(step(rectified(), { action: 'verify' }, officer));
    expect(refusal(step(closed, { action: 'returnForRework', note: 'x' }, officer))).toBe('ST_ERR_HAZARD_STATE');
    expect(refusal(step(closed, { action: 'reject', reason: 'invalid', note: 'x' }, officer))).toBe('ST_ERR_HAZARD_STATE');
    expect(reported.signatures).toHaveLength(1);
  });

  it('keeps two persons apart: the assignee and whoever signed a rectification may not verify it', () => {
    const r = rectified();
    expect(refusal(step(r, { action: 'verify' }, person('li.ming', 'commander')))).toBe('ST_ERR_HAZARD_SAME_PERSON');
    // A commander who rectified himself, then a manager verifies.
    let t = ticketOk(step(reportedTicket(), { action: 'accept', grade: 'general' }, shift));
    t = ticketOk(step(t, { action: 'assign', assignee: 'zhou.qiang' }, shift));
    t = ticketOk(step(t, { action: 'rectify', note: 'x', media: [afterPhoto] }, shift));
    expect(refusal(step(t, { action: 'verify' }, shift))).toBe('ST_ERR_HAZARD_SAME_PERSON');
    expect(refusal(step(t, { action: 'verify' }, person('zhou.qiang', 'manager')))).toBe('ST_ERR_HAZARD_SAME_PERSON');
    expect(refusal(step(t, { action: 'verify' }, officer))).toBe('accepted');
  });

  it('returns a rectification for rework, and the next one needs a new after photo and a fresh verifier', () => {
    let t = ticketOk(step(rectified(), { action: 'returnForRework', note: '仍有渗漏' }, officer));
    expect(t.state).toBe('rectifying');
    t = ticketOk(step(t, { action: 'assign', assignee: 'wang.fang' }, officer));
    expect(t.state).toBe('rectifying');
    t = ticketOk(step(t, { action: 'rectify', note: '更换法兰', media: [{ ...afterPhoto, ref: 'photo-0003' }] }, person('wang.fang', 'operator')));
    // The first rectifier stays barred from verifying the ticket.
    expect(refusal(step(t, { action: 'verify' }, person('li.ming', 'commander')))).toBe('ST_ERR_HAZARD_SAME_PERSON');
    expect(t.media).toHaveLength(3);
  });

  it('rejects a duplicate with the ticket it duplicates, and an invalid report with a reason', () => {
    const dup = ticketOk(step(reportedTicket('YH-0002'), { action: 'reject', reason: 'duplicate', duplicateOf: 'YH-0001' }, officer));
    expect(dup).toMatchObject({ state: 'rejected', duplicateOf: 'YH-0001' });
    expect(dup.signatures.at(-1)).toMatchObject({ rejectReason: 'duplicate', duplicateOf: 'YH-0001' });
    expect(refusal(step(reportedTicket('YH-0002'), { action: 'reject', reason: 'duplicate', duplicateOf: 'YH-0002' }, officer))).toBe('ST_ERR_HAZARD_INVALID');
    expect(HazardStepRequestSchema.safeParse({ action: 'reject', reason: 'invalid' }).success).toBe(false);
    expect(HazardStepRequestSchema.safeParse({ action: 'reject', reason: 'invalid', note: '  ' }).success).toBe(false);
    const invalid = ticketOk(step(reportedTicket(), { action: 'reject', reason: 'invalid', note: '系正常排放 / normal vent' }, shift));
    expect(invalid.signatures.at(-1)).toMatchObject({ rejectReason: 'invalid', note: '系正常排放 / normal vent' });
  });

  it('wants a rectification to carry after photos, and a major grade its basis', () => {
    expect(HazardStepRequestSchema.safeParse({ action: 'rectify', note: 'x', media: [] }).success).toBe(false);
    const assigned = ticketOk(step(ticketOk(step(reportedTicket(), { action: 'accept', grade: 'general' }, officer)), { action: 'assign', assignee: 'li.ming' }, officer));
    expect(refusal(step(assigned, { action: 'rectify', note: 'x', media: [{ ...afterPhoto, stage: 'report' }] }, fitter))).toBe('ST_ERR_HAZARD_INVALID');
    expect(refusal(step(reportedTicket(), { action: 'accept', grade: 'major' }, officer))).toBe('ST_ERR_HAZARD_INVALID');
    const major = ticketOk(step(reportedTicket(), { action: 'accept', grade: 'major', majorBasis: '安监总管三〔2017〕121号 第十二条' }, officer));
    expect(major).toMatchObject({ grade: 'major', majorBasis: '安监总管三〔2017〕121号 第十二条', deadlineMs: MONDAY_9AM + 4 * HOUR_MS });
    expect(HazardReportSchema.safeParse({ ...reportOf(), grade: 'major', majorBasis: undefined }).success).toBe(false);
  });
});

describe('ticket deadlines, reminders and escalation', () => {
  const accept = (grade: 'general' | 'major', extra: Record<string, unknown> = {}, nowMs = MONDAY_9AM + 10 * MINUTE_MS) =>
    step(reportedTicket(), { action: 'accept', grade, ...(grade === 'major' && { majorBasis: '第一条' }), ...extra } as HazardStepRequest, officer, nowMs);

  it('sets the deadline on acceptance from the report: 24 h for a general, 4 h for a major hidden danger', () => {
    expect(ticketOk(accept('general')).deadlineMs).toBe(MONDAY_9AM + 24 * HOUR_MS);
    expect(ticketOk(accept('major')).deadlineMs).toBe(MONDAY_9AM + 4 * HOUR_MS);
    const site = HazardsConfigSchema.parse({ ticketDeadlineMs: { general: 72 * HOUR_MS, major: 8 * HOUR_MS } });
    expect(hazardSchedule(reportedTicket(), site).deadlineMs).toBe(MONDAY_9AM + 72 * HOUR_MS);
  });

  it('takes an earlier deadline, a later one only with a note, and never one already past', () => {
    expect(ticketOk(accept('general', { deadlineMs: MONDAY_9AM + 2 * HOUR_MS })).deadlineMs).toBe(MONDAY_9AM + 2 * HOUR_MS);
    expect(refusal(accept('major', { deadlineMs: MONDAY_9AM + 72 * HOUR_MS }))).toBe('ST_ERR_HAZARD_DEADLINE');
    expect(ticketOk(accept('major', { deadlineMs: MONDAY_9AM + 72 * HOUR_MS, note: '需停车检修，按治理方案' })).deadlineMs).toBe(MONDAY_9AM + 72 * HOUR_MS);
    // Accepted five hours after the report: the major default (4 h) has passed; a later deadline with a note is needed.
    expect(refusal(accept('major', {}, MONDAY_9AM + 5 * HOUR_MS))).toBe('ST_ERR_HAZARD_DEADLINE');
    expect(refusal(accept('general', { deadlineMs: MONDAY_9AM + 10 * MINUTE_MS }))).toBe('ST_ERR_HAZARD_DEADLINE');
  });

  it('reminds at half and three quarters of the time, escalates at the deadline and every step after, three levels', () => {
    const major = ticketOk(accept('major'));
    expect(hazardSchedule(major, hazardsConfig)).toEqual({
      deadlineMs: MONDAY_9AM + 4 * HOUR_MS,
      reminderAtMs: [MONDAY_9AM + 2 * HOUR_MS, MONDAY_9AM + 3 * HOUR_MS],
      escalationAtMs: [MONDAY_9AM + 4 * HOUR_MS, MONDAY_9AM + 5 * HOUR_MS, MONDAY_9AM + 6 * HOUR_MS],
    });
    const general = ticketOk(accept('general'));
    expect(hazardSchedule(general, hazardsConfig).escalationAtMs).toEqual([MONDAY_9AM + 24 * HOUR_MS, MONDAY_9AM + 30 * HOUR_MS, MONDAY_9AM + 36 * HOUR_MS]);
  });

  it('counts reminders and escalations at their instants exactly, and is overdue from the deadline on', () => {
    const major = ticketOk(accept('major'));
    const at = (ms: number) => hazardTicketTiming(major, ms, hazardsConfig);
    expect(at(MONDAY_9AM + 2 * HOUR_MS - 1)).toMatchObject({ remindersDue: 0, escalationLevel: 0, overdue: false, nextAtMs: MONDAY_9AM + 2 * HOUR_MS });
    expect(at(MONDAY_9AM + 2 * HOUR_MS)).toMatchObject({ remindersDue: 1, escalationLevel: 0, nextAtMs: MONDAY_9AM + 3 * HOUR_MS });
    expect(at(MONDAY_9AM + 4 * HOUR_MS - 1)).toMatchObject({ remindersDue: 2, escalationLevel: 0, overdue: false });
    expect(at(MONDAY_9AM + 4 * HOUR_MS)).toMatchObject({ escalationLevel: 1, overdue: true, nextAtMs: MONDAY_9AM + 5 * HOUR_MS });
    expect(at(MONDAY_9AM + 6 * HOUR_MS)).toMatchObject({ escalationLevel: 3, nextAtMs: undefined });
    expect(at(MONDAY_9AM + 99 * HOUR_MS).escalationLevel).toBe(3);
  });

  it('runs the clock before acceptance (on the reported grade) and stops it while awaiting verification or once closed', () => {
    // Nobody accepted a general report: it escalates at 24 h all the same.
    expect(hazardTicketTiming(reportedTicket(), MONDAY_9AM + 24 * HOUR_MS, hazardsConfig)).toMatchObject({ running: true, overdue: true, escalationLevel: 1 });
    const late = MONDAY_9AM + 30 * HOUR_MS;
    const r = rectified();
    expect(hazardTicketTiming(r, late, hazardsConfig)).toMatchObject({ running: false, overdue: false, escalationLevel: 0, nextAtMs: undefined });
    // Returned for rework after the deadline: the clock runs again against the same deadline.
    const returned = ticketOk(step(r, { action: 'returnForRework', note: '仍有渗漏' }, officer, late));
    expect(hazardTicketTiming(returned, late, hazardsConfig)).toMatchObject({ running: true, overdue: true, escalationLevel: 2, deadlineMs: MONDAY_9AM + 24 * HOUR_MS });
    const rejected = ticketOk(step(reportedTicket(), { action: 'reject', reason: 'invalid', note: 'x' }, officer));
    expect(hazardTicketTiming(rejected, late, hazardsConfig).running).toBe(false);
  });
});
