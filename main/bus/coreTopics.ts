import type { Alarm, Problem } from '../contracts/index.js';

/** Topics on the core bus. Later capabilities (ingest, detection, simulation) add theirs here. */
export type CoreTopics = {
  /** An alarm's new state, from whatever raised it (alarm engine, detection, simulation). */
  alarm: Alarm;
  /** An operational problem became active. */
  problem: Problem;
};
