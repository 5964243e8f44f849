import {
  HEIGHT_GRADES,
  MAX_PERMIT_GAS_TESTS,
  PERMIT_PROBLEM_CODES,
  PERMIT_TRANSITIONS,
  roleMay,
  type GasTest,
  type Permit,
  type PermitAction,
  type PermitAuthority,
  type PermitCountersignUnit,
  type PermitRule,
  type PermitSignature,
  type PermitState,
  type PermitSuspensionReason,
  type Role,
} from '../contracts/index.js';
import { approvalRequirement, authoritySatisfies, effectiveHotWorkGrade, maxValidityMs, minimumHeightGrade, type SiteCalendar } from './permitGrades.js';

const MINUTE_MS = 60_000;

/** Who takes a step: the signed-in user as the session knows them (contracts/roles SessionUser). */
export type PermitActor = { name: string; role: Role; implicit: boolean };

/** A step a person asks for, with what that step needs. */
export type PermitStepRequest =
  | { action: 'submit' }
  | { action: 'countersign'; unit: PermitCountersignUnit; note?: string }
  | { action: 'reject'; note: string }
  | { action: 'approve'; authority: PermitAuthority; note?: string }
  | { action: 'start' }
  | { action: 'suspend'; reasonCode: PermitSuspensionReason; note?: string }
  | { action: 'resume'; note: string }
  | { action: 'close'; note?: string }
  | { action: 'review'; note?: string };

export type PermitProblemCode = keyof typeof PERMIT_PROBLEM_CODES;
/** The permit after the step with the step's signed record, or a coded refusal (nothing changed). */
export type PermitStepResult = { ok: true; permit: Permit; step: PermitSignature } | { ok: false; code: PermitProblemCode; message: string };

/** The transitions live in the contracts: the screens offer each role its steps from them (docs/permits.md §3). */
export { PERMIT_TRANSITIONS };

/**
 * §5.3.1 c and §6.3 a: the gas sample is taken at most 30 min before hot work starts or people enter a
 * confined space.
 */
export const GAS_TEST_BEFORE_START_MS = 30 * MINUTE_MS;
/**
 * §5.3.1 d: hot work 特级/一级 interrupted for more than 30 min, 二级 for more than 60 min, is analysed again;
 * §6.3 f: confined-space work interrupted for more than 60 min is tested again.
 */
export function reanalysisAfterInterruptionMs(permit: Permit, calendar: SiteCalendar): number | undefined {
  if (permit.type === 'confinedSpace') return 60 * MINUTE_MS;
  if (permit.type !== 'hotWork') return undefined;
  return effectiveHotWorkGrade(permit.grade, permit.window, calendar).grade === 'second' ? 60 * MINUTE_MS : 30 * MINUTE_MS;
}
/** Suspensions for gas: work resumes only after a new passing test (§6.5 重新检测合格后方可恢复作业, §5.2.6). */
const GAS_REASONS: ReadonlySet<PermitSuspensionReason> = new Set<PermitSuspensionReason>(['combustibleGasNearby', 'lelZoneReachesPermit', 'gasTestOverdue', 'oxygenOutOfRange', 'gasAlarm']);

export type PermitLifecycleContext = {
  calendar: SiteCalendar;
  /** Confined-space O2 limits, %vol (PermitsConfig: issue 17's 19.5–23.5). */
  oxygenMinPct: number;
  oxygenMaxPct: number;
};

const refuse = (code: PermitProblemCode, message: string) => ({ ok: false, code, message }) as const;

/**
 * One lifecycle step by a person: checks the role, the state, the signer (named, and the two-person rules)
 * and the step's own conditions, and returns the permit with the signed step appended, or a coded refusal.
 * Pure: the register journals the step and stores the permit (docs/permits.md).
 */
export function applyPermitStep(permit: Permit, request: PermitStepRequest, actor: PermitActor, nowMs: number, context: PermitLifecycleContext): PermitStepResult {
  const transition = PERMIT_TRANSITIONS[request.action];
  if (!roleMay(actor.role, transition.needs)) return refuse('ST_ERR_PERMIT_FORBIDDEN', `role ${actor.role} may not ${request.action} a permit (needs ${transition.needs})`);
  if (!transition.from.includes(permit.state)) return refuse('ST_ERR_PERMIT_STATE', `cannot ${request.action} a permit in state ${permit.state}`);
  // Every step is signed (issue 17): by a person the core knows, not the console's implicit local user.
  if (actor.implicit) return refuse('ST_ERR_PERMIT_NAMED_USER', `${request.action} needs a signed-in user`);
  const problem = checkStep(permit, request, actor, nowMs, context);
  if (problem) return problem;
  const step: PermitSignature = {
    action: request.action,
    from: permit.state,
    to: transition.to === 'same' ? permit.state : transition.to,
    user: actor.name,
    role: actor.role,
    atMs: nowMs,
    ...(request.action === 'approve' && { authority: request.authority }),
    ...(request.action === 'countersign' && { unit: request.unit }),
    ...(request.action === 'suspend' && { reasonCode: request.reasonCode }),
    ...('note' in request && request.note !== undefined && { note: request.note }),
  };
  return { ok: true, permit: { ...permit, state: step.to, signatures: [...permit.signatures, step] }, step };
}

/**
 * A live rule stops the work (issue 17: gas near hot work, the LEL zone reaching it): signed by 'system'
 * with the rule as the reason. Only a permit whose work goes on is suspended.
 */
export function suspendByRule(permit: Permit, rule: PermitRule, nowMs: number): PermitStepResult {
  if (!PERMIT_TRANSITIONS.suspend.from.includes(permit.state)) return refuse('ST_ERR_PERMIT_STATE', `cannot suspend a permit in state ${permit.state}`);
  const step: PermitSignature = { action: 'suspend', from: permit.state, to: 'suspended', user: 'system', role: 'system', atMs: nowMs, reasonCode: rule };
  return { ok: true, permit: { ...permit, state: 'suspended', signatures: [...permit.signatures, step] }, step };
}

/** States a gas test may be added in: from the draft until the permit is closed (its trail is then final). */
const GAS_TEST_STATES: readonly PermitState[] = ['draft', 'submitted', 'approved', 'inWork', 'suspended', 'resumed'];
/** A test's time may run ahead of the core's clock by this much (the analyser's or the tablet's clock). */
export const GAS_TEST_CLOCK_SKEW_MS = MINUTE_MS;
/** The result of adding a gas test: the permit with it, or a coded refusal (nothing changed). */
export type GasTestResult = { ok: true; permit: Permit } | { ok: false; code: PermitProblemCode; message: string };

/**
 * Adds a gas analysis (气体分析) to a permit: taken before work starts (§5.3.1 c, §6.3 a) and again while it
 * goes on (§6.3 c: every 2 h in a confined space, continuously or periodically; the live rule watches its
 * age). Entered by the operating side (permit:operate: the analyst or the operator who reads the result in),
 * named, in time order (a late entry goes to its place), never in the future beyond the clock skew.
 */
export function recordGasTest(permit: Permit, test: GasTest, actor: PermitActor, nowMs: number): GasTestResult {
  if (!roleMay(actor.role, 'permit:operate')) return refuse('ST_ERR_PERMIT_FORBIDDEN', `role ${actor.role} may not record a gas test (needs permit:operate)`);
  if (!GAS_TEST_STATES.includes(permit.state)) return refuse('ST_ERR_PERMIT_STATE', `cannot add a gas test to a permit in state ${permit.state}`);
  if (actor.implicit) return refuse('ST_ERR_PERMIT_NAMED_USER', 'a gas test needs a signed-in user');
  if (test.takenAtMs > nowMs + GAS_TEST_CLOCK_SKEW_MS) return refuse('ST_ERR_PERMIT_INVALID', 'takenAtMs: the gas test is in the future');
  if (permit.gasTests.length >= MAX_PERMIT_GAS_TESTS) return refuse('ST_ERR_PERMIT_INVALID', `gasTests: at most ${MAX_PERMIT_GAS_TESTS} gas tests`);
  const at = permit.gasTests.findLastIndex((t) => t.takenAtMs <= test.takenAtMs) + 1;
  return { ok: true, permit: { ...permit, gasTests: permit.gasTests.toSpliced(at, 0, test) } };
}

/** The user who submitted the permit last (the applicant of the current round). */
export function applicantOf(permit: Permit): string | undefined {
  return lastSignature(permit, 'submit')?.user;
}

function checkStep(permit: Permit, request: PermitStepRequest, actor: PermitActor, nowMs: number, context: PermitLifecycleContext): PermitStepResult | undefined {
  const applicant = applicantOf(permit);
  switch (request.action) {
    case 'submit':
      return checkSubmission(permit, context.calendar);
    case 'countersign': {
      const round = countersignsOfRound(permit);
      if (round.some((s) => s.unit === request.unit)) return refuse('ST_ERR_PERMIT_COUNTERSIGN_DUPLICATE', `${request.unit} has already countersigned`);
      if (actor.name === applicant || round.some((s) => s.user === actor.name)) return refuse('ST_ERR_PERMIT_SAME_PERSON', `${actor.name} has already signed this permit as applicant or for another unit`);
      return undefined;
    }
    case 'reject':
      return request.note.trim().length === 0 ? refuse('ST_ERR_PERMIT_REASON_REQUIRED', 'a returned permit says why') : undefined;
    case 'approve': {
      // Two-person rule: the approver is neither the applicant nor a countersigner (table B.1 names them as separate parties).
      const round = countersignsOfRound(permit);
      if (actor.name === applicant || round.some((s) => s.user === actor.name)) return refuse('ST_ERR_PERMIT_SAME_PERSON', `${actor.name} applied for or countersigned this permit and may not approve it`);
      const required = approvalRequirement(permit, context.calendar);
      const missing = required.countersignUnits.filter((unit) => !round.some((s) => s.unit === unit));
      if (missing.length > 0) return refuse('ST_ERR_PERMIT_COUNTERSIGN_MISSING', `countersignatures missing: ${missing.join(', ')}`);
      if (!authoritySatisfies(request.authority, required.authority)) return refuse('ST_ERR_PERMIT_AUTHORITY', `this permit is approved by ${required.authority}, not ${request.authority}`);
      return undefined;
    }
    case 'start':
      return checkInWindow(permit, nowMs) ?? checkGasTestSince(permit, nowMs - GAS_TEST_BEFORE_START_MS, nowMs, context, 'within 30 min before work starts');
    case 'suspend':
      return undefined;
    case 'resume': {
      if (request.note.trim().length === 0) return refuse('ST_ERR_PERMIT_REASON_REQUIRED', 'a resumption says why it is safe again');
      const outside = checkInWindow(permit, nowMs);
      if (outside) return outside;
      const suspension = lastSignature(permit, 'suspend');
      if (!suspension) return undefined;
      const interruptionLimitMs = reanalysisAfterInterruptionMs(permit, context.calendar);
      if (interruptionLimitMs === undefined) return undefined;
      const forGas = suspension.reasonCode !== undefined && GAS_REASONS.has(suspension.reasonCode);
      if (!forGas && nowMs - suspension.atMs <= interruptionLimitMs) return undefined;
      return checkGasTestSince(permit, suspension.atMs, nowMs, context, forGas ? 'after a suspension for gas' : `after an interruption of more than ${interruptionLimitMs / MINUTE_MS} min`);
    }
    case 'close':
      return undefined;
    case 'review': {
      // The review checks the whole trail: not by whoever applied for or approved the permit.
      const approver = lastSignature(permit, 'approve')?.user;
      if (actor.name === applicant || actor.name === approver) return refuse('ST_ERR_PERMIT_SAME_PERSON', `${actor.name} applied for or approved this permit and may not review it`);
      return undefined;
    }
  }
}

function checkSubmission(permit: Permit, calendar: SiteCalendar): PermitStepResult | undefined {
  const maxMs = maxValidityMs(permit, calendar);
  const lengthMs = permit.window.endMs - permit.window.startMs;
  if (maxMs !== undefined && lengthMs > maxMs) {
    const upgraded = permit.type === 'hotWork' ? effectiveHotWorkGrade(permit.grade, permit.window, calendar) : undefined;
    const why = upgraded && upgraded.causes.length > 0 ? ` (managed as ${upgraded.grade} for ${upgraded.causes.join(' and ')}, GB 30871-2022 §5.1.1)` : '';
    return refuse('ST_ERR_PERMIT_VALIDITY', `the window is ${(lengthMs / 3_600_000).toFixed(1)} h; a ${permit.type} permit is valid at most ${maxMs / 3_600_000} h${why}`);
  }
  if (permit.type === 'workAtHeight') {
    const minimum = minimumHeightGrade(permit.heightM, permit.objectiveHazard);
    if (HEIGHT_GRADES.indexOf(permit.grade) < HEIGHT_GRADES.indexOf(minimum)) {
      return refuse('ST_ERR_PERMIT_GRADE', `work at ${permit.heightM} m${permit.objectiveHazard ? ' with an objective hazard' : ''} is at least grade ${minimum} (GB 30871-2022 §8.1.3 table 2)`);
    }
  }
  return undefined;
}

function checkInWindow(permit: Permit, nowMs: number): PermitStepResult | undefined {
  const { startMs, endMs } = permit.window;
  return nowMs >= startMs && nowMs < endMs ? undefined : refuse('ST_ERR_PERMIT_OUTSIDE_WINDOW', 'the work window has not begun or has ended');
}

/** Hot work and confined space need a passing gas test taken in [sinceMs, nowMs]; other types none. */
function checkGasTestSince(permit: Permit, sinceMs: number, nowMs: number, context: PermitLifecycleContext, when: string): PermitStepResult | undefined {
  if (permit.type !== 'hotWork' && permit.type !== 'confinedSpace') return undefined;
  const recent = permit.gasTests.filter((t) => t.takenAtMs >= sinceMs && t.takenAtMs <= nowMs);
  const latest = recent.at(-1);
  if (!latest) return refuse('ST_ERR_PERMIT_GAS_TEST_REQUIRED', `a gas test is needed ${when}`);
  if (permit.type === 'confinedSpace' && !oxygenWithin(latest, context)) {
    return refuse('ST_ERR_PERMIT_GAS_TEST_REQUIRED', `the latest gas test must show O2 within ${context.oxygenMinPct}–${context.oxygenMaxPct} %vol (GB 30871-2022 §6.4 a)`);
  }
  // §5.3.2 judges combustibles in %vol against the substance's LEL; the test records %LEL, so a hot-work
  // test must at least measure combustibles (the substance-aware pass mark comes with the register).
  if (permit.type === 'hotWork' && latest.combustibleLelPct === undefined) return refuse('ST_ERR_PERMIT_GAS_TEST_REQUIRED', 'a hot-work gas test measures combustibles (%LEL)');
  return undefined;
}

/** O2 measured and within the limits, both inclusive. */
export function oxygenWithin(test: GasTest, limits: { oxygenMinPct: number; oxygenMaxPct: number }): boolean {
  return test.oxygenPct !== undefined && test.oxygenPct >= limits.oxygenMinPct && test.oxygenPct <= limits.oxygenMaxPct;
}

function lastSignature(permit: Permit, action: PermitAction): PermitSignature | undefined {
  return permit.signatures.findLast((s) => s.action === action);
}

/** Countersignatures since the last submission (a returned and resubmitted permit is countersigned anew). */
function countersignsOfRound(permit: Permit): PermitSignature[] {
  const submittedAt = permit.signatures.findLastIndex((s) => s.action === 'submit');
  return permit.signatures.slice(submittedAt + 1).filter((s) => s.action === 'countersign');
}
