/** Logging: the structured logger, rate-limited logs and the input boundary that counts and bounds what comes in. */
export { InputBoundary } from './InputBoundary.js';
export { RateLimitedLog } from './RateLimitedLog.js';
export { boundedText } from './boundLogFields.js';
export { createLogger, type Logger } from './logger.js';
