/** The core's public entry: what the Electron shell and embedders may import. */
export { type CoreHandle, CoreStartError, startCore, type StartCoreOptions } from './core/index.js';
export { resolveServeConfig, type ServeConfig } from './config/index.js';
export { PACKAGE_ROOT, PACKAGE_VERSION } from './platform/index.js';
