import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { VisionError } from './visionError.js';

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

/** Evidence files (snapshots, clips) in one folder, pruned oldest-first by age and total size. */
export class EvidenceStore {
  readonly dir: string;
  readonly retention: RetentionConfig;
  private readonly now: () => number;

  constructor(dir: string, retention: RetentionConfig, now: () => number = Date.now) {
    this.dir = dir;
    this.retention = retention;
    this.now = now;
    mkdirSync(dir, { recursive: true });
  }

  /** A file name safe on every OS for an event id and kind. */
  pathFor(eventId: string, extension: 'jpg' | 'mp4'): string {
    return path.join(this.dir, `${eventId.replace(/[^A-Za-z0-9._-]+/g, '_')}.${extension}`);
  }

  write(file: string, bytes: Uint8Array): string {
    writeFileSync(file, bytes);
    this.prune();
    return file;
  }

  prune(): void {
    const entries = readdirSync(this.dir)
      .map((name) => {
        const file = path.join(this.dir, name);
        const s = statSync(file);
        return { file, mtimeMs: s.mtimeMs, size: s.size };
      })
      .sort((a, b) => a.mtimeMs - b.mtimeMs);
    let total = entries.reduce((sum, e) => sum + e.size, 0);
    const cutoff = this.now() - this.retention.maxAgeMs;
    for (const e of entries) {
      if (e.mtimeMs >= cutoff && total <= this.retention.maxBytes) break;
      try {
        unlinkSync(e.file);
        total -= e.size;
      } catch {
        // already gone (another prune): nothing to do
      }
    }
  }
}
