import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrillStatus, EvacuationBoard, LiveEvacuationStatus } from '../../main/contracts/index.js';
import type { ReplayOpened } from '../../main/players/index.js';
import { serve, type ServeProcess } from '../support/serveProcess.js';
import { request, type CoreSocket } from '../support/socketRequest.js';
import { makeTempDir } from '../support/tempDir.js';

type Client = CoreSocket;
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SAFETWIN_')));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Issue 12.6 "replay shows everything that was on screen", the evacuation board, through the real core
 * (`safetwin serve`, its evacuation worker, the recorder's worker thread) and socket.io: a drill ordered to
 * evacuate and a live evacuation are recorded while running; a replay of that stretch gives back each
 * board on replay:evacuationBoards with the head count the screens were sent live, and no board before
 * the runs or after they ended.
 */
describe('evacuation boards in a recording, replayed', () => {
  let server: ServeProcess;
  let socket: Client;
  // The drill's head counts each screen was sent live, by run time (tS).
  const liveCounts = new Map<number, { total: number; accounted: number }>();
  let drillFrames = 0;
  const replayed: EvacuationBoard[][] = [];

  beforeAll(async () => {
    server = serve(['--port', '0', '--broker-port', '0', '--no-simulate', '--data-dir', makeTempDir('replay-evac-board'), '--log-level', 'warn'], cleanEnv);
    socket = io(await server.url, { transports: ['websocket'], reconnection: false });
    socket.on('evac:frame', (frame) => {
      if (frame.snapshot.mode !== 'drill') return;
      drillFrames++;
      liveCounts.set(frame.snapshot.tS, { total: frame.snapshot.counts.total, accounted: frame.snapshot.counts.accounted });
    });
    socket.on('replay:evacuationBoards', (boards) => void replayed.push(boards));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  }, 60_000);

  afterAll(async () => {
    socket?.disconnect();
    await server?.stop();
  });

  it('replays the drill board and the live board with the head counts that were on screen, and none before or after the runs', async () => {
    const startedMs = Date.now();
    await sleep(1_500);
    const drill = await request<DrillStatus>(socket, 'evac:drillStart', { scenarioId: 'chlorine-b301-day' });
    await request(socket, 'evac:drillCommand', { runId: drill.runId, action: 'playback', playing: true, speed: 20 });
    await expect.poll(() => drillFrames, { timeout: 30_000 }).toBeGreaterThan(4);
    await request(socket, 'evac:drillCommand', { runId: drill.runId, action: 'orderEvacuation' });
    // People walk at 20x: the head count moves; several recorded boards (one per 2 s while it changes).
    await expect.poll(() => Math.max(0, ...[...liveCounts.values()].map((c) => c.accounted)), { timeout: 60_000 }).toBeGreaterThan(0);
    await sleep(5_000);
    const duringDrillMs = Date.now();
    const live = await request<LiveEvacuationStatus>(socket, 'evac:liveStart');
    await sleep(3_000);
    const bothMs = Date.now();
    await request(socket, 'evac:drillCommand', { runId: drill.runId, action: 'end' });
    await request(socket, 'evac:liveStop', { runId: live.runId });
    await sleep(1_500);

    const opened = await request<ReplayOpened>(socket, 'player:command', { action: 'open', fromMs: startedMs, toMs: Date.now() });
    // The first instant: nothing going on yet.
    await expect.poll(() => replayed.at(-1), { timeout: 10_000 }).toEqual([]);

    await request(socket, 'player:command', { action: 'seek', tsMs: duringDrillMs });
    await expect.poll(() => replayed.at(-1)?.length ?? 0, { timeout: 10_000 }).toBe(1);
    const drillThen = replayed.at(-1)![0]!;
    expect(drillThen).toMatchObject({ runId: drill.runId, mode: 'drill', phase: 'evacuating', name: drill.name });
    // The head count of a frame the screens were sent, at that frame's run time: the board that was on screen.
    expect(liveCounts.get(drillThen.tS)).toEqual({ total: drillThen.counts.total, accounted: drillThen.counts.accounted });
    expect(drillThen.counts.total).toBeGreaterThan(0);
    expect(drillThen.missingCount).toBe(drillThen.counts.total - drillThen.counts.accounted);
    expect(drillThen.targets.length).toBeGreaterThan(0);
    expect(drillThen.targets.reduce((n, m) => n + m.arrived, 0)).toBeGreaterThanOrEqual(drillThen.counts.accounted);
    expect(drillThen.atMs).toBeLessThanOrEqual(duringDrillMs);

    await request(socket, 'player:command', { action: 'seek', tsMs: bothMs });
    await expect.poll(() => replayed.at(-1)?.map((b) => b.mode), { timeout: 10_000 }).toEqual(['live', 'drill']);
    expect(replayed.at(-1)![0]).toMatchObject({ runId: live.runId, phase: 'evacuating', counts: { total: 0 } });

    await request(socket, 'player:command', { action: 'seek', tsMs: opened.state.endMs });
    await expect.poll(() => replayed.at(-1), { timeout: 10_000 }).toEqual([]);
    await request(socket, 'player:command', { action: 'close' });
  }, 180_000);
});
