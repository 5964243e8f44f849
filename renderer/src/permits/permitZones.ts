import {
  ALARM_PRIORITIES,
  applyHomography,
  comparePriority,
  focalLengthPx,
  imageToGroundHomography,
  invertHomography,
  polygonCentroid,
  projectGroundPoint,
  type Alarm,
  type AlarmPriority,
  type ClientCamera,
  type Permit,
  type PermitLocation,
  type PermitRecordView,
  type PermitState,
  type Point2,
} from '@contracts';
import { THEME } from '../theme.js';

/**
 * The decisions behind a permit's zone on the twin and the site map (issue 17 item 2): which permits are
 * drawn, the zone's outline, when it is abnormal and in which colour, which cameras see it. Pure, so
 * each decision is unit-tested; the two views only draw what these return.
 */

/**
 * Permits whose work is allowed or going on: approved (ready to start), in work, suspended (the stop must
 * be seen), resumed. Drafts and submitted permits are paper, not yet a job on the ground.
 */
export const ZONE_STATES: ReadonlySet<PermitState> = new Set<PermitState>(['approved', 'inWork', 'suspended', 'resumed']);

/**
 * A window ending within this time is flagged: half an hour is enough to finish the job safely or to
 * have a new permit issued, which GB 30871-2022 §4.16 requires once the validity ends (it sets no number).
 */
export const ENDING_SOON_MS = 30 * 60_000;

/** Segments of a cordon circle: smooth on a wall screen at the widest zone (200 m radius, 26 m chords). */
const CIRCLE_SEGMENTS = 48;

/** The zone's outline in plant metres (a point's cordon as a polygon) and where its tag stands. */
export function zoneOutline(location: PermitLocation, segments = CIRCLE_SEGMENTS): { ring: Point2[]; centre: Point2 } {
  if (location.kind === 'polygon') return { ring: location.polygon, centre: polygonCentroid(location.polygon) };
  const [x, y] = location.point;
  const ring: Point2[] = [];
  for (let i = 0; i < segments; i++) {
    const a = (2 * Math.PI * i) / segments;
    ring.push([x + location.zoneRadiusM * Math.cos(a), y + location.zoneRadiusM * Math.sin(a)]);
  }
  return { ring, centre: [x, y] };
}

/** The most urgent active permit alarm per permit number (the live checks' alarms name the permit as their source). */
export function permitAlarmPriorities(alarms: Iterable<Alarm>): Map<string, AlarmPriority> {
  const out = new Map<string, AlarmPriority>();
  for (const alarm of alarms) {
    if (alarm.sourceKind !== 'permit' || !alarm.active || alarm.state === 'shelved' || alarm.state === 'suppressed' || alarm.state === 'outOfService') continue;
    const current = out.get(alarm.sourceId);
    if (!current || comparePriority(alarm.priority, current) < 0) out.set(alarm.sourceId, alarm.priority);
  }
  return out;
}

/** Why a zone is not normal, most serious first: its permit alarm, a stop, work past the window, the window about to end. */
export type ZoneAbnormality = 'alarm' | 'suspended' | 'expired' | 'endingSoon';

export type ZoneLook = {
  /** Null: normal, drawn in greys (ISA-101). */
  abnormal: ZoneAbnormality | null;
  /** The alarm priority whose colour marks the zone; null when normal. */
  priority: AlarmPriority | null;
  /** Outline and tag edge colour. */
  colour: string;
  /** 0 for the lowest grade (or a type without grades), up to 2 for 特级 / Ⅳ级 / 一级 lifting: the outline's weight. */
  gradeRank: number;
};

/** Greys of a normal zone: approved-but-not-started dimmer than work going on (ISA-101: no colour when all is well). */
const NORMAL_GREY = { working: '#d5dade', waiting: '#8c939b' };

/**
 * The colour of each abnormality without an alarm, from the alarm palette so colour keeps meaning "look
 * here": a stop or work past the window as a high alarm would be (work must not go on), a window about to
 * end as a medium one (act within the half hour). A permit alarm's own priority wins when it is worse.
 */
const ABNORMAL_PRIORITY: Record<Exclude<ZoneAbnormality, 'alarm'>, AlarmPriority> = { suspended: 'high', expired: 'high', endingSoon: 'medium' };

/** The grade's weight: the most severe grade of each graded type is 2 (hot work 特级, height Ⅳ, lifting 一级). */
export function gradeRank(permit: Permit): number {
  if (permit.type === 'hotWork') return { special: 2, first: 1, second: 0 }[permit.grade];
  if (permit.type === 'workAtHeight') return { I: 0, II: 1, III: 1, IV: 2 }[permit.grade];
  if (permit.type === 'lifting') return { first: 2, second: 1, third: 0 }[permit.grade];
  return 0;
}

/** How a permit's zone looks now. */
export function zoneLook(permit: Permit, alarmPriority: AlarmPriority | undefined, nowMs: number): ZoneLook {
  const working = permit.state === 'inWork' || permit.state === 'resumed';
  const causes: { abnormal: ZoneAbnormality; priority: AlarmPriority }[] = [];
  if (alarmPriority) causes.push({ abnormal: 'alarm', priority: alarmPriority });
  if (permit.state === 'suspended') causes.push({ abnormal: 'suspended', priority: ABNORMAL_PRIORITY.suspended });
  if (nowMs >= permit.window.endMs) causes.push({ abnormal: 'expired', priority: ABNORMAL_PRIORITY.expired });
  else if (permit.window.endMs - nowMs <= ENDING_SOON_MS && (working || permit.state === 'suspended')) causes.push({ abnormal: 'endingSoon', priority: ABNORMAL_PRIORITY.endingSoon });
  const rank = gradeRank(permit);
  // The first cause of the worst priority: an alarm before a state of the same priority.
  const worst = causes.reduce<(typeof causes)[number] | null>((w, c) => (!w || comparePriority(c.priority, w.priority) < 0 ? c : w), null);
  if (!worst) return { abnormal: null, priority: null, colour: working || permit.state === 'suspended' ? NORMAL_GREY.working : NORMAL_GREY.waiting, gradeRank: rank };
  return { abnormal: worst.abnormal, priority: worst.priority, colour: THEME.alarm[worst.priority], gradeRank: rank };
}

/**
 * When the next zone's look changes by the clock alone (a window entering its last half hour, or ending),
 * so a view re-checks then instead of polling; null when none will.
 */
export function nextLookChangeMs(permits: Iterable<PermitRecordView>, nowMs: number): number | null {
  let next: number | null = null;
  for (const { permit } of permits) {
    if (!ZONE_STATES.has(permit.state)) continue;
    for (const atMs of [permit.window.endMs - ENDING_SOON_MS, permit.window.endMs]) if (atMs > nowMs && (next === null || atMs < next)) next = atMs;
  }
  return next;
}

/** The permits drawn as zones, most serious first (an abnormal zone's tag keeps its place where tags collide). */
export function zonePermits(permits: Iterable<PermitRecordView>, alarmPriorities: ReadonlyMap<string, AlarmPriority>, nowMs: number): { record: PermitRecordView; look: ZoneLook }[] {
  const rank = (look: ZoneLook) => (look.priority ? ALARM_PRIORITIES.indexOf(look.priority) : ALARM_PRIORITIES.length);
  return [...permits]
    .filter((r) => ZONE_STATES.has(r.permit.state))
    .map((record) => ({ record, look: zoneLook(record.permit, alarmPriorities.get(record.permit.number), nowMs) }))
    .sort((a, b) => rank(a.look) - rank(b.look) || a.record.permit.number.localeCompare(b.record.permit.number));
}

/**
 * A person at a ground point must stand at least this tall in the picture to be watched usefully: the
 * detectors' smallest person at their usual analysis sizes, as the demo analytics assume
 * (main/simulator/SimulatedCameraAnalytics.ts MIN_PERSON_HEIGHT_PX, docs/vision.md).
 */
export const MIN_PERSON_HEIGHT_PX = 20;
const PERSON_HEIGHT_M = 1.7;
/** Covering cameras offered per zone: a row of tiles beside the zone, the best views first. */
export const MAX_COVERING_CAMERAS = 4;

/**
 * Cameras whose picture covers the zone: the centre or a point of the outline falls inside the image, in
 * front of the camera, near enough that a person there is at least MIN_PERSON_HEIGHT_PX tall. Best first:
 * more of the zone in view, then nearer. Uses the scene's calibrated image-to-ground homography when given.
 */
export function coveringCameras(cameras: readonly ClientCamera[], location: PermitLocation, max = MAX_COVERING_CAMERAS): ClientCamera[] {
  const { ring, centre } = zoneOutline(location, 16);
  const points = [centre, ...ring];
  const scored: { camera: ClientCamera; seen: number; distanceM: number }[] = [];
  for (const camera of cameras) {
    const groundToImage = invertHomography(camera.imageToGroundHomography ?? imageToGroundHomography(camera));
    const focalPx = focalLengthPx(camera);
    let seen = 0;
    for (const [x, y] of points) {
      if (!projectGroundPoint(camera, x, y)) continue;
      const pixel = applyHomography(groundToImage, x, y);
      if (!pixel || pixel[0] < 0 || pixel[0] > camera.imageWidthPx || pixel[1] < 0 || pixel[1] > camera.imageHeightPx) continue;
      const distanceM = Math.hypot(x - camera.position.x, y - camera.position.y, camera.position.z);
      if ((focalPx * PERSON_HEIGHT_M) / distanceM >= MIN_PERSON_HEIGHT_PX) seen++;
    }
    if (seen > 0) scored.push({ camera, seen, distanceM: Math.hypot(centre[0] - camera.position.x, centre[1] - camera.position.y) });
  }
  return scored
    .sort((a, b) => b.seen - a.seen || a.distanceM - b.distanceM)
    .slice(0, max)
    .map((s) => s.camera);
}
