/** The HTTP server: routes registered by each capability, request guards (origin, size, rate), the history API. */
export { isSameOriginOrNone, isTrustedLocalRequest } from './requestGuards.js';
export { createHttpApp, type HttpAppDeps } from './createHttpApp.js';
export { registerHistoryRoutes, TimeSchema, type HistoryRoutesDeps } from './historyRoutes.js';
export type { HttpRoutes, RouteGuards } from './httpRoutes.js';
export { sendCoded, sendInvalid, type CodedResult } from './codedReplies.js';
