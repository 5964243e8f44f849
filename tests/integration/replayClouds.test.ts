import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordedHazeValues, type ActiveLeak, type DispersionSnapshotWire, type DispersionZones, type DrillStatus } from '../../main/contracts/index.js';
import type { ReplayOpened } from '../../main/players/index.js';
import { serve, type ServeProcess } from '../support/serveProcess.js';
import { request, type CoreSocket } from '../support/socketRequest.js';
import { makeTempDir } from '../support/tempDir.js';

type Client = CoreSocket;
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SAFETWIN_')));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Issue 12.6 "replay shows everything that was on screen", through the real core (`safetwin serve`, its
 * leak-study and drill workers, the recorder's worker thread) and socket.io: a what-if leak study and a
 * drill with its own cloud are recorded; a replay of that stretch gives back the study's haze and zones
 * on replay:dispersion and the drill's cloud, apart, on replay:drillDispersion, and no drill cloud once
 * the drill had ended.
 */
describe('leak-study haze and drill clouds in a recording, replayed', () => {
  let server: ServeProcess;
  let socket: Client;
  let latestStudy: DispersionSnapshotWire | null = null;
  let latestDrill: DispersionSnapshotWire | null = null;
  // The model times of the pictures each screen was sent live (a drill runs on its own clock).
  const studyTimes = new Set<number>();
  const drillTimes = new Set<number>();
  const replayed: { study: (DispersionZones | null)[]; drill: (DispersionZones | null)[] } = { study: [], drill: [] };

  beforeAll(async () => {
    server = serve(['--port', '0', '--broker-port', '0', '--no-simulate', '--data-dir', makeTempDir('replay-clouds'), '--log-level', 'warn'], cleanEnv);
    socket = io(await server.url, { transports: ['websocket'], reconnection: false });
    socket.on('leak:snapshot', (snapshot) => {
      latestStudy = snapshot;
      studyTimes.add(snapshot.atMs);
    });
    socket.on('evac:drillDispersion', (snapshot) => {
      latestDrill = snapshot;
      drillTimes.add(snapshot.atMs);
    });
    socket.on('replay:dispersion', (zones) => void replayed.study.push(zones));
    socket.on('replay:drillDispersion', (zones) => void replayed.drill.push(zones));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  }, 60_000);

  afterAll(async () => {
    socket?.disconnect();
    await server?.stop();
  });

  it('replays the study with its haze and the drill cloud on its own channel, and no drill cloud after the drill', async () => {
    const startedMs = Date.now();
    const study = await request<ActiveLeak>(socket, 'leak:start', { equipmentId: 'B-301', holeDiameterM: 0.01 });
    await expect.poll(() => latestStudy?.zones.length ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);

    const drill = await request<DrillStatus>(socket, 'evac:drillStart', { scenarioId: 'chlorine-b301-day' });
    await request(socket, 'evac:drillCommand', { runId: drill.runId, action: 'playback', playing: true, speed: 20 });
    await expect.poll(() => latestDrill?.zones.length ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);
    // Two recorded drill pictures at least (one per 5 s while its zones stay the same).
    await sleep(6_000);
    const duringDrillMs = Date.now();
    const drillLeakIds = latestDrill!.leaks.map((l) => l.leakId);
    await request(socket, 'evac:drillCommand', { runId: drill.runId, action: 'end' });
    await sleep(1_500);

    const opened = await request<ReplayOpened>(socket, 'player:command', { action: 'open', fromMs: startedMs - 1_000, toMs: Date.now() });
    // Without a simulator the last message recorded is the drill's end (its empty picture among them).
    const afterDrillMs = opened.state.endMs;
    expect(afterDrillMs).toBeGreaterThan(duringDrillMs);

    await request(socket, 'player:command', { action: 'seek', tsMs: duringDrillMs });
    await expect.poll(() => replayed.drill.at(-1)?.zones.length ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
    const studyThen = replayed.study.at(-1)!;
    const drillThen = replayed.drill.at(-1)!;
    // The study: its zones and a haze of its own leak, read back to concentrations above its floor.
    expect(studyThen.leaks.map((l) => l.leakId)).toEqual([study.leakId]);
    expect(studyThen.zones.length).toBeGreaterThan(0);
    const studyHaze = studyThen.haze!;
    expect(studyHaze.nx * studyHaze.ny).toBeLessThanOrEqual(16_384);
    expect(studyHaze.fields.map((f) => f.leakId)).toEqual([study.leakId]);
    expect(Math.max(...recordedHazeValues(studyHaze, studyHaze.fields[0]!))).toBeGreaterThan(studyHaze.fields[0]!.floorMgM3);
    // The drill's cloud: on its own channel, its own leak, with a haze; never mixed into the studies' picture:
    // each replayed picture is one its screen was sent live (the drill's on the drill's own clock).
    expect(drillThen.leaks.map((l) => l.leakId)).toEqual(drillLeakIds);
    expect(drillThen.haze!.fields.map((f) => f.leakId)).toEqual(drillLeakIds);
    expect(drillTimes.has(drillThen.atMs)).toBe(true);
    expect(studyTimes.has(studyThen.atMs)).toBe(true);
    expect(studyTimes.has(drillThen.atMs)).toBe(false);

    await request(socket, 'player:command', { action: 'seek', tsMs: afterDrillMs });
    await expect.poll(() => replayed.drill.at(-1), { timeout: 10_000 }).toBeNull();
    expect(replayed.study.at(-1)?.leaks.map((l) => l.leakId)).toEqual([study.leakId]);
    await request(socket, 'player:command', { action: 'close' });
  }, 120_000);
});
