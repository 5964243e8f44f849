/**
 * The one module both the core and the renderer import: schemas, types, event maps, codes.
 * It depends on zod only (enforced by eslint.config.js and main/contracts/tsconfig.json).
 */
export * from './alarms.js';
export * from './api.js';
export * from './desktopBridge.js';
export * from './geometry.js';
export * from './landmarks.js';
export * from './problems.js';
export * from './roles.js';
export * from './scene.js';
export * from './clientScene.js';
export * from './socketEvents.js';
export * from './cameraModel.js';
export * from './live.js';
export * from './sensorFlags.js';
export * from './dataQuality.js';
export * from './mqttTopics.js';
export * from './riskWeighting.js';
export * from './dispersion.js';
export * from './vision.js';
export * from './replay.js';
export * from './player.js';
export * from './errorCodes.js';
export * from './evacuation.js';
export * from './evacuationRuns.js';
export * from './evacuationBoard.js';
export * from './permits.js';
export * from './contractors.js';
export * from './hazards.js';
export * from './dispatch.js';
export * from './csv.js';
export * from './indicators.js';
export * from './indicatorNames.js';
export { describeRecordIssues, RECORD_NOTE_MAX_CHARS } from './recordBounds.js';
export * from './permitTransitions.js';
