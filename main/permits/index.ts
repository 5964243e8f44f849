/**
 * Special-operation permits (GB 30871-2022 作业票): a pure rule core — validity and the hot-work upgrade,
 * approval requirements, the lifecycle with its two-person rules, and the live rules, whose conditions
 * feed AlarmEngine.setExternalCondition as personnel's do. docs/permits.md.
 */
export { defaultPermitsConfig, PermitsConfigSchema, type PermitsConfig, type PermitsConfigInput } from './permitsConfig.js';
export { approvalRequirement, authoritySatisfies, effectiveHotWorkGrade, maxValidityMs, minimumHeightGrade, type ApprovalRequirement, type EffectiveHotWorkGrade, type HotWorkUpgradeCause, type SiteCalendar } from './permitGrades.js';
export {
  applicantOf,
  applyPermitStep,
  GAS_TEST_BEFORE_START_MS,
  GAS_TEST_CLOCK_SKEW_MS,
  recordGasTest,
  type GasTestResult,
  oxygenWithin,
  PERMIT_TRANSITIONS,
  reanalysisAfterInterruptionMs,
  suspendByRule,
  type PermitActor,
  type PermitLifecycleContext,
  type PermitProblemCode,
  type PermitStepRequest,
  type PermitStepResult,
} from './permitLifecycle.js';
export { evaluatePermitRules, PermitZone, rulesFor, SUSPENDING_RULES, type PermitBadgePosition, type PermitCameraEvent, type PermitCondition, type PermitDetectorReading, type PermitWorld } from './permitLiveRules.js';
