import { describe, expect, it } from 'vitest';
import { BOARD_MISSING_SHOWN, EvacuationBoardSchema, evacuationBoardView, type EvacuationBoard, type EvacuationSnapshot } from '../contracts/index.js';
import { MessageBus } from '../bus/MessageBus.js';
import type { CoreTopics } from '../bus/coreTopics.js';
import { evacuationBoard } from '../studies/evacuation/evacuationBoardOnBus.js';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { recordMinute, syntheticScene } from '../../tests/integration/recordingFixtures.js';
import { recordingsDirOf } from './dataLayout.js';
import { BOARD_RECORD_INTERVAL_MS, BOARD_REFRESH_MS, EvacuationBoardRecordThrottle } from './evacuationBoardRecord.js';
import { decodeMessage, encodeJson } from './messageCodec.js';
import { PlantState } from './PlantState.js';
import { Recorder } from './Recorder.js';
import { RecordingSet } from './RecordingSet.js';
import { MAX_STANDING_BOARDS } from './recordingFormat.js';
import { ReplaySession } from './ReplaySession.js';

const TARGETS = ['MP-1', 'MP-2', 'MP-3'];

/**
 * A run frame of `total` people: the first `accounted` arrived and accounted for at MP-1, the next one
 * arrived at the gassed MP-3 (not accounted for), the rest on the way with ETAs 100 + i s.
 */
function frame(runId: string, mode: 'live' | 'drill', tS: number, total: number, accounted: number): EvacuationSnapshot {
  const agentIds = Array.from({ length: total }, (_, i) => `P-${i}`);
  const states = new Uint8Array(total).fill(1);
  const registeredAt = new Int16Array(total).fill(-1);
  const accountedFlags = new Uint8Array(total);
  const eta = new Float32Array(total);
  for (let i = 0; i < total; i++) {
    eta[i] = 100 + i;
    if (i < accounted) {
      states[i] = 2;
      registeredAt[i] = 0;
      accountedFlags[i] = 1;
    } else if (i === accounted) {
      states[i] = 2;
      registeredAt[i] = 2;
    }
  }
  return {
    runId,
    mode,
    tS,
    agentIds,
    positionsM: new Float32Array(2 * total),
    states,
    targetIndex: new Int16Array(total),
    predictedArrivalS: eta,
    accounted: accountedFlags,
    registeredAt,
    targets: TARGETS.map((id, k) => ({ id, kind: 'muster' as const, assigned: 0, arrived: k === 0 ? accounted : k === 2 ? 1 : 0, observedArrived: 0, threatened: id === 'MP-3' })),
    threat: { level: 'AEGL-2', musterIds: ['MP-3'], gateIds: [], agentsOnRoutesThroughThreat: 0, advice: 'reroute', safeMusterIds: ['MP-1', 'MP-2'] },
    gateCrossings: [{ id: 'G-1', count: accounted }],
    density: { x0: 0, y0: 0, cellSizeM: 4, nx: 1, ny: 1, peoplePerM2: new Float32Array(1) },
    counts: { total, waiting: 0, moving: total - accounted - 1, arrived: accounted + 1, awaitingHelp: 0, noRoute: 0, accounted },
    fieldRebuildMs: 0,
  };
}

const drillBoard = (atMs: number, tS: number, accounted: number, phase: EvacuationBoard['phase'] = 'evacuating') =>
  evacuationBoard(frame('drill-1', 'drill', tS, 40, accounted), { phase, name: { en: 'Chlorine at B-301', 'zh-CN': 'B-301 液氯泄漏' }, by: 'trainer' }, atMs);

describe('the evacuation board as recorded', () => {
  it("lists the people not accounted for as the board does (in the gas first, then the latest expected), bounded, with the core's counts", () => {
    const view = evacuationBoardView(frame('drill-1', 'drill', 60, 40, 10));
    expect(view.counts).toMatchObject({ total: 40, accounted: 10 });
    expect(view.missingCount).toBe(30);
    expect(view.missing).toHaveLength(BOARD_MISSING_SHOWN);
    expect(view.missing[0]).toEqual({ agentId: 'P-10', state: 'arrived', etaS: 110, atThreatenedTargetId: 'MP-3' });
    expect(view.missing.slice(1, 4).map((m) => m.agentId)).toEqual(['P-39', 'P-38', 'P-37']);
    expect(EvacuationBoardSchema.safeParse(drillBoard(0, 60, 10)).success).toBe(true);
  });

  it('refuses boards beyond their bounds, on reading as on writing', () => {
    const board = drillBoard(0, 60, 10);
    const tooLong = { ...board, missing: [...board.missing, ...board.missing] };
    expect(EvacuationBoardSchema.safeParse(tooLong).success).toBe(false);
    expect(EvacuationBoardSchema.safeParse({ ...board, targets: Array.from({ length: 65 }, () => board.targets[0]) }).success).toBe(false);
    expect(() => decodeMessage('evacuationBoard', encodeJson(tooLong), 'test.mcap')).toThrow(/EvacuationBoard schema/);
    expect(decodeMessage('evacuationBoard', encodeJson(board), 'test.mcap')).toEqual(board);
    // The standing boards of a replay stay bounded, whatever a file holds (runs whose end never reached it).
    const state = new PlantState(0);
    for (let i = 0; i < 10; i++) state.applyEvacuationBoard({ ...board, runId: `run-${i}` });
    expect([...state.evacuationBoards.keys()]).toEqual(['run-6', 'run-7', 'run-8', 'run-9']);
    expect(state.evacuationBoards.size).toBe(MAX_STANDING_BOARDS);
  });

  it('records a run at once when it appears, changes phase or ends; changes at most every 2 s; an unchanged board every 10 s', () => {
    const throttle = new EvacuationBoardRecordThrottle();
    expect(throttle.take(drillBoard(0, 0, 0, 'alarm'), 0)).toBe(true);
    expect(throttle.take(drillBoard(500, 5, 0, 'alarm'), 500)).toBe(false);
    expect(throttle.take(drillBoard(600, 6, 0, 'evacuating'), 600)).toBe(true);
    // A change held back is taken by the first board after the interval.
    expect(throttle.take(drillBoard(1_600, 16, 3), 1_600)).toBe(false);
    expect(throttle.take(drillBoard(2_600, 26, 3), 600 + BOARD_RECORD_INTERVAL_MS)).toBe(true);
    expect(throttle.take(drillBoard(5_000, 50, 3), 5_000)).toBe(false);
    expect(throttle.take(drillBoard(11_000, 110, 3), 2_600 + BOARD_REFRESH_MS - 1)).toBe(false);
    expect(throttle.take(drillBoard(12_600, 126, 3), 2_600 + BOARD_REFRESH_MS)).toBe(true);
    expect(throttle.take(drillBoard(12_700, 127, 3, 'ended'), 12_700)).toBe(true);
    // Another run is its own.
    expect(throttle.take({ ...drillBoard(12_800, 1, 0), runId: 'live-1', mode: 'live' }, 12_800)).toBe(true);
  });

  it('records the boards on their own channel and in keyframes; a replay gives back the boards standing at any instant, none before or after the run, and old recordings replay without', async () => {
    const dataDir = makeTempDir('evacuation-board-replay');
    const { startMs, endMs: now } = await recordMinute(dataDir, (bus, now, second) => {
      // A drill from 5 s (ordered at 10 s, one more person accounted for each second) to its end at 40 s;
      // a live evacuation from 30 s on, never stood down in this recording.
      if (second >= 5 && second < 40) bus.publish('evacuationBoard', drillBoard(now, second * 20, Math.max(0, second - 10), second < 10 ? 'alarm' : 'evacuating'));
      if (second === 40) bus.publish('evacuationBoard', drillBoard(now, 800, 30, 'ended'));
      if (second >= 30) bus.publish('evacuationBoard', evacuationBoard(frame('live-1', 'live', second - 30, 5, 1), { phase: 'evacuating', by: 'commander' }, now));
    });

    const set = await RecordingSet.open({ dir: recordingsDirOf(dataDir), fromMs: startMs, toMs: now });
    const recorded: EvacuationBoard[] = [];
    const keyframes: { logMs: number; boards: EvacuationBoard[] | undefined }[] = [];
    for await (const message of set.messagesBetween(startMs, now)) {
      if (message.kind === 'evacuationBoard') recorded.push(message.payload);
      if (message.kind === 'keyframe') keyframes.push({ logMs: message.logMs, boards: message.payload.evacuationBoards });
    }
    await set.close();
    const drillRecorded = recorded.filter((b) => b.runId === 'drill-1');
    // 5 s (first), 10 s (ordered), then a changed board every 2 s, and its end at 40 s.
    expect(drillRecorded.map((b) => (b.atMs - startMs) / 1000)).toEqual([5, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38, 40]);
    expect(drillRecorded.at(-1)).toMatchObject({ phase: 'ended', counts: { accounted: 30 } });
    // The live run's board does not change: its first and one every 10 s.
    expect(recorded.filter((b) => b.runId === 'live-1').map((b) => (b.atMs - startMs) / 1000)).toEqual([30, 40, 50, 60]);
    // A keyframe holds the boards standing (written before the messages of its instant), so a seek shows them without the boards before it.
    expect(keyframes.find((k) => k.logMs === startMs + 20_000)!.boards!.map((b) => [b.runId, b.counts.accounted])).toEqual([['drill-1', 8]]);
    expect(keyframes.find((k) => k.logMs === startMs + 50_000)!.boards!.map((b) => b.runId)).toEqual(['live-1']);

    let wallMs = 0;
    const replay = await ReplaySession.open({ dir: recordingsDirOf(dataDir), fromMs: startMs, toMs: now }, { nowMs: () => wallMs, sleep: async (ms) => void (wallMs += ms) });
    const shown: EvacuationBoard[][] = [];
    replay.on('evacuationBoards', (boards) => shown.push(boards));
    expect(replay.listenerCount('evacuationBoards')).toBe(1);
    await replay.seek(startMs + 3_000);
    expect(shown.at(-1)).toEqual([]);
    await replay.seek(startMs + 33_000);
    // A live evacuation listed before a drill, as the panel shows them.
    expect(shown.at(-1)!.map((b) => [b.runId, b.mode, b.phase, b.counts.accounted])).toEqual([
      ['live-1', 'live', 'evacuating', 1],
      ['drill-1', 'drill', 'evacuating', 22],
    ]);
    expect(shown.at(-1)![1]).toEqual(drillRecorded.find((b) => b.atMs === startMs + 32_000));
    await replay.seek(startMs + 7_000);
    expect(shown.at(-1)!.map((b) => [b.runId, b.phase])).toEqual([['drill-1', 'alarm']]);
    await replay.seek(startMs + 45_000);
    expect(shown.at(-1)!.map((b) => b.runId)).toEqual(['live-1']);
    // Playing across the drill's end drops its board there.
    await replay.seek(startMs + 38_500);
    const before = shown.length;
    replay.play(2);
    await new Promise<void>((resolve) => {
      const check = () => (replay.getState().currentMs >= startMs + 41_000 ? resolve() : setImmediate(check));
      check();
    });
    replay.pause();
    expect(shown.slice(before).map((boards) => boards.map((b) => b.runId).join(','))).toContain('live-1');
    expect(shown.at(-1)!.map((b) => b.runId)).toEqual(['live-1']);
    await replay.dispose();
  });

  it('replays a recording made before boards were (no channel, no keyframe field) with no board', async () => {
    const dataDir = makeTempDir('evacuation-board-old');
    const startMs = Date.UTC(2026, 4, 3, 9, 0, 0);
    let now = startMs;
    const bus = new MessageBus<CoreTopics>();
    const recorder = new Recorder({ bus, dir: recordingsDirOf(dataDir), scene: syntheticScene(2), nowMs: () => now, autoFlush: false });
    await recorder.start();
    for (let second = 1; second <= 15; second++) {
      now = startMs + second * 1000;
      bus.publish('samples', { indices: Uint32Array.of(1), values: Float64Array.of(second), tsMs: Float64Array.of(now), qualities: new Uint8Array(1) });
      await recorder.flush();
    }
    await recorder.stop();
    // Nothing going on: keyframes without the field, as files recorded before boards were wrote them.
    const set = await RecordingSet.open({ dir: recordingsDirOf(dataDir), fromMs: startMs, toMs: now });
    const keyframes: unknown[] = [];
    for await (const message of set.messagesBetween(startMs, now)) if (message.kind === 'keyframe') keyframes.push(message.payload);
    await set.close();
    expect(keyframes.length).toBeGreaterThan(0);
    for (const keyframe of keyframes) expect(keyframe).not.toHaveProperty('evacuationBoards');
    const replay = await ReplaySession.open({ dir: recordingsDirOf(dataDir), fromMs: startMs, toMs: now });
    const shown: EvacuationBoard[][] = [];
    replay.on('evacuationBoards', (boards) => shown.push(boards));
    await replay.seek(startMs + 12_000);
    expect(shown).toEqual([[]]);
    // A keyframe as files before boards wrote it reads, with no boards.
    const old = decodeMessage('keyframe', encodeJson({ sensors: { t0Ms: 0, sensorIndex: [], value: [], dtMs: [] }, alarms: [], workers: [], mqttLink: null }), 'old.mcap');
    const state = new PlantState(2);
    state.applyEvacuationBoard(drillBoard(0, 1, 0));
    state.loadKeyframe(old);
    expect(state.evacuationBoards.size).toBe(0);
    await replay.dispose();
  });
});
