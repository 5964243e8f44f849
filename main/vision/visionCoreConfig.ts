import path from 'node:path';
import { z } from 'zod';
import { SIMULATED_FRIGATE_PREFIX } from '../simulator/index.js';
import type { FrigateConfig } from './frigate.js';
import { VisionServiceConfigSchema, type VisionServiceConfigInput } from './visionConfig.js';

/**
 * The `vision` key of the core's configuration file: the pipeline's configuration (docs/vision.md), with
 * the core's defaults — evidence under <data-dir>/evidence unless set (null: no evidence), and how close
 * an RTLS badge must be to a detection to be linked to it.
 */
export const VisionCoreConfigSchema = VisionServiceConfigSchema.extend({
  evidence: VisionServiceConfigSchema.shape.evidence.removeDefault().optional(),
  fusion: z
    .object({
      /** RTLS accuracy plus the homography's error at a foot point, metres. */
      maxDistanceM: z.number().positive().default(5),
      /** Badge positions older than this are not linked. */
      maxAgeMs: z.number().int().positive().default(10_000),
    })
    .default({ maxDistanceM: 5, maxAgeMs: 10_000 }),
});
export type VisionCoreConfig = z.infer<typeof VisionCoreConfigSchema>;

/** The demo simulator's stand-in analytics, consumed like a Frigate NVR and labelled simulated. */
export const SIMULATED_FRIGATE: FrigateConfig = {
  prefix: SIMULATED_FRIGATE_PREFIX,
  cameras: {},
  acceptUnmappedCameras: true,
  source: 'simulated',
};

/**
 * The pipeline configuration the core runs: evidence under the data directory by default, and the
 * simulator's analytics when the demo simulator runs and no NVR is configured.
 */
export function serviceConfigFor(config: VisionCoreConfig, dataDir: string, demoSimulator: boolean): VisionServiceConfigInput {
  const { fusion: _fusion, evidence, frigate, ...rest } = config;
  const out: VisionServiceConfigInput = { ...rest, evidence: evidence === undefined ? { dir: path.join(dataDir, 'evidence') } : evidence };
  const nvr = frigate ?? (demoSimulator ? SIMULATED_FRIGATE : undefined);
  if (nvr) out.frigate = nvr;
  return out;
}

/** Paths in a configuration file are relative to the file: model folders, file sources and the evidence folder. */
export function resolveVisionPaths<T extends { models?: Record<string, string>; cameras?: { source?: string | undefined }[]; evidence?: { dir: string } | null | undefined }>(vision: T, baseDir: string): T {
  const isUrl = (s: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(s);
  return {
    ...vision,
    ...(vision.models && { models: Object.fromEntries(Object.entries(vision.models).map(([id, dir]) => [id, path.resolve(baseDir, dir)])) }),
    ...(vision.cameras && { cameras: vision.cameras.map((c) => (c.source === undefined || isUrl(c.source) ? c : { ...c, source: path.resolve(baseDir, c.source) })) }),
    ...(vision.evidence && { evidence: { ...vision.evidence, dir: path.resolve(baseDir, vision.evidence.dir) } }),
  };
}
