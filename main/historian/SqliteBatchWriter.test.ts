import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { emptyBatch, sampleColumnsOf } from './historianBatch.js';
import { migrateHistorian } from './migrations.js';
import { openHistorianDb } from './openHistorianDb.js';
import { SqliteBatchWriter } from './SqliteBatchWriter.js';

// The worker runs compiled JavaScript: this test uses the build (npm run build:core) when present, as the core does.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const compiledWorker = pathToFileURL(path.join(root, 'dist', 'main', 'historian', 'sqliteWriter.worker.js'));

describe.skipIf(!existsSync(fileURLToPath(compiledWorker)))('the embedded historian written from a worker thread', () => {
  it('commits batches on its own connection, read at once by the core, each sample and event once when a batch is retried', async () => {
    const file = path.join(makeTempDir('historian-worker'), 'historian.sqlite');
    const reader = await openHistorianDb({ engine: 'sqlite', file });
    await migrateHistorian(reader.db, reader.engine);
    const writer = await SqliteBatchWriter.start(file, compiledWorker);
    try {
      const batch = emptyBatch();
      // Two whole minutes from a minute boundary (1,780,000,020,000 ms is one).
      batch.samples = sampleColumnsOf(Array.from({ length: 120 }, (_, s) => ['GT-101', 1_780_000_020_000 + s * 1000, s, s % 10 === 0 ? 2 : 0] as const));
      batch.markers.push({ atMs: 1_780_000_000_000, kind: 'drill', phase: 'start', markerId: 'd1', label: 'Drill', by: 'commander' });
      expect(await writer.write(batch)).toEqual({ samplesInserted: 120 });
      expect(await writer.write(batch)).toEqual({ samplesInserted: 0 });
      expect(await reader.db.selectFrom('samples_raw').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirst()).toEqual({ n: 120 });
      expect(await reader.db.selectFrom('samples_1m').select(['count', 'bad_count', 'min', 'max']).orderBy('bucket_ms').execute()).toEqual([
        { count: 60, bad_count: 6, min: 0, max: 59 },
        { count: 60, bad_count: 6, min: 60, max: 119 },
      ]);
      expect(await reader.db.selectFrom('markers').select('marker_id').execute()).toEqual([{ marker_id: 'd1' }]);
    } finally {
      await writer.close();
    }
    // Closed: a write is refused (the HistorianWriter would spool it), never lost silently.
    await expect(writer.write(emptyBatch())).rejects.toThrow(/disposed/);
    await reader.close();
  });

  // /proc/<pid>/task/<tid>/stat: the 19th field is the thread's nice value (proc(5)); the command name
  // in parentheses may hold spaces, so fields are counted after its closing parenthesis.
  const threadNiceValues = () =>
    readdirSync('/proc/self/task').map((tid) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    });

  it.runIf(process.platform === 'linux')('writes from a thread below normal priority, so an ingest saturating the cores goes first (nice 10 on Linux)', async () => {
    const file = path.join(makeTempDir('historian-worker'), 'historian.sqlite');
    const before = threadNiceValues().filter((nice) => nice === 10).length;
    const writer = await SqliteBatchWriter.start(file, compiledWorker);
    try {
      expect(writer.priorityLowered).toBe(true);
      expect(threadNiceValues().filter((nice) => nice === 10).length).toBe(before + 1);
    } finally {
      await writer.close();
    }
    // Asked for normal priority (a benchmark's comparison): no thread lowered.
    const normal = await SqliteBatchWriter.start(file, compiledWorker, 0);
    try {
      expect(normal.priorityLowered).toBe(false);
      expect(threadNiceValues().filter((nice) => nice === 10).length).toBe(before);
    } finally {
      await normal.close();
    }
  });

  it('refuses to start on a file it cannot open, with the reason', async () => {
    const dir = makeTempDir('historian-worker');
    await expect(SqliteBatchWriter.start(path.join(dir, 'no-such-dir', 'x', '\0bad'), compiledWorker)).rejects.toThrow();
  });
});
