/**
 * Special-operation permits in the running core (issue 17): the register that keeps them in the historian's
 * records store with their signed trace and serves the write API, and the live checks that turn gas, people
 * and cameras near a permit into located alarms and suspensions. The rules themselves are main/permits.
 */
export type { ActivePermits } from './activePermits.js';
export { PERMIT_CREATED_ACTION, PERMIT_GAS_TEST_ACTION, PERMIT_STEP_ACTION, PermitRegister, type PermitRegisterOptions, type RegisterResult } from './PermitRegister.js';
export { PERMIT_BODY_LIMIT_BYTES, permitCapability, registerPermitRoutes } from './permitCapability.js';
export { PERMIT_STATS_PATH, registerPermitStatsRoutes, type PermitStatsRoutesDeps } from './permitStatsRoutes.js';
export { DEMO_PERMIT_PREFIX, DEMO_PERMIT_USER, DEMO_PERMITS_FILE, demoPermits, DemoPermitsFileSchema, badgesReported, fileDemoPermits, readDemoPermitsFile, startDemoPermits, type DemoPermitsFile } from './demoPermits.js';
export { areaLocator, permitViewFor, withoutNames } from './permitViews.js';
export { siteCalendarOf } from './siteCalendar.js';
export { cameraEventKind, PermitWatch, type PermitWatchHub, type PermitWatchOptions } from './PermitWatch.js';
