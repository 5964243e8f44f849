import { iou } from './nms.js';

/** What the tracker needs of a detection; the rules keep the rest (label, role) on the track. */
export type TrackInput = { box: [number, number, number, number]; score: number; label: string; role: string | null };

export type Track<D extends TrackInput = TrackInput> = {
  id: string;
  /** Tracks only match detections of the same kind (role, or label when the class has no role). */
  kind: string;
  detection: D;
  firstSeenMs: number;
  lastSeenMs: number;
  hits: number;
  /** Frames in a row without a matching detection. */
  misses: number;
  /** True once hits ≥ minHits: a one-frame false positive never becomes an event. */
  confirmed: boolean;
};

export type TrackerConfig = {
  /** Minimum IoU for an overlap match. */
  minIou: number;
  /** Centroid fallback: max centre distance as a share of the track box diagonal (a fast walker at 2 fps can overlap little). */
  maxCentroidShareOfDiagonal: number;
  minHits: number;
  /** A track survives this many frames without a match (occlusion, a missed detection) and this long. */
  maxMisses: number;
  maxAgeMs: number;
};

export const DEFAULT_TRACKER_CONFIG: TrackerConfig = { minIou: 0.3, maxCentroidShareOfDiagonal: 0.5, minHits: 2, maxMisses: 5, maxAgeMs: 3000 };

const centre = (b: readonly number[]) => [(b[0]! + b[2]!) / 2, (b[1]! + b[3]!) / 2] as const;

/**
 * Greedy IoU tracker with a centroid fallback (SORT without the Kalman filter): at 2–5 analysed frames per
 * second boxes jump, so pairs are matched best-IoU first, then leftover pairs by centre distance. Keeps
 * one identity per person across frames, which makes one event per person in a zone instead of one per frame.
 */
export class IouTracker<D extends TrackInput = TrackInput> {
  private tracks: Track<D>[] = [];
  private nextId = 1;
  private readonly config: TrackerConfig;
  private readonly prefix: string;

  constructor(config: Partial<TrackerConfig> = {}, idPrefix = 't') {
    this.config = { ...DEFAULT_TRACKER_CONFIG, ...config };
    this.prefix = idPrefix;
  }

  /** Feeds one analysed frame; returns the tracks matched in this frame (confirmed or not). */
  update(detections: readonly D[], tsMs: number): Track<D>[] {
    const kindOf = (d: D) => d.role ?? `label:${d.label}`;
    const pairs: { t: number; d: number; iou: number; dist: number }[] = [];
    this.tracks.forEach((track, t) => {
      const [tx, ty] = centre(track.detection.box);
      const b = track.detection.box;
      const diagonal = Math.hypot(b[2] - b[0], b[3] - b[1]);
      detections.forEach((det, d) => {
        if (kindOf(det) !== track.kind) return;
        const overlap = iou(track.detection.box, det.box);
        const [dx, dy] = centre(det.box);
        const dist = Math.hypot(dx - tx, dy - ty) / Math.max(diagonal, 1);
        if (overlap >= this.config.minIou || dist <= this.config.maxCentroidShareOfDiagonal) pairs.push({ t, d, iou: overlap, dist });
      });
    });
    // IoU matches first (best overlap first), then centroid matches (nearest first).
    pairs.sort((a, b) => {
      const aIou = a.iou >= this.config.minIou ? 1 : 0;
      const bIou = b.iou >= this.config.minIou ? 1 : 0;
      return bIou - aIou || (aIou ? b.iou - a.iou : a.dist - b.dist);
    });
    const usedTracks = new Set<number>();
    const usedDetections = new Set<number>();
    const matched: Track<D>[] = [];
    for (const p of pairs) {
      if (usedTracks.has(p.t) || usedDetections.has(p.d)) continue;
      usedTracks.add(p.t);
      usedDetections.add(p.d);
      const track = this.tracks[p.t]!;
      track.detection = detections[p.d]!;
      track.lastSeenMs = tsMs;
      track.hits++;
      track.misses = 0;
      track.confirmed ||= track.hits >= this.config.minHits;
      matched.push(track);
    }
    this.tracks.forEach((track, t) => {
      if (!usedTracks.has(t)) track.misses++;
    });
    this.tracks = this.tracks.filter((t) => t.misses <= this.config.maxMisses && tsMs - t.lastSeenMs <= this.config.maxAgeMs);
    detections.forEach((det, d) => {
      if (usedDetections.has(d)) return;
      const track: Track<D> = { id: `${this.prefix}${this.nextId++}`, kind: kindOf(det), detection: det, firstSeenMs: tsMs, lastSeenMs: tsMs, hits: 1, misses: 0, confirmed: this.config.minHits <= 1 };
      this.tracks.push(track);
      matched.push(track);
    });
    return matched;
  }

  /** Every live track, including those coasting through a few missed frames. */
  get liveTracks(): readonly Track<D>[] {
    return this.tracks;
  }
}
