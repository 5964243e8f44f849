import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CameraSchema, type Camera, type CameraDetections, type CameraHealth, type VisionEvent } from '../../main/contracts/index.js';
import { VisionService, type CameraFrame } from '../../main/vision/VisionService.js';
import type { VisionServiceConfigInput } from '../../main/vision/visionConfig.js';
import { makeTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';
import { MODEL_DIRS, SHARED_MEDIA } from '../support/visionFixtures.js';

const CCTV = path.join(SHARED_MEDIA, 'cctv_construction_site.mp4');

/** A fixed CCTV camera 8 m up looking north-east and down, like the shared clip's view. */
function camera(id: string): Camera {
  return CameraSchema.parse({
    id,
    name: { en: id },
    position: { x: 0, y: 0, z: 8 },
    headingDeg: 45,
    pitchDeg: -25,
    horizontalFovDeg: 70,
    imageWidthPx: 640,
    imageHeightPx: 352,
    stream: { url: 'rtsp://camera.invalid/stream' },
  });
}

// The turnstile gate in the clip, where two workers walk in the first seconds (image pixels).
const gateZone = { id: 'gate', space: 'image' as const, polygon: [[330, 110], [470, 110], [470, 240], [330, 240]] as [number, number][] };

type Recorded = { events: VisionEvent[]; health: CameraHealth[]; detections: CameraDetections[]; frames: CameraFrame[] };

let service: VisionService | null = null;
afterEach(async () => {
  await service?.stop();
  service = null;
});

function startService(cameras: Camera[], config: VisionServiceConfigInput): Recorded {
  const recorded: Recorded = { events: [], health: [], detections: [], frames: [] };
  service = new VisionService(cameras, config, {
    onEvent: (e) => recorded.events.push(structuredClone(e)),
    onHealth: (h) => recorded.health.push(h),
    onDetections: (d) => recorded.detections.push(d),
    onFrame: (f) => recorded.frames.push(f),
  });
  void service.start();
  return recorded;
}

const base = { fps: 2, pool: { workers: 1, intraOpNumThreads: 1 }, rules: { updateIntervalMs: 2000, endGraceMs: 1500, trackerMinHits: 2 }, decoder: { backoffInitialMs: 200, backoffMaxMs: 1000, stallTimeoutMs: 5000 } };

describe('camera pipeline with a real video and a real model', () => {
  it('video file as a camera → detections → one intrusion event with a snapshot JPEG, ground position and a clip', async () => {
    const evidenceDir = makeTempDir('vision-evidence');
    const recorded = startService([camera('CAM-GATE')], {
      ...base,
      models: { person: MODEL_DIRS.person },
      cameras: [{ cameraId: 'CAM-GATE', source: CCTV, zones: [gateZone], rules: [{ kind: 'intrusion', id: 'gate-intrusion', zoneId: 'gate' }] }],
      evidence: { dir: evidenceDir, clipPreS: 1, clipPostS: 1 },
    });
    await waitUntil(() => recorded.events.some((e) => e.phase === 'start' && e.rule === 'intrusion'), 20_000, 'an intrusion event');
    const start = recorded.events.find((e) => e.phase === 'start')!;
    expect(start).toMatchObject({ cameraId: 'CAM-GATE', rule: 'intrusion', ruleId: 'gate-intrusion', zoneId: 'gate', label: 'person', source: 'safetwin' });
    const [x1, , x2, y2] = start.box!;
    const foot = [(x1 + x2) / 2, y2];
    expect(foot[0]).toBeGreaterThan(330);
    expect(foot[0]).toBeLessThan(470);
    expect(start.ground).not.toBeNull();
    const jpeg = readFileSync(start.snapshotPath!);
    expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
    expect(jpeg.length).toBeGreaterThan(5000);
    // Detections flowed for every analysed frame, boxes as [x, y, w, h] with ground points.
    expect(recorded.detections.length).toBeGreaterThanOrEqual(2);
    expect(recorded.detections.some((d) => d.detections.some((x) => x.label === 'person' && x.ground !== null))).toBe(true);
    await waitUntil(() => recorded.events.some((e) => e.id === start.id && e.clipPath !== undefined), 15_000, 'the evidence clip');
    const clip = recorded.events.find((e) => e.clipPath)!.clipPath!;
    expect(readFileSync(clip).subarray(4, 8).toString('latin1')).toBe('ftyp');
    // One person in the zone is one event id, not one per frame.
    const startsForTrack = recorded.events.filter((e) => e.phase === 'start' && e.trackId === start.trackId);
    expect(startsForTrack).toHaveLength(1);
    const health = service!.health()[0]!;
    expect(health).toMatchObject({ cameraId: 'CAM-GATE', state: 'running', lastError: null });
    expect(health.framesOut).toBeGreaterThanOrEqual(2);
    expect(recorded.frames.length).toBeGreaterThanOrEqual(1);
    expect(recorded.frames[0]!.jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });

  it('restarts the decoder when ffmpeg is killed mid-stream', async () => {
    const recorded = startService([camera('CAM-A')], { ...base, models: { person: MODEL_DIRS.person }, cameras: [{ cameraId: 'CAM-A', source: CCTV, rules: [] }] });
    await waitUntil(() => (service!.health()[0]?.framesIn ?? 0) >= 2, 15_000, 'first frames');
    const decoder = service!.decoderOf('CAM-A')!;
    const pid = decoder.pid!;
    process.kill(pid, 'SIGKILL');
    await waitUntil(() => decoder.pid !== undefined && decoder.pid !== pid && decoder.health.state === 'running', 15_000, 'a restarted decoder');
    const framesAfterRestart = service!.health()[0]!.framesIn;
    await waitUntil(() => service!.health()[0]!.framesIn > framesAfterRestart, 10_000, 'frames after the restart');
    const h = service!.health()[0]!;
    expect(h.restarts).toBeGreaterThanOrEqual(1);
    expect(h.errors).toBeGreaterThanOrEqual(1);
    expect(h.lastError?.code).toBe('ST_ERR_VISION_STREAM');
    expect(recorded.health.some((x) => x.state === 'restarting')).toBe(true);
  });

  it('a corrupt model and a dead stream fail their own cameras with coded errors; the other camera keeps detecting', async () => {
    const badModelDir = makeTempDir('vision-badmodel');
    const manifest = JSON.parse(readFileSync(path.join(MODEL_DIRS.helmet, 'manifest.json'), 'utf8'));
    mkdirSync(badModelDir, { recursive: true });
    writeFileSync(path.join(badModelDir, 'model.onnx'), Buffer.alloc(4096, 7)); // not the model: sha256 mismatch
    writeFileSync(path.join(badModelDir, 'manifest.json'), JSON.stringify({ ...manifest, model: { ...manifest.model, path: 'model.onnx' } }));
    const recorded = startService([camera('CAM-OK'), camera('CAM-BAD-MODEL'), camera('CAM-NO-STREAM')], {
      ...base,
      decoder: { backoffInitialMs: 200, backoffMaxMs: 400, stallTimeoutMs: 1000 },
      models: { person: MODEL_DIRS.person, broken: badModelDir },
      cameras: [
        { cameraId: 'CAM-OK', source: CCTV, rules: [] },
        { cameraId: 'CAM-BAD-MODEL', model: 'broken', source: CCTV, rules: [] },
        { cameraId: 'CAM-NO-STREAM', source: path.join(badModelDir, 'no-such-video.mp4'), rules: [] },
      ],
    });
    await waitUntil(() => recorded.detections.filter((d) => d.cameraId === 'CAM-OK').length >= 2, 20_000, 'detections from the good camera');
    await waitUntil(() => (service!.health().find((h) => h.cameraId === 'CAM-NO-STREAM')?.restarts ?? 0) >= 2, 10_000, 'retries of the dead stream');
    const byId = new Map(service!.health().map((h) => [h.cameraId, h]));
    expect(byId.get('CAM-BAD-MODEL')).toMatchObject({ state: 'error', lastError: { code: 'ST_ERR_VISION_MODEL_FILE', message: expect.stringContaining('sha256 mismatch') } });
    expect(byId.get('CAM-NO-STREAM')!.lastError).toMatchObject({ code: 'ST_ERR_VISION_STREAM', message: expect.stringContaining('no-such-video.mp4') });
    expect(['offline', 'restarting']).toContain(byId.get('CAM-NO-STREAM')!.state);
    expect(byId.get('CAM-OK')).toMatchObject({ state: 'running', lastError: null });
  });
});
