import { z } from 'zod';
import { applyHomography } from '../contracts/cameraModel.js';
import type { CameraHealth, VisionEvent } from '../contracts/vision.js';

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

const Box = z.tuple([z.number(), z.number(), z.number(), z.number()]);
const FrigateObjectSchema = z.looseObject({
  id: z.string().min(1),
  camera: z.string().min(1),
  label: z.string().min(1),
  sub_label: z.union([z.string(), z.tuple([z.string(), z.number()]), z.null()]).optional(),
  score: z.number().min(0).max(1).optional(),
  top_score: z.number().min(0).max(1).optional(),
  false_positive: z.boolean().optional(),
  start_time: z.number(),
  end_time: z.number().nullable().optional(),
  frame_time: z.number().optional(),
  box: Box.optional(),
  current_zones: z.array(z.string()).optional(),
  entered_zones: z.array(z.string()).optional(),
  has_snapshot: z.boolean().optional(),
  has_clip: z.boolean().optional(),
});
const FrigateEventMessageSchema = z.object({ type: z.enum(['new', 'update', 'end']), before: z.unknown().optional(), after: FrigateObjectSchema });

const FrigateReviewSchema = z.looseObject({
  id: z.string().min(1),
  camera: z.string().min(1),
  start_time: z.number(),
  end_time: z.number().nullable().optional(),
  severity: z.string().optional(),
  data: z
    .looseObject({ detections: z.array(z.string()).default([]), objects: z.array(z.string()).default([]), sub_labels: z.array(z.unknown()).default([]), zones: z.array(z.string()).default([]) })
    .optional(),
});
const FrigateReviewMessageSchema = z.object({ type: z.enum(['new', 'update', 'end']), before: z.unknown().optional(), after: FrigateReviewSchema });

export type FrigateResult = { events: VisionEvent[]; health: CameraHealth[]; problem: string | null };

const PHASE = { new: 'start', update: 'update', end: 'end' } as const;
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

  /** Decodes one MQTT message. Unknown topics give nothing; malformed payloads give a problem text, never a throw. */
  handle(topic: string, payload: Uint8Array | string): FrigateResult {
    const p = this.config.prefix;
    const text = typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8');
    const none: FrigateResult = { events: [], health: [], problem: null };
    if (topic === `${p}/available`) return { ...none, health: this.availability(text.trim()) };
    if (topic !== `${p}/events` && topic !== `${p}/reviews`) return none;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ...none, problem: `${topic}: payload is not JSON` };
    }
    if (topic === `${p}/events`) {
      const parsed = FrigateEventMessageSchema.safeParse(json);
      if (!parsed.success) return { ...none, problem: `${topic}: ${issueText(parsed.error)}` };
      const event = this.objectEvent(parsed.data.type, parsed.data.after);
      return { ...none, events: event ? [event] : [] };
    }
    const parsed = FrigateReviewMessageSchema.safeParse(json);
    if (!parsed.success) return { ...none, problem: `${topic}: ${issueText(parsed.error)}` };
    const event = this.reviewEvent(parsed.data.type, parsed.data.after);
    return { ...none, events: event ? [event] : [] };
  }

  private mapCamera(frigateName: string): { cameraId: string; sx: number; sy: number; homography: readonly number[] | null } | null {
    const entry = this.config.cameras[frigateName];
    const cameraId = typeof entry === 'string' ? entry : (entry?.cameraId ?? (this.config.acceptUnmappedCameras ? frigateName : null));
    if (cameraId === null) return null;
    const scene = this.scene.get(cameraId);
    const detectW = typeof entry === 'object' ? entry.detectWidthPx : undefined;
    const detectH = typeof entry === 'object' ? entry.detectHeightPx : undefined;
    this.camerasSeen.add(cameraId);
    return {
      cameraId,
      // Frigate boxes are in its detect resolution; the scene homography expects the camera's image pixels.
      sx: scene && detectW ? scene.imageWidthPx / detectW : 1,
      sy: scene && detectH ? scene.imageHeightPx / detectH : 1,
      homography: scene?.homography ?? null,
    };
  }

  private objectEvent(type: keyof typeof PHASE, o: z.infer<typeof FrigateObjectSchema>): VisionEvent | null {
    if (o.false_positive) return null;
    const cam = this.mapCamera(o.camera);
    if (!cam) return null;
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

  private reviewEvent(type: keyof typeof PHASE, r: z.infer<typeof FrigateReviewSchema>): VisionEvent | null {
    const cam = this.mapCamera(r.camera);
    if (!cam) return null;
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
      score: Math.max(0, ...detections.map((id) => this.topScores.get(id) ?? 0)),
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

  private availability(state: string): CameraHealth[] {
    if (state !== 'online' && state !== 'offline') return [];
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
