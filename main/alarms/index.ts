/** The ISA-18.2 alarm engine: a pure core (no I/O, no timers); the I/O edges feed it samples and time. */
export { AlarmConfigSchema, commLossTimeoutMs, defaultAlarmConfig, type AlarmConfig, type AlarmConfigInput, type VotingRule } from './alarmConfig.js';
export { defaultAlarmPriority, SAFETY_SENSOR_KINDS } from './alarmPriority.js';
export { AlarmEngine, ALARM_ERROR_CODES, type AlarmCommandResult, type SensorAlarmSummary } from './AlarmEngine.js';
export { areaDataQuality, dataQualityReport, sensorDataQuality, type SensorDataQualityInput } from './dataQualityScore.js';
export { AlarmKpiTracker, computeAlarmKpis, type AlarmKpiTrackerOptions, type KpiActivation, type KpiAlarmState } from './AlarmKpiTracker.js';
export { EXTERNAL_ONLY_CONDITIONS, type ExternalConditionInput } from './externalAlarms.js';
export type { SensorConditionFlags } from './SensorAlarmEvaluator.js';
export { firstRisingLimit } from './sensorAlarmRules.js';
