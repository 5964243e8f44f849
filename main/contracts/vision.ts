import { z } from 'zod';

/**
 * Camera AI: per-camera safety rules, the events they produce and the health of each camera's decoder.
 * The same event shape carries SafeTwin's own inference, external analytics (Frigate over MQTT) and the
 * simulator's labelled stand-ins, so alarms and the UI never branch on the source.
 */

/** Image boxes are [x1, y1, x2, y2] in the camera's image pixels (scene imageWidthPx × imageHeightPx). */
export const ImageBoxSchema = z.tuple([z.number().finite(), z.number().finite(), z.number().finite(), z.number().finite()]);
export type ImageBox = z.infer<typeof ImageBoxSchema>;

/**
 * A zone polygon either in image pixels (drawn on the camera picture) or in plant metres (x east,
 * y north), where a person's foot point is projected through the camera's image→ground homography.
 */
export const VisionZoneSchema = z.object({
  id: z.string().min(1).max(64),
  space: z.enum(['image', 'plant']),
  polygon: z.array(z.tuple([z.number().finite(), z.number().finite()])).min(3).max(256),
});
export type VisionZone = z.infer<typeof VisionZoneSchema>;

const RuleBase = {
  id: z.string().min(1).max(64),
  /** Zone id from the camera's zones; without it the rule covers the whole picture. */
  zoneId: z.string().min(1).max(64).optional(),
};

export const VisionRuleSchema = z.discriminatedUnion('kind', [
  /** A person (role "person") whose foot point is inside the zone. */
  z.object({ kind: z.literal('intrusion'), ...RuleBase, minScore: z.number().min(0).max(1).default(0) }),
  /** A person inside the zone for longer than dwellS. */
  z.object({ kind: z.literal('loitering'), ...RuleBase, dwellS: z.number().positive() }),
  /** More than maxPersons persons inside the zone at once. */
  z.object({ kind: z.literal('crowding'), ...RuleBase, maxPersons: z.number().int().nonnegative() }),
  /**
   * PPE violation with the model's role classes: a bare head (role "bareHead") or a "noVest", or a person
   * with no helmet box over the top of their box when the model has person and helmet but no bare-head class.
   */
  z.object({ kind: z.literal('ppe'), ...RuleBase, require: z.array(z.enum(['helmet', 'vest'])).min(1).default(['helmet']) }),
  /**
   * A person lying down: the model's "fallen" role class, or a person box wider than tall by minAspectRatio
   * for at least minDurationS (works only for side views; documented in docs/vision.md).
   */
  z.object({ kind: z.literal('personDown'), ...RuleBase, minAspectRatio: z.number().positive().default(1.4), minDurationS: z.number().nonnegative().default(3) }),
]);
export type VisionRule = z.infer<typeof VisionRuleSchema>;
export type VisionRuleKind = VisionRule['kind'];
/**
 * Detection labels that screens and reports word in each language, by key: the class name of a model or an
 * NVR lower-cased, each run of spaces, hyphens and underscores one underscore ("NO-Safety Vest" →
 * "no_safety_vest"). The classes of the models SafeTwin is tested with (docs/vision.md) and common NVR labels.
 * Any other label is shown as given in English and as "other object" in Chinese: no English in the zh-CN UI.
 */
export const KNOWN_DETECTION_LABELS = [
  'person', 'head', 'helmet', 'hardhat', 'no_helmet', 'no_hardhat', 'vest', 'safety_vest', 'no_vest', 'no_safety_vest',
  'mask', 'no_mask', 'gloves', 'no_gloves', 'goggles', 'no_goggles', 'ladder', 'safety_cone', 'fall_detected', 'fallen',
  'car', 'truck', 'bus', 'motorbike', 'bicycle', 'fire', 'smoke', 'intrusion',
] as const;
export type KnownDetectionLabel = (typeof KNOWN_DETECTION_LABELS)[number];

/** The key of a detection label in KNOWN_DETECTION_LABELS, or null for a label outside it. */
export function knownDetectionLabel(label: string): KnownDetectionLabel | null {
  const key = label.trim().toLowerCase().replace(/[\s_-]+/g, '_');
  return (KNOWN_DETECTION_LABELS as readonly string[]).includes(key) ? (key as KnownDetectionLabel) : null;
}

export const VISION_RULE_KINDS = ['intrusion', 'loitering', 'crowding', 'ppe', 'personDown'] as const;

/** Rules of one camera (by scene camera id). */
export const CameraRulesSchema = z.object({
  cameraId: z.string().min(1),
  zones: z.array(VisionZoneSchema).default([]),
  rules: z.array(VisionRuleSchema).default([]),
});
export type CameraRules = z.infer<typeof CameraRulesSchema>;

export const VISION_EVENT_SOURCES = ['safetwin', 'frigate', 'simulated'] as const;
export const VISION_EVENT_PHASES = ['start', 'update', 'end'] as const;

/**
 * One safety event from a camera. A condition (one track in one zone under one rule) makes one event id
 * with phase start, then updates, then end — never one event per frame.
 */
export const VisionEventSchema = z.object({
  id: z.string().min(1),
  phase: z.enum(VISION_EVENT_PHASES),
  /** Who produced it; "simulated" is the demo stand-in and must be labelled as such in the UI. */
  source: z.enum(VISION_EVENT_SOURCES),
  cameraId: z.string().min(1),
  /** A rule kind of SafeTwin's own rules, or "external" for NVR analytics without a rule of ours. */
  rule: z.enum([...VISION_RULE_KINDS, 'external']),
  ruleId: z.string(),
  zoneId: z.string().optional(),
  /** The model's class name (e.g. "person", "head", "NO-Hardhat"). */
  label: z.string(),
  score: z.number().min(0).max(1),
  trackId: z.string().nullable(),
  box: ImageBoxSchema.nullable(),
  /** Foot point of the box (bottom centre) on the plant ground, metres; null without a homography. */
  ground: z.object({ x: z.number().finite(), y: z.number().finite() }).nullable(),
  /** Persons counted (crowding) or seconds in the zone (loitering), when the rule has one. */
  count: z.number().int().nonnegative().optional(),
  dwellS: z.number().nonnegative().optional(),
  startedAtMs: z.number(),
  tsMs: z.number(),
  /** Evidence files (absolute paths on the core machine); the clip arrives in a later update. */
  snapshotPath: z.string().optional(),
  clipPath: z.string().optional(),
  /** Evidence held by an external NVR (Frigate's HTTP API), when its URL is configured. */
  snapshotUrl: z.string().optional(),
  clipUrl: z.string().optional(),
  /** Zones the external analytics reported the object in (Frigate current_zones). */
  zones: z.array(z.string()).optional(),
});
export type VisionEvent = z.infer<typeof VisionEventSchema>;

export const CAMERA_STATES = ['starting', 'running', 'restarting', 'offline', 'error', 'stopped'] as const;

/** Decoder and inference health of one camera, for the camera tile and metrics. */
export const CameraHealthSchema = z.object({
  cameraId: z.string(),
  state: z.enum(CAMERA_STATES),
  source: z.enum(VISION_EVENT_SOURCES),
  /** Frames per second decoded by ffmpeg and analysed (inference done), over the last window. */
  fpsIn: z.number().nonnegative(),
  fpsOut: z.number().nonnegative(),
  lastFrameTsMs: z.number().nullable(),
  framesIn: z.number().int().nonnegative(),
  framesOut: z.number().int().nonnegative(),
  /** Frames dropped oldest-first because inference could not keep up, and their share of framesIn. */
  framesDropped: z.number().int().nonnegative(),
  dropRate: z.number().min(0).max(1),
  restarts: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  /** The last error as a coded problem (ST_ERR_VISION_*), with a tip. */
  lastError: z.object({ code: z.string(), message: z.string(), tip: z.string().optional() }).nullable(),
  /** Mean inference latency (pre + run + post) per frame over the last window, ms. */
  inferenceMs: z.number().nonnegative().nullable(),
});
export type CameraHealth = z.infer<typeof CameraHealthSchema>;

/** Operational problem codes of the camera AI (ST_ERR_<AREA>_<WHAT>). */
export const VISION_PROBLEM_CODES = {
  ST_ERR_VISION_MANIFEST: 'The model manifest is missing or invalid',
  ST_ERR_VISION_MODEL_FILE: 'The model file is missing, unreadable or does not match its sha256',
  ST_ERR_VISION_MODEL_LOAD: 'onnxruntime could not load the model',
  ST_ERR_VISION_INPUT_SHAPE: 'The model input does not match its manifest',
  ST_ERR_VISION_OUTPUT_LAYOUT: 'The model output does not match the decoder the manifest names',
  ST_ERR_VISION_IMAGE: 'The image cannot be decoded',
  ST_ERR_VISION_STREAM: 'The camera stream cannot be decoded',
  ST_ERR_VISION_FFMPEG_MISSING: 'No ffmpeg executable was found',
  ST_ERR_VISION_INFERENCE: 'Inference failed on a frame',
  ST_ERR_VISION_CAMERA_OFFLINE: 'The camera is offline',
} as const;
export type VisionProblemCode = keyof typeof VISION_PROBLEM_CODES;

/**
 * A vision event as clients see it: evidence as core API paths (never file paths on the core machine),
 * and the RTLS badge nearest its ground point when fusion found one within the location accuracy.
 */
export type VisionEventView = Omit<VisionEvent, 'snapshotPath' | 'clipPath'> & { snapshotHref?: string; clipHref?: string; badgeId?: string; badgeDistanceM?: number };

/** A live-view JPEG of one camera, sent only to the clients watching it (the bytes arrive as an ArrayBuffer). */
export type CameraFrameWire = { cameraId: string; tsMs: number; jpeg: ArrayBuffer | Uint8Array; widthPx: number; heightPx: number };

/** What a camera panel needs on opening: recent events, each camera's health and the zones its rules use. */
export type VisionState = {
  events: VisionEventView[];
  health: CameraHealth[];
  cameras: { cameraId: string; zones: VisionZone[]; ruleKinds: VisionRuleKind[] }[];
  /** The demo's stand-in analytics are on: events with source "simulated" may arrive. */
  simulatedAnalytics: boolean;
};

export const VisionWatchSchema = z.object({ cameraIds: z.array(z.string().min(1).max(64)).max(64) });
export const VisionEvidenceRequestSchema = z.object({ eventId: z.string().min(1).max(256), kind: z.enum(['snapshot', 'clip']) });
export type VisionEvidenceRequest = z.infer<typeof VisionEvidenceRequestSchema>;
