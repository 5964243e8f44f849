import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './serveProcess.js';

/** Paths of the shared real media and test-only models (../shared beside the checkout, never copied in). */
export const SHARED_MEDIA = path.resolve(REPO_ROOT, '..', 'shared', 'media');
/**
 * The person model ships in models/ (Apache-2.0); the helmet and PPE models may not be shipped, so
 * their manifests live with the test fixtures and point at ../shared/models.
 */
export const MODEL_DIRS = {
  person: path.join(REPO_ROOT, 'models', 'person-yolox-nano'),
  helmet: path.join(REPO_ROOT, 'tests', 'fixtures', 'models', 'helmet-yolox-nano'),
  ppe14: path.join(REPO_ROOT, 'tests', 'fixtures', 'models', 'ppe14-yolov8n-int8'),
} as const;

/** The gate area of the shared CCTV clip (image pixels), where people walk in the first seconds. */
export const GATE_ZONE: [number, number][] = [
  [960, 300],
  [1440, 300],
  [1440, 760],
  [960, 760],
];

/** The demo plant's gate camera fed by the shared CCTV clip, with an intrusion rule on the gate area. */
export const GATE_CAMERA = {
  cameraId: 'CAM-01',
  source: path.join(SHARED_MEDIA, 'cctv_construction_site.mp4'),
  zones: [{ id: 'gate', space: 'image', polygon: GATE_ZONE }],
  rules: [{ kind: 'intrusion', id: 'gate-intrusion', zoneId: 'gate' }],
} as const;

type Box = [number, number, number, number];
export type Annotations = Record<string, { person?: Box[]; helmet?: Box[]; head?: Box[] }>;

export function loadAnnotations(): Annotations {
  return (JSON.parse(readFileSync(path.join(REPO_ROOT, 'tests', 'fixtures', 'vision', 'annotations.json'), 'utf8')) as { images: Annotations }).images;
}

export type SampleDetection = { label: string; classId: number; score: number; box_xyxy: Box };
export function loadSampleDetections(modelFolder: string): Record<string, SampleDetection[]> {
  const file = path.resolve(REPO_ROOT, '..', 'shared', 'models', modelFolder, 'sample_detections.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { images: Record<string, SampleDetection[]> }).images;
}

/**
 * Greedy one-to-one matching of truth boxes to predicted boxes by IoU (best pairs first), as detection
 * benchmarks count true positives: a prediction can match at most one truth box.
 */
export function matchBoxes(truth: Box[], predicted: Box[], iouOf: (a: Box, b: Box) => number, minIou: number): { matched: number; ious: number[] } {
  const pairs: { t: number; p: number; v: number }[] = [];
  truth.forEach((t, ti) => predicted.forEach((p, pi) => pairs.push({ t: ti, p: pi, v: iouOf(t, p) })));
  pairs.sort((a, b) => b.v - a.v);
  const usedT = new Set<number>();
  const usedP = new Set<number>();
  const ious: number[] = [];
  for (const pair of pairs) {
    if (pair.v < minIou) break;
    if (usedT.has(pair.t) || usedP.has(pair.p)) continue;
    usedT.add(pair.t);
    usedP.add(pair.p);
    ious.push(pair.v);
  }
  return { matched: ious.length, ious };
}
