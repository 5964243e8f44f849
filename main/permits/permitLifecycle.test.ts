import { describe, expect, it } from 'vitest';
import { GasTestSchema, type Permit, type Role } from '../contracts/index.js';
import { cst, HOUR_MS, lifecycleContext, MINUTE_MS, MONDAY_9AM, permitOf } from '../../tests/support/permitFixtures.js';
import { applyPermitStep, GAS_TEST_CLOCK_SKEW_MS, recordGasTest, suspendByRule, type PermitActor, type PermitStepRequest, type PermitStepResult } from './permitLifecycle.js';

const context = lifecycleContext();
const person = (name: string, role: Role): PermitActor => ({ name, role, implicit: false });
const applicant = person('li.ming', 'operator');
const commander = person('zhang.wei', 'commander');
const manager = person('chen.jing', 'manager');
const operator2 = person('wang.fang', 'operator');

function ok(result: PermitStepResult): Permit {
  if (!result.ok) throw new Error(`refused: ${result.code} ${result.message}`);
  return result.permit;
}
function step(permit: Permit, request: PermitStepRequest, actor: PermitActor, nowMs = MONDAY_9AM): PermitStepResult {
  return applyPermitStep(permit, request, actor, nowMs, context);
}
const refusal = (result: { ok: true } | { ok: false; code: string }) => (result.ok ? 'accepted' : result.code);

/** A 二级 hot-work permit, 09:00–13:00 on a working Monday, with a passing gas test at 08:45. */
const gasTest = (atMs: number, extra: Record<string, unknown> = {}) => ({ takenAtMs: atMs, oxygenPct: 20.9, combustibleLelPct: 0, analystName: '赵敏', ...extra });
const hotWork = () => permitOf('hotWork', { gasTests: [gasTest(MONDAY_9AM - 15 * MINUTE_MS)] });

function approved(permit: Permit = hotWork()): Permit {
  const submitted = ok(step(permit, { action: 'submit' }, applicant, MONDAY_9AM - HOUR_MS));
  return ok(step(submitted, { action: 'approve', authority: 'baseUnit' }, commander, MONDAY_9AM - 30 * MINUTE_MS));
}

describe('the permit lifecycle', () => {
  it('runs draft → submitted → approved → inWork → suspended → resumed → closed → reviewed, each step signed', () => {
    let permit = approved();
    permit = ok(step(permit, { action: 'start' }, applicant));
    permit = ok(step(permit, { action: 'suspend', reasonCode: 'weather', note: '五级风' }, operator2, MONDAY_9AM + 10 * MINUTE_MS));
    permit = ok(step(permit, { action: 'resume', note: '风力减弱' }, operator2, MONDAY_9AM + 20 * MINUTE_MS));
    permit = ok(step(permit, { action: 'close' }, applicant, MONDAY_9AM + 2 * HOUR_MS));
    const result = step(permit, { action: 'review', note: '记录完整' }, manager, MONDAY_9AM + 5 * HOUR_MS);
    permit = ok(result);
    expect(permit.state).toBe('reviewed');
    expect(permit.signatures.map((s) => `${s.action}:${s.from}->${s.to}:${s.user}/${s.role}`)).toEqual([
      'submit:draft->submitted:li.ming/operator',
      'approve:submitted->approved:zhang.wei/commander',
      'start:approved->inWork:li.ming/operator',
      'suspend:inWork->suspended:wang.fang/operator',
      'resume:suspended->resumed:wang.fang/operator',
      'close:resumed->closed:li.ming/operator',
      'review:closed->reviewed:chen.jing/manager',
    ]);
    expect(permit.signatures[1]).toMatchObject({ authority: 'baseUnit', atMs: MONDAY_9AM - 30 * MINUTE_MS });
    expect(permit.signatures[3]).toMatchObject({ reasonCode: 'weather', note: '五级风' });
    expect(result.ok && result.step).toEqual(permit.signatures.at(-1));
  });

  it('refuses a step from a state it does not leave, and leaves the permit unchanged', () => {
    const draft = hotWork();
    expect(refusal(step(draft, { action: 'approve', authority: 'baseUnit' }, commander))).toBe('ST_ERR_PERMIT_STATE');
    expect(refusal(step(draft, { action: 'start' }, applicant))).toBe('ST_ERR_PERMIT_STATE');
    expect(refusal(step(approved(), { action: 'resume', note: 'x' }, applicant))).toBe('ST_ERR_PERMIT_STATE');
    expect(refusal(step(approved(), { action: 'review' }, manager))).toBe('ST_ERR_PERMIT_STATE');
    expect(draft.state).toBe('draft');
    expect(draft.signatures).toEqual([]);
  });

  it('refuses a step the role may not take', () => {
    const submitted = ok(step(hotWork(), { action: 'submit' }, applicant));
    expect(refusal(step(hotWork(), { action: 'submit' }, person('v', 'viewer')))).toBe('ST_ERR_PERMIT_FORBIDDEN');
    expect(refusal(step(hotWork(), { action: 'submit' }, person('t', 'trainer')))).toBe('ST_ERR_PERMIT_FORBIDDEN');
    expect(refusal(step(submitted, { action: 'approve', authority: 'baseUnit' }, operator2))).toBe('ST_ERR_PERMIT_FORBIDDEN');
    // Managers approve and review but do not run the job.
    expect(refusal(step(approved(), { action: 'start' }, manager))).toBe('ST_ERR_PERMIT_FORBIDDEN');
    expect(refusal(step(submitted, { action: 'approve', authority: 'baseUnit' }, manager))).toBe('accepted');
    expect(refusal(step(submitted, { action: 'approve', authority: 'baseUnit' }, person('root', 'admin')))).toBe('accepted');
  });

  it('refuses the implicit local user: every step is signed by a named person', () => {
    expect(refusal(step(hotWork(), { action: 'submit' }, { name: 'local', role: 'operator', implicit: true }))).toBe('ST_ERR_PERMIT_NAMED_USER');
  });

  it('keeps two persons apart: the applicant may not approve, a countersigner may not approve, the approver may not review', () => {
    const submitted = ok(step(hotWork(), { action: 'submit' }, commander));
    expect(refusal(step(submitted, { action: 'approve', authority: 'baseUnit' }, commander))).toBe('ST_ERR_PERMIT_SAME_PERSON');
    const excavation = ok(step(permitOf('excavation'), { action: 'submit' }, applicant));
    const signed = ok(step(excavation, { action: 'countersign', unit: 'fire' }, commander));
    expect(refusal(step(signed, { action: 'approve', authority: 'specialistDepartment' }, commander))).toBe('ST_ERR_PERMIT_SAME_PERSON');
    // The applicant may not countersign, nor one person for two units.
    expect(refusal(step(excavation, { action: 'countersign', unit: 'fire' }, person('li.ming', 'admin')))).toBe('ST_ERR_PERMIT_SAME_PERSON');
    expect(refusal(step(signed, { action: 'countersign', unit: 'safety' }, commander))).toBe('ST_ERR_PERMIT_SAME_PERSON');
    const closed = ok(step(approved(), { action: 'close', note: '取消' }, applicant));
    expect(refusal(step(closed, { action: 'review' }, person('zhang.wei', 'manager')))).toBe('ST_ERR_PERMIT_SAME_PERSON');
    expect(refusal(step(closed, { action: 'review' }, manager))).toBe('accepted');
  });

  it('wants every countersignature of table B.1 before approval, once per unit', () => {
    let road = ok(step(permitOf('roadClosure'), { action: 'submit' }, applicant));
    expect(step(road, { action: 'approve', authority: 'specialistDepartment' }, manager)).toMatchObject({ ok: false, code: 'ST_ERR_PERMIT_COUNTERSIGN_MISSING', message: 'countersignatures missing: fire, safety' });
    road = ok(step(road, { action: 'countersign', unit: 'fire' }, commander));
    expect(refusal(step(road, { action: 'countersign', unit: 'fire' }, person('zhou', 'commander')))).toBe('ST_ERR_PERMIT_COUNTERSIGN_DUPLICATE');
    expect(refusal(step(road, { action: 'approve', authority: 'specialistDepartment' }, manager))).toBe('ST_ERR_PERMIT_COUNTERSIGN_MISSING');
    road = ok(step(road, { action: 'countersign', unit: 'safety' }, person('zhou', 'commander')));
    expect(refusal(step(road, { action: 'approve', authority: 'specialistDepartment' }, manager))).toBe('accepted');
  });

  it('starts countersigning over when a returned permit is submitted again', () => {
    let road = ok(step(permitOf('roadClosure'), { action: 'submit' }, applicant));
    road = ok(step(road, { action: 'countersign', unit: 'fire' }, commander));
    road = ok(step(road, { action: 'countersign', unit: 'safety' }, person('zhou', 'commander')));
    expect(refusal(step(road, { action: 'reject', note: ' ' }, manager))).toBe('ST_ERR_PERMIT_REASON_REQUIRED');
    road = ok(step(road, { action: 'reject', note: '交通方案不全' }, manager));
    expect(road.state).toBe('draft');
    road = ok(step(road, { action: 'submit' }, applicant));
    expect(refusal(step(road, { action: 'approve', authority: 'specialistDepartment' }, manager))).toBe('ST_ERR_PERMIT_COUNTERSIGN_MISSING');
  });

  it('wants the approval signed for the authority of the effective grade', () => {
    const special = ok(step(permitOf('hotWork', { grade: 'special' }), { action: 'submit' }, applicant));
    expect(refusal(step(special, { action: 'approve', authority: 'safetyDepartment' }, manager))).toBe('ST_ERR_PERMIT_AUTHORITY');
    expect(refusal(step(special, { action: 'approve', authority: 'plantLeadership' }, manager))).toBe('accepted');
    // A 二级 job at night is managed as 一级: the base unit may no longer approve it.
    const night = ok(step(permitOf('hotWork', { window: { startMs: cst('2026-12-07T20:00'), endMs: cst('2026-12-07T23:00') } }), { action: 'submit' }, applicant));
    expect(refusal(step(night, { action: 'approve', authority: 'baseUnit' }, commander))).toBe('ST_ERR_PERMIT_AUTHORITY');
    expect(refusal(step(night, { action: 'approve', authority: 'safetyDepartment' }, manager))).toBe('accepted');
  });

  it('refuses to submit a window longer than the validity, or a height grade below table 2', () => {
    const long = permitOf('hotWork', { grade: 'first', window: { startMs: MONDAY_9AM, endMs: MONDAY_9AM + 8 * HOUR_MS + 1 } });
    expect(refusal(step(long, { action: 'submit' }, applicant))).toBe('ST_ERR_PERMIT_VALIDITY');
    expect(refusal(step(permitOf('hotWork', { grade: 'first', window: { startMs: MONDAY_9AM, endMs: MONDAY_9AM + 8 * HOUR_MS } }), { action: 'submit' }, applicant))).not.toBe('ST_ERR_PERMIT_VALIDITY');
    // 二级 over a night is 一级 with 8 h: a 24 h window is refused with the reason.
    const overnight = permitOf('hotWork', { window: { startMs: MONDAY_9AM, endMs: MONDAY_9AM + 24 * HOUR_MS } });
    expect(step(overnight, { action: 'submit' }, applicant)).toMatchObject({ ok: false, code: 'ST_ERR_PERMIT_VALIDITY', message: expect.stringContaining('managed as first for night') });
    expect(refusal(step(permitOf('workAtHeight', { heightM: 16, grade: 'II' }), { action: 'submit' }, applicant))).toBe('ST_ERR_PERMIT_GRADE');
    expect(refusal(step(permitOf('workAtHeight', { heightM: 16, grade: 'III' }), { action: 'submit' }, applicant))).toBe('accepted');
  });

  it('starts work only inside the window and after a passing gas test at most 30 min old (§5.3.1 c, §6.3 a)', () => {
    expect(refusal(step(approved(), { action: 'start' }, applicant, MONDAY_9AM - 1))).toBe('ST_ERR_PERMIT_OUTSIDE_WINDOW');
    expect(refusal(step(approved(), { action: 'start' }, applicant, MONDAY_9AM + 4 * HOUR_MS))).toBe('ST_ERR_PERMIT_OUTSIDE_WINDOW');
    // The test at 08:45 is exactly 30 min old at 09:15, and too old a millisecond later.
    expect(refusal(step(approved(), { action: 'start' }, applicant, MONDAY_9AM + 15 * MINUTE_MS))).toBe('accepted');
    expect(refusal(step(approved(), { action: 'start' }, applicant, MONDAY_9AM + 15 * MINUTE_MS + 1))).toBe('ST_ERR_PERMIT_GAS_TEST_REQUIRED');
    // A hot-work test measures combustibles.
    const noLel = permitOf('hotWork', { gasTests: [gasTest(MONDAY_9AM - MINUTE_MS, { combustibleLelPct: undefined })] });
    expect(refusal(step(approved(noLel), { action: 'start' }, applicant))).toBe('ST_ERR_PERMIT_GAS_TEST_REQUIRED');
    // Blinding needs no gas test to start.
    expect(refusal(step(approved(permitOf('blinding')), { action: 'start' }, applicant))).toBe('accepted');
  });

  it('enters a confined space only with O2 within 19.5–23.5 % in the last test, both limits included', () => {
    const space = (oxygenPct: number) => approved(permitOf('confinedSpace', { gasTests: [gasTest(MONDAY_9AM - 5 * MINUTE_MS, { oxygenPct })] }));
    expect(refusal(step(space(19.5), { action: 'start' }, applicant))).toBe('accepted');
    expect(refusal(step(space(23.5), { action: 'start' }, applicant))).toBe('accepted');
    expect(refusal(step(space(19.4), { action: 'start' }, applicant))).toBe('ST_ERR_PERMIT_GAS_TEST_REQUIRED');
    expect(refusal(step(space(23.6), { action: 'start' }, applicant))).toBe('ST_ERR_PERMIT_GAS_TEST_REQUIRED');
  });

  it('suspends with a coded reason and resumes with a note; after gas, only with a new passing test (§6.5)', () => {
    const inWork = ok(step(approved(), { action: 'start' }, applicant));
    const suspendedMs = MONDAY_9AM + 30 * MINUTE_MS;
    const suspended = ok(suspendByRule(inWork, 'combustibleGasNearby', suspendedMs));
    expect(suspended.signatures.at(-1)).toMatchObject({ action: 'suspend', user: 'system', role: 'system', reasonCode: 'combustibleGasNearby', atMs: suspendedMs });
    expect(refusal(step(suspended, { action: 'resume', note: '' }, applicant, suspendedMs + MINUTE_MS))).toBe('ST_ERR_PERMIT_REASON_REQUIRED');
    expect(refusal(step(suspended, { action: 'resume', note: '泄漏已处理' }, applicant, suspendedMs + MINUTE_MS))).toBe('ST_ERR_PERMIT_GAS_TEST_REQUIRED');
    const retested = { ...suspended, gasTests: [...suspended.gasTests, GasTestSchema.parse(gasTest(suspendedMs + 2 * MINUTE_MS))] };
    expect(refusal(step(retested, { action: 'resume', note: '泄漏已处理' }, applicant, suspendedMs + 3 * MINUTE_MS))).toBe('accepted');
    // Only working permits are suspended by a rule.
    expect(refusal(suspendByRule(suspended, 'lelZoneReachesPermit', suspendedMs))).toBe('ST_ERR_PERMIT_STATE');
  });

  it('adds a gas test in time order while the permit is open, by a named user of the operating side, not in the future', () => {
    const suspended = ok(suspendByRule(ok(step(approved(), { action: 'start' }, applicant)), 'combustibleGasNearby', MONDAY_9AM + 30 * MINUTE_MS));
    const later = GasTestSchema.parse(gasTest(MONDAY_9AM + 40 * MINUTE_MS));
    const added = recordGasTest(suspended, later, applicant, MONDAY_9AM + 41 * MINUTE_MS);
    expect(added.ok && added.permit.gasTests.map((t) => t.takenAtMs)).toEqual([MONDAY_9AM - 15 * MINUTE_MS, MONDAY_9AM + 40 * MINUTE_MS]);
    // Entered late: it goes to its place in time, after a test of the same time.
    const early = GasTestSchema.parse(gasTest(MONDAY_9AM - 15 * MINUTE_MS, { oxygenPct: 20.5 }));
    const lateEntry = recordGasTest(added.ok ? added.permit : suspended, early, applicant, MONDAY_9AM + 42 * MINUTE_MS);
    expect(lateEntry.ok && lateEntry.permit.gasTests.map((t) => t.oxygenPct)).toEqual([20.9, 20.5, 20.9]);
    // The new test lets the work resume after the gas suspension (§6.5).
    expect(refusal(step(added.ok ? added.permit : suspended, { action: 'resume', note: '复测合格' }, applicant, MONDAY_9AM + 45 * MINUTE_MS))).toBe('accepted');
    // Refused: a role without permit:operate, the implicit user, a time beyond the clock skew, a closed permit.
    expect(refusal(recordGasTest(suspended, later, manager, MONDAY_9AM + 41 * MINUTE_MS))).toBe('ST_ERR_PERMIT_FORBIDDEN');
    expect(refusal(recordGasTest(suspended, later, { ...applicant, implicit: true }, MONDAY_9AM + 41 * MINUTE_MS))).toBe('ST_ERR_PERMIT_NAMED_USER');
    expect(refusal(recordGasTest(suspended, later, applicant, MONDAY_9AM + 40 * MINUTE_MS - GAS_TEST_CLOCK_SKEW_MS))).toBe('accepted');
    expect(refusal(recordGasTest(suspended, later, applicant, MONDAY_9AM + 40 * MINUTE_MS - GAS_TEST_CLOCK_SKEW_MS - 1))).toBe('ST_ERR_PERMIT_INVALID');
    const closed = ok(step(suspended, { action: 'close' }, applicant, MONDAY_9AM + 50 * MINUTE_MS));
    expect(refusal(recordGasTest(closed, later, applicant, MONDAY_9AM + 51 * MINUTE_MS))).toBe('ST_ERR_PERMIT_STATE');
  });

  it('wants a new gas test after an interruption longer than §5.3.1 d allows, whatever the reason', () => {
    const inWork = ok(step(approved(), { action: 'start' }, applicant));
    const suspended = ok(step(inWork, { action: 'suspend', reasonCode: 'weather' }, applicant, MONDAY_9AM + 10 * MINUTE_MS));
    // 二级 hot work: 60 min. At exactly 60 min no new test is needed; after it, one is.
    expect(refusal(step(suspended, { action: 'resume', note: '风停' }, applicant, MONDAY_9AM + 70 * MINUTE_MS))).toBe('accepted');
    expect(refusal(step(suspended, { action: 'resume', note: '风停' }, applicant, MONDAY_9AM + 70 * MINUTE_MS + 1))).toBe('ST_ERR_PERMIT_GAS_TEST_REQUIRED');
  });
});
