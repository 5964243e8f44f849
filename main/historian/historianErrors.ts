import { HISTORIAN_PROBLEM_CODES, type Problem } from '../contracts/index.js';

/** The historian's coded conditions: in the one catalogue (contracts/errorCodes.ts). */
export { HISTORIAN_PROBLEM_CODES };

export type HistorianProblemCode = keyof typeof HISTORIAN_PROBLEM_CODES;

/** An operational failure of the historian: a code for clients and logs, a message without server paths. */
export class HistorianError extends Error {
  constructor(
    readonly code: HistorianProblemCode,
    detail?: string,
    readonly tip?: string,
  ) {
    super(detail === undefined ? HISTORIAN_PROBLEM_CODES[code] : `${HISTORIAN_PROBLEM_CODES[code]}: ${detail}`);
    this.name = 'HistorianError';
  }

  toProblem(): Problem {
    const result: Problem = { code: this.code, severity: 'error', message: this.message };
    if (this.tip !== undefined) result.tip = this.tip;
    return result;
  }
}
