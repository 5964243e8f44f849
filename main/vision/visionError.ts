import { VISION_PROBLEM_CODES, type VisionProblemCode } from '../contracts/index.js';

/**
 * An operational vision problem (bad manifest, corrupt model, dead stream): a code from
 * VISION_PROBLEM_CODES, a message that says where, and a tip. Thrown across module boundaries and turned
 * into camera health / CLI output; never a bare Error, so the UI can key on the code.
 */
export class VisionError extends Error {
  readonly code: VisionProblemCode;
  readonly location: string | undefined;
  readonly tip: string | undefined;

  constructor(code: VisionProblemCode, message: string, detail: { location?: string; tip?: string; cause?: unknown } = {}) {
    super(detail.location ? `${detail.location}: ${message}` : message, detail.cause === undefined ? undefined : { cause: detail.cause });
    this.name = 'VisionError';
    this.code = code;
    this.location = detail.location;
    this.tip = detail.tip;
  }

  toProblem(): { code: string; message: string; tip?: string } {
    return this.tip === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, tip: this.tip };
  }

  /** Rebuilds the error on the other side of a worker boundary (structured clone drops the class). */
  static fromPlain(plain: { code?: string; message?: string; tip?: string }): VisionError {
    const code = plain.code && plain.code in VISION_PROBLEM_CODES ? (plain.code as VisionProblemCode) : 'ST_ERR_VISION_INFERENCE';
    return new VisionError(code, plain.message ?? VISION_PROBLEM_CODES[code], plain.tip === undefined ? {} : { tip: plain.tip });
  }
}

export function asVisionError(error: unknown, fallback: VisionProblemCode): VisionError {
  if (error instanceof VisionError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new VisionError(fallback, message, { cause: error });
}
