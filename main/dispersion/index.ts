/**
 * Gas dispersion: the engine behind `safetwin plume` and the live leak overlay (docs/dispersion.md).
 * Pure and deterministic; LeakServiceWorker runs the live service in a worker thread.
 */
export { runStudy, StudyInputError } from './runStudy.js';
export { LeakService, sampleGrid, type LeakServiceOptions, type WindUpdate, type WorkerLocation } from './LeakService.js';
export { LeakServiceWorker } from './LeakServiceWorker.js';
export { LeakRequestError, substanceForScene } from './equipmentRelease.js';
export { findSubstance, SUBSTANCES, SUBSTANCE_REFERENCES, type SubstanceRecord } from './substanceTable.js';
export { mgM3ToPpm, ppmToMgM3 } from './atmosphere.js';
export { PuffTrain, type GridSpec } from './puffTrain.js';
export { WindHistory, downwindUnit, toWindFrame } from './windHistory.js';
export { makeDispersionSetup } from './dispersionSetup.js';
