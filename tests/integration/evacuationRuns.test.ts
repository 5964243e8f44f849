import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freeLoopbackPort } from '../../main/platform/network.js';
import { connectAsync, type MqttClient } from 'mqtt';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rtlsTopic, type AlarmSnapshot, type DrillStatus, type EvacuationFrameWire, type EvacuationRunReport, type EvacuationRunsStatus, type LiveEvacuationStatus } from '../../main/contracts/index.js';
import { serve, type ServeProcess } from '../support/serveProcess.js';
import { request, type CoreSocket } from '../support/socketRequest.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * Issue 6 "Live and drill modes" through the real core (`safetwin serve`, the built worker threads):
 * a drill started and driven over socket.io with its own alarms and score, a live evacuation from
 * RTLS badges published to the embedded broker, and the after-action reports over HTTP.
 */
type Client = CoreSocket;

describe('evacuation runs through the core', () => {
  let server: ServeProcess;
  let url: string;
  let socket: Client;
  let mqtt: MqttClient;
  let brokerPort: number;
  let dataDir: string;
  const frames: EvacuationFrameWire[] = [];
  const statuses: EvacuationRunsStatus[] = [];
  let leakSnapshots = 0;
  let drillClouds = 0;

  beforeAll(async () => {
    brokerPort = await freeLoopbackPort();
    dataDir = makeTempDir('evac-core');
    server = serve(['--port', '0', '--broker-port', String(brokerPort), '--no-simulate', '--data-dir', dataDir, '--log-level', 'warn']);
    url = await server.url;
    socket = io(url, { transports: ['websocket'], reconnection: false });
    socket.on('evac:frame', (frame) => frames.push(frame));
    socket.on('evac:status', (status) => statuses.push(status));
    socket.on('leak:snapshot', () => leakSnapshots++);
    socket.on('evac:drillDispersion', () => drillClouds++);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    mqtt = await connectAsync(`mqtt://127.0.0.1:${brokerPort}`, { clientId: 'evac-test-rtls' });
  }, 60_000);

  afterAll(async () => {
    socket?.disconnect();
    await mqtt?.endAsync();
    await server?.stop();
  });

  it('drills: DRILL-labelled run with its own cloud and alarms, scored; nothing reaches the real alarm list', async () => {
    const scenarios = await request<{ id: string; people: number }[]>(socket, 'evac:scenarios');
    expect(scenarios.map((s) => s.id)).toContain('chlorine-b301-day');
    const alarmsBefore = await request<AlarmSnapshot>(socket, 'alarm:snapshot');

    const started = await request<DrillStatus>(socket, 'evac:drillStart', { scenarioId: 'chlorine-b301-day' });
    expect(started).toMatchObject({ mode: 'drill', phase: 'alarm', name: { en: 'Chlorine release at B-301 (day shift)' } });
    const { runId } = started;
    await request(socket, 'evac:drillCommand', { runId, action: 'playback', playing: true, speed: 20 });
    await expect.poll(() => statuses.at(-1)?.drill?.alarms.length ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
    await request(socket, 'evac:drillCommand', { runId, action: 'acknowledge' });
    await request(socket, 'evac:drillCommand', { runId, action: 'orderEvacuation' });
    const drillFrame = () => frames.filter((f) => f.snapshot.runId === runId).at(-1);
    expect(drillFrame()!.snapshot).toMatchObject({ mode: 'drill', label: 'Chlorine release at B-301 (day shift)' });
    expect(drillFrame()!.snapshot.counts.total).toBe(60);
    // The scenario's cloud drifts over muster point 3: flagged in the run state, everyone sent elsewhere.
    await expect.poll(() => drillFrame()!.snapshot.threat.musterIds, { timeout: 30_000, interval: 250 }).toContain('MP-3');
    // As the AEGL-2 zone grows it reaches the truck gate too (what the scenario trains): flagged as soon as it does.
    await expect.poll(() => drillFrame()!.snapshot.threat.gateIds, { timeout: 30_000, interval: 250 }).toEqual(['gate-truck']);
    expect(drillFrame()!.snapshot.threat).toMatchObject({ level: 'AEGL-2', advice: 'reroute' });
    expect(drillFrame()!.snapshot.targets.find((t) => t.id === 'MP-3')!.threatened).toBe(true);
    await expect.poll(() => drillFrame()!.snapshot.counts.accounted, { timeout: 60_000, interval: 500 }).toBe(60);
    const board = drillFrame()!.snapshot.targets;
    expect(board.filter((t) => t.kind === 'muster').reduce((n, t) => n + t.arrived, 0)).toBe(60);
    expect(board.find((t) => t.id === 'MP-3')!.arrived).toBe(0);
    await request(socket, 'evac:drillCommand', { runId, action: 'confirmHeadcount' });
    const ended = await request<DrillStatus>(socket, 'evac:drillCommand', { runId, action: 'end' });
    expect(ended.phase).toBe('ended');
    expect(ended.score.items.map((i) => i.measure)).toEqual(['acknowledge', 'orderEvacuation', 'accountForEveryone']);
    expect(ended.score.items.find((i) => i.measure === 'accountForEveryone')!.met).toBe(true);
    expect(drillClouds).toBeGreaterThan(0);

    // The drill's detectors alarm only in the drill: no process alarm in the real list, no live cloud.
    // (Without the simulator the plant's sensors are silent, so the real list fills with comm-loss alarms.)
    const drillSources = new Set(ended.alarms.map((a) => a.sourceId));
    const processAlarms = (snapshot: AlarmSnapshot) => snapshot.alarms.filter((a) => drillSources.has(a.sourceId) && a.condition !== 'commLoss' && a.condition !== 'badQuality');
    expect(processAlarms(alarmsBefore)).toEqual([]);
    expect(processAlarms(await request<AlarmSnapshot>(socket, 'alarm:snapshot'))).toEqual([]);
    expect(ended.alarms.some((a) => a.condition !== 'releaseReported')).toBe(true);
    expect(leakSnapshots).toBe(0);

    const json = (await (await fetch(new URL(`/api/evacuation/runs/${runId}/report.json`, url))).json()) as EvacuationRunReport;
    expect(json).toMatchObject({ runId, mode: 'drill', agents: 60, arrived: 60, missing: [] });
    expect(json.drill!.alarms.length).toBeGreaterThan(0);
    const page = await fetch(new URL(`/api/evacuation/runs/${runId}/report.html?lang=zh-CN`, url));
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/style-src 'sha256-/);
    const html = await page.text();
    expect(html).toContain('演练 · B-301 液氯泄漏（白班）');
    expect(html).toContain('疏散演练复盘报告');
    expect(html).toContain('团队响应评分');
    expect((await fetch(new URL('/api/evacuation/runs/nope/report.json', url))).status).toBe(404);
  }, 120_000);

  it('live: predicts from RTLS badges, counts the ones that reach a muster point and lists the missing with where they were last seen', async () => {
    const publish = (badgeId: string, x: number, y: number) => mqtt.publishAsync(rtlsTopic('demo-plant', badgeId), JSON.stringify({ x, y, ts: Date.now() }));
    await publish('BDG-1001', 200, 150);
    await publish('BDG-1002', 120, 200);
    await publish('BDG-1003', 300, 60);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const live = await request<LiveEvacuationStatus>(socket, 'evac:liveStart');
    expect(live).toMatchObject({ mode: 'live', observedArrived: 0 });
    await expect.poll(() => frames.filter((f) => f.snapshot.runId === live.runId).at(-1)?.snapshot.agentIds.length, { timeout: 10_000 }).toBe(3);
    await publish('BDG-1003', 295, 20);
    await publish('BDG-1002', 100, 180);
    await expect.poll(() => statuses.at(-1)?.live?.observedArrived, { timeout: 10_000 }).toBe(1);
    // The header's head count is the board's: accounted for as the snapshot defines it.
    await expect.poll(() => statuses.at(-1)?.live?.accounted, { timeout: 10_000 }).toBe(1);
    expect(statuses.at(-1)!.live!.total).toBe(3);
    const stopped = await request<LiveEvacuationStatus>(socket, 'evac:liveStop', { runId: live.runId });
    expect(stopped.ended).toBe(true);
    const report = (await (await fetch(new URL(`/api/evacuation/runs/${live.runId}/report.json`, url))).json()) as EvacuationRunReport;
    expect(report.mode).toBe('live');
    expect(report.accounted).toBe(1);
    // Ordering and standing down are on the audit record, with who did it.
    const notes = readFileSync(path.join(dataDir, 'audit', 'journal.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; by: string; data: { action?: string; runId?: string } })
      .filter((e) => e.kind === 'note' && e.data.runId === live.runId);
    expect(notes.map((e) => e.data.action)).toEqual(['evacuationOrdered', 'evacuationStoodDown']);
    expect(report.targets.find((t) => t.id === 'MP-2')!.observedArrived).toBe(1);
    expect(report.missing.map((m) => m.agentId).sort()).toEqual(['BDG-1001', 'BDG-1002']);
    expect(report.missing.find((m) => m.agentId === 'BDG-1002')).toMatchObject({ lastSeenX: 100, lastSeenY: 180 });
    const liveHtml = await (await fetch(new URL(`/api/evacuation/runs/${live.runId}/report.html?lang=zh-CN`, url))).text();
    expect(liveHtml).toContain('疏散事后复盘报告');
    expect(liveHtml).not.toContain('疏散演练复盘报告');
  }, 60_000);
});

describe('man-down during a live evacuation through the core', () => {
  let server: ServeProcess;
  let url: string;
  let socket: Client;
  let mqtt: MqttClient;
  const MAN_DOWN_AFTER_S = 5;

  beforeAll(async () => {
    const dataDir = makeTempDir('evac-man-down');
    const configFile = path.join(dataDir, 'config.json');
    writeFileSync(configFile, JSON.stringify({ workers: { manDownAfterS: MAN_DOWN_AFTER_S } }));
    const brokerPort = await freeLoopbackPort();
    server = serve(['--port', '0', '--broker-port', String(brokerPort), '--no-simulate', '--no-record', '--data-dir', dataDir, '--config', configFile, '--log-level', 'warn']);
    url = await server.url;
    socket = io(url, { transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    mqtt = await connectAsync(`mqtt://127.0.0.1:${brokerPort}`, { clientId: 'evac-man-down-rtls' });
  }, 60_000);

  afterAll(async () => {
    socket?.disconnect();
    await mqtt?.endAsync();
    await server?.stop();
  });

  it('does not raise man-down for people standing at a muster point while evacuating, still does elsewhere, and counts anew after the stand-down', async () => {
    // BDG-1001 stands at MP-1 (30, 100); BDG-1002 lies still in the plant.
    const report = () =>
      Promise.all([
        mqtt.publishAsync(rtlsTopic('demo-plant', 'BDG-1001'), JSON.stringify({ x: 32, y: 101, ts: Date.now() })),
        mqtt.publishAsync(rtlsTopic('demo-plant', 'BDG-1002'), JSON.stringify({ x: 160, y: 200, ts: Date.now() })),
      ]);
    const reporting = setInterval(() => void report(), 1_000);
    try {
      await report();
      const live = await request<LiveEvacuationStatus>(socket, 'evac:liveStart');
      const manDown = async () => new Set((await request<AlarmSnapshot>(socket, 'alarm:snapshot')).alarms.filter((a) => a.condition === 'manDown' && a.active).map((a) => a.sourceId));
      await expect.poll(manDown, { timeout: 20_000, interval: 500 }).toContain('BDG-1002');
      // Well past manDownAfterS at the muster point: nothing.
      await new Promise((resolve) => setTimeout(resolve, 2 * MAN_DOWN_AFTER_S * 1000));
      expect(await manDown()).not.toContain('BDG-1001');
      await request(socket, 'evac:liveStop', { runId: live.runId });
      const stoodDownAt = Date.now();
      await expect.poll(manDown, { timeout: 20_000, interval: 500 }).toContain('BDG-1001');
      // From the stand-down, not from the arrival at the muster point.
      expect(Date.now() - stoodDownAt).toBeGreaterThanOrEqual((MAN_DOWN_AFTER_S - 1) * 1000);
    } finally {
      clearInterval(reporting);
    }
  }, 90_000);
});
