import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { open } from 'node:fs/promises';
import { McapIndexedReader } from '@mcap/core';
import { FileHandleReadable } from '@mcap/nodejs';
import { connectAsync, type MqttClient } from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyHomography, rtlsTopic, type Alarm, type AlarmTransition, type CameraHealth, type ClientScene, type ClientToServerEvents, type PlayerAlarms, type Result, type ServerToClientEvents, type VisionEventView } from '../../main/contracts/index.js';
import type { AuditEntry } from '../../main/audit/index.js';
import { MCAP_DECOMPRESS_HANDLERS } from '../../main/recording/chunkCompression.js';
import { loadDemoScene } from '../support/demoScene.js';
import { Mosquitto } from '../support/mosquitto.js';
import { REPO_ROOT, SAFETWIN_BIN, serve, type ServeProcess } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';
import { MODEL_DIRS } from '../support/visionFixtures.js';
import { waitUntil } from '../support/waitUntil.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
type Captured = { event: string; args: unknown[] };

/** The camera's password (in its RTSP source and the NVR's API URL) and the broker's. */
const CAMERA_SECRET = 'S3cretPw';
const MQTT_SECRET = 'Mq77Pa55w0rd';
const SECRETS = [CAMERA_SECRET, MQTT_SECRET];
/** Port 1 on loopback refuses connections: the decoder fails, retries, and the camera goes offline. */
const CAMERA_SOURCE = `rtsp://user:${CAMERA_SECRET}@127.0.0.1:1/stream`;
const NVR_API_URL = `http://nvr:${CAMERA_SECRET}@127.0.0.1:5000`;

const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SAFETWIN_')));
const demo = loadDemoScene();
const PERSON_NAMES = demo.personnel.map((p) => p.displayName);
const FUSED_BADGE = demo.personnel[0]!.badgeId;

function cli(args: string[], input = ''): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SAFETWIN_BIN, ...args], { cwd: REPO_ROOT, env: cleanEnv, stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('error', reject);
    child.on('exit', resolve);
    child.stdin.end(input);
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : entry.isFile() ? [full] : [];
  });
}

/** Everything a recording holds, decompressed (chunks are zstd: their raw bytes would hide a secret): messages, metadata, attachments. */
async function recordingText(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const reader = await McapIndexedReader.Initialize({ readable: new FileHandleReadable(handle), decompressHandlers: MCAP_DECOMPRESS_HANDLERS });
    const decoder = new TextDecoder();
    const parts: string[] = [];
    for await (const message of reader.readMessages()) parts.push(decoder.decode(message.data));
    for await (const metadata of reader.readMetadata()) parts.push(JSON.stringify([metadata.name, [...metadata.metadata]]));
    for await (const attachment of reader.readAttachments()) parts.push(attachment.name, Buffer.from(attachment.data).toString('latin1'));
    return parts.join('\n');
  } finally {
    await handle.close();
  }
}

function expectNoSecret(text: string, where: string): void {
  for (const secret of SECRETS) expect(text.includes(secret), `${where} contains ${secret}`).toBe(false);
}

describe('secrets never leave the core, personal data only for roles that may see it (issue 13.2, 13.4, 13.6)', () => {
  let broker: Mosquitto;
  let publisher: MqttClient;
  let server: ServeProcess;
  let url: string;
  let dataDir: string;
  let stderr = '';
  const sockets: Client[] = [];
  const captured: Record<'viewer' | 'operator', Captured[]> = { viewer: [], operator: [] };
  const tokens: Record<string, string> = {};

  async function signIn(username: string, password: string): Promise<string> {
    const response = await fetch(new URL('/api/login', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    expect(response.status).toBe(200);
    return ((await response.json()) as { token: string }).token;
  }

  /** A screen whose every incoming message is kept (acknowledged like the renderer does, so frames keep coming). */
  function connect(token: string, sink?: Captured[]): Promise<Client> {
    const socket: Client = io(url, { transports: ['websocket'], auth: { token }, reconnection: false });
    sockets.push(socket);
    if (sink) {
      socket.onAny((event: string, ...args: unknown[]) => {
        const ack = args[args.length - 1];
        if (typeof ack === 'function') (ack as () => void)();
        sink.push({ event, args });
      });
    }
    return new Promise((resolve, reject) => {
      socket.once('session:hello', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  /** A request whose answer is kept with the screen's messages (answers are messages a client receives too). */
  async function request<T>(socket: Client, sink: Captured[], event: string, ...args: unknown[]): Promise<Result<T>> {
    const result = (await (socket.timeout(15_000).emitWithAck as (e: string, ...a: unknown[]) => Promise<unknown>)(event, ...args)) as Result<T>;
    sink.push({ event: `${event} (answer)`, args: [result] });
    return result;
  }

  async function get(pathName: string, token: string): Promise<{ status: number; text: string }> {
    const response = await fetch(new URL(pathName, url), { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, text: await response.text() };
  }

  const messages = (who: 'viewer' | 'operator', event: string) => captured[who].filter((m) => m.event === event).map((m) => m.args[0]);

  beforeAll(async () => {
    broker = await Mosquitto.start({ users: { safetwin: MQTT_SECRET } });
    dataDir = makeTempDir('secrets-data');
    mkdirSync(path.join(dataDir, 'layouts'));
    writeFileSync(path.join(dataDir, 'layouts', 'broken.json'), '{ not json');
    // The operator's own files (scene, configuration) hold the credentials by design; they live outside the data directory.
    const configDir = makeTempDir('secrets-config');
    const sceneFile = path.join(configDir, 'scene.json');
    const rawScene = JSON.parse(readFileSync(path.join(REPO_ROOT, 'scenes', 'demo-plant', 'scene.json'), 'utf8')) as { cameras: { id: string; stream: { url: string } }[] };
    rawScene.cameras.find((c) => c.id === 'CAM-01')!.stream.url = CAMERA_SOURCE;
    writeFileSync(sceneFile, JSON.stringify(rawScene));
    const configFile = path.join(configDir, 'config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        vision: {
          models: { person: MODEL_DIRS.person },
          pool: { workers: 1 },
          decoder: { backoffInitialMs: 200, backoffMaxMs: 1000, stallTimeoutMs: 1500 },
          // No source: the decoder reads the scene camera's stream URL, credentials and all.
          cameras: [{ cameraId: 'CAM-01', rules: [{ kind: 'intrusion', id: 'gate-intrusion' }] }],
          frigate: { cameras: { gate: 'CAM-01' }, apiUrl: NVR_API_URL },
        },
      }),
    );
    for (const [name, role] of [
      ['view.chen', 'viewer'],
      ['op.li', 'operator'],
      ['mgr.zhou', 'manager'],
    ] as const) {
      expect(await cli(['users', 'add', name, '--role', role, '--password-stdin', '--data-dir', dataDir], `${name}-pass-1\n`)).toBe(0);
    }
    const mqttUrl = `mqtt://safetwin:${MQTT_SECRET}@127.0.0.1:${broker.port}`;
    server = serve(['--port', '0', '--data-dir', dataDir, '--scene', sceneFile, '--config', configFile, '--require-auth', '--mqtt-url', mqttUrl, '--log-level', 'debug'], cleanEnv);
    server.child.stderr!.on('data', (chunk) => (stderr += chunk));
    url = await server.url;
    for (const name of ['view.chen', 'op.li', 'mgr.zhou']) tokens[name] = await signIn(name, `${name}-pass-1`);
    publisher = await connectAsync(broker.url, { username: 'safetwin', password: MQTT_SECRET, clientId: 'secrets-test' });
    await waitUntil(async () => JSON.parse((await get('/api/health', tokens['view.chen']!)).text).mqtt === 'connected', 20_000, 'the core to connect to the password-protected broker');
  }, 120_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await publisher?.endAsync();
    await server?.stop();
    await broker?.stop();
  });

  it('a viewer gets no secret, no name, no badge link and no evidence; an operator gets names and links; every channel, log, record and report is free of secrets', async () => {
    const viewer = await connect(tokens['view.chen']!, captured.viewer);
    const operator = await connect(tokens['op.li']!, captured.operator);

    // A badge stands where the NVR then sees a person in the gate zone: fusion links them.
    const cam01 = demo.cameras.find((c) => c.id === 'CAM-01')!;
    const box: [number, number, number, number] = [900, 600, 1020, 900];
    const [groundX, groundY] = applyHomography(cam01.imageToGroundHomography!, (box[0] + box[2]) / 2, box[3])!;
    publisher.publish(rtlsTopic(demo.site.id, FUSED_BADGE), JSON.stringify({ x: groundX, y: groundY, ts: Date.now() }));
    await waitUntil(() => messages('operator', 'player:frame').some((f) => JSON.stringify(f).includes(FUSED_BADGE)), 10_000, 'the badge position to arrive');
    const frigateEvent = { type: 'new', after: { id: 'ev-1', camera: 'gate', label: 'person', score: 0.9, start_time: Date.now() / 1000, box, current_zones: ['gate'], has_snapshot: true, has_clip: false } };
    publisher.publish('frigate/events', JSON.stringify(frigateEvent));

    // Both screens see the event and its alarm; only the operator sees who and the evidence link.
    await waitUntil(() => messages('viewer', 'vision:event').length > 0 && messages('operator', 'vision:event').length > 0, 10_000, 'the vision event on both screens');
    const operatorEvent = messages('operator', 'vision:event')[0] as VisionEventView;
    expect(operatorEvent).toMatchObject({ id: 'frigate:ev-1', badgeId: FUSED_BADGE, snapshotHref: 'http://***@127.0.0.1:5000/api/events/ev-1/snapshot.jpg' });
    const viewerEvent = messages('viewer', 'vision:event')[0] as VisionEventView;
    expect(viewerEvent.id).toBe('frigate:ev-1');
    for (const key of ['badgeId', 'badgeDistanceM', 'snapshotHref', 'clipHref', 'snapshotUrl', 'clipUrl']) expect(viewerEvent).not.toHaveProperty(key);
    // The screens' players' alarm lists (snapshots and events alike).
    const alarmsOf = (who: 'viewer' | 'operator') => (messages(who, 'player:alarms') as PlayerAlarms[]).flatMap((m) => (m.kind === 'event' ? [m.alarm] : m.alarms));
    await waitUntil(() => alarmsOf('viewer').some((a) => a.alarmId === 'CAM-01:restrictedEntry'), 10_000, 'the camera alarm on the viewer');
    await waitUntil(() => alarmsOf('operator').some((a) => a.alarmId === 'CAM-01:restrictedEntry'), 10_000, 'the camera alarm on the operator');
    const alarmOf = (who: 'viewer' | 'operator') => alarmsOf(who).find((a) => a.alarmId === 'CAM-01:restrictedEntry')!;
    expect(alarmOf('operator').evidence).toMatchObject({ eventId: 'frigate:ev-1', badgeId: FUSED_BADGE });
    expect(alarmOf('viewer').evidence).toEqual({ eventId: 'frigate:ev-1', ruleId: 'frigate-object', label: 'person', source: 'frigate' });

    // The camera's own decoder fails on the credentialed source; its error reaches every screen without them.
    await waitUntil(() => (messages('viewer', 'vision:health') as CameraHealth[]).some((h) => h.cameraId === 'CAM-01' && h.state === 'offline' && h.lastError !== null), 20_000, 'CAM-01 offline with its error');
    const health = (messages('viewer', 'vision:health') as CameraHealth[]).find((h) => h.cameraId === 'CAM-01' && h.lastError !== null)!;
    expect(health.lastError!.message).toContain('rtsp://***@127.0.0.1:1/stream');

    // The scene per role, over socket.io and HTTP: no stream URLs for anyone, names only for the operator.
    const viewerScene = await request<ClientScene>(viewer, captured.viewer, 'scene:get');
    const operatorScene = await request<ClientScene>(operator, captured.operator, 'scene:get');
    expect(viewerScene.ok && operatorScene.ok).toBe(true);
    if (!viewerScene.ok || !operatorScene.ok) return;
    expect(viewerScene.value.personnel.map((p) => p.badgeId)).toEqual(demo.personnel.map((p) => p.badgeId));
    expect(viewerScene.value.personnel.some((p) => p.displayName !== undefined)).toBe(false);
    expect(operatorScene.value.personnel.map((p) => p.displayName)).toEqual(PERSON_NAMES);
    expect(operatorScene.value.cameras.some((c) => 'stream' in c)).toBe(false);
    const httpScene = { viewer: await get('/api/scene', tokens['view.chen']!), operator: await get('/api/scene', tokens['op.li']!), manager: await get('/api/scene', tokens['mgr.zhou']!) };
    expect(httpScene.viewer.status).toBe(200);
    expectNoSecret(httpScene.operator.text, 'the operator scene over HTTP');
    expect(httpScene.operator.text).toContain(PERSON_NAMES[0]);
    for (const who of ['viewer', 'manager'] as const) {
      expectNoSecret(httpScene[who].text, `the ${who} scene over HTTP`);
      for (const name of PERSON_NAMES) expect(httpScene[who].text).not.toContain(name);
      expect(httpScene[who].text).not.toContain('"stream"');
    }

    // Alarms and their history over HTTP: the viewer's camera evidence keeps the event, not the badge.
    const alarms = JSON.parse((await get('/api/alarms', tokens['view.chen']!)).text) as Alarm[];
    expect(alarms.find((a) => a.alarmId === 'CAM-01:restrictedEntry')?.evidence).toEqual({ eventId: 'frigate:ev-1', ruleId: 'frigate-object', label: 'person', source: 'frigate' });
    const history = await get('/api/alarms/history?source=CAM-01', tokens['view.chen']!);
    expectNoSecret(history.text, 'the viewer alarm history');
    // The offline alarm (raised at start, before these screens connected) gives the decoder's error as its reason.
    expect((JSON.parse(history.text) as AlarmTransition[]).find((t) => t.alarm.alarmId === 'CAM-01:cameraOffline' && t.action === 'activate')?.reason).toContain('rtsp://***@127.0.0.1:1/stream');
    expect((JSON.parse(history.text) as AlarmTransition[]).some((t) => t.alarm.evidence?.badgeId !== undefined)).toBe(false);
    expect((JSON.parse((await get('/api/alarms/history?source=CAM-01', tokens['op.li']!)).text) as AlarmTransition[]).some((t) => t.alarm.evidence?.badgeId === FUSED_BADGE)).toBe(true);

    // Evidence of people needs personnel:viewNames, over HTTP and socket.io.
    expect((await get('/api/vision/events/frigate%3Aev-1/snapshot.jpg', tokens['view.chen']!)).status).toBe(403);
    const viewerEvidence = await request(viewer, captured.viewer, 'vision:evidence', { eventId: 'frigate:ev-1', kind: 'snapshot' });
    expect(viewerEvidence).toMatchObject({ ok: false, problem: { code: 'ST_ERR_AUTH_FORBIDDEN' } });
    const viewerState = await request<{ events: VisionEventView[] }>(viewer, captured.viewer, 'vision:state');
    expect(viewerState.ok && viewerState.value.events.every((e) => e.badgeId === undefined && e.snapshotHref === undefined)).toBe(true);

    // Errors to clients carry codes, not server paths.
    const missing = await request(operator, captured.operator, 'player:command', { action: 'open', files: ['nope.mcap'] });
    expect(missing).toMatchObject({ ok: false, problem: { code: 'ST_ERR_RECORDING_NOT_FOUND' } });
    expect(JSON.stringify(missing)).not.toContain(dataDir);
    expect(JSON.stringify(missing)).toContain('nope.mcap');
    const brokenLayout = await get('/api/layouts/broken', tokens['view.chen']!);
    expect(brokenLayout.status).toBe(422);
    expect(JSON.parse(brokenLayout.text)).toMatchObject({ problem: { code: 'ST_ERR_CONFIG_INVALID', location: 'broken.json' } });
    expect(brokenLayout.text).not.toContain(dataDir);

    // Incident reports: the operator's includes snapshots, the manager's (no personnel:viewNames) says they are withheld.
    const reports: Record<string, string> = {};
    for (const [who, token] of [
      ['operator', tokens['op.li']!],
      ['manager', tokens['mgr.zhou']!],
    ] as const) {
      const screen = who === 'operator' ? operator : await connect(token);
      const sink = who === 'operator' ? captured.operator : [];
      const opened = await request(screen, sink, 'player:command', { action: 'open', fromMs: Date.now() - 3_600_000, toMs: Date.now() });
      expect(opened.ok, JSON.stringify(opened)).toBe(true);
      const report = await request<{ html: string }>(screen, sink, 'replay:report', { locale: 'en' });
      expect(report.ok, JSON.stringify(report)).toBe(true);
      if (report.ok) reports[who] = report.value.html;
      if (who === 'operator' && opened.ok) {
        // A training package: a new recording in <data-dir>/exports, answered with its place in the data directory.
        const { index } = opened.value as { index: { startMs: number; endMs: number } };
        const exported = await request<{ path: string }>(screen, sink, 'replay:export', { fromMs: index.startMs, toMs: index.endMs });
        expect(exported.ok && exported.value.path).toMatch(/^exports[/\\]demo-plant-export-.*\.mcap$/);
      }
    }
    // The report names alarms in words (tag and condition), not by alarm id.
    expect(reports.operator).toMatch(/CAM-01\s*Camera offline/);
    expect(reports.operator).not.toContain('Not included: camera evidence of people');
    expect(reports.manager).toContain('Not included: camera evidence of people');
    for (const html of Object.values(reports)) expectNoSecret(html, 'an incident report');

    // Everything the viewer's screen received: no secret, no name.
    const viewerTraffic = JSON.stringify(captured.viewer);
    expect([...new Set(captured.viewer.map((m) => m.event))]).toEqual(expect.arrayContaining(['session:hello', 'core:status', 'player:state', 'player:frame', 'player:alarms', 'vision:event', 'vision:health', 'scene:get (answer)', 'vision:state (answer)']));
    expectNoSecret(viewerTraffic, 'the viewer socket traffic');
    for (const name of PERSON_NAMES) expect(viewerTraffic, `viewer traffic names ${name}`).not.toContain(name);
    expectNoSecret(JSON.stringify(captured.operator), 'the operator socket traffic');
    // Nor where the core keeps its files (replay answers, errors, health): paths stay on the server.
    for (const who of ['viewer', 'operator'] as const) expect(JSON.stringify(captured[who]), `${who} traffic names the data directory`).not.toContain(dataDir);
    expect(JSON.stringify(captured.operator)).toContain(PERSON_NAMES[0]);

    // Stopped, so the recording is closed: every file the core wrote and every line it logged.
    expect(await server.stop()).toBe(0);
    const logs = server.output() + stderr;
    expect(logs).toContain('MQTT connected');
    expect(logs).toContain(`mqtt://***@127.0.0.1:${broker.port}`);
    expectNoSecret(logs, 'the logs');
    const written = filesUnder(dataDir);
    expect(written.filter((f) => f.endsWith('.mcap')).map((f) => path.basename(path.dirname(f))).sort()).toEqual(expect.arrayContaining(['exports', 'recordings']));
    for (const file of written) expectNoSecret(readFileSync(file).toString('latin1'), path.relative(dataDir, file));
    const recorded = (await Promise.all(written.filter((f) => f.endsWith('.mcap')).map(recordingText))).join('\n');
    // The offline alarm's reason is in the record, without the camera's password.
    expect(recorded).toContain('rtsp://***@127.0.0.1:1/stream');
    expectNoSecret(recorded, 'the decoded recordings');

    // Who was shown personal data is in the audit journal; the viewer never was.
    const journal = readFileSync(path.join(dataDir, 'audit', 'journal.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditEntry);
    const viewed = journal.filter((e) => e.kind === 'personalDataViewed');
    expect(viewed.some((e) => e.by === 'op.li' && e.data.what === 'personnelNames')).toBe(true);
    expect(viewed.some((e) => e.by === 'op.li' && e.data.what === 'incidentReportSnapshots')).toBe(true);
    expect(viewed.some((e) => e.by === 'view.chen' || e.by === 'mgr.zhou')).toBe(false);
  }, 120_000);

  it('a broker that refuses the password: the "MQTT connection error" lines name the broker without it', async () => {
    const wrongSecret = 'Wr0ngPa55w0rd';
    const refused = serve(['--port', '0', '--data-dir', makeTempDir('secrets-refused'), '--no-record', '--mqtt-url', `mqtt://safetwin:${wrongSecret}@127.0.0.1:${broker.port}`, '--log-level', 'info'], cleanEnv);
    let refusedStderr = '';
    refused.child.stderr!.on('data', (chunk) => (refusedStderr += chunk));
    try {
      await refused.url;
      await waitUntil(() => refused.output().includes('MQTT connection error'), 20_000, 'the core to log the refused connection');
    } finally {
      await refused.stop();
    }
    const logs = refused.output() + refusedStderr;
    expect(logs).toContain(`mqtt://***@127.0.0.1:${broker.port}`);
    expect(logs).not.toContain(wrongSecret);
  }, 60_000);
});
