import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { boundedText, boundLogFields, LOG_LIMITS } from './boundLogFields.js';
import { createLogger } from './logger.js';

function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger('info', sink), lines };
}

describe('log fields bounded before logging (issue 13)', () => {
  it('cuts long strings, long arrays, wide and deep objects, and says what was left out', () => {
    const bounded = boundLogFields({
      id: 'x'.repeat(10_000),
      ids: Array.from({ length: 500 }, (_, i) => `alarm-${i}`),
      wide: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i])),
      deep: { a: { b: { c: { d: { e: 1 } } } } },
      bytes: Buffer.alloc(5_000),
      n: 42,
    });
    expect(bounded.id).toBe(`${'x'.repeat(LOG_LIMITS.stringChars)}…(+${10_000 - LOG_LIMITS.stringChars} chars)`);
    expect(bounded.ids).toHaveLength(LOG_LIMITS.arrayItems + 1);
    expect((bounded.ids as string[]).at(-1)).toBe(`…(+${500 - LOG_LIMITS.arrayItems} items)`);
    expect(Object.keys(bounded.wide as object)).toHaveLength(LOG_LIMITS.objectKeys + 1);
    expect(bounded.deep).toEqual({ a: { b: { c: '[nested too deep]' } } });
    expect(bounded.bytes).toBe('[Buffer 5000 bytes]');
    expect(bounded.n).toBe(42);
    expect(boundedText('short')).toBe('short');
  });

  it('keeps an error’s type, code and stack, bounded', () => {
    const error = Object.assign(new Error('y'.repeat(5_000)), { code: 'E_TEST' });
    const bounded = boundLogFields({ err: error }).err as Error & { code: string };
    expect(bounded).toBeInstanceOf(Error);
    expect(bounded.code).toBe('E_TEST');
    expect(bounded.message.length).toBeLessThan(600);
    expect(bounded.stack!.length).toBeLessThan(2_100);
  });

  it('ten alarm commands with megabyte ids write kilobytes of log, not megabytes, with redaction intact', () => {
    const { logger, lines } = capturingLogger();
    const command = { action: 'acknowledge', alarmIds: Array.from({ length: 20 }, () => 'A'.repeat(50_000)) };
    for (let i = 0; i < 10; i++) logger.info({ user: 'op', command, errors: command.alarmIds.map((id) => `no such alarm ${id}`), password: 'pw' }, 'alarm command');
    const bytes = lines.reduce((sum, line) => sum + line.length, 0);
    expect(lines).toHaveLength(10);
    // Unbounded, these lines held 2 × 20 × 50 kB = 2 MB each (20 MB for the ten).
    expect(bytes).toBeLessThan(10 * 50_000);
    const first = JSON.parse(lines[0]!) as { command: { alarmIds: string[] }; password: string };
    expect(first.password).toBe('[redacted]');
    expect(first.command.alarmIds[0]).toMatch(/…\(\+49488 chars\)$/);
  });
});
