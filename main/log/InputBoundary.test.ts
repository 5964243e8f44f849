import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CoreMetrics } from '../metrics/CoreMetrics.js';
import { InputBoundary } from './InputBoundary.js';
import { createLogger } from './logger.js';

async function handlerErrors(metrics: CoreMetrics): Promise<Record<string, number>> {
  const values = (await metrics.handlerErrors.get()).values;
  return Object.fromEntries(values.map((v) => [`${v.labels.surface}/${v.labels.handler}`, v.value]));
}

describe('input boundary', () => {
  it('counts every failure per surface and handler, logs once per interval per handler, and never throws', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }));
    const metrics = new CoreMetrics();
    let now = 0;
    const boundary = new InputBoundary(metrics, logger, () => now);
    const emitter = new EventEmitter();
    emitter.on(
      'boom',
      boundary.guard('socket', 'boom', () => {
        throw new RangeError('Maximum call stack size exceeded');
      }),
    );
    emitter.on(
      'later',
      boundary.guard('socket', 'later', async () => {
        await Promise.resolve();
        throw new Error('async failure');
      }),
    );
    for (let i = 0; i < 100; i++) expect(() => emitter.emit('boom')).not.toThrow();
    emitter.emit('later');
    await new Promise((r) => setImmediate(r));
    boundary.failed('http', 'GET /x', 'not even an Error');
    expect(await handlerErrors(metrics)).toEqual({ 'socket/boom': 100, 'socket/later': 1, 'http/GET /x': 1 });
    expect(lines.map((l) => (JSON.parse(l) as { handler: string }).handler)).toEqual(['boom', 'later', 'GET /x']);
    now += 10_001;
    emitter.emit('boom');
    const last = JSON.parse(lines.at(-1)!) as { handler: string; suppressedSinceLast: number; err: { type: string; stack: string } };
    expect(last).toMatchObject({ handler: 'boom', suppressedSinceLast: 99, err: { type: 'RangeError' } });
    expect(last.err.stack).toContain('InputBoundary.test.ts');
  });
});
