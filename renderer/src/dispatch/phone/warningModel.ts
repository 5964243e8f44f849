import { API_PATHS, polygonCentroid, type ClientScene, type EvacuationNotice, type Point2, type WarningView } from '@contracts';
import { plantBounds, zoomedBounds } from '../../hazards/report/reportModel.js';

/**
 * The phone page's "My warnings" and evacuation notices (issue 19 item 4, docs/dispatch.md §phone): what the
 * views show, worked out apart from React so it is tested as it is.
 */

/** The signed-in user's open warnings: owner, deputy or escalated to (the desk's `mine`). */
export const MY_OPEN_WARNINGS_PATH = `${API_PATHS.warnings}?mine=1&open=1`;
/** The evacuation notices open for the signed-in user's badge (main/dispatchDesk EvacuationNotifier). */
export const MY_EVACUATIONS_PATH = `${API_PATHS.warnings}/evacuations/mine`;

/** Web Push (the channels' routes): the core's VAPID public key, and where a browser's subscription is given. */
export const PUSH_KEY_PATH = `${API_PATHS.push}/vapid-public-key`;
export const PUSH_SUBSCRIPTIONS_PATH = `${API_PATHS.push}/subscriptions`;
/** The push service worker (assets/web/reportPushWorker.js, served at the root) and the pages it serves: the phone page. */
export const PUSH_WORKER_PATH = '/reportPushWorker.js';
export const PUSH_WORKER_SCOPE = '/report';

export function warningStepPath(warningId: string, step: 'acknowledge' | 'notes' | 'read'): string {
  return `${API_PATHS.warnings}/${encodeURIComponent(warningId)}/${step}`;
}
export function evacuationOutPath(warningId: string): string {
  return `${API_PATHS.warnings}/evacuations/${encodeURIComponent(warningId)}/out`;
}

/** Not yet acknowledged first (it is what the person must do, cleared or not), then the more severe grade, then the newest. */
export function sortWarnings(list: readonly WarningView[]): WarningView[] {
  const waiting = (w: WarningView) => (w.acknowledgedAtMs === undefined ? 0 : 1);
  return [...list].sort((a, b) => waiting(a) - waiting(b) || a.grade - b.grade || b.raisedAtMs - a.raisedAtMs);
}

/**
 * The deadline that counts now, against the core's clock: to acknowledge until it is acknowledged (a cleared
 * alarm still wants its acknowledgement, ISA-18.2), then to resolve until it clears; `leftMs` below zero is
 * overdue by as much. None once cleared and acknowledged.
 */
export type WarningClock = { kind: 'ack' | 'resolve'; leftMs: number } | null;
export function warningClock(w: Pick<WarningView, 'state' | 'acknowledgedAtMs' | 'ackDueMs' | 'resolveDueMs'>, nowMs: number): WarningClock {
  if (w.state === 'closed') return null;
  if (w.acknowledgedAtMs === undefined) return { kind: 'ack', leftMs: w.ackDueMs - nowMs };
  if (w.state === 'acknowledged') return { kind: 'resolve', leftMs: w.resolveDueMs - nowMs };
  return null;
}

/** How far the small map zooms in on a warning: a quarter of the plant's width, the areas around it still named. */
const MAP_ZOOM = 4;

/**
 * Where a warning is on the small map: its own point (a camera's foot point, its source's place), else the
 * centroid of its area; the map shows the plant around it, or the whole plant when it has no place.
 */
export function warningPlace(w: Pick<WarningView, 'point' | 'areaId' | 'sourceId'>, scene: Pick<ClientScene, 'areas' | 'sensors'>): { pin: Point2 | null; bounds: { minX: number; minY: number; maxX: number; maxY: number } | null } {
  const sensor = scene.sensors.find((s) => s.id === w.sourceId);
  const area = scene.areas.find((a) => a.id === w.areaId);
  const pin: Point2 | null = w.point ?? (sensor ? [sensor.position.x, sensor.position.y] : area ? polygonCentroid(area.polygon) : null);
  const plant = plantBounds(scene.areas.map((a) => a.polygon));
  return { pin, bounds: plant && (pin ? zoomedBounds(plant, MAP_ZOOM, pin) : plant) };
}

/**
 * The notices the phone shows: what it holds and what came, one per warning (a notice sent again replaces the
 * one held), those answered with 已撤离 left out, the newest first.
 */
export function mergeNotices(held: readonly EvacuationNotice[], incoming: readonly EvacuationNotice[], answered: ReadonlySet<string>): EvacuationNotice[] {
  const byWarning = new Map(held.map((n) => [n.warningId, n]));
  for (const notice of incoming) byWarning.set(notice.warningId, notice);
  return [...byWarning.values()].filter((n) => !answered.has(n.warningId)).sort((a, b) => b.issuedAtMs - a.issuedAtMs);
}

/** A notice's source as the alarm-source words take it: a scene sensor, else the area (an area voting alarm). */
export function noticeSource(notice: Pick<EvacuationNotice, 'sensorId' | 'areaId'>, scene: Pick<ClientScene, 'sensors'>): { sourceKind: 'sensor' | 'area'; sourceId: string; areaId: string } {
  const sensor = scene.sensors.some((s) => s.id === notice.sensorId);
  return sensor ? { sourceKind: 'sensor', sourceId: notice.sensorId, areaId: notice.areaId } : { sourceKind: 'area', sourceId: notice.areaId, areaId: notice.areaId };
}

/** The muster points a notice names, in its order (nearest first), those the scene knows. */
export function musterPointsOf(notice: Pick<EvacuationNotice, 'musterPointIds'>, scene: Pick<ClientScene, 'musterPoints'>): ClientScene['musterPoints'] {
  return notice.musterPointIds.flatMap((id) => scene.musterPoints.filter((m) => m.id === id));
}

/**
 * A phone's vibration while a notice is up: three long pulses, again every few seconds until 已撤离 is pressed
 * (a phone in a pocket, a noisy plant). Pulses of 0.8 s are felt through work clothes; browsers cap a pattern's length.
 */
export const EVACUATION_VIBRATION_MS = [800, 300, 800, 300, 800] as const;
export const EVACUATION_VIBRATION_REPEAT_MS = 6_000;
