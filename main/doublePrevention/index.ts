/**
 * Double prevention in the running core (双重预防机制, issue 18, docs/hazards.md §6): the hidden-danger register,
 * the risk register with the live four-colour map, inspection rounds verified by badge with their alarms, and
 * their HTTP and socket surface. The rules are main/hazards'; this module stores, journals and watches.
 */
export { HazardRegister, MAX_HAZARD_TICKETS, MAX_MEDIA_BYTES, type HazardRegisterOptions } from './HazardRegister.js';
export { HAZARD_MEDIA_TYPES, MAX_UPLOADS_PER_USER_PER_HOUR, mediaKindOf } from './mediaChecks.js';
export { HAZARD_JOURNAL_ACTIONS } from './registerResults.js';
export { doublePreventionCapability, registerHazardRoutes, type DoublePrevention } from './hazardCapability.js';
export { InspectionRegister, MAX_INSPECTION_PLANS, type InspectionPlanView, type InspectionRoundView } from './InspectionRegister.js';
export { RiskGradeWatch } from './RiskGradeWatch.js';
export { MAX_RISK_POINTS, RiskRegister } from './RiskRegister.js';
export { HazardAlarmWatch, roundAlarmsOf, type HazardAlarmSources } from './HazardAlarmWatch.js';
export { DEMO_HAZARD_USER, loadDemoHazards, startDemoDoublePrevention } from './demoDoublePrevention.js';
export { DemoInspectionWalker, startDemoInspectionWalks, type DemoInspectionWalkerOptions, type InspectionWalkSink } from './DemoInspectionWalker.js';
export { hazardListCsv, riskControlListCsv } from './registerExports.js';
