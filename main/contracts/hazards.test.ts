import { describe, expect, it } from 'vitest';
import { CheckItemSchema, HazardReportSchema, HazardTicketSchema, InspectionPlanSchema } from './index.js';
import { MONDAY_9AM, reportedTicket } from '../../tests/support/hazardFixtures.js';

const report = { source: { kind: 'phone' }, location: { point: [120, 40], placedBy: 'pin' }, kind: 'leak', description: '滴漏' };
const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) => (result.success ? [] : result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`));

describe('the hidden-danger report', () => {
  it('defaults to a general grade on the ground floor, and refuses unknown keys', () => {
    expect(HazardReportSchema.parse(report)).toMatchObject({ grade: 'general', location: { floor: 0 }, media: [] });
    expect(HazardReportSchema.safeParse({ ...report, severity: 'high' }).success).toBe(false);
  });

  it('wants the badge of a badge-placed location, a point on the plant, report photos only and ten at most', () => {
    expect(issues(HazardReportSchema.safeParse({ ...report, location: { point: [1, 2], placedBy: 'badge' } }))).toEqual(['badgeId: a location placed by badge names the badge']);
    expect(HazardReportSchema.safeParse({ ...report, location: { point: [100_001, 2], placedBy: 'pin' } }).success).toBe(false);
    const photo = (stage: string) => ({ ref: 'p-1', kind: 'photo', stage, takenAtMs: MONDAY_9AM });
    expect(issues(HazardReportSchema.safeParse({ ...report, media: [photo('rectification')] }))).toEqual(['media: a report carries report photos only']);
    expect(HazardReportSchema.safeParse({ ...report, media: Array.from({ length: 11 }, () => photo('report')) }).success).toBe(false);
    expect(HazardReportSchema.safeParse({ ...report, media: [{ ...photo('report'), ref: '../etc/passwd' }] }).success).toBe(false);
  });
});

describe('the ticket record', () => {
  it('keeps its state the last step\'s, its trail starting with the report and unbroken, and a deadline after the report', () => {
    const ticket = reportedTicket();
    expect(HazardTicketSchema.safeParse(ticket).success).toBe(true);
    expect(issues(HazardTicketSchema.safeParse({ ...ticket, state: 'closed' }))).toEqual(["state: the state is the last step's"]);
    expect(issues(HazardTicketSchema.safeParse({ ...ticket, deadlineMs: MONDAY_9AM }))).toEqual(['deadlineMs: the deadline comes after the report']);
    expect(HazardTicketSchema.safeParse({ ...ticket, signatures: [] }).success).toBe(false);
    const step = { action: 'accept', user: 'chen.jing', role: 'manager', atMs: MONDAY_9AM + 1 } as const;
    expect(HazardTicketSchema.safeParse({ ...ticket, state: 'accepted', signatures: [...ticket.signatures, { ...step, from: 'reported', to: 'accepted' }] }).success).toBe(true);
    expect(issues(HazardTicketSchema.safeParse({ ...ticket, state: 'accepted', signatures: [...ticket.signatures, { ...step, from: 'rectifying', to: 'accepted' }] }))).toEqual(['signatures.1.from: each step starts where the one before ended']);
  });
});

describe('the inspection plan', () => {
  const checkpoint = { id: 'CP-1', name: 'P-101', point: [1, 2], items: [{ id: 'seal', kind: 'judgement', text: '机封无泄漏' }] };
  const plan = { id: 'PL-1', name: '日常巡检', areaClass: 'A', anchorDate: '2026-12-07', checkpoints: [checkpoint] };
  it('has unique checkpoint and item ids, an area class of A, B or C, and a real anchor date', () => {
    expect(InspectionPlanSchema.safeParse(plan).success).toBe(true);
    expect(InspectionPlanSchema.safeParse({ ...plan, checkpoints: [checkpoint, checkpoint] }).success).toBe(false);
    expect(InspectionPlanSchema.safeParse({ ...plan, checkpoints: [{ ...checkpoint, items: [checkpoint.items[0], checkpoint.items[0]] }] }).success).toBe(false);
    expect(InspectionPlanSchema.safeParse({ ...plan, areaClass: 'D' }).success).toBe(false);
    expect(InspectionPlanSchema.safeParse({ ...plan, anchorDate: '2026-02-30' }).success).toBe(false);
    expect(InspectionPlanSchema.safeParse({ ...plan, checkpoints: [] }).success).toBe(false);
  });

  it('gives a reading item a normal range that does not run backwards', () => {
    expect(CheckItemSchema.safeParse({ id: 'v', kind: 'reading', text: '振动', unit: 'mm/s', max: 7.1 }).success).toBe(true);
    expect(CheckItemSchema.safeParse({ id: 'v', kind: 'reading', text: '振动', unit: 'mm/s' }).success).toBe(false);
    expect(CheckItemSchema.safeParse({ id: 'v', kind: 'reading', text: '压力', unit: 'MPa', min: 2, max: 1 }).success).toBe(false);
  });
});
