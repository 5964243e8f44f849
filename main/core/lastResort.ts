import { problem, type Problem } from '../contracts/index.js';
import type { InputBoundary } from '../log/index.js';

/** What the process reports when nothing else caught an error: where it surfaced, and the error. */
export type LastResort = (origin: 'uncaughtException' | 'unhandledRejection', error: unknown) => void;

/**
 * The process-level last resort (issue 13): an error that escaped every input boundary (a timer, a stream
 * callback, a promise nobody awaited) is counted (safetwin_handler_errors_total{surface="process"}), logged at
 * most once per interval with its stack, and the core goes on serving: for a control room a running core with
 * one failed operation is safer than none, and every request path already has its own boundary. Node's advice
 * (nodejs.org/api/process.html "Warning: Using 'uncaughtException' correctly") is that state may then be
 * inconsistent, so the first such error also raises ST_ERR_CORE_UNCAUGHT: health turns "degraded" and tells
 * the operator to restart at a convenient time. Start-up failures are not covered: before the core listens,
 * an error still ends `safetwin serve` with its message.
 */
export function createLastResort(boundary: InputBoundary, raise: (p: Problem) => void): LastResort {
  let raised = false;
  return (origin, error) => {
    boundary.failed('process', origin, error);
    if (raised) return;
    raised = true;
    try {
      raise(problem('ST_ERR_CORE_UNCAUGHT', 'error', { tip: 'The core kept serving. Restart it at a convenient time and report the "input handler failed" log line with surface "process".' }));
    } catch {
      // The problem could not be raised (the core is closing): the count and the log line stand.
    }
  };
}

/** Routes the process's uncaught errors to the last resort; returns the uninstaller. */
export function installLastResort(target: NodeJS.Process, lastResort: LastResort): () => void {
  const onException = (error: Error) => lastResort('uncaughtException', error);
  const onRejection = (reason: unknown) => lastResort('unhandledRejection', reason);
  target.on('uncaughtException', onException);
  target.on('unhandledRejection', onRejection);
  return () => {
    target.off('uncaughtException', onException);
    target.off('unhandledRejection', onRejection);
  };
}
