import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AlarmEngine, defaultAlarmConfig } from '../../main/alarms/index.js';
import { AlarmBoard } from '../../main/bus/AlarmBoard.js';
import type { CoreTopics } from '../../main/bus/coreTopics.js';
import { MessageBus } from '../../main/bus/MessageBus.js';
import type { AlarmEventMessage, PlayerAlarms, PlayerFrame, PlayerState, SessionUser } from '../../main/contracts/index.js';
import { LiveHub } from '../../main/live/LiveHub.js';
import { createLogger } from '../../main/log/logger.js';
import { CoreMetrics } from '../../main/metrics/CoreMetrics.js';
import { DrillPlayer, LivePlayer, PlayerHost, ReplayPlayer, type CorePlayer, type PlayerOwnCommand, type ScreenLink } from '../../main/players/index.js';
import { EvacuationRuns, EvacuationRunTable, inProcessRunHost } from '../../main/studies/evacuation/index.js';
import { loadDrillScenarios } from '../../main/studies/evacuation/loadDrillScenarios.js';
import { startLeakEngine } from '../../main/studies/LiveLeakStudies.js';
import { REPO_ROOT } from '../support/serveProcess.js';
import { ReplaySession } from '../../main/recording/ReplaySession.js';
import { defaultWorkerSafetyConfig, WorkerSafetyMonitor } from '../../main/personnel/index.js';
import { loadDemoScene } from '../support/demoScene.js';
import { alarmTransition, recordSyntheticSession, syntheticScene } from './recordingFixtures.js';

/**
 * The player contract (contracts/player.ts, issue 15), run against every player through the one
 * per-screen host the core gives each socket: what a screen receives must not depend on the source.
 */

/** The rigs close their players themselves when a test ends. */
const KEPT_BY_THE_TEST = () => undefined;

const USER: SessionUser = { name: 'op.li', role: 'operator', implicit: false } as SessionUser;

/** Everything one screen was sent, in order, and its frames' acknowledgements held until released. */
class RecordingScreen implements ScreenLink {
  readonly states: PlayerState[] = [];
  readonly frames: { frame: PlayerFrame; acknowledge: () => void }[] = [];
  readonly alarmMessages: PlayerAlarms[] = [];
  readonly liveAlarms: AlarmEventMessage[] = [];
  state = (state: PlayerState) => void this.states.push(state);
  frame = (frame: PlayerFrame, acknowledge: () => void) => void this.frames.push({ frame, acknowledge });
  alarms = (message: PlayerAlarms) => void this.alarmMessages.push(message);
  detections = () => undefined;
  liveAlarm = (message: AlarmEventMessage) => void this.liveAlarms.push(message);
  dispersion = () => undefined;
  drillDispersion = () => undefined;
  evacuationBoards = () => undefined;
  /** The alarm list as this screen would hold it: the last snapshot of the current seekSeq, then its events in seq order. */
  alarmList(): { seekSeq: number; ids: string[]; gaps: number } {
    const last = this.alarmMessages.findLastIndex((m) => m.kind === 'snapshot');
    const snapshot = this.alarmMessages[last] as Extract<PlayerAlarms, { kind: 'snapshot' }>;
    const alarms = new Map(snapshot.alarms.map((a) => [a.alarmId, a]));
    let seq = snapshot.seq;
    let gaps = 0;
    for (const message of this.alarmMessages.slice(last + 1)) {
      if (message.kind !== 'event' || message.seekSeq !== snapshot.seekSeq) continue;
      if (message.seq !== seq + 1) gaps++;
      seq = message.seq;
      if (message.alarm.state === 'normal') alarms.delete(message.alarm.alarmId);
      else alarms.set(message.alarm.alarmId, message.alarm);
    }
    return { seekSeq: snapshot.seekSeq, ids: [...alarms.keys()], gaps };
  }
}

type Rig = {
  player: CorePlayer;
  live: LivePlayer;
  /** Something changes in what the player shows (a sample; a replay plays on). */
  change(): Promise<void>;
  /** Alarm transitions reach the player (live: the engine's; replay: played from the file). */
  raiseAlarms(): Promise<void>;
  close(): Promise<void>;
};

function liveParts() {
  const scene = loadDemoScene();
  const bus = new MessageBus<CoreTopics>();
  const metrics = new CoreMetrics();
  const nowMs = Date.now();
  const hub = new LiveHub({ scene, alarms: new AlarmEngine(scene, defaultAlarmConfig(), nowMs), workerSafety: new WorkerSafetyMonitor(scene, defaultWorkerSafetyConfig(), nowMs), bus, metrics, logger: createLogger('silent'), staleAfterMs: () => 30_000 });
  const live = new LivePlayer({ live: hub, alarmBoard: new AlarmBoard(), bus, metrics, linkState: () => 'connected', inject: false });
  let n = 0;
  const publishLiveAlarm = () => {
    n++;
    bus.publish('alarmTransition', alarmTransition(`GD-LIVE-${n}`, 'activate', Date.now(), 'system', { active: true, acknowledged: false }));
  };
  return { scene, bus, metrics, hub, live, publishLiveAlarm };
}

async function liveRig(): Promise<Rig> {
  const parts = liveParts();
  let value = 1;
  return {
    player: parts.live,
    live: parts.live,
    change: async () => parts.hub.sample(0, value++, 'good', Date.now(), Date.now()),
    raiseAlarms: async () => {
      for (let i = 0; i < 5; i++) parts.publishLiveAlarm();
    },
    close: () => parts.live.dispose(),
  };
}

async function replayRig(): Promise<Rig> {
  const parts = liveParts();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'safetwin-players-'));
  const scene = syntheticScene(8);
  const recorded = await recordSyntheticSession(dataDir, { sensors: 8, seconds: 100 });
  const session = await ReplaySession.open({ dir: recorded.recordingsDir, fromMs: recorded.startMs, toMs: recorded.endMs, sensorIds: scene.sensors.map((s) => s.id) }, { sensorIds: scene.sensors.map((s) => s.id) });
  const player = new ReplayPlayer(session, scene);
  await session.seek(recorded.startMs);
  let atMs = recorded.startMs;
  return {
    player,
    live: parts.live,
    change: async () => {
      atMs += 2_000;
      // Played, not sought: a step of the session's own play loop (seek would be a discontinuity).
      await (session as unknown as { exclusive(op: () => Promise<void>): Promise<void>; advanceTo(t: number): Promise<void> }).exclusive(() => (session as unknown as { advanceTo(t: number): Promise<void> }).advanceTo(atMs));
    },
    // The recording raises GD-0003:high at 30 s, acknowledges it at 42 s and clears it at 90 s.
    raiseAlarms: async () => {
      await session.seek(recorded.startMs + 29_000);
      await (session as unknown as { exclusive(op: () => Promise<void>): Promise<void>; advanceTo(t: number): Promise<void> }).exclusive(() => (session as unknown as { advanceTo(t: number): Promise<void> }).advanceTo(recorded.startMs + 95_000));
    },
    close: async () => {
      await player.dispose();
      await parts.live.dispose();
    },
  };
}

/** The demo plant's chlorine drill, run by the evacuation capability in this thread on a test clock. */
async function drillParts() {
  const parts = liveParts();
  let nowMs = Date.now();
  const { scenarios } = await loadDrillScenarios(path.join(REPO_ROOT, 'scenes', 'demo-plant', 'drills'), parts.scene);
  const silent = () => undefined;
  const runs = new EvacuationRuns({ scene: parts.scene, bus: parts.bus, host: inProcessRunHost(new EvacuationRunTable(parts.scene)), scenarios, alarmConfig: defaultAlarmConfig(), startDrillLeakEngine: (atMs) => startLeakEngine(parts.scene, atMs), logger: createLogger('silent'), emit: { status: silent, frame: silent, drillDispersion: silent }, tickMs: 3_600_000, nowMs: () => nowMs });
  await runs.startDrill('chlorine-b301-day', 'trainer');
  const player = new DrillPlayer({ session: runs.currentDrill()!, command: (c, by) => runs.commandDrill(c, by), alarmCommand: (c, by) => runs.drillAlarmCommand(c, by) }, parts.live);
  const playDrillS = async (seconds: number) => {
    for (let s = 0; s < seconds; s += 2) {
      nowMs += 2_000;
      await runs.tick();
    }
  };
  return { ...parts, runs, player, playDrillS };
}

async function drillRig(): Promise<Rig> {
  const parts = await drillParts();
  let value = 1;
  return {
    player: parts.player,
    live: parts.live,
    change: async () => parts.hub.sample(0, value++, 'good', Date.now(), Date.now()),
    // The release is reported at once; the detectors the cloud reaches follow on the drill clock.
    raiseAlarms: () => parts.playDrillS(30),
    close: async () => {
      await parts.player.dispose();
      await parts.runs.close();
      await parts.live.dispose();
    },
  };
}

const RIGS = { live: liveRig, replay: replayRig, drill: drillRig } as const;

describe.each(Object.keys(RIGS) as (keyof typeof RIGS)[])('the %s player honours the player contract', (kind) => {
  let rig: Rig;
  afterEach(async () => rig?.close());

  async function hosted(): Promise<{ host: PlayerHost; screen: RecordingScreen; metrics: CoreMetrics }> {
    rig = await RIGS[kind]();
    const screen = new RecordingScreen();
    const metrics = new CoreMetrics();
    const host = new PlayerHost(rig.live, screen, metrics, KEPT_BY_THE_TEST);
    if (rig.player !== rig.live) await host.show(rig.player);
    return { host, screen, metrics };
  }

  it('starts a screen with its state, its whole alarm list and a full frame, all of one seekSeq', async () => {
    const { host, screen } = await hosted();
    const seekSeq = screen.states.at(-1)!.seekSeq;
    expect(screen.states.at(-1)!.mode).toBe(kind);
    expect(screen.alarmMessages.at(-1)).toMatchObject({ kind: 'snapshot', seekSeq });
    host.pump(Date.now());
    expect(screen.frames).toHaveLength(1);
    expect(screen.frames[0]!.frame.seekSeq).toBe(seekSeq);
    expect(screen.frames[0]!.frame.indices.length).toBeGreaterThan(0);
  });

  it('refuses what its capabilities do not offer, with ST_ERR_PLAYER_UNSUPPORTED', async () => {
    const { host, screen } = await hosted();
    const { capabilities } = screen.states.at(-1)!;
    const refusals: { offered: boolean; command: PlayerOwnCommand }[] = [
      { offered: capabilities.seek, command: { action: 'seek', tsMs: Date.now() } },
      { offered: capabilities.play, command: { action: 'play' } },
      { offered: capabilities.acknowledge, command: { action: 'alarm', command: { action: 'acknowledge', alarmIds: ['GD-0003:high'] } } },
    ];
    const refused = refusals.filter((r) => !r.offered);
    expect(refused.length).toBeGreaterThan(0);
    for (const { command } of refused) await expect(host.command(command, USER)).rejects.toMatchObject({ problem: { code: 'ST_ERR_PLAYER_UNSUPPORTED' } });
  });

  it('keeps one frame in flight for a screen that does not acknowledge, merging what changes meanwhile', async () => {
    const { host, screen, metrics } = await hosted();
    host.pump(Date.now());
    for (let i = 0; i < 50; i++) {
      await rig.change();
      host.pump(Date.now());
    }
    // A slow screen costs one frame, not fifty: nothing queues in the core.
    expect(screen.frames).toHaveLength(1);
    screen.frames[0]!.acknowledge();
    await rig.change();
    host.pump(Date.now());
    expect(screen.frames).toHaveLength(2);
    expect(screen.frames[1]!.frame.coalesced).toBeGreaterThan(0);
    expect((await metrics.registry.getSingleMetric('safetwin_live_frames_coalesced_total')?.get())?.values[0]?.value).toBeGreaterThan(0);
  });

  it('delivers alarm transitions after the snapshot exactly once, in sequence', async () => {
    const { screen } = await hosted();
    await rig.raiseAlarms();
    const list = screen.alarmList();
    expect(list.gaps).toBe(0);
    const events = screen.alarmMessages.filter((m) => m.kind === 'event' && m.seekSeq === list.seekSeq) as Extract<PlayerAlarms, { kind: 'event' }>[];
    const seqs = events.map((m) => m.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    if (kind === 'live') expect(list.ids).toHaveLength(5);
    if (kind === 'drill') expect(list.ids).toContain('chlorineYard:releaseReported');
  });
});

describe('one screen across live and replay', () => {
  let rig: Rig;
  afterEach(async () => rig?.close());

  it('a seek is a discontinuity: a higher seekSeq, the instant backfilled, older frames dropped by their seekSeq', async () => {
    rig = await replayRig();
    const screen = new RecordingScreen();
    const host = new PlayerHost(rig.live, screen, new CoreMetrics(), KEPT_BY_THE_TEST);
    await host.show(rig.player);
    const before = screen.states.at(-1)!.seekSeq;
    host.pump(Date.now());
    const { startMs } = rig.player.state();
    await host.command({ action: 'seek', tsMs: startMs + 60_000 }, USER);
    const after = screen.states.at(-1)!.seekSeq;
    expect(after).toBeGreaterThan(before);
    // The alarm raised at 30 s and acknowledged at 42 s stands at 60 s: in the new snapshot.
    expect(screen.alarmList()).toMatchObject({ seekSeq: after, ids: ['GD-0003:high'] });
    // The frame in flight belonged to the old picture: a new full frame goes at once.
    host.pump(Date.now());
    expect(screen.frames.at(-1)!.frame.seekSeq).toBe(after);
    expect(screen.frames.at(-1)!.frame.indices.length).toBe(8);
    expect(screen.frames.at(-1)!.frame.tsMs).toBe(startMs + 60_000);
  });

  it('live alarms raised while a screen replays never enter its replayed list; they go to its live strip', async () => {
    rig = await replayRig();
    const parts = liveParts();
    const screen = new RecordingScreen();
    const host = new PlayerHost(parts.live, screen, new CoreMetrics(), KEPT_BY_THE_TEST);
    parts.publishLiveAlarm();
    expect(screen.alarmList().ids).toEqual(['GD-LIVE-1:high']);
    await host.show(rig.player);
    parts.publishLiveAlarm();
    parts.publishLiveAlarm();
    const replayed = screen.alarmList();
    expect(replayed.ids.filter((id) => id.startsWith('GD-LIVE'))).toEqual([]);
    expect(screen.liveAlarms.map((m) => m.alarm.alarmId)).toEqual(['GD-LIVE-2:high', 'GD-LIVE-3:high']);
    await host.showLive();
    expect(screen.alarmList().ids.sort()).toEqual(['GD-LIVE-1:high', 'GD-LIVE-2:high', 'GD-LIVE-3:high']);
    expect(screen.states.at(-1)).toMatchObject({ mode: 'live', seekSeq: replayed.seekSeq + 1 });
    await parts.live.dispose();
    await host.dispose();
  });
});

describe('a screen on the drill', () => {
  it('acknowledges and shelves drill alarms with the plant\'s lifecycle in the drill\'s own engine: nothing reaches the plant\'s alarms', async () => {
    const parts = await drillParts();
    const realTransitions: unknown[] = [];
    parts.bus.subscribe('alarmTransition', (t) => realTransitions.push(t));
    const screen = new RecordingScreen();
    const host = new PlayerHost(parts.live, screen, new CoreMetrics(), KEPT_BY_THE_TEST);
    await host.show(parts.player);
    expect(screen.states.at(-1)).toMatchObject({ mode: 'drill', capabilities: { acknowledge: true, seek: false } });
    const releaseId = 'chlorineYard:releaseReported';
    // The scenario's release is reported a few drill seconds in (its alarmAtS).
    await parts.playDrillS(30);
    expect(screen.alarmList().ids).toContain(releaseId);
    // The drill's clock reaches the screen while it runs (the header's DRILL badge shows it), not only on a playback command.
    const drillClocksMs = screen.states.filter((state) => state.mode === 'drill').map((state) => state.currentMs);
    expect(new Set(drillClocksMs).size).toBeGreaterThan(5);
    expect(drillClocksMs.at(-1)! - drillClocksMs[0]!).toBeGreaterThanOrEqual(20_000);
    await host.command({ action: 'alarm', command: { action: 'acknowledge', alarmIds: [releaseId] } }, USER);
    await host.command({ action: 'alarm', command: { action: 'shelve', alarmId: releaseId, reason: '演练', durationMin: 10 } }, USER);
    const events = screen.alarmMessages.filter((m) => m.kind === 'event' && m.alarm.alarmId === releaseId) as Extract<PlayerAlarms, { kind: 'event' }>[];
    // Raised (the drill clock), acknowledged, shelved: the ISA-18.2 states, each once.
    expect(events.map((m) => m.alarm.state)).toEqual(['unacknowledged', 'acknowledged', 'shelved']);
    expect(events.at(-1)!.alarm).toMatchObject({ shelvedBy: 'op.li', shelveReason: '演练' });
    // The drill's score counts the acknowledgement, from whichever screen it came.
    expect(parts.runs.status().drill!.alarms.find((a) => a.alarmId === releaseId)!.acknowledgedAtS).not.toBeNull();
    expect(realTransitions).toEqual([]);
    expect(parts.live.alarmSnapshot().alarms).toEqual([]);
    // Ending the drill sends the screen back to live.
    await parts.runs.commandDrill({ runId: parts.runs.currentDrill()!.runId, action: 'end' }, 'trainer');
    await expect.poll(() => screen.states.at(-1)!.mode).toBe('live');
    await host.dispose();
    await parts.player.dispose();
    await parts.runs.close();
    await parts.live.dispose();
  });
});
