import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CameraSchema, type VisionEvent } from '../../main/contracts/index.js';
import { jpegSizePx, TRAINING_LABELS_FILE, writeTrainingSamples, type TrainingSampleRow } from '../../main/dispatchDesk/trainingSamples.js';
import { VisionService } from '../../main/vision/VisionService.js';
import { makeTempDir } from '../support/tempDir.js';
import { MODEL_DIRS, SHARED_MEDIA } from '../support/visionFixtures.js';
import { waitUntil } from '../support/waitUntil.js';

/**
 * The re-training export (issue 19 item 5) on a real evidence snapshot: the camera pipeline runs the person
 * model on the shared CCTV clip with an intrusion rule on the turnstile gate, as visionPipeline.test does, and
 * its first event's snapshot JPEG and box become a warning disposed false. The archive is read back with
 * tar-stream, the image compared byte for byte and its size with ffprobe's.
 */
const CCTV = path.join(SHARED_MEDIA, 'cctv_construction_site.mp4');
const CAMERA = CameraSchema.parse({ id: 'CAM-GATE', name: { en: 'Gate' }, position: { x: 0, y: 0, z: 8 }, headingDeg: 45, pitchDeg: -25, horizontalFovDeg: 70, imageWidthPx: 640, imageHeightPx: 352, stream: { url: 'rtsp://camera.invalid/stream' } });
const T0 = Date.parse('2026-12-07T06:00:00Z');
const MINUTE_MS = 60_000;

let service: VisionService | null = null;
let event: VisionEvent;
const snapshots = new Map<string, string>();

beforeAll(async () => {
  const events: VisionEvent[] = [];
  service = new VisionService([CAMERA], {
    fps: 2,
    pool: { workers: 1, intraOpNumThreads: 1 },
    rules: { updateIntervalMs: 2000, endGraceMs: 1500, trackerMinHits: 2 },
    models: { person: MODEL_DIRS.person },
    cameras: [{ cameraId: 'CAM-GATE', source: CCTV, zones: [{ id: 'gate', space: 'image', polygon: [[330, 110], [470, 110], [470, 240], [330, 240]] }], rules: [{ kind: 'intrusion', id: 'gate-intrusion', zoneId: 'gate' }] }],
    evidence: { dir: makeTempDir('samples-evidence'), clips: false },
  }, { onEvent: (e) => events.push(structuredClone(e)) });
  void service.start();
  await waitUntil(() => events.some((e) => e.phase === 'start' && e.snapshotPath !== undefined), 30_000, 'an intrusion event with its snapshot');
  event = events.find((e) => e.phase === 'start' && e.snapshotPath !== undefined)!;
  snapshots.set(event.id, event.snapshotPath!);
  await service.stop();
  service = null;
}, 60_000);

afterAll(async () => {
  await service?.stop();
});

/** As the desk reads evidence: only the files the camera pipeline wrote, by event id. */
const readSnapshot = async (eventId: string) => {
  const file = snapshots.get(eventId);
  return file === undefined ? null : readFile(file);
};

function row(over: Partial<TrainingSampleRow>): TrainingSampleRow {
  return {
    warningId: `CAM-GATE:loitering@${T0}`,
    alarmId: 'CAM-GATE:loitering',
    cameraId: 'CAM-GATE',
    eventId: event.id,
    ruleId: event.ruleId,
    modelId: 'person-yolox-nano',
    label: event.label,
    score: event.score,
    box: event.box,
    boxSpacePx: { widthPx: CAMERA.imageWidthPx!, heightPx: CAMERA.imageHeightPx! },
    raisedAtMs: T0,
    disposition: 'false',
    disposedBy: 'op.lin',
    disposedAtMs: T0 + 5 * MINUTE_MS,
    ...over,
  };
}

async function readTar(bytes: Buffer): Promise<Map<string, Buffer>> {
  const entries = new Map<string, Buffer>();
  const extract = tar.extract();
  const done = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      entries.set(entry.header.name, Buffer.concat(chunks));
    }
  })();
  extract.end(bytes);
  await done;
  return entries;
}

async function exportTar(rows: TrainingSampleRow[], reader = readSnapshot) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const result = await writeTrainingSamples({ rows, fromMs: T0 - MINUTE_MS, toMs: T0 + 60 * MINUTE_MS, readSnapshot: reader, out, nowMs: T0 + 61 * MINUTE_MS });
  return { result, entries: await readTar(Buffer.concat(chunks)) };
}

type Coco = {
  info: { description: string };
  categories: { id: number; name: string }[];
  images: { id: number; file_name: string; width: number; height: number; camera_id: string; event_id: string; warning_id: string }[];
  annotations: { image_id: number; category_id: number; bbox: number[]; area: number; score?: number; attributes: Record<string, string> }[];
};

describe('re-training samples from camera warnings disposed false', () => {
  it('the real snapshot with its box as COCO labels; real, test and out-of-period warnings and lost snapshots left out', async () => {
    const rows = [
      row({}),
      row({ warningId: 'real', disposition: 'real' }),
      row({ warningId: 'undisposed', disposition: undefined }),
      row({ warningId: 'late', raisedAtMs: T0 + 2 * 60 * MINUTE_MS }),
      row({ warningId: 'pruned', eventId: 'evt-pruned-by-retention' }),
    ];
    const { result, entries } = await exportTar(rows);
    expect(result).toEqual({ images: 1, annotations: 1, skipped: { noSnapshot: 1, notJpeg: 0, overLimit: 0 } });
    const imageName = `images/${event.id.replace(/[^A-Za-z0-9._-]+/g, '_')}.jpg`;
    expect([...entries.keys()]).toEqual([imageName, TRAINING_LABELS_FILE]);
    expect(entries.get(imageName)!.equals(readFileSync(event.snapshotPath!))).toBe(true);

    // The size the labels give is the JPEG's, as ffprobe reads it.
    const [width, height] = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', event.snapshotPath!], { encoding: 'utf8' }).trim().split(',').map(Number);
    const coco = JSON.parse(entries.get(TRAINING_LABELS_FILE)!.toString('utf8')) as Coco;
    expect(coco.images).toEqual([{ id: 1, file_name: imageName, width, height, date_captured: new Date(T0).toISOString(), camera_id: 'CAM-GATE', event_id: event.id, warning_id: `CAM-GATE:loitering@${T0}`, alarm_id: 'CAM-GATE:loitering' }]);
    expect(coco.categories).toEqual([{ id: 1, name: 'person', supercategory: 'detection' }]);

    // The box: the event's [x1, y1, x2, y2] in the camera's 640 × 352 pixels, as [x, y, w, h] in the snapshot's.
    const [x1, y1, x2, y2] = event.box! as [number, number, number, number];
    const sx = width! / 640;
    const sy = height! / 352;
    const [annotation] = coco.annotations;
    expect(annotation).toMatchObject({ image_id: 1, category_id: 1, iscrowd: 0, score: event.score, attributes: { disposition: 'false', rule_id: 'gate-intrusion', model_id: 'person-yolox-nano', disposed_by: 'op.lin', disposed_at: new Date(T0 + 5 * MINUTE_MS).toISOString() } });
    expect(annotation!.bbox[0]).toBeCloseTo(Math.max(0, x1 * sx), 1);
    expect(annotation!.bbox[1]).toBeCloseTo(Math.max(0, y1 * sy), 1);
    expect(annotation!.bbox[2]).toBeCloseTo(Math.min(width!, x2 * sx) - Math.max(0, x1 * sx), 1);
    expect(annotation!.bbox[3]).toBeCloseTo(Math.min(height!, y2 * sy) - Math.max(0, y1 * sy), 1);
    // The person box's foot point is in the gate zone of the camera picture.
    const [bx, , bw] = annotation!.bbox as [number, number, number, number];
    expect((bx + bw / 2) / sx).toBeGreaterThan(330);
    expect((bx + bw / 2) / sx).toBeLessThan(470);
  });

  it('one image per event however many warnings name it; bytes that are not a JPEG left out; an empty period is an archive with empty labels', async () => {
    const withGarbage = async (eventId: string) => (eventId === 'evt-text' ? Buffer.from('not a picture') : readSnapshot(eventId));
    const rows = [
      row({}),
      row({ warningId: 'again', label: 'head', box: [0, 0, 10, 10] }),
      row({ warningId: 'text', eventId: 'evt-text' }),
      row({ warningId: 'nobox', box: null }),
      // A box in a camera picture twice the snapshot's size is halved; one reaching past the picture is clipped.
      row({ warningId: 'scaled', box: [100, 100, 300, 500], boxSpacePx: { widthPx: 1280, heightPx: 704 } }),
      row({ warningId: 'edge', box: [600, -20, 700, 40] }),
      row({ warningId: 'outside', box: [700, 400, 800, 500] }),
    ];
    const { result, entries } = await exportTar(rows, withGarbage);
    expect(result).toEqual({ images: 1, annotations: 4, skipped: { noSnapshot: 0, notJpeg: 1, overLimit: 0 } });
    const coco = JSON.parse(entries.get(TRAINING_LABELS_FILE)!.toString('utf8')) as Coco;
    expect(coco.categories.map((c) => c.name)).toEqual(['person', 'head']);
    expect(coco.annotations.map((a) => a.image_id)).toEqual([1, 1, 1, 1]);
    expect(coco.annotations.slice(2).map((a) => [a.bbox, a.area])).toEqual([
      [[50, 50, 100, 200], 20_000],
      [[600, 0, 40, 40], 1_600],
    ]);

    const empty = await exportTar([row({ disposition: 'real' })]);
    expect([...empty.entries.keys()]).toEqual([TRAINING_LABELS_FILE]);
    expect(JSON.parse(empty.entries.get(TRAINING_LABELS_FILE)!.toString('utf8'))).toMatchObject({ images: [], annotations: [], categories: [] });
  });

  it('a destination that fails (the client went away) rejects without hanging, and stops reading snapshots', async () => {
    let reads = 0;
    const counting = async (eventId: string) => {
      reads += 1;
      return readSnapshot(eventId.replace(/#\d+$/, ''));
    };
    const rows = Array.from({ length: 50 }, (_, i) => row({ warningId: `w${i}`, eventId: `${event.id}#${i}` }));
    const failing = new Writable({ write: (_chunk, _enc, cb) => cb(new Error('socket hang up')) });
    await expect(writeTrainingSamples({ rows, fromMs: T0 - MINUTE_MS, toMs: T0 + 60 * MINUTE_MS, readSnapshot: counting, out: failing })).rejects.toThrow('socket hang up');
    expect(reads).toBeLessThan(50);
  });

  it('reads a JPEG’s size from its frame header, and nothing from other bytes', () => {
    const jpeg = readFileSync(path.join(SHARED_MEDIA, 'shwd_2_mixed_helmet_no_helmet.jpg'));
    const [w, h] = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', path.join(SHARED_MEDIA, 'shwd_2_mixed_helmet_no_helmet.jpg')], { encoding: 'utf8' }).trim().split(',').map(Number);
    expect(jpegSizePx(jpeg)).toEqual({ widthPx: w, heightPx: h });
    expect(jpegSizePx(Buffer.from('GIF89a'))).toBeNull();
    expect(jpegSizePx(jpeg.subarray(0, 20))).toBeNull();
    expect(jpegSizePx(Buffer.from([0xff, 0xd8, 0xff, 0xda, 0, 2]))).toBeNull();
  });
});
