import { describe, expect, it } from 'vitest';
import {
  HOT_WORK_GRADES,
  ISOLATION_KINDS,
  PERMIT_ACTIONS,
  PERMIT_AUTHORITIES,
  PERMIT_COUNTERSIGN_UNITS,
  PERMIT_STATES,
  PERMIT_SUSPENSION_REASONS,
  PERMIT_TYPES,
  PermitSchema,
  type PermitRecordView,
  type PermitSignature,
} from '@contracts';
import { catalogTranslator } from '../i18n/catalogTranslator.js';
import { latinWords } from '../../../tests/support/zhCnText.js';
import {
  applyPermitChange,
  clockDuration,
  countdownText,
  permitGradeText,
  shownName,
  sortPermits,
  stepAllowedIn,
  stepsForRole,
  suspensionReasonText,
  suspensionText,
  windowCountdown,
} from './permitText.js';

const en = catalogTranslator('en');
const zh = catalogTranslator('zh-CN');
const T0 = Date.parse('2026-12-07T09:00:00+08:00');
const HOUR_MS = 3_600_000;

const hotWork = (number: string, overrides: Record<string, unknown> = {}) =>
  PermitSchema.parse({
    number,
    type: 'hotWork',
    grade: 'second',
    method: 'electricWelding',
    location: { kind: 'point', point: [10, 20], zoneRadiusM: 5 },
    window: { startMs: T0, endMs: T0 + 4 * HOUR_MS },
    description: '更换法兰',
    entrantBadgeIds: ['BDG-1001'],
    watcher: { badgeId: 'BDG-1002', name: '王伟' },
    issuingUnit: '一车间',
    ...overrides,
  });
const record = (number: string, revision: number, overrides: Record<string, unknown> = {}): PermitRecordView => ({
  permit: hotWork(number, overrides),
  namesWithheld: false,
  revision,
  source: 'ui',
  createdBy: 'li.ming',
  createdMs: T0,
  updatedMs: T0,
  areaId: null,
});
const suspend = (user: string, reasonCode: PermitSignature['reasonCode'], note?: string): PermitSignature => ({
  action: 'suspend',
  from: 'inWork',
  to: 'suspended',
  user,
  role: user === 'system' ? 'system' : 'operator',
  atMs: T0 + HOUR_MS,
  reasonCode,
  ...(note !== undefined && { note }),
});

describe('permit words', () => {
  it('words every state, type, grade, step, level, unit, reason, method and isolation in both languages, zh-CN without English', () => {
    const keys = [
      ...PERMIT_STATES.map((s) => `permits.state.${s}`),
      ...PERMIT_TYPES.map((s) => `permitAlarms.type.${s}`),
      ...HOT_WORK_GRADES.map((g) => `permits.grade.hotWork.${g}`),
      ...PERMIT_ACTIONS.map((a) => `permits.action.${a}`),
      ...PERMIT_AUTHORITIES.map((a) => `permits.authority.${a}`),
      ...PERMIT_COUNTERSIGN_UNITS.map((u) => `permits.unit.${u}`),
      ...ISOLATION_KINDS.map((k) => `permits.isolationKind.${k}`),
      ...['electricWelding', 'gasWelding', 'gasCutting', 'torch', 'grinding', 'drilling', 'sandBlasting', 'other'].map((m) => `permits.method.${m}`),
    ];
    for (const key of keys) {
      expect(en(key), key).toMatch(/\w/);
      expect(latinWords(zh(key), key)).toEqual([]);
    }
    for (const reason of PERMIT_SUSPENSION_REASONS) {
      expect(suspensionReasonText(reason, en), reason).toMatch(/\w/);
      expect(latinWords(suspensionReasonText(reason, zh), reason)).toEqual([]);
    }
    expect(permitGradeText(hotWork('A-1', { grade: 'special' }), zh)).toBe('特级');
    expect(zh('permitAlarms.type.hotWork')).toBe('动火作业');
  });

  it('a suspension by a live rule says the rule; by a person their coded reason, name and note', () => {
    const byRule = hotWork('HW-1', { state: 'suspended', signatures: [suspend('system', 'combustibleGasNearby')] });
    expect(suspensionText(byRule, zh)).toBe(`已暂停：动火点附近可燃气体超预警（${zh('actors.system')}）`);
    expect(suspensionText(byRule, en)).toContain('Suspended:');
    const byPerson = hotWork('HW-2', { state: 'suspended', signatures: [suspend('op.li', 'weather', '阵风六级')] });
    expect(suspensionText(byPerson, zh)).toBe('已暂停：恶劣天气（op.li · 阵风六级）');
    // Resumed: no longer suspended, nothing to say.
    expect(suspensionText(hotWork('HW-3', { state: 'resumed', signatures: [suspend('op.li', 'weather')] }), zh)).toBeNull();
  });

  it('withheld names are said to be withheld, never shown empty', () => {
    expect(shownName('', { namesWithheld: true }, zh)).toBe('姓名已隐去');
    expect(shownName('王伟', { namesWithheld: false }, zh)).toBe('王伟');
  });
});

describe('window countdown', () => {
  const window = { startMs: T0, endMs: T0 + 72 * HOUR_MS };
  it('counts to the start, then down to the end, then says the window is over', () => {
    expect(windowCountdown(window, T0 - 90_000)).toEqual({ kind: 'startsIn', ms: 90_000 });
    expect(windowCountdown(window, T0)).toEqual({ kind: 'endsIn', ms: 72 * HOUR_MS });
    expect(windowCountdown(window, T0 + 72 * HOUR_MS)).toEqual({ kind: 'ended' });
    expect(countdownText(window, T0, zh)).toBe('剩余 72:00:00');
    expect(countdownText(window, T0 - 61_500, en)).toBe('starts in 0:01:02');
    expect(countdownText(window, T0 + 80 * HOUR_MS, zh)).toBe('已超出作业时间');
  });
  it('rounds partial seconds up (a second left is still shown) and never goes negative', () => {
    expect(clockDuration(1)).toBe('0:00:01');
    expect(clockDuration(3_599_000)).toBe('0:59:59');
    expect(clockDuration(-5)).toBe('0:00:00');
  });
});

describe('steps by role and state', () => {
  it('offers each role the steps of its actions, in lifecycle order', () => {
    expect(stepsForRole('viewer')).toEqual([]);
    expect(stepsForRole('operator')).toEqual(['submit', 'start', 'suspend', 'resume', 'close']);
    expect(stepsForRole('commander')).toEqual(['submit', 'countersign', 'reject', 'approve', 'start', 'suspend', 'resume', 'close']);
    expect(stepsForRole('manager')).toEqual(['countersign', 'reject', 'approve', 'review']);
    expect(stepsForRole('admin')).toEqual([...PERMIT_ACTIONS]);
  });
  it('enables a step only in the states it leaves', () => {
    expect(stepAllowedIn('suspend', 'inWork')).toBe(true);
    expect(stepAllowedIn('suspend', 'resumed')).toBe(true);
    expect(stepAllowedIn('suspend', 'approved')).toBe(false);
    expect(stepAllowedIn('close', 'suspended')).toBe(true);
    expect(stepAllowedIn('review', 'closed')).toBe(true);
    expect(stepAllowedIn('approve', 'draft')).toBe(false);
  });
});

describe('the list after permit:changed', () => {
  const all = () => true;
  it('replaces a permit in place, adds a new one at its place, drops one that no longer matches', () => {
    const list = sortPermits([record('A', 1, { window: { startMs: T0, endMs: T0 + HOUR_MS } }), record('B', 1, { window: { startMs: T0 - HOUR_MS, endMs: T0 } })]);
    expect(list.map((r) => r.permit.number)).toEqual(['A', 'B']);
    const updated = applyPermitChange(list, record('B', 2, { window: { startMs: T0 - HOUR_MS, endMs: T0 }, state: 'submitted' }), all);
    expect(updated.map((r) => [r.permit.number, r.revision])).toEqual([
      ['A', 1],
      ['B', 2],
    ]);
    const added = applyPermitChange(updated, record('C', 1, { window: { startMs: T0 + HOUR_MS, endMs: T0 + 2 * HOUR_MS } }), all);
    expect(added.map((r) => r.permit.number)).toEqual(['C', 'A', 'B']);
    const dropped = applyPermitChange(added, record('A', 2, { state: 'closed' }), (r) => r.permit.state !== 'closed');
    expect(dropped.map((r) => r.permit.number)).toEqual(['C', 'B']);
  });
  it('never puts an older revision over a newer one', () => {
    const list = [record('A', 3)];
    expect(applyPermitChange(list, record('A', 2, { state: 'draft' }), all)).toEqual(list);
  });
});
