import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm, AlarmTransition } from '../../main/contracts/index.js';
import { resolveServeConfig } from '../../main/config/config.js';
import { startCore, type CoreHandle } from '../../main/core/startCore.js';
import { encodeSparkplug } from '../../main/ingest/sparkplug/codec.js';
import { createLogger } from '../../main/log/logger.js';
import { Mosquitto } from '../support/mosquitto.js';
import { makeTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';

/** The gas detector at benzene tank T-101: H 25 %LEL, HH 50 %LEL. */
const GAS = 'GD-T101-C1';
const GAS_TOPIC = 'safetwin/demo-plant/tankFarm/GD-T101-C1';
const COMM_LOSS_MS = 2_000;

let broker: Mosquitto;
let core: CoreHandle;
let publisher: MqttClient;
const transitions: AlarmTransition[] = [];

const api = async <T>(p: string): Promise<T> => (await (await fetch(new URL(p, core.url))).json()) as T;
const sensor = (id: string) => api<{ value: number | null; quality: string | null; stale: boolean; alarm: { active: boolean } }>(`/api/sensors/${id}`);
const alarms = () => api<Alarm[]>('/api/alarms');

beforeAll(async () => {
  broker = await Mosquitto.start();
  const dataDir = makeTempDir('mqtt');
  const configFile = path.join(dataDir, 'config.json');
  // Short comm-loss timeouts so a broker outage shows within the test.
  writeFileSync(configFile, JSON.stringify({ alarms: { commLossTimeoutMs: Object.fromEntries(['gas', 'o2', 'temperature', 'pressure', 'level', 'flow', 'vibration', 'windSpeed', 'windDirection', 'smoke', 'humidity'].map((k) => [k, COMM_LOSS_MS])) } }));
  const resolved = resolveServeConfig({ cli: { port: 0, dataDir, config: configFile, mqttUrl: broker.url }, env: {} });
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
  core = await startCore({ config: resolved.config, logger: createLogger('silent') });
  core.bus.subscribe('alarmTransition', (t) => transitions.push(t));
  await waitUntil(() => core.plant.linkState() === 'connected', 10_000, 'the MQTT link');
  publisher = await connectAsync(broker.url, { clientId: 'test-publisher', reconnectPeriod: 200 });
});

afterAll(async () => {
  await publisher?.endAsync(true);
  await core?.close();
  await broker?.stop();
});

describe('ingestion from a real Mosquitto broker', () => {
  it('takes JSON published by mosquitto_pub and raises the gas H alarm', async () => {
    execFileSync('mosquitto_pub', ['-p', String(broker.port), '-t', GAS_TOPIC, '-m', JSON.stringify({ v: 31, ts: Date.now() })]);
    await expect.poll(async () => (await sensor(GAS)).value, { timeout: 5_000 }).toBe(31);
    await expect.poll(async () => (await alarms()).find((a) => a.alarmId === `${GAS}:high`)?.state, { timeout: 5_000 }).toBe('unacknowledged');
    const alarm = (await alarms()).find((a) => a.alarmId === `${GAS}:high`)!;
    expect(alarm).toMatchObject({ priority: 'high', active: true, value: 31, sourceKind: 'sensor' });
  });

  it('takes Sparkplug B births and data, and makes a dead node’s sensors stale', async () => {
    const node = 'spBv1.0/plantA/NBIRTH/edge7';
    const ids = ['TT-T102', 'PT-T102'];
    await publisher.publishAsync(node, encodeSparkplug({ timestamp: Date.now(), seq: 0, metrics: [{ name: 'bdSeq', type: 'UInt64', value: 3 }, ...ids.map((name, i) => ({ name, alias: i + 1, type: 'Double', value: 20 + i }))] }));
    await publisher.publishAsync('spBv1.0/plantA/NDATA/edge7', encodeSparkplug({ timestamp: Date.now(), seq: 1, metrics: [{ alias: 1, type: 'Double', value: 22.5 }] }));
    await expect.poll(async () => (await sensor('TT-T102')).value, { timeout: 5_000 }).toBe(22.5);
    expect((await sensor('PT-T102')).value).toBe(21);
    await publisher.publishAsync('spBv1.0/plantA/NDEATH/edge7', encodeSparkplug({ timestamp: Date.now(), metrics: [{ name: 'bdSeq', type: 'UInt64', value: 3 }] }));
    await expect.poll(async () => (await alarms()).some((a) => a.alarmId === 'TT-T102:commLoss' && a.active), { timeout: 5_000 }).toBe(true);
    const hostState = await new Promise<string>((resolve) => {
      void connectAsync(broker.url, { clientId: 'state-reader' }).then(async (reader) => {
        reader.on('message', (_t, payload) => {
          resolve(payload.toString());
          void reader.endAsync(true);
        });
        await reader.subscribeAsync('spBv1.0/STATE/+');
      });
    });
    expect(JSON.parse(hostState)).toMatchObject({ online: true });
  });

  it('survives a broker restart mid-stream: sensors go stale with comm-loss, then resume without duplicate alarms', async () => {
    const activationsBefore = transitions.filter((t) => t.alarm.alarmId === `${GAS}:high` && t.action === 'activate').length;
    expect(activationsBefore).toBe(1);
    const stream = setInterval(() => {
      if (publisher.connected) publisher.publish(GAS_TOPIC, JSON.stringify({ v: 32, ts: Date.now() }));
    }, 100);
    try {
      await new Promise((r) => setTimeout(r, 500));
      await broker.stop();
      await expect.poll(() => core.plant.linkState(), { timeout: 5_000 }).not.toBe('connected');
      await expect.poll(async () => (await sensor(GAS)).stale, { timeout: 10_000 }).toBe(true);
      await expect.poll(async () => (await alarms()).some((a) => a.alarmId === `${GAS}:commLoss` && a.active), { timeout: 10_000 }).toBe(true);
      await broker.restart(0);
      await expect.poll(() => core.plant.linkState(), { timeout: 20_000 }).toBe('connected');
      await expect.poll(async () => (await sensor(GAS)).stale, { timeout: 20_000 }).toBe(false);
      await expect.poll(async () => (await alarms()).find((a) => a.alarmId === `${GAS}:commLoss`)?.active ?? false, { timeout: 10_000 }).toBe(false);
    } finally {
      clearInterval(stream);
    }
    const activationsAfter = transitions.filter((t) => t.alarm.alarmId === `${GAS}:high` && t.action === 'activate').length;
    expect(activationsAfter).toBe(1);
    expect((await alarms()).find((a) => a.alarmId === `${GAS}:high`)?.active).toBe(true);
  }, 60_000);

  it('raises restricted entry for a badge inside the chlorine yard, from RTLS on MQTT', async () => {
    execFileSync('mosquitto_pub', ['-p', String(broker.port), '-t', 'safetwin/demo-plant/rtls/BDG-1001', '-m', JSON.stringify({ x: 345, y: 190, ts: Date.now() })]);
    await expect.poll(async () => (await alarms()).find((a) => a.alarmId === 'BDG-1001:restrictedEntry')?.state, { timeout: 5_000 }).toBe('unacknowledged');
    const alarm = (await alarms()).find((a) => a.alarmId === 'BDG-1001:restrictedEntry')!;
    expect(alarm).toMatchObject({ sourceKind: 'worker', priority: 'high', areaId: 'chlorineYard' });
  });

  it('counts rejected input by reason in /metrics', async () => {
    execFileSync('mosquitto_pub', ['-p', String(broker.port), '-t', GAS_TOPIC, '-m', '{"v": "lots"}']);
    execFileSync('mosquitto_pub', ['-p', String(broker.port), '-t', 'safetwin/demo-plant/nowhere/X-1', '-m', '{"v": 1}']);
    await expect
      .poll(async () => (await (await fetch(new URL('/metrics', core.url))).text()).match(/safetwin_ingest_rejected_total\{reason="(schema|unknownTopic)"\} \d+/g)?.length ?? 0, { timeout: 5_000 })
      .toBe(2);
  });
});
