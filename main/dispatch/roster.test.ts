import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RosterSchema, SceneSchema, type RosterInput } from '../contracts/index.js';
import { defaultDispatchConfig } from './dispatchConfig.js';
import { ownerPostOf, type OwnerSubject } from './ownerRules.js';
import { dispatchSetupProblems, onDutyAt, parseRosterJson, personByBadge, personByUserName, personOf, validateRoster } from './roster.js';

/** Plant time UTC+8 (the demo plant is in Shanghai). */
const CST = 480;
const cst = (local: string) => Date.parse(`${local}+08:00`);

/** Two 12-hour shifts, day 08:00 and night 20:00: the night runs over midnight. */
const roster = RosterSchema.parse({
  shifts: [
    { id: 'night', name: { en: 'Night', 'zh-CN': '夜班' }, startLocal: '20:00' },
    { id: 'day', name: { en: 'Day', 'zh-CN': '白班' }, startLocal: '08:00' },
  ],
  posts: [
    { id: 'unit1Operator', name: { en: 'Unit 1 operator', 'zh-CN': '一号装置内操' } },
    { id: 'shiftLead', name: { en: 'Shift lead', 'zh-CN': '值班长' } },
    { id: 'safetyManager', name: { en: 'Safety manager', 'zh-CN': '安全经理' } },
  ],
  people: [
    { id: 'a', name: '林静', userName: 'op.lin', badgeId: 'BDG-1012' },
    { id: 'b', name: '李洋', badgeId: 'BDG-1021' },
    { id: 'c', name: '张芳' },
    { id: 'd', name: '周刚', userName: 'cmd.zhou' },
    { id: 'm', name: '吴建国', userName: 'mgr.wu' },
  ],
  assignments: [
    { date: null, shiftId: 'day', postId: 'unit1Operator', personId: 'a', deputyIds: ['b'] },
    { date: null, shiftId: 'night', postId: 'unit1Operator', personId: 'b' },
    { date: '2026-12-07', shiftId: 'night', postId: 'unit1Operator', personId: 'c', deputyIds: ['a', 'b'] },
    { date: null, shiftId: '*', postId: 'shiftLead', personId: 'd' },
    { date: '2026-12-08', shiftId: 'day', postId: 'shiftLead', personId: 'a' },
    { date: null, shiftId: '*', postId: 'safetyManager', personId: 'm' },
  ],
} satisfies RosterInput);

describe('onDutyAt', () => {
  it('gives the standing assignment of the shift in force, with its deputies and the shift start', () => {
    expect(onDutyAt(roster, 'unit1Operator', cst('2026-12-07T10:15:00'), CST)).toEqual({ shiftId: 'day', shiftStartMs: cst('2026-12-07T08:00:00'), personId: 'a', deputyIds: ['b'] });
    expect(onDutyAt(roster, 'unit1Operator', cst('2026-12-06T21:00:00'), CST)).toMatchObject({ shiftId: 'night', personId: 'b', deputyIds: [] });
  });

  it('prefers a dated assignment over the standing one for that date and shift only', () => {
    expect(onDutyAt(roster, 'unit1Operator', cst('2026-12-07T20:00:00'), CST)).toEqual({ shiftId: 'night', shiftStartMs: cst('2026-12-07T20:00:00'), personId: 'c', deputyIds: ['a', 'b'] });
    expect(onDutyAt(roster, 'unit1Operator', cst('2026-12-08T20:30:00'), CST)).toMatchObject({ personId: 'b' });
  });

  it('counts the hours after midnight before the first start as the previous date’s night shift', () => {
    // 03:00 on the 8th: the night shift that started at 20:00 on the 7th, whose dated holder is c.
    expect(onDutyAt(roster, 'unit1Operator', cst('2026-12-08T03:00:00'), CST)).toEqual({ shiftId: 'night', shiftStartMs: cst('2026-12-07T20:00:00'), personId: 'c', deputyIds: ['a', 'b'] });
    expect(onDutyAt(roster, 'unit1Operator', cst('2026-12-08T07:59:59'), CST)).toMatchObject({ shiftId: 'night', personId: 'c' });
    expect(onDutyAt(roster, 'unit1Operator', cst('2026-12-08T08:00:00'), CST)).toMatchObject({ shiftId: 'day', personId: 'a' });
  });

  it('uses the plant’s local date, not UTC’s', () => {
    // 2026-12-07T23:30Z is 07:30 on the 8th in Shanghai: still the night that began on the 7th.
    expect(onDutyAt(roster, 'unit1Operator', Date.parse('2026-12-07T23:30:00Z'), CST)).toMatchObject({ shiftId: 'night', personId: 'c' });
    // At UTC the same instant is the night of the 7th too, but by its 20:00 UTC start.
    expect(onDutyAt(roster, 'unit1Operator', Date.parse('2026-12-07T23:30:00Z'), 0)).toMatchObject({ shiftStartMs: Date.parse('2026-12-07T20:00:00Z') });
  });

  it('takes a standing assignment for every shift (*) where no dated or per-shift one applies', () => {
    expect(onDutyAt(roster, 'shiftLead', cst('2026-12-08T02:00:00'), CST)).toMatchObject({ personId: 'd' });
    expect(onDutyAt(roster, 'shiftLead', cst('2026-12-08T09:00:00'), CST)).toMatchObject({ personId: 'a' });
    expect(onDutyAt(roster, 'safetyManager', cst('2026-12-08T09:00:00'), CST)).toMatchObject({ personId: 'm' });
  });

  it('names nobody on a post nobody holds', () => {
    expect(onDutyAt(roster, 'plantLeader', cst('2026-12-08T09:00:00'), CST)).toEqual({ shiftId: 'day', shiftStartMs: cst('2026-12-08T08:00:00'), personId: null, deputyIds: [] });
  });
});

describe('people', () => {
  it('are found by id, account and badge', () => {
    expect(personOf(roster, 'c')?.name).toBe('张芳');
    expect(personByUserName(roster, 'op.lin')?.id).toBe('a');
    expect(personByBadge(roster, 'BDG-1021')?.id).toBe('b');
    expect(personByUserName(roster, 'nobody')).toBeUndefined();
    expect(personByBadge(roster, 'BDG-9999')).toBeUndefined();
  });
});

describe('owner resolution by area and roster', () => {
  const rules = [
    { conditions: ['commLoss' as const], postId: 'maintenanceOnCall' },
    { areaIds: ['unit1', 'sumpPit1'], postId: 'unit1Operator' },
    { sourceKinds: ['camera' as const], priorities: ['urgent' as const, 'high' as const], postId: 'safetyManager' },
  ];
  const o2 = { sourceKind: 'sensor', sourceId: 'O2-SP1-01', areaId: 'sumpPit1', condition: 'lowLow', priority: 'urgent' } satisfies OwnerSubject;

  it('takes the first rule that matches, else the default post', () => {
    expect(ownerPostOf(rules, o2, 'shiftLead')).toBe('unit1Operator');
    expect(ownerPostOf(rules, { ...o2, condition: 'commLoss' }, 'shiftLead')).toBe('maintenanceOnCall');
    expect(ownerPostOf(rules, { ...o2, areaId: 'tankFarm' }, 'shiftLead')).toBe('shiftLead');
    expect(ownerPostOf(rules, { sourceKind: 'camera', sourceId: 'CAM-01', areaId: 'tankFarm', condition: 'ppeViolation', priority: 'high' }, 'shiftLead')).toBe('safetyManager');
    expect(ownerPostOf(rules, { sourceKind: 'camera', sourceId: 'CAM-01', areaId: 'tankFarm', condition: 'ppeViolation', priority: 'low' }, 'shiftLead')).toBe('shiftLead');
  });

  it('does not match an area rule for an alarm without an area, nor an equipment rule without equipment', () => {
    expect(ownerPostOf(rules, { ...o2, areaId: undefined }, 'shiftLead')).toBe('shiftLead');
    expect(ownerPostOf([{ equipmentIds: ['C-101'], postId: 'unit1Operator' }], o2, 'shiftLead')).toBe('shiftLead');
    expect(ownerPostOf([{ equipmentIds: ['C-101'], postId: 'unit1Operator' }], { ...o2, equipmentId: 'C-101' }, 'shiftLead')).toBe('unit1Operator');
  });

  it('resolves the person: the sump pit’s O2 alarm at 03:00 reaches the night’s dated operator and deputies', () => {
    const post = ownerPostOf(rules, o2, 'shiftLead');
    expect(onDutyAt(roster, post, cst('2026-12-08T03:00:00'), CST)).toMatchObject({ personId: 'c', deputyIds: ['a', 'b'] });
  });
});

describe('validateRoster', () => {
  it('finds a sound roster sound', () => {
    expect(validateRoster(roster)).toEqual([]);
  });

  it('names duplicates, unknown references and two people on one post, shift and date', () => {
    const bad = RosterSchema.parse({
      ...roster,
      shifts: [...roster.shifts, { id: 'day', name: { en: 'Again', 'zh-CN': '重复' }, startLocal: '20:00' }],
      people: [...roster.people, { id: 'a', name: 'Again', userName: 'op.lin' }],
      assignments: [
        ...roster.assignments,
        { date: '2026-12-07', shiftId: 'night', postId: 'unit1Operator', personId: 'd' },
        { date: '2026-12-09', shiftId: 'late', postId: 'nowhere', personId: 'ghost', deputyIds: ['ghost2', 'c'] },
        { date: '2026-12-09', shiftId: '*', postId: 'shiftLead', personId: 'c', deputyIds: ['c'] },
      ],
    });
    expect(validateRoster(bad)).toEqual([
      'shift day is listed twice',
      'two shifts start at 20:00',
      'person a is listed twice',
      'user op.lin belongs to two people',
      'assignment 7 (2026-12-07 night unit1Operator): c and d both hold it',
      'assignment 8 (2026-12-09 late nowhere): unknown post nowhere',
      'assignment 8 (2026-12-09 late nowhere): unknown person ghost',
      'assignment 8 (2026-12-09 late nowhere): unknown shift late',
      'assignment 8 (2026-12-09 late nowhere): unknown deputy ghost2',
      'assignment 9 (2026-12-09 * shiftLead): a dated assignment names its shift',
      'assignment 9 (2026-12-09 * shiftLead): c cannot be their own deputy',
    ]);
  });
});

describe('the demo roster', () => {
  const text = readFileSync(new URL('../../scenes/demo-plant/demo-roster.json', import.meta.url), 'utf8');
  const scene = SceneSchema.parse(JSON.parse(readFileSync(new URL('../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')));
  const parsed = parseRosterJson(text, 'demo-roster.json');
  if (!parsed.ok) throw new Error(parsed.problem);
  const demo = parsed.roster;

  it('parses, is sound, and has every post the default config and its owner rules name', () => {
    expect(dispatchSetupProblems(defaultDispatchConfig(), demo, parsed.ownerRules)).toEqual([]);
  });

  it('keeps the alarm statistics’ shifts (08:00, 16:00, 00:00) and holds every post on every shift', () => {
    expect(demo.shifts.map((s) => s.startLocal).sort()).toEqual(['00:00', '08:00', '16:00']);
    for (const at of ['2026-12-08T03:00:00', '2026-12-08T09:00:00', '2026-12-08T17:00:00'])
      for (const post of demo.posts) expect(onDutyAt(demo, post.id, cst(at), CST).personId, `${post.id} at ${at}`).not.toBeNull();
  });

  it('draws its badge holders from the scene’s personnel by badge and name, with test contacts only', () => {
    const byBadge = new Map(scene.personnel.map((p) => [p.badgeId, p.displayName]));
    for (const p of demo.people) {
      if (p.badgeId !== undefined) expect(byBadge.get(p.badgeId), p.id).toBe(p.name);
      expect(p.email).toMatch(/@example\.com$/);
      expect(p.phone).toMatch(/^1380000\d{4}$/);
    }
  });

  it('sends the sump pit’s O2 alarm to the unit 1 operator on duty, a camera-offline to maintenance', () => {
    const config = defaultDispatchConfig();
    const rules = [...config.ownerRules, ...parsed.ownerRules];
    const post = ownerPostOf(rules, { sourceKind: 'sensor', sourceId: 'O2-SP1-01', areaId: 'sumpPit1', condition: 'lowLow', priority: 'urgent' }, config.defaultPostId);
    expect(post).toBe('unit1Operator');
    expect(personOf(demo, onDutyAt(demo, post, cst('2026-12-08T09:00:00'), CST).personId!)?.userName).toBe('op.lin');
    expect(ownerPostOf(rules, { sourceKind: 'camera', sourceId: 'CAM-01', areaId: 'unit1', condition: 'cameraOffline', priority: 'low' }, config.defaultPostId)).toBe('maintenanceOnCall');
    expect(ownerPostOf(rules, { sourceKind: 'area', sourceId: 'admin', areaId: 'admin', condition: 'gathering', priority: 'medium' }, config.defaultPostId)).toBe('shiftLead');
  });

  it('refuses a roster file that is not JSON, breaks the schema or the references', () => {
    expect(parseRosterJson('{', 'f')).toMatchObject({ ok: false });
    expect(parseRosterJson('{"roster":{"shifts":[]}}', 'f')).toMatchObject({ ok: false, problem: expect.stringContaining('roster.shifts') });
    const broken = JSON.parse(text) as { roster: { assignments: { personId: string }[] } };
    broken.roster.assignments[0]!.personId = 'ghost';
    expect(parseRosterJson(JSON.stringify(broken), 'f')).toMatchObject({ ok: false, problem: expect.stringContaining('unknown person ghost') });
  });
});
