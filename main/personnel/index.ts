/** Worker (RTLS badge) safety rules: man-down, restricted-zone entry, gathering. A pure core; its conditions feed AlarmEngine.setExternalCondition. */
export { defaultWorkerSafetyConfig, WorkerSafetyConfigSchema, type WorkerSafetyConfig, type WorkerSafetyConfigInput } from './workerSafetyConfig.js';
export { WorkerSafetyMonitor, type WorkerSafetyCondition, type WorkerSafetyConditions } from './WorkerSafetyMonitor.js';
export { singleLinkageClusterSizes } from './singleLinkage.js';
