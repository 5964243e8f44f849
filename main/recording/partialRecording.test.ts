import { copyFileSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CoreTopics } from '../bus/coreTopics.js';
import { MessageBus } from '../bus/MessageBus.js';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { alarmTransition, syntheticScene } from '../../tests/integration/recordingFixtures.js';
import { listRecordings } from './listRecordings.js';
import { Recorder } from './Recorder.js';
import { RecordingFile } from './RecordingFile.js';
import { notesSidecarPath } from './recordingFiles.js';
import { ReplaySession } from './ReplaySession.js';

/**
 * Issue 13 item 6: opening a replay of a range that reaches into the hour being recorded read it by
 * rotating the recorder (20 opens, 20 files). Now the file being written is read up to its last
 * flushed chunk, and the recorder keeps its one file.
 */
describe('replaying the file being recorded', () => {
  it('20 range opens read the open .part up to its last flushed chunk and never rotate the recorder', async () => {
    const dir = makeTempDir('partial');
    const bus = new MessageBus<CoreTopics>();
    const startMs = Date.UTC(2026, 4, 3, 9, 10, 0);
    const clock = { now: startMs };
    const sensors = 50;
    const recorder = new Recorder({ bus, dir, scene: syntheticScene(sensors), nowMs: () => clock.now, autoFlush: false, thread: 'inline' });
    await recorder.start();
    const second = () => {
      for (let tenth = 0; tenth < 10; tenth++) {
        clock.now += 100;
        const indices = Uint32Array.from({ length: sensors / 10 }, (_, i) => tenth * (sensors / 10) + i);
        bus.publish('samples', { indices, values: Float64Array.from(indices, (i) => i + clock.now / 1e6), tsMs: Float64Array.from(indices, () => clock.now), qualities: new Uint8Array(indices.length) });
      }
    };
    for (let s = 1; s <= 60; s++) {
      second();
      if (s === 30) bus.publish('alarmTransition', alarmTransition('GD-0003', 'activate', clock.now, 'system', { active: true, acknowledged: false }));
      await recorder.flush();
    }
    const flushedMs = clock.now;
    // Recorded but not yet flushed: not on disk, so not in the replay.
    second();

    for (let open = 0; open < 20; open++) {
      const replay = await ReplaySession.open({ dir, fromMs: startMs, toMs: clock.now + 3_600_000 });
      expect(replay.index.files.map((f) => f.name)).toEqual([expect.stringMatching(/^test-site_20260503T091000Z\.mcap\.part$/)]);
      expect(replay.index.endMs).toBe(flushedMs);
      expect(replay.index.markers).toEqual([expect.objectContaining({ kind: 'alarm', tsMs: startMs + 30_000 })]);
      const snapshot = await replay.seek(startMs + 45_000);
      expect(snapshot.alarms.map((a) => a.alarmId)).toEqual(['GD-0003:high']);
      expect(snapshot.sensors.indices).toHaveLength(sensors);
      await replay.dispose();
    }
    expect(readdirSync(dir)).toEqual(['test-site_20260503T091000Z.mcap.part']);
    expect(recorder.getStats().filesClosed).toBe(0);
    expect(await listRecordings(dir)).toEqual([expect.objectContaining({ name: 'test-site_20260503T091000Z.mcap.part', status: 'recording', startMs, endMs: flushedMs })]);

    // A torn last chunk (a write in progress, or a crash) is left out: the file reads up to the chunk before.
    const partPath = path.join(dir, 'test-site_20260503T091000Z.mcap.part');
    const torn = path.join(makeTempDir('partial-torn'), 'x_20260503T091000Z.mcap.part');
    copyFileSync(partPath, torn);
    truncateSync(torn, statSync(partPath).size - 40);
    const whole = await RecordingFile.open(partPath);
    const cut = await RecordingFile.open(torn);
    expect(cut.chunks.length).toBe(whole.chunks.length - 1);
    expect(cut.messageCount).toBeLessThan(whole.messageCount);
    expect(cut.endMs).toBeLessThan(whole.endMs);
    expect(await cut.verifyChunks()).toBeNull();
    await cut.close();
    // Garbage after the magic is a coded error, not a crash of the caller.
    const garbage = path.join(path.dirname(torn), 'y_20260503T091000Z.mcap.part');
    writeFileSync(garbage, Buffer.concat([readFileSync(partPath).subarray(0, 8), Buffer.from([0x03, 5, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5])]));
    await expect(RecordingFile.open(garbage)).rejects.toMatchObject({ code: 'ST_ERR_RECORDING_CORRUPT' });

    // Notes taken while it was being written belong to the closed file.
    expect(notesSidecarPath(partPath)).toBe(path.join(dir, 'test-site_20260503T091000Z.mcap.notes.json'));
    await recorder.stop();
    expect(readdirSync(dir)).toEqual(['test-site_20260503T091000Z.mcap']);
    // The handle opened on the .part still reads after the rename; a path listed as .part opens the closed file.
    expect(await whole.verifyChunks()).toBeNull();
    await whole.close();
    const reopened = await RecordingFile.open(partPath);
    expect(reopened.name).toBe('test-site_20260503T091000Z.mcap');
    expect(reopened.endMs).toBe(clock.now);
    await reopened.close();
  });
});
