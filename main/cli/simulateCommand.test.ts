import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Aedes } from 'aedes';
import { connect, type MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { simulatorCommandTopic } from '../contracts/index.js';
import { InvalidSimulatorCommandError, publishSimulatorCommand, simulateCommand, simulateInjectCommand } from './simulateCommand.js';
import type { SimulatorLogger } from '../simulator/index.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'tests', 'fixtures', 'scenes');
const quietLogger: SimulatorLogger = { info() {}, warn() {}, error() {} };

let stderr: string[];
beforeEach(() => {
  stderr = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

async function startBroker(): Promise<{ url: string; close(): Promise<void> }> {
  const broker = await Aedes.createBroker();
  const server = net.createServer({ noDelay: true }, broker.handle as (socket: net.Socket) => void);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function subscribe(url: string, topic: string): Promise<{ client: MqttClient; received: { topic: string; text: string }[] }> {
  const client = connect(url, { reconnectPeriod: 0 });
  const received: { topic: string; text: string }[] = [];
  client.on('message', (t, payload) => received.push({ topic: t, text: payload.toString() }));
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  await client.subscribeAsync(topic);
  return { client, received };
}

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('safetwin simulate: bad input exits 2 without connecting', () => {
  it.each([
    [{ scene: path.join(fixtures, 'bad-fields.json') }, /bad-fields\.json:\d+:\d+ \$\./],
    [{ seed: 'abc' }, /--seed must be an integer/],
    [{ intervalMs: '5' }, /--interval-ms must be an integer from 50 to 60000/],
    [{ scenario: '{"scenario":"gasLeak"}' }, /--scenario: invalid command: equipmentId: /],
    [{ scenario: '{"scenario":"gasLeak","equipmentId":"NOPE"}' }, /--scenario: no equipment "NOPE" in the scene/],
  ])('%o', async (flags, message) => {
    // Port 1 on loopback: a connection attempt would fail loudly, and none is made.
    await simulateCommand({ mqttUrl: 'mqtt://127.0.0.1:1', ...flags }, { logger: quietLogger });
    expect(process.exitCode).toBe(2);
    expect(stderr.join('')).toMatch(message);
  });
});

describe('safetwin simulate', () => {
  it('publishes the scene with its initial scenario until stopped', async () => {
    const broker = await startBroker();
    const { client, received } = await subscribe(broker.url, 'safetwin/mini/#');
    const stop = new AbortController();
    const run = simulateCommand(
      { mqttUrl: broker.url, scene: path.join(fixtures, 'minimal.json'), seed: '3', intervalMs: '50', scenario: '{"scenario":"calibrationDrift","sensorId":"GD-1","driftPerHour":3600}' },
      { logger: quietLogger, stopSignal: stop.signal },
    );
    await until(() => received.filter((m) => m.topic === 'safetwin/mini/tank/GD-1').length >= 3, 'GD-1 readings');
    // Drifting 1 ppm a second: the readings climb.
    const values = received.filter((m) => m.topic === 'safetwin/mini/tank/GD-1').map((m) => (JSON.parse(m.text) as { v: number }).v);
    expect(values.at(-1)!).toBeGreaterThan(values[0]!);
    stop.abort();
    await run;
    expect(process.exitCode).toBeUndefined();
    await client.endAsync();
    await broker.close();
  });
});

describe('safetwin simulate inject', () => {
  it('publishes a validated command, with defaults filled in, on the site command topic', async () => {
    const broker = await startBroker();
    const topic = simulatorCommandTopic('demo-plant');
    const { client, received } = await subscribe(broker.url, topic);
    const sent = await publishSimulatorCommand(broker.url, 'demo-plant', '{"scenario":"gasLeak","equipmentId":"T-101"}');
    expect(sent).toEqual({ scenario: 'gasLeak', equipmentId: 'T-101', releaseRateKgPerS: 1 });
    await until(() => received.length === 1, 'the command');
    expect(JSON.parse(received[0]!.text)).toEqual(sent);
    // The CLI action takes the site from the demo scene by default.
    await simulateInjectCommand('{"scenario":"clear"}', { mqttUrl: broker.url });
    await until(() => received.length === 2, 'the second command');
    expect(received[1]).toEqual({ topic, text: '{"scenario":"clear"}' });
    expect(process.exitCode).toBeUndefined();
    await client.endAsync();
    await broker.close();
  });

  it('rejects an invalid command before connecting, and an unreachable broker after the timeout', async () => {
    await expect(publishSimulatorCommand('mqtt://127.0.0.1:1', 'demo-plant', { scenario: 'manDown', badgeId: 7 })).rejects.toBeInstanceOf(InvalidSimulatorCommandError);
    await expect(publishSimulatorCommand('mqtt://127.0.0.1:1', 'demo-plant', { scenario: 'clear' }, { timeoutMs: 500 })).rejects.toThrow();
    await simulateInjectCommand('{"scenario":"clear"}', { mqttUrl: 'mqtt://127.0.0.1:1', site: 'demo-plant' });
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
    await simulateInjectCommand('{"scenario":', { mqttUrl: 'mqtt://127.0.0.1:1', site: 'demo-plant' });
    expect(process.exitCode).toBe(2);
  });
});
