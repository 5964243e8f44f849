import { spawn } from 'node:child_process';
import { readdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { VisionError } from './visionError.js';
import { ensurePrivateDir, makeFilePrivate, PRIVATE_FILE_MODE } from '../platform/index.js';

type Box = readonly [number, number, number, number];

/** Runs ffmpeg with `input` on stdin and collects stdout (one-shot encodes: snapshots and clips are rare). */
export function runFfmpeg(ffmpegPath: string, args: string[], input: Iterable<Uint8Array>, timeoutMs = 30_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath, ['-hide_banner', '-nostdin', '-loglevel', 'error', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2000)));
    child.stdin.on('error', () => undefined); // ffmpeg may exit before reading everything; 'close' reports why
    child.on('error', (error) => reject(new VisionError('ST_ERR_VISION_FFMPEG_MISSING', `cannot run ffmpeg: ${error.message}`, { location: ffmpegPath })));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new VisionError('ST_ERR_VISION_STREAM', `ffmpeg encode failed (${signal ?? `status ${code}`}): ${stderr.trim().split('\n').pop() ?? ''}`));
    });
    void (async () => {
      for (const part of input) if (!child.stdin.write(part)) await new Promise((r) => child.stdin.once('drain', r));
      child.stdin.end();
    })();
  });
}

const rawInput = (widthPx: number, heightPx: number, fps = 1) => ['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${widthPx}x${heightPx}`, '-framerate', String(fps), '-i', 'pipe:0'];

/** One RGB frame → JPEG (quality 2–31, ffmpeg's -q:v scale, lower is better). */
export function encodeJpeg(ffmpegPath: string, rgb: Uint8Array, widthPx: number, heightPx: number, quality = 4): Promise<Buffer> {
  return runFfmpeg(ffmpegPath, [...rawInput(widthPx, heightPx), '-frames:v', '1', '-q:v', String(quality), '-f', 'mjpeg', 'pipe:1'], [rgb]);
}

/** RGB frames → H.264 MP4 file (yuv420p needs even sizes: the filter pads by one pixel when odd). */
export async function encodeClip(ffmpegPath: string, frames: Uint8Array[], widthPx: number, heightPx: number, fps: number, file: string): Promise<void> {
  await runFfmpeg(
    ffmpegPath,
    [...rawInput(widthPx, heightPx, fps), '-vf', 'pad=ceil(iw/2)*2:ceil(ih/2)*2', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-y', file],
    frames,
    60_000,
  );
}

/**
 * Privacy: pixelates the given boxes (persons) in a copy of the frame, in blocks of blockPx. Done before
 * anything is encoded, so no stored snapshot or clip holds an identifiable face.
 */
export function pixelateBoxes(rgb: Uint8Array, widthPx: number, heightPx: number, boxes: readonly Box[], blockPx = 12): Uint8Array {
  const out = rgb.slice();
  for (const box of boxes) {
    const x0 = Math.max(0, Math.floor(box[0]));
    const y0 = Math.max(0, Math.floor(box[1]));
    const x1 = Math.min(widthPx, Math.ceil(box[2]));
    const y1 = Math.min(heightPx, Math.ceil(box[3]));
    for (let by = y0; by < y1; by += blockPx) {
      for (let bx = x0; bx < x1; bx += blockPx) {
        const ey = Math.min(y1, by + blockPx);
        const ex = Math.min(x1, bx + blockPx);
        const sum = [0, 0, 0];
        for (let y = by; y < ey; y++) for (let x = bx; x < ex; x++) for (let c = 0; c < 3; c++) sum[c]! += out[(y * widthPx + x) * 3 + c]!;
        const n = (ey - by) * (ex - bx);
        for (let y = by; y < ey; y++) for (let x = bx; x < ex; x++) for (let c = 0; c < 3; c++) out[(y * widthPx + x) * 3 + c] = Math.round(sum[c]! / n);
      }
    }
  }
  return out;
}

export type RingFrame = { tsMs: number; rgb: Uint8Array; widthPx: number; heightPx: number; personBoxes: Box[] };

/** The last analysed frames of one camera, bounded in bytes (oldest dropped first), for pre-event clip footage. */
export class FrameRing {
  private frames: RingFrame[] = [];
  private bytes = 0;
  readonly maxBytes: number;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  push(frame: RingFrame): void {
    this.frames.push(frame);
    this.bytes += frame.rgb.byteLength;
    while (this.bytes > this.maxBytes && this.frames.length > 1) this.bytes -= this.frames.shift()!.rgb.byteLength;
  }

  between(fromMs: number, toMs: number): RingFrame[] {
    return this.frames.filter((f) => f.tsMs >= fromMs && f.tsMs <= toMs);
  }

  get byteSize(): number {
    return this.bytes;
  }
}

export type RetentionConfig = { maxBytes: number; maxAgeMs: number };

type EvidenceEntry = { mtimeMs: number; sizeBytes: number };

/**
 * Evidence files (snapshots, clips) in one folder, pruned oldest-first by age and total size. All disk work
 * is asynchronous: the folder is scanned once when the store opens and an index in memory is kept after
 * that, so an event costs one write and the deletions it makes due, never a directory scan on the core's
 * event loop.
 */
export class EvidenceStore {
  readonly dir: string;
  readonly retention: RetentionConfig;
  private readonly now: () => number;
  private readonly entries = new Map<string, EvidenceEntry>();
  private totalBytes = 0;
  /** Prunes run one after another so two events never delete (and count) the same file twice. */
  private pruneChain: Promise<void> = Promise.resolve();

  private constructor(dir: string, retention: RetentionConfig, now: () => number) {
    this.dir = dir;
    this.retention = retention;
    this.now = now;
  }

  /** Creates the folder (owner-only) if needed and indexes what earlier runs left in it. */
  static async open(dir: string, retention: RetentionConfig, now: () => number = Date.now): Promise<EvidenceStore> {
    const store = new EvidenceStore(dir, retention, now);
    await ensurePrivateDir(dir);
    for (const name of await readdir(dir)) {
      const file = path.join(dir, name);
      try {
        const s = await stat(file);
        if (s.isFile()) store.track(file, s.mtimeMs, s.size);
      } catch {
        // removed between readdir and stat: nothing to index
      }
    }
    await store.prune();
    return store;
  }

  /** A file name safe on every OS for an event id and kind. */
  pathFor(eventId: string, extension: 'jpg' | 'mp4'): string {
    return path.join(this.dir, `${eventId.replace(/[^A-Za-z0-9._-]+/g, '_')}.${extension}`);
  }

  async write(file: string, bytes: Uint8Array): Promise<string> {
    await writeFile(file, bytes, { mode: PRIVATE_FILE_MODE });
    this.track(file, this.now(), bytes.byteLength);
    await this.prune();
    return file;
  }

  /** Indexes a file another writer produced in the folder (ffmpeg writes clips itself), then prunes. */
  async adopt(file: string): Promise<void> {
    await makeFilePrivate(file); // ffmpeg creates it with the process umask
    const s = await stat(file);
    this.track(file, this.now(), s.size);
    await this.prune();
  }

  get byteSize(): number {
    return this.totalBytes;
  }

  prune(): Promise<void> {
    this.pruneChain = this.pruneChain.then(() => this.pruneNow());
    return this.pruneChain;
  }

  private track(file: string, mtimeMs: number, sizeBytes: number): void {
    this.totalBytes -= this.entries.get(file)?.sizeBytes ?? 0;
    this.entries.set(file, { mtimeMs, sizeBytes });
    this.totalBytes += sizeBytes;
  }

  private async pruneNow(): Promise<void> {
    const cutoffMs = this.now() - this.retention.maxAgeMs;
    const oldestFirst = [...this.entries].sort((a, b) => a[1].mtimeMs - b[1].mtimeMs);
    for (const [file, entry] of oldestFirst) {
      if (entry.mtimeMs >= cutoffMs && this.totalBytes <= this.retention.maxBytes) break;
      this.entries.delete(file);
      this.totalBytes -= entry.sizeBytes;
      await unlink(file).catch(() => undefined); // already gone: the index is what counts
    }
  }
}
