/**
 * Double prevention (双重预防机制, issue 18): a pure rule core — risk grading by LEC or the site's risk matrix and
 * the live re-grade when a control fails, the hidden-danger ticket lifecycle by role with its deadlines,
 * reminders and escalation, duplicate screening, and inspection slots, badge-verified check-ins and round
 * status, and the monthly hidden-danger analysis. Imports contracts only. docs/hazards.md.
 */
export { defaultHazardsConfig, HazardsConfigSchema, type HazardsConfig, type HazardsConfigInput, type RoundFrequency } from './hazardsConfig.js';
export { controlLevelSuffices, gradeAssessment, LEC_BOUNDS, lecGrade, lecScore, liveRiskGrade, minimumControlLevel, mostSevereGrade, type LiveRiskGrade, type RiskGrading, type RiskGradingResult } from './riskGrading.js';
export {
  applyHazardStep,
  defaultDeadlineMs,
  ESCALATION_LEVELS,
  hazardSchedule,
  hazardTicketTiming,
  openHazardTicket,
  rectifiersOf,
  type HazardActor,
  type HazardProblemCode,
  type HazardSchedule,
  type HazardStepResult,
  type HazardTiming,
} from './hazardTickets.js';
export { likelyDuplicates, MAX_DUPLICATE_CANDIDATES, type LikelyDuplicate, type ScreenedReport } from './duplicateScreening.js';
export { MAX_ANALYSIS_AREAS, MAX_ANALYSIS_CARRIED_OVER, MAX_ANALYSIS_REPEATS, hazardCohortFigures, monthlyHazardAnalysis, type HazardCohortFigures, type LocalMonth } from './monthlyAnalysis.js';
export { checkFailed, failedItemReport, inspectionSlots, MAX_SLOTS_PER_CALL, roundCompletedAtMs, roundStatuses, verifyCheckIn, type BadgeFix, type InspectionSlot, type SlotStatus } from './inspectionRounds.js';
export { DEMO_HAZARD_PREFIX, DEMO_HAZARDS_FILE, demoHazards, DemoHazardsFileSchema, parseDemoHazardsFile, type DemoHazards, type DemoHazardsFile, type DemoHazardsScene, type DemoInspector } from './demoHazards.js';
export { MAX_LEADERBOARD_ROWS, participationPoints, type ParticipationRow } from './participation.js';
