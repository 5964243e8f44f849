import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { SENSOR_FLAGS, type AlarmEventMessage, type LiveFrame, type SourcePlayerState } from '../contracts/index.js';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { recordSyntheticSession } from '../../tests/integration/recordingFixtures.js';
import { notesSidecarPath } from './recordingFiles.js';
import { ReplaySession } from './ReplaySession.js';

async function openSession() {
  const dataDir = makeTempDir('replay');
  const session = await recordSyntheticSession(dataDir, { seconds: 120 });
  let wallMs = 0;
  const replay = await ReplaySession.open(
    { dir: session.recordingsDir, fromMs: session.startMs, toMs: session.endMs },
    {
      nowMs: () => wallMs,
      // Each tick advances the fake wall clock by the tick: playback runs as fast as the CPU allows.
      sleep: async (ms) => {
        wallMs += ms;
      },
    },
  );
  return { replay, ...session };
}

describe('ReplaySession', () => {
  it('seeks: backfills the state, frames carry alarm flags, alarms jump by priority, bad seeks are coded', async () => {
    const { replay, startMs, endMs } = await openSession();
    expect(replay.getState()).toMatchObject({ mode: 'replay', presence: 'present', playing: false, currentMs: startMs, endMs });
    expect(replay.index.markers.map((m) => [m.kind, m.tsMs - startMs])).toEqual([
      ['alarm', 30_000],
      ['operatorAction', 42_000],
    ]);
    const frames: LiveFrame[] = [];
    replay.on('frame', (f) => frames.push(f));
    const snapshot = await replay.seek(startMs + 45_000);
    expect(snapshot.alarms).toEqual([expect.objectContaining({ alarmId: 'GD-0003:high', state: 'acknowledged', acknowledgedBy: 'liu.yang' })]);
    expect(snapshot.sensors.indices).toHaveLength(50);
    expect(snapshot.workers.map((w) => w.x)).toEqual([45, 45]);
    const frame = frames.at(-1)!;
    const k = [...frame.indices].indexOf(3);
    expect(frame.flags[k]! & SENSOR_FLAGS.alarmActive).toBeTruthy();
    expect(frame.flags[k]! & SENSOR_FLAGS.alarmUnacknowledged).toBe(0);
    expect((frame.flags[k]! >> SENSOR_FLAGS.priorityShift) & 3).toBe(1);

    expect((await replay.previousAlarm())?.tsMs).toBe(startMs + 30_000);
    expect(replay.getState().currentMs).toBe(startMs + 30_000);
    expect(await replay.nextAlarm('urgent')).toBeNull();
    await replay.seek(startMs);
    expect((await replay.nextAlarm('high'))?.tsMs).toBe(startMs + 30_000);

    await expect(replay.seek(endMs + 1)).rejects.toMatchObject({ code: 'ST_ERR_REPLAY_SEEK_RANGE' });
    expect(await replay.command({ action: 'seek', tsMs: endMs + 60_000 }, 'trainer')).toMatchObject({ ok: false, problem: { code: 'ST_ERR_REPLAY_SEEK_RANGE' } });
    expect(await replay.command({ action: 'setSpeed', speed: 50 }, 'trainer')).toMatchObject({ ok: false });
    expect(replay.getState().presence).toBe('present');
    await replay.dispose();
  });

  it('a sensor that falls silent turns stale at its comm-loss timeout, on seek and while playing, as live does', async () => {
    const dataDir = makeTempDir('replay-stale');
    const { recordingsDir, startMs, endMs } = await recordSyntheticSession(dataDir, { seconds: 90, sensor0SilentFromS: 40 });
    let wallMs = 0;
    const replay = await ReplaySession.open({ dir: recordingsDir, fromMs: startMs, toMs: endMs }, { staleAfterMs: () => 10_000, nowMs: () => wallMs, sleep: async (ms) => void (wallMs += ms) });
    const flagsOf0 = (frame: LiveFrame | undefined) => {
      const k = frame ? [...frame.indices].indexOf(0) : -1;
      return k < 0 ? undefined : frame!.flags[k]!;
    };
    const frames: LiveFrame[] = [];
    replay.on('frame', (f) => frames.push(f));
    // The last sample of sensor 0 was taken just before 40 s.
    await replay.seek(startMs + 45_000);
    expect(flagsOf0(frames.at(-1))! & SENSOR_FLAGS.stale).toBe(0);
    await replay.seek(startMs + 55_000);
    expect(flagsOf0(frames.at(-1))! & SENSOR_FLAGS.stale).toBe(SENSOR_FLAGS.stale);
    // Playing across the timeout re-sends the silent sensor with the stale flag though no sample came
    // (keyframes re-send every reported sensor, so it may come more than once: always stale).
    await replay.seek(startMs + 45_000);
    frames.length = 0;
    await replay.command({ action: 'setSpeed', speed: 20 }, 'trainer');
    replay.play();
    await vi.waitUntil(() => replay.getState().currentMs >= startMs + 60_000, { timeout: 10_000 });
    replay.pause();
    const sent = frames.map(flagsOf0).filter((flags) => flags !== undefined);
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent)).toEqual(new Set([SENSOR_FLAGS.stale]));
    await replay.dispose();
  });

  it('plays at 20x to the end: alarm events in sequence, final state equals a seek to the end', async () => {
    const { replay, startMs, endMs } = await openSession();
    const alarms: AlarmEventMessage[] = [];
    const states: SourcePlayerState[] = [];
    let sensorUpdates = 0;
    replay.on('alarm', (a) => alarms.push(a));
    replay.on('state', (s) => states.push(s));
    replay.on('frame', (f) => (sensorUpdates += f.indices.length));
    replay.play(20);
    await new Promise<void>((resolve) => replay.on('state', (s) => s.ended && resolve()));
    expect(alarms.map((a) => [a.seq, a.alarm.state])).toEqual([
      [1, 'unacknowledged'],
      [2, 'acknowledged'],
      [3, 'normal'],
    ]);
    // Every sample of the 120 s (50 sensors at 1 Hz) was played, plus the backfill frame at the start.
    expect(sensorUpdates).toBeGreaterThanOrEqual(50 * 119);
    expect(states.at(-1)).toMatchObject({ playing: false, ended: true, currentMs: endMs });
    const played = replay.getState();
    expect(played.speed).toBe(20);
    const snapshotAtEnd = await replay.seek(endMs);
    expect(snapshotAtEnd.alarms).toEqual([]);
    expect(snapshotAtEnd.sensors.values[49]).toBeCloseTo(20 + 49 + (endMs - startMs) / 10_000, 6);
    await replay.dispose();
  });

  it('a timeline click while playing moves the playhead there and keeps playing from it', async () => {
    const { replay, startMs } = await openSession();
    let frames = 0;
    replay.on('frame', () => frames++);
    replay.play(1);
    await new Promise<void>((resolve) => replay.on('frame', () => frames > 5 && resolve()));
    const result = await replay.command({ action: 'seek', tsMs: startMs + 100_000 }, 'trainer');
    expect(result.ok).toBe(true);
    const afterSeek = frames;
    await new Promise<void>((resolve) => replay.on('frame', () => frames > afterSeek + 3 && resolve()));
    expect(replay.getState()).toMatchObject({ playing: true });
    expect(replay.getState().currentMs).toBeGreaterThan(startMs + 100_000);
    expect(replay.getState().currentMs).toBeLessThan(startMs + 101_000);
    await replay.dispose();
  });

  it('opens a time range of a folder despite a damaged file in it, listing that file as a problem', async () => {
    const dataDir = makeTempDir('replay-damaged');
    const session = await recordSyntheticSession(dataDir, { seconds: 20 });
    writeFileSync(path.join(session.recordingsDir, 'other_20260503T070000Z.mcap'), 'not an mcap');
    const replay = await ReplaySession.open({ dir: session.recordingsDir, fromMs: session.startMs, toMs: session.endMs });
    expect(replay.getState().problems).toEqual([expect.objectContaining({ code: 'ST_ERR_RECORDING_NOT_MCAP', severity: 'warning' })]);
    await replay.dispose();
    await expect(ReplaySession.open({ dir: session.recordingsDir, fromMs: session.endMs + 60_000, toMs: session.endMs + 120_000 })).rejects.toMatchObject({ code: 'ST_ERR_RECORDING_RANGE' });
  });

  it('keeps bookmarks in a sidecar beside the recording', async () => {
    const { replay, startMs } = await openSession();
    const bookmark = await replay.addBookmark({ kind: 'annotation', tsMs: startMs + 30_000, label: 'GD-0003 high alarm', note: 'operator took 12 s to acknowledge' }, 'trainer.zhao');
    expect(bookmark).toMatchObject({ by: 'trainer.zhao', tsMs: startMs + 30_000 });
    expect(await replay.bookmarks()).toEqual([bookmark]);
    expect(existsSync(notesSidecarPath(replay.recordings.files[0]!.path))).toBe(true);
    await expect(replay.addBookmark({ kind: 'bookmark', tsMs: startMs - 1, label: 'before' }, 'x')).rejects.toMatchObject({ code: 'ST_ERR_REPLAY_SEEK_RANGE' });
    await replay.dispose();
  });
});
