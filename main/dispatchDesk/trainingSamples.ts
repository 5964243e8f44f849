import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import type { Disposition, ImageBox } from '../contracts/index.js';

/**
 * Re-training samples (issue 19 item 5: "a camera event marked false can be kept as a labelled sample for
 * re-training — export images with boxes"). GET /api/warnings/samples.tar streams, for the camera warnings
 * disposed 'false' in a period, each event's evidence snapshot and one COCO-style labels file: the box the
 * model drew, its class, and `attributes.disposition: "false"` — hard negatives a model is fine-tuned with
 * (COCO data format, cocodataset.org/#format-data: bbox [x, y, width, height] in pixels from the top left).
 */

/** One camera warning as the export needs it: the desk's record of it and the vision event behind it. */
export type TrainingSampleRow = {
  warningId: string;
  alarmId: string;
  cameraId: string;
  /** The vision event whose snapshot is the image (the alarm's evidence.eventId). */
  eventId: string;
  ruleId: string;
  modelId?: string;
  /** The model's class name for the box (the event's label). */
  label: string;
  score?: number;
  /** [x1, y1, x2, y2] in the camera's image pixels (the event's box); null for rules without one (crowding). */
  box: ImageBox | null;
  /** The pixel size the box is in (the scene camera's imageWidthPx × imageHeightPx), when known: scaled to the snapshot's size if they differ. */
  boxSpacePx?: { widthPx: number; heightPx: number };
  raisedAtMs: number;
  disposition?: Disposition;
  disposedBy?: string;
  disposedAtMs?: number;
};

/** The snapshot JPEG of a vision event, or null when there is none (never taken, or pruned by evidence retention). */
export type SnapshotReader = (eventId: string) => Promise<Uint8Array | null>;

/** Images per archive: a month of false camera alarms at a badly tuned site is hundreds; past this, narrow the period. */
export const MAX_TRAINING_IMAGES = 5_000;
/** A snapshot larger than this is not one the core wrote (its JPEGs are a few hundred kB): left out. */
export const MAX_SNAPSHOT_BYTES = 16 * 1024 * 1024;
export const TRAINING_LABELS_FILE = 'annotations.json';

export type TrainingSamplesResult = {
  images: number;
  annotations: number;
  /** Disposed false in the period but left out: no snapshot held, not a JPEG, beyond MAX_TRAINING_IMAGES. */
  skipped: { noSnapshot: number; notJpeg: number; overLimit: number };
};

type CocoImage = { id: number; file_name: string; width: number; height: number; date_captured: string; camera_id: string; event_id: string; warning_id: string; alarm_id: string };
type CocoAnnotation = {
  id: number;
  image_id: number;
  category_id: number;
  bbox: [number, number, number, number];
  area: number;
  iscrowd: 0;
  score?: number;
  attributes: { disposition: Disposition; rule_id: string; model_id?: string; disposed_by?: string; disposed_at?: string };
};

/**
 * A JPEG's pixel size from its frame header (SOFn), or null for bytes that are not a baseline, progressive or
 * lossless JPEG. Walks the marker segments only; bounded by the bytes given.
 */
export function jpegSizePx(bytes: Uint8Array): { widthPx: number; heightPx: number } | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let i = 2;
  while (i + 3 < bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2; // no length
      continue;
    }
    const length = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (i + 8 >= bytes.length) return null;
      const heightPx = (bytes[i + 5]! << 8) | bytes[i + 6]!;
      const widthPx = (bytes[i + 7]! << 8) | bytes[i + 8]!;
      return widthPx > 0 && heightPx > 0 ? { widthPx, heightPx } : null;
    }
    if (marker === 0xda || length < 2) return null; // image data before any frame header
    i += 2 + length;
  }
  return null;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** The event's box in the snapshot's pixels, clipped to the picture, as COCO's [x, y, w, h]; null when nothing is left. */
function cocoBox(box: ImageBox, space: TrainingSampleRow['boxSpacePx'], size: { widthPx: number; heightPx: number }): [number, number, number, number] | null {
  const sx = space ? size.widthPx / space.widthPx : 1;
  const sy = space ? size.heightPx / space.heightPx : 1;
  const x1 = Math.min(size.widthPx, Math.max(0, box[0] * sx));
  const y1 = Math.min(size.heightPx, Math.max(0, box[1] * sy));
  const x2 = Math.min(size.widthPx, Math.max(0, box[2] * sx));
  const y2 = Math.min(size.heightPx, Math.max(0, box[3] * sy));
  return x2 > x1 && y2 > y1 ? [round2(x1), round2(y1), round2(x2 - x1), round2(y2 - y1)] : null;
}

/** Names inside the archive: the event id made safe for every file system (as the evidence store names its files). */
const imageName = (eventId: string) => `images/${eventId.replace(/[^A-Za-z0-9._-]+/g, '_')}.jpg`;

function addEntry(pack: tar.Pack, name: string, data: Uint8Array, mtime: Date): Promise<void> {
  return new Promise((resolve, reject) => {
    // The callback comes once the pack has taken the bytes (it waits while the reader is behind): one image in memory at a time.
    const entry = pack.entry({ name, size: data.byteLength, mtime, mode: 0o644 }, Buffer.from(data.buffer, data.byteOffset, data.byteLength), (error) => (error ? reject(error) : resolve()));
    // A failed destination destroys the pack and this entry with it; the entry (a streamx stream) then emits
    // 'error', which unheard would throw out of the event loop and stop the core. The callback has it already.
    entry.on('error', () => undefined);
  });
}

/**
 * Writes the tar of the camera warnings disposed 'false' raised in [fromMs, toMs] to `out`: `images/<event>.jpg`
 * for each event's snapshot (once per event, oldest first) and `annotations.json` (COCO: info, categories by
 * label, images with camera, event, warning and alarm ids, annotations with bbox, area, score and attributes
 * disposition, rule, model, who disposed it and when). Rows without a snapshot or with bytes that are not a
 * JPEG are counted and left out. Ends `out`; rejects if `out` fails (a client gone away), having stopped reading.
 */
export async function writeTrainingSamples(options: { rows: readonly TrainingSampleRow[]; fromMs: number; toMs: number; readSnapshot: SnapshotReader; out: Writable; nowMs?: number }): Promise<TrainingSamplesResult> {
  const { rows, fromMs, toMs, readSnapshot, out } = options;
  const chosen = rows.filter((r) => r.disposition === 'false' && r.raisedAtMs >= fromMs && r.raisedAtMs <= toMs).sort((a, b) => a.raisedAtMs - b.raisedAtMs || (a.eventId < b.eventId ? -1 : 1));
  const pack = tar.pack();
  const piped = pipeline(pack, out);
  // A failed destination ends the loop below at its next entry; the pipeline's rejection is the one reported.
  piped.catch(() => undefined);
  const result: TrainingSamplesResult = { images: 0, annotations: 0, skipped: { noSnapshot: 0, notJpeg: 0, overLimit: 0 } };
  const categories = new Map<string, number>();
  const images: CocoImage[] = [];
  const annotations: CocoAnnotation[] = [];
  const imageOfEvent = new Map<string, CocoImage & { size: { widthPx: number; heightPx: number } }>();
  try {
    for (const row of chosen) {
      let image = imageOfEvent.get(row.eventId);
      if (!image) {
        if (images.length >= MAX_TRAINING_IMAGES) {
          result.skipped.overLimit += 1;
          continue;
        }
        const jpeg = await readSnapshot(row.eventId);
        if (jpeg === null) {
          result.skipped.noSnapshot += 1;
          continue;
        }
        const size = jpeg.byteLength <= MAX_SNAPSHOT_BYTES ? jpegSizePx(jpeg) : null;
        if (size === null) {
          result.skipped.notJpeg += 1;
          continue;
        }
        image = { id: images.length + 1, file_name: imageName(row.eventId), width: size.widthPx, height: size.heightPx, date_captured: new Date(row.raisedAtMs).toISOString(), camera_id: row.cameraId, event_id: row.eventId, warning_id: row.warningId, alarm_id: row.alarmId, size };
        await addEntry(pack, image.file_name, jpeg, new Date(row.raisedAtMs));
        imageOfEvent.set(row.eventId, image);
        const { size: _size, ...coco } = image;
        images.push(coco);
      }
      const bbox = row.box && cocoBox(row.box, row.boxSpacePx, image.size);
      if (!bbox) continue; // the image stays: a false event with nothing to point at is still a picture of "nothing here"
      let categoryId = categories.get(row.label);
      if (categoryId === undefined) categories.set(row.label, (categoryId = categories.size + 1));
      annotations.push({
        id: annotations.length + 1,
        image_id: image.id,
        category_id: categoryId,
        bbox,
        area: round2(bbox[2] * bbox[3]),
        iscrowd: 0,
        ...(row.score !== undefined && { score: row.score }),
        attributes: {
          disposition: 'false',
          rule_id: row.ruleId,
          ...(row.modelId !== undefined && { model_id: row.modelId }),
          ...(row.disposedBy !== undefined && { disposed_by: row.disposedBy }),
          ...(row.disposedAtMs !== undefined && { disposed_at: new Date(row.disposedAtMs).toISOString() }),
        },
      });
    }
    const nowMs = options.nowMs ?? Date.now();
    const labels = {
      info: {
        description: 'SafeTwin camera events disposed false (re-training samples)',
        version: '1',
        date_created: new Date(nowMs).toISOString(),
        period: { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() },
      },
      licenses: [],
      categories: [...categories].map(([name, id]) => ({ id, name, supercategory: 'detection' })),
      images,
      annotations,
    };
    await addEntry(pack, TRAINING_LABELS_FILE, Buffer.from(JSON.stringify(labels, null, 1), 'utf8'), new Date(nowMs));
    pack.finalize();
  } catch (error) {
    pack.destroy(error as Error);
  }
  await piped;
  result.images = images.length;
  result.annotations = annotations.length;
  return result;
}

