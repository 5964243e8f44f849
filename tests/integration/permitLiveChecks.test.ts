import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAsync, type MqttClient } from 'mqtt';
import { io } from 'socket.io-client';
import { firstRisingLimit } from '../../main/alarms/index.js';
import { UserStore } from '../../main/auth/index.js';
import { resolveServeConfig } from '../../main/config/config.js';
import { startCore, type CoreHandle } from '../../main/core/startCore.js';
import { API_PATHS, rtlsTopic, type Alarm, type PermitChange, type PermitDetail, type PermitInput, type Role } from '../../main/contracts/index.js';
import { createLogger } from '../../main/log/index.js';
import { PERMIT_STATS_PATH } from '../../main/workPermits/index.js';
import type { PermitStatistics } from '../../main/historian/index.js';
import { Mosquitto } from '../support/mosquitto.js';
import { HOUR_MS, MINUTE_MS, permitInput } from '../support/permitFixtures.js';
import type { CoreSocket } from '../support/socketRequest.js';
import { makeTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';

/**
 * The permits' live checks end to end (issue 17 tests: "integration through real Mosquitto: a gas leak
 * drifting towards an active hot-work permit suspends it and raises the alarm within the detector's delay;
 * a badge not on the permit entering the zone raises its alarm"): a real Mosquitto, a real core
 * (`startCore`, embedded historian, sign-in required) ingesting from it, the test publishing detector
 * readings and badge positions as the plant's gateways would, and reading the alarm list, the screens'
 * socket and the permit's signed trace.
 */
describe('permit live checks through a real broker', () => {
  let broker: Mosquitto;
  let core: CoreHandle;
  let publisher: MqttClient;
  let socket: CoreSocket;
  const tokens: Partial<Record<'operator' | 'commander' | 'viewer' | 'manager', string>> = {};
  const alarmEvents: Alarm[] = [];
  const permitChanges: PermitChange[] = [];
  const streams: NodeJS.Timeout[] = [];
  const testStartMs = Date.now();

  beforeAll(async () => {
    broker = await Mosquitto.start();
    const dataDir = makeTempDir('permit-live');
    const users = await UserStore.open(dataDir);
    const people: [keyof typeof tokens, string, Role][] = [
      ['operator', 'li.ming', 'operator'],
      ['commander', 'zhang.wei', 'commander'],
      ['viewer', 'wall', 'viewer'],
      ['manager', 'chen.jing', 'manager'],
    ];
    for (const [key, name, role] of people) {
      await users.upsertUser(name, role, `${name}-pass-phrase-1`);
      tokens[key] = await users.issueToken(name, 'live checks test');
    }
    // No simulator: the test's readings and positions are the only ones (the scene's people stay off site).
    const resolved = resolveServeConfig({ cli: { port: 0, dataDir, mqttUrl: broker.url, simulate: false, record: false, historian: 'embedded', requireAuth: true }, env: {} });
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
    core = await startCore({ config: resolved.config, logger: createLogger('silent') });
    publisher = await connectAsync(broker.url, { clientId: 'permit-live-test', reconnectPeriod: 0 });
    socket = io(core.url, { transports: ['websocket'], auth: { token: tokens.viewer }, reconnection: false });
    // A screen showing the live plant gets the alarm list and its changes from the live player.
    socket.on('player:alarms', (message) => alarmEvents.push(...(message.kind === 'event' ? [message.alarm] : message.alarms)));
    socket.on('permit:changed', (change) => permitChanges.push(change));
    await new Promise<void>((resolve, reject) => {
      socket.once('session:hello', () => resolve());
      socket.once('connect_error', reject);
    });
  });
  afterAll(async () => {
    for (const stream of streams) clearInterval(stream);
    socket?.disconnect();
    await publisher?.endAsync();
    await core?.close();
    await broker?.stop();
  });

  const call = async <T>(method: 'GET' | 'POST', pathAndQuery: string, who: keyof typeof tokens, body?: unknown): Promise<T> => {
    const response = await fetch(new URL(pathAndQuery, core.url), {
      method,
      headers: { authorization: `Bearer ${tokens[who]}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${pathAndQuery}: ${response.status} ${await response.text()}`);
    return (response.headers.get('content-type')?.startsWith('text/csv') ? await response.text() : await response.json()) as T;
  };
  const alarms = () => call<Alarm[]>('GET', API_PATHS.alarms, 'viewer');
  const alarm = async (alarmId: string) => (await alarms()).find((a) => a.alarmId === alarmId);
  /** A detector's active alarm: its pre-warning (gasWarning) or a higher step. */
  const detectorAlarm = async (sensorId: string) => (await alarms()).find((a) => a.sourceId === sensorId && a.active);
  const permit = (number: string) => call<PermitDetail>('GET', `${API_PATHS.permits}/${number}`, 'viewer');

  /** A hot-work permit in work, imported from the plant's permit system: submitted, approved and started, its window open now. */
  async function importInWork(number: string, extra: Record<string, unknown>): Promise<void> {
    const nowMs = Date.now();
    const signed = (action: string, from: string, to: string, user: string, role: Role, atMs: number, more: Record<string, unknown> = {}) => ({ action, from, to, user, role, atMs, ...more });
    const body: PermitInput = permitInput('hotWork', {
      number,
      window: { startMs: nowMs - 30 * MINUTE_MS, endMs: nowMs + 3 * HOUR_MS },
      gasTests: [{ takenAtMs: nowMs - 25 * MINUTE_MS, oxygenPct: 20.9, combustibleLelPct: 0, analystName: '赵敏' }],
      state: 'inWork',
      signatures: [
        signed('submit', 'draft', 'submitted', 'li.ming', 'operator', nowMs - 40 * MINUTE_MS),
        signed('approve', 'submitted', 'approved', 'zhang.wei', 'commander', nowMs - 35 * MINUTE_MS, { authority: 'baseUnit' }),
        signed('start', 'approved', 'inWork', 'li.ming', 'operator', nowMs - 20 * MINUTE_MS),
      ],
      ...extra,
    });
    await call('POST', API_PATHS.permits, 'operator', body);
  }

  /** Publishes a value every 200 ms until the test ends, as a detector or a badge does (readings go stale otherwise). */
  function stream(topic: string, payload: () => object): void {
    publisher.publish(topic, JSON.stringify(payload()));
    streams.push(setInterval(() => publisher.publish(topic, JSON.stringify(payload())), 200));
  }

  it('suspends hot work when the gas reaches a detector within 15 m above its pre-warning, not before, and raises the permit alarm within the detector delay', async () => {
    const near = core.scene.sensors.find((s) => s.id === 'GD-T101-C1')!;
    const far = core.scene.sensors.find((s) => s.id === 'GD-T102-C1')!;
    const config = resolveServeConfig({ cli: {}, env: {} });
    if (!config.ok) throw new Error('default config');
    const preWarning = firstRisingLimit(near, core.scene, config.config.alarms)!;
    expect(firstRisingLimit(far, core.scene, config.config.alarms)).toBe(preWarning);
    // The hot-work point 7 m from GD-T101-C1 and 26 m from GD-T102-C1 (tank farm).
    await importInWork('DH-LIVE-1', { location: { kind: 'point', point: [250, 209], zoneRadiusM: 5 } });
    expect(Math.hypot(near.position.x - 250, near.position.y - 209)).toBeLessThanOrEqual(15);
    expect(Math.hypot(far.position.x - 250, far.position.y - 209)).toBeGreaterThan(15);
    const levels = { [near.id]: 0, [far.id]: 0 };
    for (const sensor of [near, far]) stream(sensor.mqttTopic, () => ({ v: levels[sensor.id], ts: Date.now() }));

    // The cloud drifts in from the east: the far detector first, well above its pre-warning.
    levels[far.id] = preWarning * 1.6;
    await waitUntil(async () => (await detectorAlarm(far.id)) !== undefined, 20_000, 'the far detector alarm');
    // Then the near one, still below its pre-warning: the work goes on.
    levels[near.id] = preWarning * 0.8;
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await detectorAlarm(near.id)).toBeUndefined();
    expect((await permit('DH-LIVE-1')).permit.state).toBe('inWork');
    expect((await alarm('DH-LIVE-1:combustibleGasNearby'))?.active ?? false).toBe(false);

    // The near detector crosses its pre-warning: the permit's alarm and its suspension.
    levels[near.id] = preWarning * 1.2;
    const permitAlarmId = 'DH-LIVE-1:combustibleGasNearby';
    // Raised, then returned as soon as the suspension lands (the live checks judge working permits only):
    // either way it stays in the list, unacknowledged, with the time it was raised.
    await waitUntil(async () => (await alarm(permitAlarmId)) !== undefined, 20_000, 'the permit alarm');
    const nearAlarm = (await detectorAlarm(near.id))!;
    const permitAlarm = (await alarm(permitAlarmId))!;
    expect(permitAlarm).toMatchObject({ sourceId: 'DH-LIVE-1', sourceKind: 'permit', condition: 'combustibleGasNearby', priority: 'urgent', areaId: 'tankFarm', location: { x: near.position.x, y: near.position.y }, unit: '%LEL', acknowledged: false });
    // Within the detector's delay: the gas alarm's on-delay (0 s for gas by default), plus one evaluation of
    // the live checks (they run at once on a detector's alarm, and once a second anyway) and the ingest's hop.
    const delayMs = config.config.alarms.onDelayMs.gas + 1_000;
    expect(permitAlarm.raisedAtMs - nearAlarm.raisedAtMs).toBeLessThanOrEqual(delayMs);
    await waitUntil(async () => (await permit('DH-LIVE-1')).permit.state === 'suspended', 10_000, 'the suspension');
    const { trace } = await permit('DH-LIVE-1');
    expect(trace.at(-1)!.step).toMatchObject({ action: 'suspend', from: 'inWork', to: 'suspended', user: 'system', role: 'system', reasonCode: 'combustibleGasNearby' });
    expect(trace.at(-1)!.step.atMs - permitAlarm.raisedAtMs).toBeLessThan(2_000);
    // Every screen heard both: the alarm on the alarm stream, the suspension as a permit change.
    await waitUntil(() => alarmEvents.some((a) => a.alarmId === permitAlarmId && a.active), 5_000, 'the alarm on the socket');
    await waitUntil(() => permitChanges.some((c) => c.record.permit.number === 'DH-LIVE-1' && c.change === 'suspend' && c.by === 'system'), 5_000, 'the suspension on the socket');
    // The wall's viewer sees the permit, not the watcher's name.
    expect(permitChanges.find((c) => c.change === 'suspend')!.record).toMatchObject({ namesWithheld: true, permit: { state: 'suspended', watcher: { name: '' } } });
  });

  it('raises the stranger alarm when a badge not on the permit walks into its zone, and only then', async () => {
    // Hot work on the main pipe rack PR-1; its workers at the point, the watcher 6 m away.
    const point: [number, number] = [205, 152];
    await importInWork('DH-LIVE-2', {
      location: { kind: 'point', point, zoneRadiusM: 5 },
      entrantBadgeIds: ['BDG-1001', 'BDG-1002'],
      watcher: { badgeId: 'BDG-1003', name: '高涛' },
      workerCertificates: [],
    });
    const positions: Record<string, [number, number]> = { 'BDG-1001': [205, 152], 'BDG-1002': [206, 153], 'BDG-1003': [205, 146], 'BDG-1004': [205, 182] };
    for (const badgeId of Object.keys(positions)) stream(rtlsTopic(core.scene.site.id, badgeId), () => ({ x: positions[badgeId]![0], y: positions[badgeId]![1], floor: 0, ts: Date.now() }));
    const strangerAlarm = 'DH-LIVE-2:unlistedBadgeInZone';
    // The crew at work: no alarm of this permit.
    await new Promise((r) => setTimeout(r, 2_500));
    expect((await alarms()).filter((a) => a.sourceId === 'DH-LIVE-2' && a.active)).toEqual([]);
    // BDG-1004 walks in along the rack: 30 m, 10 m, 6 m away (outside the 5 m cordon), then 3 m (inside).
    for (const distanceM of [10, 6]) {
      positions['BDG-1004'] = [point[0], point[1] + distanceM];
      await new Promise((r) => setTimeout(r, 1_500));
      expect((await alarm(strangerAlarm))?.active ?? false).toBe(false);
    }
    const enteredMs = Date.now();
    positions['BDG-1004'] = [point[0], point[1] + 3];
    await waitUntil(async () => (await alarm(strangerAlarm))?.active === true, 10_000, 'the stranger alarm');
    const raised = (await alarm(strangerAlarm))!;
    expect(raised).toMatchObject({ sourceId: 'DH-LIVE-2', sourceKind: 'permit', condition: 'unlistedBadgeInZone', active: true });
    // One position report (every 200 ms) and one evaluation of the live checks (once a second), with slack for a loaded machine.
    expect(raised.raisedAtMs - enteredMs).toBeLessThan(3_000);
    await waitUntil(() => alarmEvents.some((a) => a.alarmId === strangerAlarm && a.active), 5_000, 'the stranger alarm on the socket');
    // A stranger does not stop the work by itself (issue 17: an alarm, not a suspension).
    expect((await permit('DH-LIVE-2')).permit.state).toBe('inWork');
    // The stranger walks out again: the condition clears.
    positions['BDG-1004'] = [point[0], point[1] + 20];
    await waitUntil(async () => (await alarm(strangerAlarm))?.active !== true, 10_000, 'the stranger alarm to clear');
  });

  it("counts what the live checks did in the managers' statistics, as JSON and CSV, for any role that reads permits", async () => {
    const range = `from=${testStartMs - HOUR_MS}&to=${Date.now() + HOUR_MS}`;
    const stats = await call<PermitStatistics>('GET', `${PERMIT_STATS_PATH}?${range}`, 'manager');
    expect(stats.permits).toMatchObject({ total: 2, byType: [{ type: 'hotWork', count: 2 }], byArea: expect.arrayContaining([{ areaId: 'tankFarm', count: 1 }]), byContractor: [{ contractor: '华东安装公司', count: 2 }] });
    expect(stats.suspensions.byReason).toEqual([{ reasonCode: 'combustibleGasNearby', count: 1, automatic: 1, manual: 0 }]);
    const csv = await call<string>('GET', `${PERMIT_STATS_PATH}?${range}&format=csv`, 'viewer');
    expect(csv).toContain('suspensions,reason,,combustibleGasNearby,1\r\n');
    // No person in it: neither the watchers nor who signed.
    for (const name of ['高涛', '王伟', 'li.ming', 'zhang.wei', 'system']) expect(JSON.stringify(stats)).not.toContain(name);
    const bad = await fetch(new URL(`${PERMIT_STATS_PATH}?from=${Date.now()}&to=${Date.now() - 1}`, core.url), { headers: { authorization: `Bearer ${tokens.viewer}` } });
    expect(bad.status).toBe(400);
  });
});

describe('permit statistics without a historian', () => {
  it('answers 503 with the register’s code: a core without a historian keeps no permits', async () => {
    const resolved = resolveServeConfig({ cli: { port: 0, dataDir: makeTempDir('permit-stats-none'), simulate: false, brokerPort: 0, record: false }, env: {} });
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
    const core = await startCore({ config: resolved.config, logger: createLogger('silent') });
    try {
      const response = await fetch(new URL(`${PERMIT_STATS_PATH}?from=${Date.now() - 86_400_000}&to=${Date.now()}`, core.url));
      expect(response.status).toBe(503);
      expect(((await response.json()) as { problem: { code: string } }).problem.code).toBe('ST_ERR_PERMIT_REGISTER_UNAVAILABLE');
    } finally {
      await core.close();
    }
  });
});
