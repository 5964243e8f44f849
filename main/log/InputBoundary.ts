import type { CoreMetrics } from '../metrics/index.js';
import { boundedText } from './boundLogFields.js';
import type { Logger } from './logger.js';
import { RateLimitedLog } from './RateLimitedLog.js';

/** Where input enters the core. MQTT messages are also counted per reason in safetwin_ingest_rejected_total. */
export type InputSurface = 'mqtt' | 'socket' | 'http' | 'process';

/** One log line per surface and handler at most this often; the rest are counted in the next line. */
const LOG_INTERVAL_MS = 10_000;
/** Handler labels are names the core registers (events, routes); bounded anyway so a label can never grow. */
const MAX_HANDLER_LABEL_CHARS = 64;

/**
 * The one place a failure of an input handler ends (issue 13: no input on any surface may stop the core):
 * counted in safetwin_handler_errors_total{surface, handler}, logged at most once per interval per handler
 * with how many were suppressed, and swallowed so the core goes on serving. The boundary itself never throws.
 */
export class InputBoundary {
  private readonly log: RateLimitedLog;

  constructor(
    private readonly metrics: Pick<CoreMetrics, 'handlerErrors'>,
    logger: Logger,
    now: () => number = Date.now,
  ) {
    this.log = new RateLimitedLog(logger, LOG_INTERVAL_MS, now);
  }

  /** Counts and logs one failure. */
  failed(surface: InputSurface, handler: string, error: unknown): void {
    const label = boundedText(handler, MAX_HANDLER_LABEL_CHARS);
    try {
      this.metrics.handlerErrors.inc({ surface, handler: label });
      this.log.error(`${surface}\u0000${label}`, { surface, handler: label, err: error instanceof Error ? error : new Error(String(error)) }, 'input handler failed; the core goes on');
    } catch {
      // Counting or logging failed (a closed log stream at shutdown): nothing left to tell, and the caller must go on.
    }
  }

  /** A listener whose throw, or rejected promise, ends here instead of in its emitter (socket.io, mqtt.js, node:events). */
  guard<A extends unknown[]>(surface: InputSurface, handler: string, listener: (...args: A) => unknown): (...args: A) => void {
    return (...args: A) => {
      try {
        const result = listener(...args);
        if (result instanceof Promise) result.catch((error: unknown) => this.failed(surface, handler, error));
      } catch (error) {
        this.failed(surface, handler, error);
      }
    };
  }
}
