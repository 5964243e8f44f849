/** Evacuation: the engine, the scene run the core drives (live and drill), the study CLI's runner, the report. */
export { EvacuationRun, type EvacuationRunOptions, type WorkerStart } from './EvacuationRun.js';
export { EvacuationEngine } from './EvacuationEngine.js';
export { EvacuationInputError } from './errors.js';
export { EVACUATION_MODEL_DEFAULTS, EVACUATION_MODEL_NAME } from './modelDefaults.js';
export { formatReportDuration, localizedName, renderEvacuationReportHtml, type ReportLocale } from './reportHtml.js';
export { prepareScenario, runScenario, type ScenarioResult } from './runScenario.js';
export { HazardInputSchema, ScenarioSchema, type HazardInputRaw } from './scenarioSchema.js';
export { AGENT_STATE, type AgentProfile } from './types.js';
export { descentDirection, sampleField } from './navigationField.js';
