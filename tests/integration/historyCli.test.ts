import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { McapIndexedReader } from '@mcap/core';
import { FileHandleReadable } from '@mcap/nodejs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HISTORIAN_SCHEMA_VERSION } from '../../main/historian/migrations.js';
import type { HistorianDb } from '../../main/historian/openHistorianDb.js';
import type { SampleSeries } from '../../main/historian/querySamples.js';
import { MCAP_DECOMPRESS_HANDLERS } from '../../main/recording/chunkCompression.js';
import { historianTestEngines } from '../support/historianEngines.js';
import { REPO_ROOT, SAFETWIN_BIN } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';
import { recordSyntheticSession } from './recordingFixtures.js';

/*
 * `safetwin history migrate|import|query` through the built CLI (npm run build:core first), on the
 * embedded engine and a real PostgreSQL: a recording made by the real Recorder is imported, queried back
 * as JSON and CSV and compared with its samples read straight from the MCAP file with the MCAP library
 * (not SafeTwin's reader, which the import uses).
 */
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SAFETWIN_')));

function run(args: string[]) {
  const result = spawnSync(process.execPath, [SAFETWIN_BIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: cleanEnv, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

type Sample = { sensorId: string; tsMs: number; value: number };

/** Every sample of a SafeTwin recording, decoded from the wire format documented in docs/recording.md (t0Ms + dtMs, sensorIds in the metadata). */
async function samplesInRecording(file: string): Promise<Sample[]> {
  const handle = await open(file, 'r');
  const reader = await McapIndexedReader.Initialize({ readable: new FileHandleReadable(handle), decompressHandlers: MCAP_DECOMPRESS_HANDLERS });
  let sensorIds: string[] = [];
  for await (const record of reader.readMetadata({ name: 'safetwin.recording' })) sensorIds = JSON.parse(record.metadata.get('sensorIds')!) as string[];
  const samplesChannel = [...reader.channelsById.values()].find((c) => c.topic === '/samples')!.id;
  const samples: Sample[] = [];
  for await (const message of reader.readMessages({ topics: ['/samples'] })) {
    if (message.channelId !== samplesChannel) continue;
    const batch = JSON.parse(new TextDecoder().decode(message.data)) as { t0Ms: number; sensorIndex: number[]; value: number[]; dtMs: number[] };
    batch.sensorIndex.forEach((index, i) => samples.push({ sensorId: sensorIds[index]!, tsMs: batch.t0Ms + batch.dtMs[i]!, value: batch.value[i]! }));
  }
  await handle.close();
  return samples;
}

/** Independent per-bucket statistics of one sensor's samples. */
function bucketsOf(samples: Sample[], sensorId: string, bucketMs: number) {
  const buckets = new Map<number, number[]>();
  for (const s of samples.filter((x) => x.sensorId === sensorId)) {
    const start = Math.floor(s.tsMs / bucketMs) * bucketMs;
    buckets.set(start, [...(buckets.get(start) ?? []), s.value]);
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([tsMs, values]) => ({ tsMs, min: Math.min(...values), max: Math.max(...values), mean: values.reduce((a, b) => a + b, 0) / values.length, count: values.length }));
}

async function counts(historian: HistorianDb) {
  const { db } = historian;
  const one = async (query: Promise<{ n: unknown } | undefined>) => Number((await query)?.n ?? 0);
  return {
    raw: await one(db.selectFrom('samples_raw').select(sql<number>`count(*)`.as('n')).executeTakeFirst()),
    minuteCount: await one(db.selectFrom('samples_1m').select(sql<number>`sum(count)`.as('n')).executeTakeFirst()),
    hourCount: await one(db.selectFrom('samples_1h').select(sql<number>`sum(count)`.as('n')).executeTakeFirst()),
    minuteSum: await one(db.selectFrom('samples_1m').select(sql<number>`sum(sum)`.as('n')).executeTakeFirst()),
    alarms: await one(db.selectFrom('alarm_transitions').select(sql<number>`count(*)`.as('n')).executeTakeFirst()),
  };
}

const SENSORS_CHECKED = ['GD-0000', 'GD-0003', 'GD-0049'];

let recordings: string[];
let recorded: Sample[];
let startMs: number;
let endMs: number;

beforeAll(async () => {
  // Starts 2 minutes before a UTC hour: the recorder rotates there (two files, imported in one call) and
  // the 1-h aggregates get two buckets.
  const session = await recordSyntheticSession(makeTempDir('history-cli-rec'), { sensors: 50, seconds: 180, startMs: Date.UTC(2026, 4, 3, 7, 58, 0) });
  startMs = session.startMs;
  endMs = session.endMs;
  recordings = readdirSync(session.recordingsDir)
    .filter((n) => n.endsWith('.mcap'))
    .sort()
    .map((n) => path.join(session.recordingsDir, n));
  recorded = [];
  for (const file of recordings) recorded.push(...(await samplesInRecording(file)));
});

const engines = historianTestEngines();
afterAll(async () => {
  for (const engine of engines) await engine.dispose();
});

describe.each(engines)('safetwin history on $name', (engine) => {
  let historian: HistorianDb;
  let location: string;
  let dataDir: string;
  beforeAll(async () => {
    const fresh = await engine.fresh();
    location = fresh.location.engine === 'sqlite' ? fresh.location.file : fresh.location.url;
    dataDir = makeTempDir('history-cli-data');
    historian = await fresh.open();
  });
  afterAll(() => historian?.close());
  const history = (...args: string[]) => run(['history', ...args, '--historian', location, '-d', dataDir]);

  it('migrates a fresh database, then reports it up to date', () => {
    const first = history('migrate');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`schema version 0 → ${HISTORIAN_SCHEMA_VERSION}\\n`));
    expect(first.stdout).not.toMatch(/postgres:\/\/[^/]*@/);
    const again = history('migrate');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`schema version ${HISTORIAN_SCHEMA_VERSION} → ${HISTORIAN_SCHEMA_VERSION} \\(up to date\\)`));
  });

  it('imports a recording, and importing it again adds nothing (raw rows, aggregates, alarm transitions)', async () => {
    expect(recordings).toHaveLength(2);
    const first = history('import', ...recordings, '--json');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const results = first.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { samplesRead: number; samplesInserted: number; alarmTransitionsInserted: number; eventsSkipped: number });
    const total = (key: 'samplesRead' | 'samplesInserted' | 'alarmTransitionsInserted') => results.reduce((sum, r) => sum + r[key], 0);
    expect(results).toHaveLength(2);
    expect(total('samplesRead')).toBe(recorded.length);
    expect(total('samplesInserted')).toBe(recorded.length);
    expect(total('alarmTransitionsInserted')).toBe(3);
    const after = await counts(historian);
    expect(after).toMatchObject({ raw: recorded.length, minuteCount: recorded.length, hourCount: recorded.length, alarms: 3 });
    expect(after.minuteSum).toBeCloseTo(recorded.reduce((sum, s) => sum + s.value, 0), 6);

    const second = history('import', ...recordings);
    expect(second.code).toBe(0);
    const lines = second.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/, 0 of \d+ samples new, 0 alarm transitions, 0 markers, 0 studies/);
    expect(lines[0]).toMatch(/, 3 events already there in /);
    expect(await counts(historian)).toEqual(after);
  });

  it('queries the imported history back as JSON and CSV, equal to the recording read independently', () => {
    const from = new Date(startMs).toISOString();
    const to = String(endMs + 1000);
    // 180 s over 2,000 points: 1-second buckets of the raw tier, one sample each.
    const raw = history('query', '--sensor', SENSORS_CHECKED.join(','), '--from', from, '--to', to, '--step', 'raw');
    expect(raw.stderr).toBe('');
    expect(raw.code).toBe(0);
    const json = JSON.parse(raw.stdout) as { fromMs: number; toMs: number; series: SampleSeries[] };
    expect(json.fromMs).toBe(startMs);
    expect(json.series.map((s) => s.sensorId)).toEqual(SENSORS_CHECKED);
    for (const series of json.series) {
      expect(series).toMatchObject({ tier: 'raw', bucketMs: 1000 });
      const expected = bucketsOf(recorded, series.sensorId, 1000);
      expect(expected.length).toBeGreaterThanOrEqual(179);
      expect(series.points.map(({ tsMs, min, max, mean, count }) => ({ tsMs, min, max, mean, count }))).toEqual(expected);
    }

    const csv = history('query', '--sensor', SENSORS_CHECKED.join(','), '--from', from, '--to', to, '--step', '1m', '--format', 'csv');
    expect(csv.code).toBe(0);
    const [header, ...rows] = csv.stdout.trimEnd().split('\r\n');
    expect(header).toBe('sensor,time_utc,bucket_s,min,max,mean,count,bad_count');
    for (const sensorId of SENSORS_CHECKED) {
      const expected = bucketsOf(recorded, sensorId, 60_000);
      const got = rows.filter((r) => r.startsWith(`${sensorId},`)).map((r) => r.split(','));
      expect(got.map((r) => r[1])).toEqual(expected.map((b) => new Date(b.tsMs).toISOString()));
      got.forEach((r, i) => {
        expect(Number(r[3])).toBe(expected[i]!.min);
        expect(Number(r[4])).toBe(expected[i]!.max);
        expect(Number(r[5])).toBeCloseTo(expected[i]!.mean, 9);
        expect(Number(r[6])).toBe(expected[i]!.count);
        expect(r[2]).toBe('60');
      });
    }
  });

  it('refuses a newer schema with its code, leaving it untouched, for migrate and query', async () => {
    await historian.db.updateTable('historian_meta').set({ value: String(HISTORIAN_SCHEMA_VERSION + 7) }).where('key', '=', 'schema_version').execute();
    const migrate = history('migrate');
    expect(migrate.code).toBe(1);
    expect(migrate.stderr).toContain('[ST_ERR_HISTORIAN_SCHEMA_NEWER]');
    expect(migrate.stderr).toContain(`database schema version ${HISTORIAN_SCHEMA_VERSION + 7}`);
    const query = history('query', '--sensor', 'GD-0000', '--from', String(startMs), '--to', String(endMs));
    expect(query.code).toBe(1);
    expect(query.stderr).toContain('[ST_ERR_HISTORIAN_SCHEMA_NEWER]');
    expect(query.stdout).toBe('');
    const stored = await historian.db.selectFrom('historian_meta').select('value').where('key', '=', 'schema_version').executeTakeFirst();
    expect(stored?.value).toBe(String(HISTORIAN_SCHEMA_VERSION + 7));
  });
});

describe('safetwin history: bad input', () => {
  it('exits 2 on a file that is not a recording, a missing historian file, bad times and an unsupported location', () => {
    const dir = makeTempDir('history-cli-bad');
    const notMcap = path.join(dir, 'notes.mcap');
    writeFileSync(notMcap, 'not a recording');
    const historianFile = path.join(dir, 'h.sqlite');
    const badFile = run(['history', 'import', notMcap, '--historian', historianFile, '-d', dir]);
    expect(badFile.code).toBe(2);
    expect(badFile.stderr).toContain('[ST_ERR_RECORDING_NOT_MCAP]');
    const missing = run(['history', 'query', '--sensor', 'a', '--from', '2026-05-03T00:00:00Z', '--historian', path.join(dir, 'none.sqlite'), '-d', dir]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no historian at/);
    const badTime = run(['history', 'query', '--sensor', 'a', '--from', 'yesterday', '--historian', historianFile, '-d', dir]);
    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toMatch(/--from\/--to must be/);
    const badLocation = run(['history', 'migrate', '--historian', 'ftp://historian.example', '-d', dir]);
    expect(badLocation.code).toBe(2);
    expect(badLocation.stderr).toContain('[ST_ERR_HISTORIAN_URL]');
  });

  it("creates the file private in a folder of the user's choosing without changing that folder's mode", () => {
    // A path such as /tmp/history.sqlite once made /tmp itself 0700 (the folder was forced private).
    const shared = path.join(makeTempDir('history-cli-shared'), 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o755);
    const file = path.join(shared, 'history.sqlite');
    expect(run(['history', 'migrate', '--historian', file, '-d', makeTempDir('history-cli-data')]).code).toBe(0);
    expect(statSync(shared).mode & 0o777).toBe(0o755);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
