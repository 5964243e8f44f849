import { pino, type Logger, type LevelWithSilent, type DestinationStream } from 'pino';
import { redactSecrets } from '../platform/index.js';
import { boundLogFields } from './boundLogFields.js';

export type { Logger };

/**
 * Structured JSON logs; secrets are redacted wherever they appear in a logged object: password and token
 * fields by name, and the credentials of any URL anywhere in the line (a broker URL, a camera source in
 * an error's message or stack) by the one redaction (platform/redact), applied to each serialized line.
 */
export function createLogger(level: LevelWithSilent, destination?: DestinationStream): Logger {
  return pino(
    {
      name: 'safetwin',
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['password', '*.password', 'token', '*.token', 'req.headers.authorization', 'headers.authorization', 'passwordHash', '*.passwordHash'],
        censor: '[redacted]',
      },
      hooks: { streamWrite: redactSecrets },
      // Fields echo input (topics, ids, error texts): every line is bounded before it is written (issue 13).
      formatters: { log: boundLogFields },
    },
    destination,
  );
}
