/** The core's public entry: what the Electron shell and embedders may import. */
export { startCore, CoreStartError, type CoreHandle, type StartCoreOptions } from './core/startCore.js';
export { resolveServeConfig, type ServeConfig } from './config/config.js';
export { PACKAGE_ROOT, PACKAGE_VERSION } from './platform/packageInfo.js';
