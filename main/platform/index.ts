/** Node-side helpers every module may use: the data dir, private files, workers, network, package facts, redaction. */
export { BoundedConcurrency } from './BoundedConcurrency.js';
export { PrivateJsonFile } from './PrivateJsonFile.js';
export { TokenBucket } from './TokenBucket.js';
export { WorkerRpc, type WorkerRpcResponse } from './WorkerRpc.js';
export { defaultDataDir } from './dataDir.js';
export { type DiskBudget, diskBudgetOf } from './diskBudget.js';
export { resolveFfmpeg } from './ffmpeg.js';
export { isLoopbackHost, urlHostFor } from './network.js';
export { DEMO_SCENE_PATH, PACKAGE_ROOT, PACKAGE_VERSION, RENDERER_DIST_DIR } from './packageInfo.js';
export { ensurePrivateDir, makeFilePrivate, openPrivateFile, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, writePrivateFileAtomic } from './privateFiles.js';
export { lowerThreadPriority } from './threadPriority.js';
export { clientProblem, redactSecrets } from './redact.js';
