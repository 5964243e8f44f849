import { applyHomography, focalLengthPx, imageToGroundHomography, invertHomography, isPointInPolygon, projectGroundPoint, type Area, type Camera, type Scene } from '../contracts/index.js';

/**
 * MQTT prefix of the demo's stand-in camera analytics. Not Frigate's default ("frigate"): a real NVR on
 * the same broker can never be mistaken for the simulator, nor the simulator for it.
 */
export const SIMULATED_FRIGATE_PREFIX = 'safetwin-sim/frigate';

/** A standing adult, for the height of the simulated person box. */
const PERSON_HEIGHT_M = 1.7;
/** Width of a person box as a share of its height (shoulders and arms of a walking person). */
const PERSON_WIDTH_RATIO = 0.4;
/**
 * People smaller than this in the picture are not reported: detectors at the usual analysis sizes miss
 * them (the shared CCTV clip's far-away workers, docs/vision.md), so a camera 200 m away stays silent.
 */
const MIN_PERSON_HEIGHT_PX = 20;
/** Frigate sends an update while an object is tracked; the demo sends one this often. */
const UPDATE_INTERVAL_MS = 5_000;

export type RestrictedEntrant = { badgeId: string; area: Area; x: number; y: number };
export type FrigateMessage = { topic: string; payload: string };

type Track = { id: string; cameraId: string; badgeId: string; areaId: string; startS: number; lastUpdateMs: number; box: [number, number, number, number] };
type CameraView = { camera: Camera; groundToImage: number[]; focalPx: number };

/**
 * The demo's stand-in for an NVR's analytics: for each person the restrictedEntry scenario sent into an
 * area, every scene camera that would see their feet, near enough to detect them, reports a tracked "person" in Frigate's MQTT event
 * format (new → update → end), with the area as its zone. The box is where the badge's ground position
 * falls in the camera image (the inverse of the camera's image→ground homography) and as tall as a person
 * at that distance. No score is sent: nothing was inferred, and the core labels these events "simulated".
 */
export class SimulatedCameraAnalytics {
  private readonly views: CameraView[];
  private readonly tracks = new Map<string, Track>();

  constructor(scene: Pick<Scene, 'cameras'>) {
    this.views = scene.cameras.map((camera) => ({
      camera,
      groundToImage: invertHomography(camera.imageToGroundHomography ?? imageToGroundHomography(camera)),
      focalPx: focalLengthPx(camera),
    }));
  }

  /** The messages due at nowMs for the entrants' current positions (call at the RTLS rate). */
  step(entrants: readonly RestrictedEntrant[], nowMs: number): FrigateMessage[] {
    const out: FrigateMessage[] = [];
    const seen = new Set<string>();
    for (const entrant of entrants) {
      if (!isPointInPolygon([entrant.x, entrant.y], entrant.area.polygon)) continue;
      for (const view of this.views) {
        const box = this.boxIn(view, entrant.x, entrant.y);
        if (!box) continue;
        const key = `${view.camera.id}|${entrant.badgeId}`;
        seen.add(key);
        const track = this.tracks.get(key);
        if (!track) {
          const created: Track = { id: `sim-${view.camera.id}-${entrant.badgeId}-${nowMs}`, cameraId: view.camera.id, badgeId: entrant.badgeId, areaId: entrant.area.id, startS: nowMs / 1000, lastUpdateMs: nowMs, box };
          this.tracks.set(key, created);
          out.push(message('new', created, nowMs));
        } else if (nowMs - track.lastUpdateMs >= UPDATE_INTERVAL_MS) {
          track.box = box;
          track.lastUpdateMs = nowMs;
          out.push(message('update', track, nowMs));
        } else track.box = box;
      }
    }
    for (const [key, track] of this.tracks) {
      if (seen.has(key)) continue;
      this.tracks.delete(key);
      out.push(message('end', track, nowMs));
    }
    return out;
  }

  /** The person box at a ground point, or null when the camera cannot see the feet (behind it, off the picture) or the person is too small to detect. */
  private boxIn(view: CameraView, x: number, y: number): [number, number, number, number] | null {
    const { camera } = view;
    if (!projectGroundPoint(camera, x, y)) return null;
    const foot = applyHomography(view.groundToImage, x, y);
    if (!foot) return null;
    const [u, v] = foot;
    if (u < 0 || u > camera.imageWidthPx || v < 0 || v > camera.imageHeightPx) return null;
    const distanceM = Math.hypot(x - camera.position.x, y - camera.position.y, camera.position.z);
    const heightPx = (view.focalPx * PERSON_HEIGHT_M) / distanceM;
    if (heightPx < MIN_PERSON_HEIGHT_PX) return null;
    const halfWidthPx = (heightPx * PERSON_WIDTH_RATIO) / 2;
    return [round1(Math.max(0, u - halfWidthPx)), round1(Math.max(0, v - heightPx)), round1(Math.min(camera.imageWidthPx, u + halfWidthPx)), round1(v)];
  }
}

function message(type: 'new' | 'update' | 'end', track: Track, nowMs: number): FrigateMessage {
  const nowS = nowMs / 1000;
  const after = {
    id: track.id,
    camera: track.cameraId,
    label: 'person',
    start_time: track.startS,
    end_time: type === 'end' ? nowS : null,
    frame_time: nowS,
    box: track.box,
    current_zones: type === 'end' ? [] : [track.areaId],
    entered_zones: [track.areaId],
    has_snapshot: false,
    has_clip: false,
    false_positive: false,
  };
  return { topic: `${SIMULATED_FRIGATE_PREFIX}/events`, payload: JSON.stringify({ type, after }) };
}

const round1 = (v: number) => Math.round(v * 10) / 10;
