import { readFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import { connect, type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { RtlsPayloadSchema, SceneSchema, SensorPayloadSchema, simulatorCommandTopic, WeatherPayloadSchema, type SimulatorCommand } from '../contracts/index.js';
import type { CommandOutcome } from './scenarioCommands.js';
import { SimulatorPublisher, type SimulatorLogger } from './SimulatorPublisher.js';

const scene = SceneSchema.parse(JSON.parse(readFileSync(new URL('../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')));
const sensorTopics = new Set(scene.sensors.map((s) => s.mqttTopic));
const START = Date.UTC(2025, 6, 15, 2, 0, 0);
const COMMAND_TOPIC = simulatorCommandTopic('demo-plant');

type Broker = { url: string; port: number; close(): Promise<void> };

async function startBroker(port = 0): Promise<Broker> {
  const broker = await Aedes.createBroker();
  const server = net.createServer({ noDelay: true }, broker.handle as (socket: net.Socket) => void);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `mqtt://127.0.0.1:${actual}`,
    port: actual,
    async close() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type Received = { topic: string; json: unknown };

async function subscriber(url: string): Promise<{ client: MqttClient; received: Received[] }> {
  const client = connect(url, { clientId: 'test-subscriber', reconnectPeriod: 0 });
  const received: Received[] = [];
  client.on('message', (topic, payload) => {
    if (topic !== COMMAND_TOPIC) received.push({ topic, json: JSON.parse(payload.toString()) });
  });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  await client.subscribeAsync('safetwin/demo-plant/#');
  return { client, received };
}

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A model clock that runs a simulated second per reading. */
function fastClock(): { clock: () => number; now: () => number } {
  let t = START;
  return { clock: () => (t += 1_000), now: () => t };
}

function recordingLogger(): SimulatorLogger & { warnings: { obj: object; msg: string | undefined }[] } {
  const warnings: { obj: object; msg: string | undefined }[] = [];
  return { warnings, info() {}, warn: (obj, msg) => warnings.push({ obj, msg }), error: (obj, msg) => warnings.push({ obj, msg }) };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const socketsAndTimers = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TCPServerWrap' || r === 'Timeout').length;

describe('SimulatorPublisher', () => {
  it('publishes sensors, RTLS and weather, applies commands, ignores bad ones and disposes cleanly', async () => {
    const handlesBefore = socketsAndTimers();
    const broker = await startBroker();
    const { client: sub, received } = await subscriber(broker.url);
    const { clock, now } = fastClock();
    const logger = recordingLogger();
    const commands: { command: SimulatorCommand; outcome: CommandOutcome; atMs: number }[] = [];
    const publisher = new SimulatorPublisher({
      scene,
      mqttUrl: broker.url,
      seed: 1,
      clientId: 'sim-under-test',
      sensorIntervalMs: 20,
      rtlsIntervalMs: 20,
      weatherIntervalMs: 40,
      clock,
      logger,
      onCommand: (command, outcome) => commands.push({ command, outcome, atMs: now() }),
    });
    await publisher.waitUntilConnected();
    expect(publisher.connected).toBe(true);

    const topicsSeen = () => new Set(received.map((m) => m.topic));
    await until(() => [...sensorTopics].filter((t) => !t.includes('/WS-') && !t.includes('/WD-') && !t.includes('/TA-') && !t.includes('/RH-')).every((t) => topicsSeen().has(t)), 'every sensor topic');
    await until(() => received.some((m) => m.topic.includes('/weather/WX2')), 'weather');

    const sensorMessages = received.filter((m) => sensorTopics.has(m.topic));
    for (const m of sensorMessages.slice(0, 500)) {
      const payload = SensorPayloadSchema.parse(m.json);
      expect(typeof payload.ts).toBe('number');
      expect(payload.q).toBe('good');
    }
    const rtls = received.filter((m) => m.topic.startsWith('safetwin/demo-plant/rtls/'));
    expect(rtls.length).toBeGreaterThan(30);
    for (const m of rtls.slice(0, 200)) {
      expect(scene.personnel.some((p) => m.topic === `safetwin/demo-plant/rtls/${p.badgeId}`)).toBe(true);
      expect(RtlsPayloadSchema.parse(m.json)).toMatchObject({ floor: 0 });
    }
    const weather = received.filter((m) => m.topic.startsWith('safetwin/demo-plant/weather/'));
    expect(new Set(weather.map((m) => m.topic))).toEqual(new Set(['safetwin/demo-plant/weather/WX1', 'safetwin/demo-plant/weather/WX2']));
    for (const m of weather) expect(Object.keys(WeatherPayloadSchema.parse(m.json)).sort()).toEqual(['humidityPercent', 'temperatureC', 'ts', 'windDirectionDeg', 'windSpeedMps']);

    // A valid command takes effect: the detector's topic falls silent.
    const silenced = scene.sensors.find((s) => s.id === 'GD-T101-C1')!.mqttTopic;
    await sub.publishAsync(COMMAND_TOPIC, JSON.stringify({ scenario: 'sensorOffline', sensorId: 'GD-T101-C1' }), { qos: 1 });
    await until(() => commands.length === 1, 'the command');
    expect(commands[0]!.outcome).toEqual({ ok: true, summary: 'sensorOffline: GD-T101-C1' });
    const appliedAtMs = commands[0]!.atMs;
    const later = () => received.filter((m) => sensorTopics.has(m.topic) && (m.json as { ts: number }).ts > appliedAtMs + 1_000);
    await until(() => later().length > 5 * scene.sensors.length, 'frames after the command');
    expect(later().some((m) => m.topic === silenced)).toBe(false);

    // Invalid commands are logged with the reason and ignored; publishing goes on.
    await sub.publishAsync(COMMAND_TOPIC, 'not json', { qos: 1 });
    await sub.publishAsync(COMMAND_TOPIC, JSON.stringify({ scenario: 'explode' }), { qos: 1 });
    await sub.publishAsync(COMMAND_TOPIC, JSON.stringify({ scenario: 'sensorStuck', sensorId: 'NOPE' }), { qos: 1 });
    await until(() => publisher.stats.commandsRefused === 3, 'three refusals');
    expect(logger.warnings.map((w) => (w.obj as { reason: string }).reason)).toEqual([
      expect.stringMatching(/^invalid JSON: /),
      expect.stringMatching(/^invalid command: scenario: /),
      'no sensor "NOPE" in the scene',
    ]);
    const count = received.length;
    await until(() => received.length > count + 100, 'publishing after bad commands');
    expect(publisher.stats.commandsApplied).toBe(1);

    // dispose(): the timer stops and the client disconnects.
    await publisher.dispose();
    await publisher.dispose(); // idempotent
    expect(publisher.connected).toBe(false);
    const published = publisher.stats.sensorMessages;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(publisher.stats.sensorMessages).toBe(published);
    await sub.endAsync();
    await broker.close();
    await until(() => socketsAndTimers() <= handlesBefore, 'sockets and timers to close', 2_000);
  });

  it('reconnects on its own when the broker comes back', async () => {
    let broker = await startBroker();
    const port = broker.port;
    const { clock } = fastClock();
    const publisher = new SimulatorPublisher({ scene, mqttUrl: broker.url, clock, sensorIntervalMs: 20, rtlsIntervalMs: 20, weatherIntervalMs: 40, logger: recordingLogger() });
    cleanups.push(() => publisher.dispose());
    await publisher.waitUntilConnected();
    await broker.close();
    await until(() => !publisher.connected, 'the disconnect');
    const dropped = publisher.stats.framesDroppedOffline;
    await until(() => publisher.stats.framesDroppedOffline > dropped + 3, 'frames dropped while offline');
    broker = await startBroker(port);
    cleanups.push(() => broker.close());
    await publisher.waitUntilConnected(5_000);
    const { client: sub, received } = await subscriber(broker.url);
    cleanups.push(() => sub.endAsync());
    await until(() => received.some((m) => sensorTopics.has(m.topic)), 'sensor messages after the reconnect');
  });

  it('refuses intervals too short to mean anything', () => {
    expect(() => new SimulatorPublisher({ scene, mqttUrl: 'mqtt://127.0.0.1:1', sensorIntervalMs: 0 })).toThrow(/sensorIntervalMs/);
  });
});
