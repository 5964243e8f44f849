/** Configuration of `safetwin serve`: one schema over file, environment and flags, and the names they share. */
export { resolveServeConfig, type ServeConfig } from './config.js';
export { CONFIG_ENV_VARS, CONFIG_FILE_ENV_VAR, DEFAULT_PORT, LOG_LEVELS } from './configNames.js';
