/** Camera AI: the public surface the core composes (docs/vision.md). */
export { VisionService, type CameraFrame, type FrameTiming, type VisionCallbacks } from './VisionService.js';
export { VisionServiceConfigSchema, VisionCameraConfigSchema, defaultAnalysisSize, type VisionServiceConfig, type VisionServiceConfigInput, type VisionCameraConfig } from './visionConfig.js';
export { FrigateAdapter, FrigateConfigSchema, type FrigateConfig } from './frigate.js';
export { loadModelManifest, ModelManifestSchema, MODELS_DIR_ENV_VAR, type ModelManifest } from './modelManifest.js';
export { OnnxDetector, type SessionConfig } from './OnnxDetector.js';
export { InferencePool, defaultPoolConfig } from './InferencePool.js';
export { CameraSafetyRules } from './SafetyRules.js';
export { VisionError } from './visionError.js';
export type { Detection } from './detect.js';
export { roundDetection } from './detect.js';
export { decodeImageFile, requireFfmpeg } from './imageFile.js';
export { resolveVisionPaths, VisionCoreConfigSchema } from './visionCoreConfig.js';
export { VisionCoreLink, type VisionCoreLinkDeps } from './VisionCoreLink.js';
export { registerVisionRoutes } from './visionRoutes.js';
