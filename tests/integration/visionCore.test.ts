import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alarm, CameraFrameWire, CameraHealth, ClientToServerEvents, ServerToClientEvents, VisionEventView } from '../../main/contracts/index.js';
import { resolveServeConfig } from '../../main/config/config.js';
import { startCore, type CoreHandle } from '../../main/core/startCore.js';
import { createLogger } from '../../main/log/logger.js';
import { makeTempDir } from '../support/tempDir.js';
import { GATE_CAMERA, GATE_ZONE, MODEL_DIRS } from '../support/visionFixtures.js';
import { waitUntil } from '../support/waitUntil.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
let core: CoreHandle | null = null;
let socket: Client | null = null;
afterEach(async () => {
  socket?.disconnect();
  socket = null;
  await core?.close();
  core = null;
});

// The turnstile gate of the shared CCTV clip (640×352), where two workers walk in the first seconds, in the
// demo's CAM-01 image pixels (1920×1080): the clip is analysed at 640×360 and boxes come back ×3.
describe('camera AI in the core (real core, real model, real video)', () => {
  it('video as the demo gate camera → detections and live frames → an intrusion alarm with location and a snapshot served over HTTP, then a clip', async () => {
    const dataDir = makeTempDir('vision-core');
    const configFile = path.join(dataDir, 'config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        vision: {
          models: { person: MODEL_DIRS.person },
          fps: 2,
          previewFps: 1,
          pool: { workers: 1 },
          rules: { updateIntervalMs: 2000, endGraceMs: 1500, trackerMinHits: 2 },
          evidence: { dir: 'evidence', clipPreS: 1, clipPostS: 1 },
          cameras: [GATE_CAMERA],
        },
      }),
    );
    const resolved = resolveServeConfig({ cli: { config: configFile, port: 0, dataDir, simulate: false, brokerPort: 0, record: false }, env: {} });
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
    // A relative evidence folder in a config file is relative to the file.
    expect(resolved.config.vision.evidence?.dir).toBe(path.join(dataDir, 'evidence'));
    core = await startCore({ config: resolved.config, logger: createLogger('silent') });

    const client: Client = io(core.url, { transports: ['websocket'], reconnection: false });
    socket = client;
    const alarms: Alarm[] = [];
    const events: VisionEventView[] = [];
    const frames: CameraFrameWire[] = [];
    let detections = 0;
    client.on('player:alarms', (m) => alarms.push(...(m.kind === 'event' ? [m.alarm] : m.alarms)));
    client.on('vision:event', (e) => events.push(e));
    client.on('camera:frame', (f) => frames.push(f));
    client.on('player:detections', (d) => (detections += d.cameraId === 'CAM-01' && d.detections.some((x) => x.label === 'person') ? 1 : 0));
    await new Promise<void>((resolve) => client.once('session:hello', () => resolve()));
    const watched = await client.timeout(5_000).emitWithAck('vision:watch', { cameraIds: ['CAM-01', 'NOPE'] });
    expect(watched).toEqual({ ok: true, value: { watching: ['CAM-01'] } });

    await waitUntil(() => alarms.some((a) => a.alarmId === 'CAM-01:restrictedEntry' && a.active), 45_000, 'the camera intrusion alarm');
    const alarm = alarms.find((a) => a.alarmId === 'CAM-01:restrictedEntry' && a.active)!;
    expect(alarm).toMatchObject({ sourceKind: 'camera', condition: 'restrictedEntry', priority: 'high', state: 'unacknowledged', evidence: { ruleId: 'gate-intrusion', label: 'person', source: 'safetwin' } });
    // Located: the foot point through CAM-01's homography, on the plant near the main gate.
    expect(alarm.location).toBeDefined();
    expect(Number.isFinite(alarm.location!.x) && Number.isFinite(alarm.location!.y)).toBe(true);
    expect(alarm.areaId).toBeDefined();
    const snapshot = await fetch(new URL(alarm.evidence!.snapshotHref!, core.url));
    expect(snapshot.status).toBe(200);
    expect(snapshot.headers.get('content-type')).toBe('image/jpeg');
    const jpeg = Buffer.from(await snapshot.arrayBuffer());
    expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
    expect(jpeg.length).toBeGreaterThan(5_000);
    // Only the core's own evidence, by event id: no other file is reachable.
    expect((await fetch(new URL('/api/vision/events/nope/snapshot.jpg', core.url))).status).toBe(404);
    expect((await fetch(new URL('/api/vision/events/..%2F..%2Fconfig.json/snapshot.jpg', core.url))).status).toBe(404);

    expect(detections).toBeGreaterThan(0);
    await waitUntil(() => frames.length > 0, 10_000, 'a live frame');
    const frame = Buffer.from(frames[0]!.jpeg as Uint8Array);
    expect([frame[0], frame[1]]).toEqual([0xff, 0xd8]);

    // State for screens that open later: the event (no file paths), health with fps.
    const state = await client.timeout(5_000).emitWithAck('vision:state');
    if (!state.ok) throw new Error(state.problem.message);
    const start = state.value.events.find((e: VisionEventView) => e.id === alarm.evidence!.eventId)!;
    expect(start).toMatchObject({ cameraId: 'CAM-01', rule: 'intrusion', source: 'safetwin', snapshotHref: alarm.evidence!.snapshotHref });
    expect(JSON.stringify(state.value)).not.toContain(dataDir);
    expect(state.value.cameras).toEqual([{ cameraId: 'CAM-01', zones: [{ id: 'gate', space: 'image', polygon: GATE_ZONE }], ruleKinds: ['intrusion'] }]);
    expect(state.value.simulatedAnalytics).toBe(false);
    expect(state.value.health.find((h: CameraHealth) => h.cameraId === 'CAM-01')).toMatchObject({ state: 'running', source: 'safetwin' });

    await waitUntil(() => events.some((e) => e.id === start.id && e.clipHref !== undefined), 20_000, 'the evidence clip');
    const clip = await client.timeout(10_000).emitWithAck('vision:evidence', { eventId: start.id, kind: 'clip' });
    if (!clip.ok) throw new Error(clip.problem.message);
    expect(clip.value.mediaType).toBe('video/mp4');
    expect(Buffer.from(clip.value.data as Uint8Array).subarray(4, 8).toString('latin1')).toBe('ftyp');
  }, 90_000);
});
