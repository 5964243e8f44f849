import type { Candidates } from './decoders.js';

export type BoxXyxy = [number, number, number, number];

export function iou(a: readonly number[], b: readonly number[]): number {
  const ix = Math.max(0, Math.min(a[2]!, b[2]!) - Math.max(a[0]!, b[0]!));
  const iy = Math.max(0, Math.min(a[3]!, b[3]!) - Math.max(a[1]!, b[1]!));
  const inter = ix * iy;
  const union = (a[2]! - a[0]!) * (a[3]! - a[1]!) + (b[2]! - b[0]!) * (b[3]! - b[1]!) - inter;
  return union > 0 ? inter / union : 0;
}

function iouAt(boxes: Float32Array, i: number, j: number): number {
  const ix = Math.max(0, Math.min(boxes[i * 4 + 2]!, boxes[j * 4 + 2]!) - Math.max(boxes[i * 4]!, boxes[j * 4]!));
  const iy = Math.max(0, Math.min(boxes[i * 4 + 3]!, boxes[j * 4 + 3]!) - Math.max(boxes[i * 4 + 1]!, boxes[j * 4 + 1]!));
  const inter = ix * iy;
  const areaI = (boxes[i * 4 + 2]! - boxes[i * 4]!) * (boxes[i * 4 + 3]! - boxes[i * 4 + 1]!);
  const areaJ = (boxes[j * 4 + 2]! - boxes[j * 4]!) * (boxes[j * 4 + 3]! - boxes[j * 4 + 1]!);
  const union = areaI + areaJ - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Greedy NMS by descending score. Two boxes compete only when they share a class, or when their classes
 * are in the same cross-class group (nmsGroupByClassId ≥ 0): the helmet model can emit both "helmet" and
 * "head" for one head, and only one of them can be right. Returns kept candidate indices, best first.
 */
export function nonMaxSuppression(c: Candidates, iouThreshold: number, nmsGroupByClassId: Int32Array, maxDetections: number): number[] {
  const order = Array.from({ length: c.count }, (_, i) => i).sort((a, b) => c.scores[b]! - c.scores[a]!);
  const key = (i: number) => {
    const cls = c.classIds[i]!;
    const group = nmsGroupByClassId[cls] ?? -1;
    return group >= 0 ? -1 - group : cls;
  };
  const kept: number[] = [];
  for (const i of order) {
    if (kept.length >= maxDetections) break;
    const k = key(i);
    let suppressed = false;
    for (const j of kept) {
      if (key(j) === k && iouAt(c.boxes, i, j) > iouThreshold) {
        suppressed = true;
        break;
      }
    }
    if (!suppressed) kept.push(i);
  }
  return kept;
}
