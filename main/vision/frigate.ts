import { z } from 'zod';
import { applyHomography, type CameraHealth, type VisionEvent } from '../contracts/index.js';

/**
 * Frigate NVR analytics over MQTT (docs.frigate.video/integrations/mqtt), consumed as SafeTwin vision
 * events so that a plant's existing NVR drives the same alarms as SafeTwin's own camera AI:
 * - `<prefix>/events`: one tracked object, type new → update → end, with before/after states;
 * - `<prefix>/reviews`: review items (alert / detection) grouping objects of one activity;
 * - `<prefix>/available`: "online" / "offline" for the whole Frigate instance → its cameras offline.
 */
export const FrigateConfigSchema = z.object({
  prefix: z.string().min(1).default('frigate'),
  /** Frigate camera name → scene camera id, and Frigate's detect resolution when it differs from the scene image size. */
  cameras: z
    .record(z.string().min(1), z.union([z.string().min(1), z.object({ cameraId: z.string().min(1), detectWidthPx: z.number().positive().optional(), detectHeightPx: z.number().positive().optional() })]))
    .default({}),
  /** Frigate's HTTP base URL, for snapshot and clip links (e.g. http://nvr:5000). */
  apiUrl: z.string().url().optional(),
  /** Cameras not named in `cameras`: ignored (false) or taken under their Frigate name (true). */
  acceptUnmappedCameras: z.boolean().default(false),
  /** "simulated" when the demo simulator publishes in Frigate's format: its events must never pass for inference. */
  source: z.enum(['frigate', 'simulated']).default('frigate'),
});
export type FrigateConfig = z.infer<typeof FrigateConfigSchema>;

/**
 * Bounds on every string and array of a Frigate message (issue 13: schemas bound what the core holds). Frigate's
 * ids are "<epoch>.<micros>-<6 chars>", camera and zone names are configuration keys; a review lists the
 * objects of one activity (tens in practice).
 */
export const FRIGATE_LIMITS = { idChars: 128, nameChars: 128, zones: 64, reviewItems: 1_000 } as const;

const Id = z.string().min(1).max(FRIGATE_LIMITS.idChars);
const Name = z.string().min(1).max(FRIGATE_LIMITS.nameChars);
const Names = (max: number) => z.array(Name).max(max);
const Box = z.tuple([z.number(), z.number(), z.number(), z.number()]);
const FrigateObjectSchema = z.looseObject({
  id: Id,
  camera: Name,
  label: Name,
  sub_label: z.union([z.string().max(FRIGATE_LIMITS.nameChars), z.tuple([z.string().max(FRIGATE_LIMITS.nameChars), z.number()]), z.null()]).optional(),
  score: z.number().min(0).max(1).optional(),
  top_score: z.number().min(0).max(1).optional(),
  false_positive: z.boolean().optional(),
  start_time: z.number(),
  end_time: z.number().nullable().optional(),
  frame_time: z.number().optional(),
  box: Box.optional(),
  current_zones: Names(FRIGATE_LIMITS.zones).optional(),
  entered_zones: Names(FRIGATE_LIMITS.zones).optional(),
  has_snapshot: z.boolean().optional(),
  has_clip: z.boolean().optional(),
});
const FrigateEventMessageSchema = z.object({ type: z.enum(['new', 'update', 'end']), before: z.unknown().optional(), after: FrigateObjectSchema });

const FrigateReviewSchema = z.looseObject({
  id: Id,
  camera: Name,
  start_time: z.number(),
  end_time: z.number().nullable().optional(),
  severity: Name.optional(),
  data: z
    .looseObject({
      detections: z.array(Id).max(FRIGATE_LIMITS.reviewItems).default([]),
      objects: Names(FRIGATE_LIMITS.reviewItems).default([]),
      sub_labels: z.array(z.unknown()).max(FRIGATE_LIMITS.reviewItems).default([]),
      zones: Names(FRIGATE_LIMITS.zones).default([]),
    })
    .optional(),
});
const FrigateReviewMessageSchema = z.object({ type: z.enum(['new', 'update', 'end']), before: z.unknown().optional(), after: FrigateReviewSchema });

/** Why a message was not taken, in the ingest's rejection reasons (counted in safetwin_ingest_rejected_total). */
export type FrigateProblem = { reason: 'malformedJson' | 'schema' | 'unknownSensor'; message: string };
export type FrigateResult = { events: VisionEvent[]; health: CameraHealth[]; problem: FrigateProblem | null };

const PHASE = { new: 'start', update: 'update', end: 'end' } as const;
/** Cameras remembered for availability messages (mapped ones, and unmapped names when accepted). */
const MAX_CAMERAS_SEEN = 1_000;
type MappedCamera = { cameraId: string; sx: number; sy: number; homography: readonly number[] | null };
/** Top scores of recent Frigate objects, for review items (which carry none): bounded, oldest forgotten first. */
const MAX_REMEMBERED_OBJECTS = 2000;

export class FrigateAdapter {
  readonly config: FrigateConfig;
  private readonly scene: ReadonlyMap<string, { imageWidthPx: number; imageHeightPx: number; homography: readonly number[] | null }>;
  private readonly topScores = new Map<string, number>();
  private readonly camerasSeen = new Set<string>();
  private readonly now: () => number;

  /** @param sceneCameras scene camera id → image size and image→ground homography */
  constructor(config: z.input<typeof FrigateConfigSchema>, sceneCameras: ReadonlyMap<string, { imageWidthPx: number; imageHeightPx: number; homography: readonly number[] | null }>, now: () => number = Date.now) {
    this.config = FrigateConfigSchema.parse(config);
    this.scene = sceneCameras;
    this.now = now;
  }

  /** MQTT subscriptions the core should make for this adapter. */
  topics(): string[] {
    const p = this.config.prefix;
    return [`${p}/events`, `${p}/reviews`, `${p}/available`];
  }

  /**
   * Decodes one MQTT message. Unknown topics give nothing; malformed payloads and unmapped cameras give a
   * problem with its rejection reason, never a throw. The caller applies the payload size cap first.
   */
  handle(topic: string, payload: Uint8Array | string): FrigateResult {
    const p = this.config.prefix;
    const text = typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8');
    const none: FrigateResult = { events: [], health: [], problem: null };
    const refused = (reason: FrigateProblem['reason'], message: string): FrigateResult => ({ ...none, problem: { reason, message } });
    if (topic === `${p}/available`) {
      const state = text.trim();
      return state === 'online' || state === 'offline' ? { ...none, health: this.availability(state) } : refused('schema', 'availability is neither "online" nor "offline"');
    }
    if (topic !== `${p}/events` && topic !== `${p}/reviews`) return none;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return refused('malformedJson', 'payload is not JSON');
    }
    const parsed = topic === `${p}/events` ? FrigateEventMessageSchema.safeParse(json) : FrigateReviewMessageSchema.safeParse(json);
    if (!parsed.success) return refused('schema', issueText(parsed.error));
    const { type, after } = parsed.data;
    const cam = this.mapCamera(after.camera);
    if (!cam) return refused('unknownSensor', 'camera not mapped to a scene camera (frigate.cameras)');
    const event = topic === `${p}/events` ? this.objectEvent(type, after as z.infer<typeof FrigateObjectSchema>, cam) : this.reviewEvent(type, after as z.infer<typeof FrigateReviewSchema>, cam);
    return { ...none, events: event ? [event] : [] };
  }

  private mapCamera(frigateName: string): MappedCamera | null {
    const entry = this.config.cameras[frigateName];
    const cameraId = typeof entry === 'string' ? entry : (entry?.cameraId ?? (this.config.acceptUnmappedCameras ? frigateName : null));
    if (cameraId === null) return null;
    const scene = this.scene.get(cameraId);
    const detectW = typeof entry === 'object' ? entry.detectWidthPx : undefined;
    const detectH = typeof entry === 'object' ? entry.detectHeightPx : undefined;
    // Unmapped names are taken only when configured to; even then a flood of names must not grow the set.
    if (this.camerasSeen.size < MAX_CAMERAS_SEEN) this.camerasSeen.add(cameraId);
    return {
      cameraId,
      // Frigate boxes are in its detect resolution; the scene homography expects the camera's image pixels.
      sx: scene && detectW ? scene.imageWidthPx / detectW : 1,
      sy: scene && detectH ? scene.imageHeightPx / detectH : 1,
      homography: scene?.homography ?? null,
    };
  }

  private objectEvent(type: keyof typeof PHASE, o: z.infer<typeof FrigateObjectSchema>, cam: MappedCamera): VisionEvent | null {
    if (o.false_positive) return null;
    const score = o.top_score ?? o.score ?? 0;
    this.rememberScore(o.id, score);
    const box = o.box ? ([o.box[0] * cam.sx, o.box[1] * cam.sy, o.box[2] * cam.sx, o.box[3] * cam.sy] as [number, number, number, number]) : null;
    const ground = box && cam.homography ? applyHomography(cam.homography, (box[0] + box[2]) / 2, box[3]) : null;
    const zones = o.current_zones ?? [];
    const label = typeof o.sub_label === 'string' ? `${o.label}:${o.sub_label}` : Array.isArray(o.sub_label) ? `${o.label}:${o.sub_label[0]}` : o.label;
    const tsS = type === 'end' ? (o.end_time ?? o.frame_time) : o.frame_time;
    const event: VisionEvent = {
      id: `frigate:${o.id}`,
      phase: PHASE[type],
      source: this.config.source,
      cameraId: cam.cameraId,
      rule: 'external',
      ruleId: 'frigate-object',
      label,
      score,
      trackId: o.id,
      box,
      ground: ground ? { x: ground[0], y: ground[1] } : null,
      startedAtMs: o.start_time * 1000,
      tsMs: tsS !== undefined && tsS !== null ? tsS * 1000 : this.now(),
      zones: [...new Set([...zones, ...(o.entered_zones ?? [])])],
    };
    if (zones[0] !== undefined) event.zoneId = zones[0];
    if (this.config.apiUrl && o.has_snapshot) event.snapshotUrl = `${this.config.apiUrl.replace(/\/$/, '')}/api/events/${encodeURIComponent(o.id)}/snapshot.jpg`;
    if (this.config.apiUrl && o.has_clip) event.clipUrl = `${this.config.apiUrl.replace(/\/$/, '')}/api/events/${encodeURIComponent(o.id)}/clip.mp4`;
    return event;
  }

  private reviewEvent(type: keyof typeof PHASE, r: z.infer<typeof FrigateReviewSchema>, cam: MappedCamera): VisionEvent {
    const detections = r.data?.detections ?? [];
    const objects = r.data?.objects ?? [];
    const zones = r.data?.zones ?? [];
    const event: VisionEvent = {
      id: `frigate-review:${r.id}`,
      phase: PHASE[type],
      source: this.config.source,
      cameraId: cam.cameraId,
      rule: 'external',
      ruleId: `frigate-review-${r.severity ?? 'detection'}`,
      label: objects.length > 0 ? [...new Set(objects)].join(',') : 'unknown',
      // Reviews carry no score: the best top_score of their objects that this adapter has seen, else 0.
      // A loop, not Math.max(...list): a payload's list spread into a call overflowed the stack (issue 13).
      score: detections.reduce((best, id) => Math.max(best, this.topScores.get(id) ?? 0), 0),
      trackId: null,
      box: null,
      ground: null,
      startedAtMs: r.start_time * 1000,
      tsMs: type === 'end' && r.end_time ? r.end_time * 1000 : this.now(),
      zones,
    };
    if (zones[0] !== undefined) event.zoneId = zones[0];
    return event;
  }

  private availability(state: 'online' | 'offline'): CameraHealth[] {
    const mapped = Object.values(this.config.cameras).map((e) => (typeof e === 'string' ? e : e.cameraId));
    const cameras = new Set([...mapped, ...this.camerasSeen]);
    const offline = state === 'offline';
    return [...cameras].map((cameraId) => ({
      cameraId,
      state: offline ? 'offline' : 'running',
      source: this.config.source,
      fpsIn: 0,
      fpsOut: 0,
      lastFrameTsMs: null,
      framesIn: 0,
      framesOut: 0,
      framesDropped: 0,
      dropRate: 0,
      restarts: 0,
      errors: offline ? 1 : 0,
      lastError: offline ? { code: 'ST_ERR_VISION_CAMERA_OFFLINE', message: `Frigate (${this.config.prefix}) reported itself offline`, tip: 'Check the NVR host and its MQTT connection.' } : null,
      inferenceMs: null,
    }));
  }

  private rememberScore(id: string, score: number): void {
    const best = Math.max(score, this.topScores.get(id) ?? 0);
    this.topScores.delete(id); // re-insert: Map order is the recency order
    this.topScores.set(id, best);
    if (this.topScores.size > MAX_REMEMBERED_OBJECTS) this.topScores.delete(this.topScores.keys().next().value!);
  }
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.length ? `$.${issue.path.join('.')}` : '$'}: ${issue.message}`;
}
