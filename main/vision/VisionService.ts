import { type Camera, type CameraDetections, type CameraHealth, imageToGroundHomography, type VisionEvent } from '../contracts/index.js';
import { CameraDecoder } from './CameraDecoder.js';
import type { Detection, DetectTimings } from './detect.js';
import { EvidenceStore, FrameRing, encodeClip, encodeJpeg, pixelateBoxes } from './evidence.js';
import { FrigateAdapter, type FrigateProblem } from './frigate.js';
import { requireFfmpeg } from './imageFile.js';
import { InferencePool } from './InferencePool.js';
import { loadModelManifest, MODEL_ROLES, type ModelRole } from './modelManifest.js';
import type { RgbFrame } from './ppmStream.js';
import { CameraSafetyRules } from './SafetyRules.js';
import { defaultAnalysisSize, VisionServiceConfigSchema, type VisionCameraConfig, type VisionServiceConfig, type VisionServiceConfigInput } from './visionConfig.js';
import { asVisionError, VisionError } from './visionError.js';

/** A live-view picture for a camera tile, with the latest detections (boxes in the camera's image pixels). */
export type CameraFrame = { cameraId: string; tsMs: number; jpeg: Buffer; widthPx: number; heightPx: number; imageWidthPx: number; imageHeightPx: number };

/** Per-frame timings for metrics and the benchmark. */
export type FrameTiming = DetectTimings & { cameraId: string; queueWaitMs: number; rulesMs: number; totalMs: number };

export type VisionCallbacks = {
  /** Safety events (start / update / end); a start carries snapshotPath when evidence is on, the clip comes in a later update. */
  onEvent?: (event: VisionEvent) => void;
  /** Every analysed frame's detections, boxes [x, y, w, h] in the camera's image pixels (the bus 'detections' topic). */
  onDetections?: (detections: CameraDetections) => void;
  /** Camera health on every state change and every healthIntervalMs. */
  onHealth?: (health: CameraHealth) => void;
  /** Live-view JPEGs at previewFps. */
  onFrame?: (frame: CameraFrame) => void;
  onTiming?: (timing: FrameTiming) => void;
};

type QueuedFrame = { frame: RgbFrame; tsMs: number };

type CameraRuntime = {
  camera: Camera;
  config: VisionCameraConfig;
  analysis: { widthPx: number; heightPx: number };
  /** Analysis pixels → scene image pixels. */
  scaleX: number;
  scaleY: number;
  homography: number[] | null;
  pool: InferencePool | null;
  rules: CameraSafetyRules | null;
  decoder: CameraDecoder | null;
  queue: QueuedFrame[];
  inFlight: boolean;
  ring: FrameRing | null;
  /** Serialises event emission, so a start (waiting for its snapshot) is never overtaken by its update. */
  emitChain: Promise<void>;
  pendingClips: { event: VisionEvent; fromMs: number; toMs: number }[];
  openEvents: Map<string, VisionEvent>;
  stats: { framesOut: number; dropped: number; errors: number; lastError: VisionError | null; lastErrorTsMs: number | null; inferenceMs: number | null; inferenceMsSum: number; inferenceCount: number; windowStartMs: number; windowIn: number; windowOut: number; fpsIn: number; fpsOut: number };
  fatal: VisionError | null;
};

/**
 * The camera AI pipeline: per camera an ffmpeg decoder → a bounded drop-oldest queue → an inference worker
 * pool (per model) → tracker and safety rules → events with snapshot and clip evidence. The core composes
 * it and wires the callbacks onto its bus; nothing here knows about alarms or sockets.
 */
export class VisionService {
  readonly config: VisionServiceConfig;
  private readonly cameras = new Map<string, CameraRuntime>();
  private readonly callbacks: VisionCallbacks;
  private readonly pools = new Map<string, InferencePool>();
  private evidence: EvidenceStore | null = null;
  private ffmpegPath: string | null = null;
  private healthTimer: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  private started = false;
  private readonly frigate: FrigateAdapter | null;

  constructor(sceneCameras: readonly Camera[], config: VisionServiceConfigInput, callbacks: VisionCallbacks = {}, now: () => number = Date.now) {
    this.config = VisionServiceConfigSchema.parse(config);
    this.callbacks = callbacks;
    this.now = now;
    const byId = new Map(sceneCameras.map((c) => [c.id, c]));
    const modelIds = Object.keys(this.config.models);
    this.frigate = this.config.frigate
      ? new FrigateAdapter(this.config.frigate, new Map(sceneCameras.map((c) => [c.id, { imageWidthPx: c.imageWidthPx, imageHeightPx: c.imageHeightPx, homography: c.imageToGroundHomography ?? homographyFromPose(c) }])), now)
      : null;
    for (const cc of this.config.cameras) {
      const camera = byId.get(cc.cameraId);
      if (!camera) throw new Error(`vision: camera "${cc.cameraId}" is not in the scene`);
      if (cc.model !== undefined && !(cc.model in this.config.models)) throw new Error(`vision: camera "${cc.cameraId}" names unknown model "${cc.model}"`);
      if (modelIds.length === 0) throw new Error('vision: no model configured');
      const analysis = cc.widthPx && cc.heightPx ? { widthPx: cc.widthPx, heightPx: cc.heightPx } : defaultAnalysisSize(camera.imageWidthPx, camera.imageHeightPx);
      this.cameras.set(camera.id, {
        camera,
        config: cc,
        analysis,
        scaleX: camera.imageWidthPx / analysis.widthPx,
        scaleY: camera.imageHeightPx / analysis.heightPx,
        homography: camera.imageToGroundHomography ?? homographyFromPose(camera),
        pool: null,
        rules: null,
        decoder: null,
        queue: [],
        inFlight: false,
        ring: null,
        emitChain: Promise.resolve(),
        pendingClips: [],
        openEvents: new Map(),
        stats: { framesOut: 0, dropped: 0, errors: 0, lastError: null, lastErrorTsMs: null, inferenceMs: null, inferenceMsSum: 0, inferenceCount: 0, windowStartMs: now(), windowIn: 0, windowOut: 0, fpsIn: 0, fpsOut: 0 },
        fatal: null,
      });
    }
  }

  /**
   * Loads the models and starts every camera. Never throws for a bad model, a missing ffmpeg or a dead
   * stream: the cameras concerned report the coded error in their health, the others run.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const ev = this.config.evidence;
    if (ev) this.evidence = await EvidenceStore.open(ev.dir, { maxBytes: ev.maxBytes, maxAgeMs: ev.maxAgeDays * 86_400_000 }, this.now);
    try {
      this.ffmpegPath = requireFfmpeg();
    } catch (error) {
      for (const rt of this.cameras.values()) rt.fatal = asVisionError(error, 'ST_ERR_VISION_FFMPEG_MISSING');
    }
    const firstModel = Object.keys(this.config.models)[0]!;
    const used = new Set([...this.cameras.values()].map((rt) => rt.config.model ?? firstModel));
    const failures = new Map<string, VisionError>();
    await Promise.all(
      [...used].map(async (modelId) => {
        try {
          const manifest = loadModelManifest(this.config.models[modelId]!);
          const p = this.config.pool;
          const pool = await InferencePool.start(manifest, {
            ...(p.workers === undefined ? {} : { workers: p.workers }),
            session: { executionProviders: p.executionProviders, intraOpNumThreads: p.intraOpNumThreads },
          });
          this.pools.set(modelId, pool);
        } catch (error) {
          failures.set(modelId, asVisionError(error, 'ST_ERR_VISION_MODEL_LOAD'));
        }
      }),
    );
    for (const rt of this.cameras.values()) {
      const modelId = rt.config.model ?? firstModel;
      rt.fatal ??= failures.get(modelId) ?? null;
      if (rt.fatal) {
        this.recordError(rt, rt.fatal);
        this.emitHealth(rt);
        continue;
      }
      const pool = this.pools.get(modelId)!;
      rt.pool = pool;
      const roles = new Set<ModelRole>(MODEL_ROLES.filter((role) => pool.manifest.roleByClassId.includes(role)));
      rt.rules = new CameraSafetyRules(rt.config, rt.homography, roles, {
        updateIntervalMs: this.config.rules.updateIntervalMs,
        endGraceMs: this.config.rules.endGraceMs,
        tracker: { minHits: this.config.rules.trackerMinHits },
      });
      if (ev) rt.ring = new FrameRing(ev.ringBytesPerCamera);
      this.startDecoder(rt);
    }
    this.healthTimer = setInterval(() => {
      for (const rt of this.cameras.values()) this.emitHealth(rt);
    }, this.config.healthIntervalMs);
    this.healthTimer.unref();
  }

  /** MQTT topics to subscribe to for external analytics (empty without a Frigate configuration). */
  mqttTopics(): string[] {
    return this.frigate?.topics() ?? [];
  }

  /**
   * Feeds one MQTT message of an external NVR (Frigate): its events and camera availability come out of the
   * same callbacks as SafeTwin's own. Returns why a message was not taken (the caller counts it), else null.
   */
  handleMqttMessage(topic: string, payload: Uint8Array | string): FrigateProblem | null {
    if (!this.frigate) return null;
    const result = this.frigate.handle(topic, payload);
    for (const event of result.events) this.callbacks.onEvent?.(event);
    for (const health of result.health) this.callbacks.onHealth?.(health);
    return result.problem;
  }

  /** Current health of every analysed camera. */
  health(): CameraHealth[] {
    return [...this.cameras.values()].map((rt) => this.healthOf(rt));
  }

  /** The decoder of a camera (diagnostics and fault tests). */
  decoderOf(cameraId: string): CameraDecoder | null {
    return this.cameras.get(cameraId)?.decoder ?? null;
  }

  /** Stops decoders and workers, ends open events (phase "end"), and waits for pending evidence. */
  async stop(): Promise<void> {
    if (this.healthTimer) clearInterval(this.healthTimer);
    this.healthTimer = null;
    await Promise.all([...this.cameras.values()].map((rt) => rt.decoder?.stop()));
    for (const rt of this.cameras.values()) {
      for (const event of rt.rules?.endAll(this.now()) ?? []) this.queueEmit(rt, event);
      rt.queue = [];
    }
    await Promise.all([...this.cameras.values()].map((rt) => rt.emitChain));
    await Promise.all([...this.pools.values()].map((p) => p.close()));
    this.pools.clear();
    for (const rt of this.cameras.values()) this.emitHealth(rt);
  }

  private startDecoder(rt: CameraRuntime): void {
    const source = rt.config.source ?? rt.camera.stream.url;
    rt.decoder = new CameraDecoder(
      {
        cameraId: rt.camera.id,
        source,
        fps: rt.config.fps ?? this.config.fps,
        widthPx: rt.analysis.widthPx,
        heightPx: rt.analysis.heightPx,
        realtime: rt.config.realtime,
        previewFps: this.callbacks.onFrame ? this.config.previewFps : 0,
        ffmpegPath: this.ffmpegPath!,
        backoff: { initialMs: this.config.decoder.backoffInitialMs, maxMs: this.config.decoder.backoffMaxMs },
        stallTimeoutMs: this.config.decoder.stallTimeoutMs,
        now: this.now,
      },
      {
        onFrame: (frame, tsMs) => this.onDecodedFrame(rt, frame, tsMs),
        onHealth: () => this.emitHealth(rt),
        onPreview: (jpeg, tsMs) =>
          this.callbacks.onFrame?.({ cameraId: rt.camera.id, tsMs, jpeg, widthPx: rt.analysis.widthPx, heightPx: rt.analysis.heightPx, imageWidthPx: rt.camera.imageWidthPx, imageHeightPx: rt.camera.imageHeightPx }),
      },
    );
    rt.decoder.start();
  }

  /** Bounded per-camera queue: when inference is behind, the oldest waiting frame is dropped and counted. */
  private onDecodedFrame(rt: CameraRuntime, frame: RgbFrame, tsMs: number): void {
    rt.stats.windowIn++;
    if (frame.widthPx !== rt.analysis.widthPx || frame.heightPx !== rt.analysis.heightPx) {
      this.recordError(rt, new VisionError('ST_ERR_VISION_STREAM', `camera ${rt.camera.id}: frame ${frame.widthPx}×${frame.heightPx}, expected ${rt.analysis.widthPx}×${rt.analysis.heightPx}`));
      return;
    }
    rt.queue.push({ frame, tsMs });
    while (rt.queue.length > this.config.queueDepth) {
      rt.queue.shift();
      rt.stats.dropped++;
    }
    this.pump(rt);
  }

  private pump(rt: CameraRuntime): void {
    if (rt.inFlight || rt.queue.length === 0 || !rt.pool) return;
    const { frame, tsMs } = rt.queue.shift()!;
    rt.inFlight = true;
    const submittedMs = this.now();
    const t0 = performance.now();
    rt.pool
      .detect(frame.rgb, frame.widthPx, frame.heightPx)
      .then((result) => this.onDetected(rt, { ...frame, rgb: result.rgb }, tsMs, result.detections, result.timings, submittedMs - tsMs, t0))
      .catch((error: unknown) => this.recordError(rt, asVisionError(error, 'ST_ERR_VISION_INFERENCE')))
      .finally(() => {
        rt.inFlight = false;
        this.pump(rt);
      });
  }

  private onDetected(rt: CameraRuntime, frame: RgbFrame, tsMs: number, analysisDetections: Detection[], timings: DetectTimings, queueWaitMs: number, t0: number): void {
    rt.stats.framesOut++;
    rt.stats.windowOut++;
    rt.stats.inferenceMsSum += timings.preMs + timings.runMs + timings.postMs;
    rt.stats.inferenceCount++;
    // Analysis pixels → the camera's image pixels, the space of the scene homography and of image zones.
    const detections = analysisDetections.map((d) => ({ ...d, box: [d.box[0] * rt.scaleX, d.box[1] * rt.scaleY, d.box[2] * rt.scaleX, d.box[3] * rt.scaleY] as [number, number, number, number] }));
    const tRules = performance.now();
    const events = rt.rules!.evaluate(detections, tsMs);
    const rulesMs = performance.now() - tRules;
    this.callbacks.onDetections?.({
      cameraId: rt.camera.id,
      tsMs,
      detections: detections.map((d) => {
        const ground = rt.rules!.groundOf((d.box[0] + d.box[2]) / 2, d.box[3]);
        return { label: d.label, score: d.score, box: [d.box[0], d.box[1], d.box[2] - d.box[0], d.box[3] - d.box[1]], ground: ground ? [ground.x, ground.y] : null };
      }),
    });
    const personBoxes = analysisDetections.filter((d) => d.role === 'person' || d.role === 'helmet' || d.role === 'bareHead').map((d) => d.box);
    rt.ring?.push({ tsMs, rgb: frame.rgb, widthPx: frame.widthPx, heightPx: frame.heightPx, personBoxes });
    for (const event of events) {
      if (event.phase === 'start' && this.evidence) this.queueEmit(rt, event, frame, personBoxes);
      else this.queueEmit(rt, event);
    }
    this.finishClips(rt, tsMs);
    this.callbacks.onTiming?.({ cameraId: rt.camera.id, ...timings, queueWaitMs, rulesMs, totalMs: performance.now() - t0 + queueWaitMs });
  }

  private queueEmit(rt: CameraRuntime, event: VisionEvent, frame?: RgbFrame, personBoxes: [number, number, number, number][] = []): void {
    rt.emitChain = rt.emitChain.then(async () => {
      if (frame && this.evidence && this.ffmpegPath) {
        try {
          const rgb = this.config.evidence!.blurPersons ? pixelateBoxes(frame.rgb, frame.widthPx, frame.heightPx, personBoxes) : frame.rgb;
          const jpeg = await encodeJpeg(this.ffmpegPath, rgb, frame.widthPx, frame.heightPx);
          event.snapshotPath = await this.evidence.write(this.evidence.pathFor(event.id, 'jpg'), jpeg);
        } catch (error) {
          this.recordError(rt, asVisionError(error, 'ST_ERR_VISION_STREAM'));
        }
        if (this.config.evidence!.clips && this.config.evidence!.clipPostS + this.config.evidence!.clipPreS > 0) {
          const ev = this.config.evidence!;
          rt.pendingClips.push({ event, fromMs: event.tsMs - ev.clipPreS * 1000, toMs: event.tsMs + ev.clipPostS * 1000 });
        }
      }
      if (event.phase === 'end') rt.openEvents.delete(event.id);
      else rt.openEvents.set(event.id, event);
      this.callbacks.onEvent?.(event);
    });
  }

  /** Clips whose post-event window has passed: frames from the ring → MP4 → an update event carrying clipPath. */
  private finishClips(rt: CameraRuntime, nowTsMs: number): void {
    const due = rt.pendingClips.filter((c) => c.toMs <= nowTsMs);
    if (due.length === 0 || !rt.ring || !this.evidence || !this.ffmpegPath) return;
    rt.pendingClips = rt.pendingClips.filter((c) => c.toMs > nowTsMs);
    const ev = this.config.evidence!;
    const fps = rt.config.fps ?? this.config.fps;
    for (const clip of due) {
      const frames = rt.ring.between(clip.fromMs, clip.toMs);
      if (frames.length === 0) continue;
      const rgbFrames = frames.map((f) => (ev.blurPersons ? pixelateBoxes(f.rgb, f.widthPx, f.heightPx, f.personBoxes) : f.rgb));
      const file = this.evidence.pathFor(clip.event.id, 'mp4');
      const { widthPx, heightPx } = frames[0]!;
      rt.emitChain = rt.emitChain.then(async () => {
        try {
          await encodeClip(this.ffmpegPath!, rgbFrames, widthPx, heightPx, fps, file);
          await this.evidence!.adopt(file);
          const latest = rt.openEvents.get(clip.event.id) ?? clip.event;
          this.callbacks.onEvent?.({ ...latest, phase: 'update', tsMs: this.now(), clipPath: file });
        } catch (error) {
          this.recordError(rt, asVisionError(error, 'ST_ERR_VISION_STREAM'));
        }
      });
    }
  }

  private recordError(rt: CameraRuntime, error: VisionError): void {
    rt.stats.errors++;
    rt.stats.lastError = error;
    rt.stats.lastErrorTsMs = this.now();
  }

  private healthOf(rt: CameraRuntime): CameraHealth {
    const s = rt.stats;
    const nowMs = this.now();
    const elapsedS = (nowMs - s.windowStartMs) / 1000;
    if (elapsedS >= 1) {
      s.fpsIn = s.windowIn / elapsedS;
      s.fpsOut = s.windowOut / elapsedS;
      s.inferenceMs = s.inferenceCount > 0 ? s.inferenceMsSum / s.inferenceCount : s.inferenceMs;
      s.windowIn = 0;
      s.windowOut = 0;
      s.inferenceMsSum = 0;
      s.inferenceCount = 0;
      s.windowStartMs = nowMs;
    }
    const d = rt.decoder?.health;
    // The most recent of the pipeline's and the decoder's errors.
    const latestError = (d?.lastErrorTsMs ?? -Infinity) > (s.lastErrorTsMs ?? -Infinity) ? (d?.lastError ?? null) : s.lastError;
    const framesIn = d?.framesIn ?? 0;
    const stale = d?.lastFrameTsMs == null || nowMs - d.lastFrameTsMs > this.config.decoder.stallTimeoutMs;
    let state: CameraHealth['state'];
    if (rt.fatal) state = 'error';
    else if (!d || d.state === 'stopped') state = 'stopped';
    else if (d.state === 'restarting') state = stale ? 'offline' : 'restarting';
    else state = d.state;
    return {
      cameraId: rt.camera.id,
      state,
      source: 'safetwin',
      fpsIn: round2(s.fpsIn),
      fpsOut: round2(s.fpsOut),
      lastFrameTsMs: d?.lastFrameTsMs ?? null,
      framesIn,
      framesOut: s.framesOut,
      framesDropped: s.dropped,
      dropRate: framesIn > 0 ? Math.min(1, s.dropped / framesIn) : 0,
      restarts: d?.restarts ?? 0,
      errors: s.errors + (d?.errors ?? 0),
      lastError: (rt.fatal ?? latestError)?.toProblem() ?? null,
      inferenceMs: s.inferenceMs === null ? null : round2(s.inferenceMs),
    };
  }

  private emitHealth(rt: CameraRuntime): void {
    this.callbacks.onHealth?.(this.healthOf(rt));
  }
}

const round2 = (v: number) => Math.round(v * 100) / 100;

function homographyFromPose(camera: Camera): number[] | null {
  try {
    return imageToGroundHomography(camera);
  } catch {
    return null; // a camera looking at the horizon has no ground homography: plant zones are refused for it
  }
}
