import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { JpegStreamSplitter } from './jpegStream.js';
import { PpmStreamParser, type RgbFrame } from './ppmStream.js';
import { redactSecrets } from '../platform/index.js';
import { VisionError } from './visionError.js';

/**
 * Camera sources: an RTSP / RTMP / HTTP(S) URL, a local video file (looped, read at its native rate like a
 * live camera), or an image sequence (a pattern with %d or *, looped).
 */
export type SourceKind = 'stream' | 'file' | 'images';
export function sourceKind(source: string): SourceKind {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source) && !source.startsWith('file://')) return 'stream';
  return /%\d*d|\*/.test(source) ? 'images' : 'file';
}

export type DecoderOptions = {
  source: string;
  /** Analysis rate: ffmpeg's fps filter drops the rest before they reach node. */
  fps: number;
  widthPx: number;
  heightPx: number;
  /** Files and image sequences at their native rate (a live camera); false = as fast as possible (benchmarks). */
  realtime: boolean;
  /** Live-view JPEGs per second on a second output (fd 3), 0 for none: the camera tile's picture. */
  previewFps: number;
};

/** ffmpeg arguments for one camera: decode, keep `fps` frames a second, scale, write PPM frames to stdout. */
export function ffmpegDecodeArgs(o: DecoderOptions): string[] {
  const kind = sourceKind(o.source);
  const input: string[] = [];
  if (kind === 'stream') {
    input.push('-fflags', 'nobuffer', '-i', o.source);
  } else if (kind === 'file') {
    if (o.realtime) input.push('-re');
    input.push('-stream_loop', '-1', '-i', o.source.replace(/^file:\/\//, ''));
  } else {
    if (o.realtime) input.push('-re');
    const glob = o.source.includes('*') ? ['-pattern_type', 'glob'] : [];
    input.push('-f', 'image2', '-loop', '1', '-framerate', String(o.fps), ...glob, '-i', o.source);
  }
  const analysis = ['-f', 'image2pipe', '-c:v', 'ppm', '-pix_fmt', 'rgb24', 'pipe:1'];
  const head = ['-hide_banner', '-nostdin', '-loglevel', 'error', ...input, '-an'];
  // Image sequences already come at `fps` (-framerate); an fps filter on a looped image2 input emits nothing.
  const rate = kind === 'images' ? '' : `fps=${o.fps},`;
  if (o.previewFps <= 0) return [...head, '-vf', `${rate}scale=${o.widthPx}:${o.heightPx}`, ...analysis];
  // One decode, two outputs: PPM frames for analysis on stdout, MJPEG live view at a lower rate on fd 3.
  const graph = `[0:v]${rate}scale=${o.widthPx}:${o.heightPx},split=2[a][b];[b]fps=${Math.min(o.previewFps, o.fps)}[p]`;
  return [...head, '-filter_complex', graph, '-map', '[a]', ...analysis, '-map', '[p]', '-f', 'image2pipe', '-c:v', 'mjpeg', '-q:v', '6', 'pipe:3'];
}

export type DecoderState = 'starting' | 'running' | 'restarting' | 'stopped';

export type BackoffConfig = { initialMs: number; maxMs: number };
/** Exponential restart backoff: initial·2ⁿ up to max, reset by the first frame after a restart. */
export function backoffDelayMs(attempt: number, config: BackoffConfig): number {
  return Math.min(config.maxMs, config.initialMs * 2 ** Math.max(0, attempt));
}

export type DecoderHealth = {
  state: DecoderState;
  framesIn: number;
  restarts: number;
  errors: number;
  lastFrameTsMs: number | null;
  lastError: VisionError | null;
  lastErrorTsMs: number | null;
};

export type CameraDecoderConfig = DecoderOptions & {
  cameraId: string;
  ffmpegPath: string;
  backoff: BackoffConfig;
  /** No frame for this long (stream never connected, or stalled) → kill and restart. */
  stallTimeoutMs: number;
  now?: () => number;
};

const STDERR_TAIL_BYTES = 2000;

/**
 * One ffmpeg child per camera, decoding to raw RGB frames. When ffmpeg exits, fails to start, or stalls,
 * the decoder restarts it with exponential backoff and counts the error; the camera's health says so.
 */
export class CameraDecoder {
  readonly config: CameraDecoderConfig;
  private readonly onFrame: (frame: RgbFrame, tsMs: number) => void;
  private readonly onHealth: (health: DecoderHealth) => void;
  private readonly onPreview: (jpeg: Buffer, tsMs: number) => void;
  private child: ChildProcess | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private stallTimer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private stderrTail = '';
  private readonly now: () => number;
  readonly health: DecoderHealth = { state: 'stopped', framesIn: 0, restarts: 0, errors: 0, lastFrameTsMs: null, lastError: null, lastErrorTsMs: null };

  constructor(
    config: CameraDecoderConfig,
    handlers: { onFrame: (frame: RgbFrame, tsMs: number) => void; onHealth?: (health: DecoderHealth) => void; onPreview?: (jpeg: Buffer, tsMs: number) => void },
  ) {
    this.config = config;
    this.onFrame = handlers.onFrame;
    this.onHealth = handlers.onHealth ?? (() => undefined);
    this.onPreview = handlers.onPreview ?? (() => undefined);
    this.now = config.now ?? Date.now;
  }

  start(): void {
    if (this.health.state !== 'stopped') return;
    this.launch('starting');
  }

  /** The running ffmpeg's pid (for fault tests and diagnostics). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async stop(): Promise<void> {
    this.setState('stopped');
    this.clearTimers();
    const child = this.child;
    this.child = null;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('close', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  }

  private launch(state: 'starting' | 'restarting'): void {
    this.setState(state);
    this.stderrTail = '';
    const child = spawn(this.config.ffmpegPath, ffmpegDecodeArgs(this.config), { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    this.child = child;
    const preview = child.stdio[3] as Readable | null;
    if (preview) {
      const splitter = new JpegStreamSplitter((jpeg) => this.onPreview(jpeg, this.now()));
      preview.on('data', (chunk: Buffer) => splitter.push(chunk));
      preview.on('error', () => undefined);
    }
    const parser = new PpmStreamParser((frame) => {
      const tsMs = this.now();
      this.health.framesIn++;
      this.health.lastFrameTsMs = tsMs;
      this.attempt = 0;
      if (this.health.state !== 'running') this.setState('running');
      this.armStallTimer();
      this.onFrame(frame, tsMs);
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      if (this.child !== child) return;
      try {
        parser.push(chunk);
      } catch (error) {
        this.fail(child, `undecodable decoder output: ${(error as Error).message}`);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    });
    child.on('error', (error) => {
      // spawn failure (ffmpeg missing or not executable): 'close' follows.
      this.stderrTail = `cannot run ffmpeg: ${error.message}`;
    });
    child.on('close', (code, signal) => {
      if (this.child !== child) return;
      this.child = null;
      const lastLine = this.stderrTail.trim().split('\n').pop();
      this.recordError(lastLine || (signal ? `ffmpeg was killed (${signal})` : `ffmpeg exited with status ${code}`));
      this.scheduleRestart();
    });
    this.armStallTimer();
  }

  private fail(child: ChildProcess, message: string): void {
    this.stderrTail = message;
    child.kill('SIGKILL');
  }

  /** ffmpeg prints the source URL with its credentials: the error (health, alarm reason, record) gets neither. */
  private recordError(message: string): void {
    this.health.errors++;
    this.health.lastErrorTsMs = this.now();
    this.health.lastError = new VisionError('ST_ERR_VISION_STREAM', `camera ${this.config.cameraId}: ${redactSecrets(message)}`, {
      location: redactSecrets(this.config.source),
      tip: 'Check the stream URL or file, the network path to the camera and its credentials; the decoder keeps retrying.',
    });
  }

  private scheduleRestart(): void {
    if (this.health.state === 'stopped') return;
    this.clearTimers();
    this.setState('restarting');
    const delay = backoffDelayMs(this.attempt++, this.config.backoff);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.health.state === 'stopped') return;
      this.health.restarts++;
      this.launch('restarting');
    }, delay);
  }

  private armStallTimer(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = setTimeout(() => {
      const child = this.child;
      if (child) this.fail(child, `no frame for ${this.config.stallTimeoutMs} ms (stream not connecting or stalled)`);
    }, this.config.stallTimeoutMs);
  }

  private clearTimers(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.restartTimer = null;
    this.stallTimer = null;
  }

  private setState(state: DecoderState): void {
    if (this.health.state === state) return;
    this.health.state = state;
    this.onHealth(this.health);
  }
}
