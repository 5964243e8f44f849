import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serve } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';

const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SAFETWIN_')));

/**
 * The built core (`safetwin serve`, dist) writes the embedded historian from a worker thread (issue
 * 16.4: writes never slow ingestion; node:sqlite on the core's thread cost the ingest 81 % of its flood
 * throughput, docs/historian.md §9): the simulated plant's samples land in the file, exactly once per
 * minute bucket, and the status says where they were written.
 */
describe('safetwin serve --historian embedded', () => {
  it('writes the simulated plant into the file from a worker thread', async () => {
    const dataDir = makeTempDir('historian-serve');
    const server = serve(['--port', '0', '--broker-port', '0', '--data-dir', dataDir, '--historian', 'embedded', '--no-record', '--log-level', 'warn'], cleanEnv);
    const file = path.join(dataDir, 'historian.sqlite');
    const rawCount = () => {
      const reader = new DatabaseSync(file, { readOnly: true });
      try {
        return Number((reader.prepare('SELECT count(*) AS n FROM samples_raw').get() as { n: number }).n);
      } catch {
        return 0;
      } finally {
        reader.close();
      }
    };
    try {
      const url = await server.url;
      await waitUntil(() => rawCount() > 100, 30_000, 'samples in the historian');
      const status = (await (await fetch(new URL('/api/history/status', url))).json()) as { engine: string; writes: string; writer: { samplesWritten: number; writeFailures: number } };
      expect(status).toMatchObject({ engine: 'sqlite', writes: 'workerThread', writer: { writeFailures: 0 } });
      expect(status.writer.samplesWritten).toBeGreaterThan(100);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    const reader = new DatabaseSync(file, { readOnly: true });
    const raw = reader.prepare('SELECT count(*) AS n FROM samples_raw').get() as { n: number };
    const minutes = reader.prepare('SELECT sum(count) AS n FROM samples_1m').get() as { n: number };
    reader.close();
    // The writer flushed through the worker on shutdown: every raw row in exactly one 1-min bucket.
    expect(Number(minutes.n)).toBe(Number(raw.n));
  }, 60_000);
});
