/**
 * Limits on what one log line may carry. Log fields often echo input (a topic, an id in a request, a
 * payload's error text): without a bound, ten requests with megabyte ids wrote 19 MB of log (issue 13).
 * Long enough for every legitimate id, topic and error message the core produces.
 */
export const LOG_LIMITS = { stringChars: 512, arrayItems: 32, objectKeys: 64, depth: 4 } as const;

/** A string cut to `maxChars`, saying how much was left out (so a reader knows the value was longer). */
export function boundedText(text: string, maxChars: number = LOG_LIMITS.stringChars): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}…(+${text.length - maxChars} chars)`;
}

/**
 * A copy of a log line's fields with every string, array and object bounded (LOG_LIMITS). Errors become
 * copies with only message, stack and code, bounded. Used as pino's `formatters.log`,
 * which runs before serialization and redaction, so every line of every logger of the core goes through it.
 */
export function boundLogFields(fields: Record<string, unknown>): Record<string, unknown> {
  return boundObject(fields, 0);
}

function boundValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return boundedText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= LOG_LIMITS.depth) return '[nested too deep]';
  if (value instanceof Error) return boundError(value, depth);
  if (Array.isArray(value)) {
    const items = value.slice(0, LOG_LIMITS.arrayItems).map((item: unknown) => boundValue(item, depth + 1));
    if (value.length > LOG_LIMITS.arrayItems) items.push(`…(+${value.length - LOG_LIMITS.arrayItems} items)`);
    return items;
  }
  // Buffers and typed arrays: their size, never their bytes.
  if (ArrayBuffer.isView(value)) return `[${value.constructor.name} ${value.byteLength} bytes]`;
  // Only plain data is walked; anything else (a request, a socket) is left to pino's serializers.
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return value;
  return boundObject(value as Record<string, unknown>, depth);
}

function boundObject(object: Record<string, unknown>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let keys = 0;
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    if (++keys > LOG_LIMITS.objectKeys) {
      out['…'] = 'more keys left out';
      break;
    }
    out[boundedText(key, 64)] = boundValue(object[key], depth + 1);
  }
  return out;
}

function boundError(error: Error, depth: number): Error {
  // Same prototype, so pino's error serializer still names its type (RangeError, not Object).
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error & { code?: unknown };
  copy.message = boundedText(error.message);
  if (error.stack !== undefined) copy.stack = boundedText(error.stack, 2048);
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) copy.code = boundValue(code, depth + 1);
  return copy;
}
