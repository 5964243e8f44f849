import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

describe('logger', () => {
  it('never writes the credentials of a URL, wherever it appears in the line', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = createLogger('info', sink);
    logger.info({ url: 'mqtt://ingest:S3cretPw@broker:1883' }, 'MQTT connected');
    logger.warn({ err: new Error('rtsp://user:S3cretPw@10.0.0.5/stream: Connection refused') }, 'camera failed');
    logger.child({ component: 'vision' }).error('source http://nvr/api?token=S3cretPw failed');
    logger.info({ password: 'S3cretPw' }, 'by field name');
    expect(lines).toHaveLength(4);
    for (const line of lines) {
      expect(line).not.toContain('S3cretPw');
      expect(() => JSON.parse(line) as unknown).not.toThrow();
    }
    expect(JSON.parse(lines[0]!)).toMatchObject({ url: 'mqtt://***@broker:1883', msg: 'MQTT connected' });
  });
});
