/** Studies the core runs live: gas leak dispersion over the plant and the evacuation runs and drills. */
export { engineWhenBooted, type LeakSimulatorLink, LiveLeakStudies, startLeakEngine } from './LiveLeakStudies.js';
export type { DrillSession } from './evacuation/DrillSession.js';
export { evacuationCapability, type EvacuationRuns, startEvacuationRuns } from './evacuation/index.js';
