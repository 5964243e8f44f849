import type { AlarmCondition, AlarmPriority, SensorKind } from '../contracts/index.js';

/**
 * Detectors whose readings protect people directly (GB/T 50493-2019 gas detection, O2 for
 * confined spaces, smoke for fire): losing them is itself a high-priority alarm.
 */
export const SAFETY_SENSOR_KINDS: ReadonlySet<SensorKind> = new Set<SensorKind>(['gas', 'o2', 'smoke']);

/**
 * Default priority of an alarm from its condition (the rationalized mapping; ISA-18.2-2016
 * clause 9 assigns priority by consequence and time to respond):
 * - highHigh/lowLow → urgent: the last stage before a trip or harm, minutes to act;
 *   for O2 lowLow that is 缺氧 danger, for gas highHigh GB/T 50493's 二级 alarm.
 * - high/low → high: time to act before the process reaches the urgent stage; O2 low (欠氧)
 *   and high (过氧) are high.
 * - gasWarning, rateOfChange, badQuality, outOfRange → medium: early warning or a doubtful
 *   measurement the operator must check.
 * - commLoss → high for safety detectors (protection is blind), low otherwise.
 * - areaVoting → urgent: several detectors agree, a confirmed release.
 * - releaseReported → urgent: a release seen in the field needs the emergency response at once
 *   (isolation, evacuation decision), before any detector may confirm it.
 * - manDown → urgent: a motionless worker may be unconscious (gas, O2 deficiency, a fall); it is
 *   life-threatening and the rescue must start within minutes.
 * - restrictedEntry → high: a person without authorization in a restricted or confined-space area
 *   (GB 30871-2022 requires a permit for confined-space entry); time to call them out before harm.
 * - gathering → high: the regulator's 人员聚集 warning (MEM 2023 guide on gathering-risk monitoring
 *   by RTLS): too many people exposed in one spot of a hazardous area if something goes wrong.
 * - ppeViolation, loitering → medium: a person at risk the operator must call out, not yet harmed.
 * - cameraOffline → medium: the camera's safety rules are blind until it is back (as for the comm
 *   loss of a detector), but the plant itself has not changed.
 * - permit rules (GB 30871-2022 special operations, issue 17): combustibleGasNearby and
 *   lelZoneReachesPermit → urgent: flammable gas at an ignition source (the hot work) can explode
 *   within seconds; the work stops at once (§5.2.6, §5.3.1) and the rule suspends the permit.
 *   oxygenOutOfRange → high, as the O2 detector's own 欠氧/过氧 alarm at the same 19.5/23.5 %vol
 *   limits: people leave the space (§6.5) and the rule suspends the permit. entrantCountMismatch,
 *   watcherAway, unlistedBadgeInZone → high, as restrictedEntry: a person unaccounted for in a
 *   confined space, a job without its watcher (§4.10 f: the work stops), a stranger in the cordon;
 *   time to call them before harm. gasTestOverdue, ppeEventInZone, outsideWorkWindow → medium: a
 *   procedure to put right (a new gas analysis, the PPE, a new permit, §4.16), not yet a hazard.
 * - contractor checks (issue 17 item 3, docs/contractors.md): unqualifiedInPermitZone → high, as
 *   unlistedBadgeInZone: a person on the job without the certificate, briefing or whitelisted company it
 *   needs, at the work now; time to stop them before harm. contractorOutsideAuthorisation → medium: a
 *   contractor outside the areas or hours they were briefed and authorised for is a procedure to put right
 *   (call them back), not yet a hazard; a restricted or confined space has its own restrictedEntry (high).
 *   certificateExpiresWithin7Days → medium: a week to renew (复审) before the person may no longer do
 *   certificated work, and an expired card not renewed stays in it; the response (rostering, a review
 *   booked) is due within days. certificateExpiresWithin30Days → low: no consequence yet and weeks to
 *   respond; it is there so the renewal is planned, not to interrupt.
 * - double prevention (issue 18, docs/hazards.md): hazardTicketOverdue → medium: a hidden danger past its
 *   rectification deadline (4 h major, 24 h general) is being escalated; the response (chase the rectifier, a
 *   stop if major) is due within the escalation step, not minutes. inspectionRoundMissed → medium: an area went
 *   unwalked for a whole period, so nobody has looked for leaks and defects; someone walks it this shift.
 *   inspectionRoundLate → low: the round may still come within its grace; it is there so the shift sends it.
 * - the manager's indicators (issue 20, docs/indicators.md): indicatorDeclining → low: a trend over weeks calls for
 *   the safety manager's review within days, never an operator's action in minutes; its grade (blue … red by the
 *   run's length) is in its value.
 * - stuck, drift → low: data-quality diagnostics (NAMUR NE 107 "maintenance required"): the reading
 *   may be wrong, so an instrument technician should check it within the shift; the operator's
 *   limit alarms of the sensor stay in force, and its partners still vote.
 * `priorityOverrides` in the configuration wins over this per alarm id.
 */
export function defaultAlarmPriority(condition: AlarmCondition, sensorKind: SensorKind | undefined): AlarmPriority {
  switch (condition) {
    case 'highHigh':
    case 'lowLow':
    case 'areaVoting':
    case 'manDown':
    case 'releaseReported':
    case 'combustibleGasNearby':
    case 'lelZoneReachesPermit':
      return 'urgent';
    case 'high':
    case 'low':
    case 'restrictedEntry':
    case 'gathering':
    case 'oxygenOutOfRange':
    case 'entrantCountMismatch':
    case 'watcherAway':
    case 'unlistedBadgeInZone':
    case 'unqualifiedInPermitZone':
      return 'high';
    case 'gasWarning':
    case 'rateOfChange':
    case 'badQuality':
    case 'outOfRange':
    case 'ppeViolation':
    case 'loitering':
    case 'cameraOffline':
    case 'gasTestOverdue':
    case 'ppeEventInZone':
    case 'outsideWorkWindow':
    case 'contractorOutsideAuthorisation':
    case 'certificateExpiresWithin7Days':
    case 'hazardTicketOverdue':
    case 'inspectionRoundMissed':
      return 'medium';
    case 'stuck':
    case 'drift':
    case 'certificateExpiresWithin30Days':
    case 'inspectionRoundLate':
    case 'indicatorDeclining':
      return 'low';
    case 'commLoss':
      return sensorKind !== undefined && SAFETY_SENSOR_KINDS.has(sensorKind) ? 'high' : 'low';
  }
}
