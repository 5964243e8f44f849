import { decodeOutput } from './decoders.js';
import { unletterboxBox, type Letterbox } from './letterbox.js';
import type { ModelManifest, ModelRole } from './modelManifest.js';
import { nonMaxSuppression } from './nms.js';

/** One detection in original-frame pixels (study-cli.md's `detect` output plus the role for the rules). */
export type Detection = {
  label: string;
  classId: number;
  score: number;
  box: [number, number, number, number];
  role: ModelRole | null;
};

/** Per-frame timings, ms: letterbox + tensor fill, session.run, decode + NMS. */
export type DetectTimings = { preMs: number; runMs: number; postMs: number };

type PostManifest = Pick<ModelManifest, 'output' | 'classes' | 'roleByClassId' | 'scoreThresholdByClassId' | 'nmsGroupByClassId' | 'thresholds' | 'input'>;

/** Model output → detections in the original frame: decode, class-aware (and cross-class) NMS, un-letterbox. */
export function postprocess(manifest: PostManifest, data: Float32Array, dims: readonly number[], lb: Letterbox, srcWidthPx: number, srcHeightPx: number): Detection[] {
  const candidates = decodeOutput(manifest.output.decoder, {
    data,
    dims,
    inputWidthPx: manifest.input.shape[3],
    inputHeightPx: manifest.input.shape[2],
    numClasses: manifest.classes.length,
    scoreThresholdByClassId: manifest.scoreThresholdByClassId,
  });
  const kept = nonMaxSuppression(candidates, manifest.thresholds.nmsIou, manifest.nmsGroupByClassId, manifest.thresholds.maxDetections);
  const detections: Detection[] = [];
  for (const i of kept) {
    const b = candidates.boxes;
    const box = unletterboxBox([b[i * 4]!, b[i * 4 + 1]!, b[i * 4 + 2]!, b[i * 4 + 3]!], lb, srcWidthPx, srcHeightPx);
    // A box that lies entirely in the padding maps to zero size: noise, not an object.
    if (box[2] - box[0] < 1 || box[3] - box[1] < 1) continue;
    const classId = candidates.classIds[i]!;
    detections.push({ label: manifest.classes[classId]!, classId, score: candidates.scores[i]!, box, role: manifest.roleByClassId[classId] ?? null });
  }
  return detections;
}

/** Rounds for JSON output: boxes to 0.1 px, scores to 1e-4 (more digits would be noise). */
export function roundDetection(d: Detection): { label: string; classId: number; score: number; box: [number, number, number, number] } {
  const r1 = (v: number) => Math.round(v * 10) / 10;
  return { label: d.label, classId: d.classId, score: Math.round(d.score * 1e4) / 1e4, box: [r1(d.box[0]), r1(d.box[1]), r1(d.box[2]), r1(d.box[3])] };
}
