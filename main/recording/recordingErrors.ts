import { RECORDING_PROBLEM_CODES, type Problem, type RecordingProblemCode } from '../contracts/index.js';

/**
 * A recording that cannot be used as asked: a coded, operational problem (missing, truncated,
 * foreign, newer format, empty, out of range), never a crash. The CLI prints `message` and exits 2;
 * the player reports it as a problem.
 */
export class RecordingError extends Error {
  constructor(
    readonly code: RecordingProblemCode,
    message: string,
    readonly tip?: string,
  ) {
    super(message);
    this.name = 'RecordingError';
  }

  toProblem(): Problem {
    const result: Problem = { code: this.code, severity: 'error', message: this.message };
    if (this.tip !== undefined) result.tip = this.tip;
    return result;
  }
}

export function recordingError(code: RecordingProblemCode, detail: string, tip?: string): RecordingError {
  return new RecordingError(code, `${RECORDING_PROBLEM_CODES[code]}: ${detail}`, tip);
}
