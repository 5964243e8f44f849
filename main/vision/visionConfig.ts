import { z } from 'zod';
import { CameraRulesSchema } from '../contracts/index.js';
import { FrigateConfigSchema } from './frigate.js';

/**
 * Configuration of the camera AI (docs/vision.md). Cameras come from the scene; this says which of them
 * to analyse, with which model and rules, and may override a camera's stream URL (a demo video file, a
 * plant's NVR restream).
 */
export const VisionCameraConfigSchema = CameraRulesSchema.extend({
  /** Overrides the scene camera's stream.url: an rtsp/http URL, a video file (looped) or an image pattern. */
  source: z.string().min(1).optional(),
  /** Key into `models`; default: the first model. */
  model: z.string().min(1).optional(),
  fps: z.number().positive().max(30).optional(),
  /** Analysis frame size; default: the scene image size scaled so its longer side is at most 640 px. */
  widthPx: z.number().int().min(32).max(4096).optional(),
  heightPx: z.number().int().min(32).max(4096).optional(),
  /** Read files at their native rate (true, a live camera) or as fast as possible (false, benchmarks). */
  realtime: z.boolean().default(true),
});
export type VisionCameraConfig = z.infer<typeof VisionCameraConfigSchema>;

export const VisionServiceConfigSchema = z.object({
  /** Model id → model folder (with manifest.json) or manifest path. */
  models: z.record(z.string().min(1), z.string().min(1)).default({}),
  cameras: z.array(VisionCameraConfigSchema).default([]),
  /** Analysed frames per second per camera (2–5 is typical for safety rules). */
  fps: z.number().positive().max(30).default(2),
  /** Live-view JPEGs per second per camera for the camera tiles (0: none). */
  previewFps: z.number().min(0).max(10).default(1),
  /** Frames waiting for inference per camera; when full, the oldest is dropped and counted. */
  queueDepth: z.number().int().min(1).max(16).default(2),
  pool: z
    .object({
      /** Workers per model; default cores − 1. */
      workers: z.number().int().min(1).max(64).optional(),
      intraOpNumThreads: z.number().int().min(1).max(64).default(1),
      /** onnxruntime execution providers in order of preference, e.g. ["cuda", "cpu"]. */
      executionProviders: z.array(z.string().min(1)).min(1).default(['cpu']),
    })
    .default({ intraOpNumThreads: 1, executionProviders: ['cpu'] }),
  rules: z
    .object({
      updateIntervalMs: z.number().int().positive().default(5000),
      endGraceMs: z.number().int().nonnegative().default(2000),
      trackerMinHits: z.number().int().min(1).default(2),
    })
    .default({ updateIntervalMs: 5000, endGraceMs: 2000, trackerMinHits: 2 }),
  decoder: z
    .object({
      backoffInitialMs: z.number().int().positive().default(1000),
      backoffMaxMs: z.number().int().positive().default(30_000),
      stallTimeoutMs: z.number().int().positive().default(15_000),
    })
    .default({ backoffInitialMs: 1000, backoffMaxMs: 30_000, stallTimeoutMs: 15_000 }),
  /** Snapshots and clips; null: none are written. */
  evidence: z
    .object({
      dir: z.string().min(1),
      maxBytes: z.number().int().positive().default(2 * 1024 ** 3),
      maxAgeDays: z.number().positive().default(30),
      clipPreS: z.number().min(0).max(60).default(5),
      clipPostS: z.number().min(0).max(60).default(5),
      /** Raw frames kept per camera for pre-event footage. */
      ringBytesPerCamera: z.number().int().positive().default(32 * 1024 ** 2),
      /** Privacy: pixelate persons in every stored snapshot and clip. */
      blurPersons: z.boolean().default(false),
      clips: z.boolean().default(true),
    })
    .nullable()
    .default(null),
  /** External analytics from a Frigate NVR over MQTT (the core forwards the topics of VisionService.mqttTopics()). */
  frigate: FrigateConfigSchema.optional(),
  /** Camera health is emitted at least this often. */
  healthIntervalMs: z.number().int().positive().default(2000),
});
export type VisionServiceConfig = z.infer<typeof VisionServiceConfigSchema>;
export type VisionServiceConfigInput = z.input<typeof VisionServiceConfigSchema>;

/** Default analysis size: the scene's image size, scaled down so the longer side is at most maxSidePx, even numbers. */
export function defaultAnalysisSize(imageWidthPx: number, imageHeightPx: number, maxSidePx = 640): { widthPx: number; heightPx: number } {
  const scale = Math.min(1, maxSidePx / Math.max(imageWidthPx, imageHeightPx));
  const even = (v: number) => Math.max(2, 2 * Math.round((v * scale) / 2));
  return { widthPx: even(imageWidthPx), heightPx: even(imageHeightPx) };
}
