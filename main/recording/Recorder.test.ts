import { readdirSync, renameSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { McapIndexedReader } from '@mcap/core';
import { FileHandleReadable } from '@mcap/nodejs';
import { describe, expect, it } from 'vitest';
import type { CoreTopics } from '../bus/coreTopics.js';
import { MessageBus } from '../bus/MessageBus.js';
import { ProblemBoard } from '../bus/ProblemBoard.js';
import type { Problem } from '../contracts/index.js';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { alarmTransition, syntheticScene } from '../../tests/integration/recordingFixtures.js';
import { AuditJournal } from '../audit/index.js';
import { verifyAuditJournal } from './auditVerify.js';
import { MCAP_DECOMPRESS_HANDLERS } from './chunkCompression.js';
import { crc32 } from './crc32.js';
import { Recorder, type RecorderOptions } from './Recorder.js';
import { RecordingFile } from './RecordingFile.js';
import { RecordingSet } from './RecordingSet.js';
import type { RecordingBudget } from './recordingBudget.js';
import { CHANNEL_KINDS, jsonSchemaText } from './recordingFormat.js';

function setup(options: Partial<RecorderOptions> = {}, sensors = 200) {
  const dir = makeTempDir('recorder');
  const bus = new MessageBus<CoreTopics>();
  const clock = { now: Date.UTC(2026, 4, 3, 9, 0, 0) };
  const problems: Problem[] = [];
  const recorder = new Recorder({ bus, dir, scene: syntheticScene(sensors), nowMs: () => clock.now, autoFlush: false, problems: { raise: (p) => problems.push(p), clear: () => undefined }, ...options });
  /** One simulated second: every sensor once, in 10 batches, a badge fix. */
  const second = () => {
    for (let tenth = 0; tenth < 10; tenth++) {
      clock.now += 100;
      const per = sensors / 10;
      const indices = Uint32Array.from({ length: per }, (_, i) => tenth * per + i);
      bus.publish('samples', { indices, values: Float64Array.from(indices, (i) => i * 1.5 + clock.now / 1e9), tsMs: Float64Array.from(indices, () => clock.now - 3.25), qualities: Uint8Array.from(indices, (i) => (i % 17 === 0 ? 1 : 0)) });
    }
    bus.publish('worker', { badgeId: 'B-7', x: clock.now / 1e10, y: 2, floor: 0, tsMs: clock.now });
  };
  return { dir, bus, clock, problems, recorder, second };
}

const SCHEMA_BYTES = CHANNEL_KINDS.reduce((n, kind) => n + jsonSchemaText(kind).length, 0);
const mcapFiles = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.mcap')).sort();

describe('Recorder', () => {
  it('rotates by size; every file starts with a keyframe and the state carries across files', async () => {
    // zstd chunks: about 4 kB per recorded second here, so a few seconds per file beyond what every file
    // holds whatever its size (the channels' JSON schemas: about 20 kB, growing with the channels; a limit
    // below them would rotate at every message).
    const maxFileBytes = SCHEMA_BYTES + 25_000;
    const { dir, recorder, second, clock } = setup({ maxFileBytes });
    await recorder.start();
    const instants: number[] = [];
    for (let s = 0; s < 60; s++) {
      second();
      if (s % 7 === 3) instants.push(clock.now);
      await recorder.flush();
    }
    await recorder.stop();
    const names = mcapFiles(dir);
    expect(names.length).toBeGreaterThan(3);
    for (const name of names) {
      const file = await RecordingFile.open(path.join(dir, name));
      expect(file.chunks[0]!.hasKeyframe).toBe(true);
      expect(file.chunks.every((c) => c.compression === 'zstd')).toBe(true);
      // Past the limit by at most the last chunk (a second, about 4 kB) and the summary written on closing,
      // which repeats the schemas (MCAP summary section) beside the chunk indexes.
      expect(file.bytes).toBeLessThan(maxFileBytes + SCHEMA_BYTES + 8_000);
      await file.close();
    }
    const set = await RecordingSet.open({ files: names.map((n) => path.join(dir, n)) });
    for (const t of instants) {
      const state = await set.stateAt(t);
      // Sensor 199 was last written in the batch at the end of the second that ended at t.
      expect(state.sampleTsMs[199]).toBe(t - 3.25);
      expect(state.quality[17]).toBe(1);
      expect(state.workers.get('B-7')?.tsMs).toBe(t);
    }
    await set.close();
  });

  it('records what is published while its writer is still starting (the core starts its plant meanwhile)', async () => {
    const { dir, recorder, second, clock } = setup();
    const starting = recorder.start();
    second();
    const t = clock.now;
    await starting;
    await recorder.stop();
    const set = await RecordingSet.open({ files: mcapFiles(dir).map((n) => path.join(dir, n)) });
    const state = await set.stateAt(t);
    expect(state.workers.get('B-7')?.tsMs).toBe(t);
    expect(state.sampleTsMs[199]).toBe(t - 3.25);
    await set.close();
  });

  it('rotates at the UTC hour and files validate with the MCAP library, data-section CRC included', async () => {
    const { dir, recorder, second, clock } = setup();
    clock.now = Date.UTC(2026, 4, 3, 9, 59, 55);
    await recorder.start();
    for (let s = 0; s < 10; s++) {
      second();
      await recorder.flush();
    }
    await recorder.stop();
    const names = mcapFiles(dir);
    expect(names).toEqual(['test-site_20260503T095955Z.mcap', 'test-site_20260503T100000Z.mcap']);
    for (const name of names) {
      const bytes = await readFile(path.join(dir, name));
      const handle = await open(path.join(dir, name), 'r');
      const reader = await McapIndexedReader.Initialize({ readable: new FileHandleReadable(handle), decompressHandlers: MCAP_DECOMPRESS_HANDLERS });
      expect(reader.header.profile).toBe('safetwin');
      expect(crc32(bytes.subarray(0, Number(reader.dataEndOffset)))).toBe(reader.dataSectionCrc);
      let messages = 0;
      for await (const _ of reader.readMessages({ validateCrcs: true })) messages++;
      expect(BigInt(messages)).toBe(reader.statistics!.messageCount);
      await handle.close();
    }
  });

  it('drops and counts what does not fit its queue, raising one problem, and never throws into the bus', async () => {
    const { recorder, second, problems } = setup({ maxQueueBytes: 20_000 });
    await recorder.start();
    for (let s = 0; s < 5; s++) second();
    const stats = recorder.getStats();
    expect(stats.recordsDropped).toBeGreaterThan(0);
    expect(stats.pendingBytes).toBeLessThanOrEqual(20_000);
    expect(problems.map((p) => p.code)).toEqual(['ST_ERR_RECORDING_DROPPED']);
    await recorder.flush();
    expect(recorder.getStats().pendingBytes).toBe(0);
    await recorder.stop();
  });

  it('stores snapshots as attachments, incident metadata, drill spans, and journals the file digest', async () => {
    const { dir, bus, recorder, second } = setup({}, 20);
    const journal = await AuditJournal.open(path.join(dir, 'audit'));
    journal.attachToBus(bus);
    const withJournal = new Recorder({ bus, dir: path.join(dir, 'rec'), scene: syntheticScene(20), autoFlush: false, journal });
    void recorder;
    await withJournal.start();
    second();
    withJournal.mark({ kind: 'drill', phase: 'start', id: 'd1', label: 'H2S drill', by: 'trainer.zhao' });
    const snapshot = withJournal.addSnapshot({ cameraId: 'CAM-03', tsMs: 1000, mediaType: 'image/jpeg', data: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]) });
    withJournal.addMetadata('incident', { id: 'INC-2026-0042', title: 'Propane leak at T-101', commander: 'liu.yang' });
    bus.publish('alarmTransition', alarmTransition('GD-0003', 'shelve', Date.now(), 'wang.wei', { active: true, acknowledged: true }));
    second();
    withJournal.mark({ kind: 'drill', phase: 'end', id: 'd1', label: 'H2S drill' });
    await withJournal.stop();
    await journal.close();
    const [name] = mcapFiles(path.join(dir, 'rec'));
    const file = await RecordingFile.open(path.join(dir, 'rec', name!));
    expect(file.attachmentIndex()).toEqual([expect.objectContaining({ name: snapshot, mediaType: 'image/jpeg', bytes: 4 })]);
    expect((await file.metadata()).find((m) => m.name === 'incident')?.metadata).toEqual({ id: 'INC-2026-0042', title: 'Propane leak at T-101', commander: 'liu.yang' });
    const markers = await file.markers();
    expect(markers.find((m) => m.kind === 'drill')).toMatchObject({ label: 'H2S drill', by: 'trainer.zhao', endMs: expect.any(Number) });
    expect(markers.find((m) => m.kind === 'operatorAction')).toMatchObject({ by: 'wang.wei', label: 'shelve GD-0003:high' });
    await file.close();
    const report = await verifyAuditJournal(path.join(dir, 'audit', 'journal.jsonl'), { recordingsDir: path.join(dir, 'rec') });
    expect(report).toMatchObject({ ok: true, entries: 2, filesChecked: 1 });
  });

  it('applies retention by age and disk budget, oldest first, and journals each deletion', async () => {
    const { dir, bus, clock } = setup();
    const old = (name: string, days: number, bytes: number) => {
      writeFileSync(path.join(dir, name), Buffer.alloc(bytes));
      const t = (clock.now - days * 86_400_000) / 1000;
      utimesSync(path.join(dir, name), t, t);
    };
    old('a.mcap', 3000, 10);
    old('a.mcap.notes.json', 3000, 10);
    old('b.mcap', 20, 600_000);
    old('c.mcap', 10, 600_000);
    old('d.mcap', 5, 100);
    const journal = await AuditJournal.open(path.join(dir, 'audit'), { nowMs: () => clock.now });
    const problems: Problem[] = [];
    const recorder = new Recorder({ bus, dir, scene: syntheticScene(10), nowMs: () => clock.now, autoFlush: false, journal, retention: { maxAgeDays: 2192, maxTotalBytes: 700_000 }, problems: { raise: (p) => problems.push(p), clear: () => undefined } });
    await recorder.start();
    await recorder.stop();
    await journal.close();
    expect(readdirSync(dir).sort()).toEqual(['audit', 'c.mcap', 'd.mcap', expect.stringMatching(/^test-site_.*\.mcap$/)]);
    const entries = (await readFile(path.join(dir, 'audit', 'journal.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { kind: string; data: { file?: string; reason?: string } });
    expect(entries.filter((e) => e.kind === 'recordingDeleted').map((e) => [e.data.file, e.data.reason])).toEqual([
      ['a.mcap', 'age'],
      ['b.mcap', 'diskBudget'],
    ]);
    expect(problems.map((p) => p.code)).toEqual(['ST_ERR_RECORDING_RETENTION']);
  });
});

describe('Recorder problems and disk budget', () => {
  it('a failing disk is one keyed problem that replaces its reports and clears when writing resumes (issue 14 item 4)', async () => {
    const { dir, bus, clock, second } = setup({}, 20);
    // The core's problem list, wired as startCore wires it.
    const board = new ProblemBoard();
    const reports: Problem[] = [];
    bus.subscribe('problem', (p) => {
      reports.push(p);
      board.raise(p);
    });
    bus.subscribe('problemCleared', (key) => board.clear(key));
    const recorder = new Recorder({ bus, dir, scene: syntheticScene(20), nowMs: () => clock.now, autoFlush: false, thread: 'inline' });
    clock.now = Date.UTC(2026, 4, 3, 9, 59, 50);
    await recorder.start();
    second();
    await recorder.flush();
    // The recordings folder goes away (a disk unmounted): the hour's rotation fails, and so does every retry.
    renameSync(dir, `${dir}.away`);
    for (let s = 0; s < 600; s++) {
      second();
      await recorder.flush();
    }
    expect(reports.filter((p) => p.code === 'ST_ERR_RECORDING_WRITE').length).toBeGreaterThanOrEqual(50);
    expect(board.list().map((p) => p.code)).toEqual(['ST_ERR_RECORDING_WRITE']);
    renameSync(`${dir}.away`, dir);
    for (let s = 0; s < 15; s++) {
      second();
      await recorder.flush();
    }
    expect(board.list()).toEqual([]);
    expect(recorder.getStats().currentFile).toMatch(/^test-site_20260503T10\d{4}Z\.mcap$/);
    await recorder.stop();
  });

  it('estimates the days the disk budget holds at the current rate, and raises and clears the shortfall', async () => {
    const dir = makeTempDir('recorder-budget');
    const startMs = Date.UTC(2026, 4, 3, 0, 0, 0);
    // A day of hourly files of 100 MB (sparse), each last written at the end of its hour: 2.4 GB a day.
    for (let h = 0; h < 24; h++) {
      const name = path.join(dir, `site_${new Date(startMs + h * 3_600_000).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.mcap`);
      writeFileSync(name, '');
      truncateSync(name, 100e6);
      utimesSync(name, (startMs + (h + 1) * 3_600_000) / 1000, (startMs + (h + 1) * 3_600_000) / 1000);
    }
    const board = new ProblemBoard();
    const budgets: RecordingBudget[] = [];
    const recorderWith = (maxTotalBytes: number) =>
      new Recorder({ bus: new MessageBus<CoreTopics>(), dir, scene: syntheticScene(1), autoFlush: false, retention: { maxAgeDays: 2192, maxTotalBytes }, problems: { raise: (p) => board.raise(p), clear: (k) => board.clear(k) }, onBudget: (b) => budgets.push(b) });
    const short = await recorderWith(50e9).checkBudget();
    expect(short!.bytesPerDay).toBeCloseTo(2.4e9, -6);
    expect(short!.daysHeld).toBeCloseTo(50e9 / 2.4e9, 3);
    expect(short!.short).toBe(true);
    expect(board.list()).toEqual([expect.objectContaining({ code: 'ST_ERR_RECORDING_BUDGET', message: expect.stringMatching(/holds about 21 days at the current 2\.40 GB per day, less than the 2192 days/), tip: expect.stringMatching(/at least 5261/) })]);
    const enough = recorderWith(6000e9);
    await enough.checkBudget();
    expect(board.list()).toEqual([]);
    expect(budgets.map((b) => b.short)).toEqual([true, false]);
  });
});
