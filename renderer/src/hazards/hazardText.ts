import { CONTRACTOR_ALARM_CONDITIONS, PERMIT_RULES, polygonCentroid, type Alarm, type AlarmCondition, type ClientScene, type HazardKind, type HazardLocation, type HazardTicketState, type HazardTicketView, type Role } from '@contracts';
import type { TFunction } from 'i18next';
import { actorName } from '../i18n/coreWords.js';

/**
 * The words and small decisions of the control room's hidden-danger views (issue 18 items 2–3, docs/hazards.md
 * §3): which tickets are open, their order, age and deadline in words, how a pin looks. Pure, so each is
 * unit-tested.
 */

/** 上报 → 受理 → 整改中 → 待验收: the tickets the control room follows (closed and rejected ones are done). */
export const OPEN_HAZARD_STATES: readonly HazardTicketState[] = ['reported', 'accepted', 'rectifying', 'awaitingVerification'];

/** Newest report first; a tie (two reports in one millisecond) by number, the later number first. */
export function sortTickets<T extends Pick<HazardTicketView, 'ticket'>>(list: T[]): T[] {
  return list.sort((a, b) => b.ticket.reportedAtMs - a.ticket.reportedAtMs || b.ticket.number.localeCompare(a.ticket.number));
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** A duration in whole minutes, hours and minutes, or days and hours: what an age or a deadline needs, no seconds. */
export function durationText(ms: number, t: TFunction): string {
  const minutes = Math.max(0, Math.floor(ms / MINUTE_MS));
  if (minutes < 60) return t('hazards.room.duration.minutes', { m: minutes });
  if (ms < DAY_MS) return t('hazards.room.duration.hours', { h: Math.floor(minutes / 60), m: minutes % 60 });
  return t('hazards.room.duration.days', { d: Math.floor(ms / DAY_MS), h: Math.floor((ms % DAY_MS) / HOUR_MS) });
}

export function ageText(reportedAtMs: number, nowMs: number, t: TFunction): string {
  return t('hazards.room.reportedAgo', { time: durationText(nowMs - reportedAtMs, t) });
}

/**
 * Where a ticket stands against its deadline now. The register's `timing` was computed when the ticket was read;
 * the deadline itself does not move, so overdue is re-judged against the screen's clock (a list read a minute ago
 * still turns overdue on time). The escalation level is the register's (its steps are configuration).
 */
export type DeadlineStanding = { kind: 'left' | 'overdue'; ms: number; escalationLevel: number } | { kind: 'stopped' } | { kind: 'none' };

export function deadlineStanding(view: Pick<HazardTicketView, 'ticket' | 'timing'>, nowMs: number): DeadlineStanding {
  if (!OPEN_HAZARD_STATES.includes(view.ticket.state)) return { kind: 'none' };
  if (!view.timing.running) return { kind: 'stopped' };
  const leftMs = view.timing.deadlineMs - nowMs;
  // Overdue from the deadline on (main/hazards hazardTicketTiming); at least level 1 once the screen sees it overdue.
  if (leftMs <= 0) return { kind: 'overdue', ms: -leftMs, escalationLevel: Math.max(1, view.timing.escalationLevel) };
  return { kind: 'left', ms: leftMs, escalationLevel: 0 };
}

export function deadlineText(standing: DeadlineStanding, t: TFunction): string {
  switch (standing.kind) {
    case 'left':
      return t('hazards.room.deadlineLeft', { time: durationText(standing.ms, t) });
    case 'overdue':
      return `${t('hazards.room.overdue', { time: durationText(standing.ms, t) })} · ${t('hazards.room.escalation', { level: standing.escalationLevel })}`;
    case 'stopped':
      return t('hazards.room.clockStopped');
    case 'none':
      return t('hazards.room.noDeadline');
  }
}

/**
 * How a pin looks (issue 18 item 3: by grade and age; overdue ones blink). Colour by grade — a major danger in the
 * urgent colour, a general one in the medium — as the alarm priorities use them (ISA-101: a hidden danger is an
 * abnormal condition). Age as steps of the deadline's time used up: 0 fresh, 1 past the first reminder (½), 2 past
 * the second (¾), 3 overdue — the border grows heavier with each; an overdue one whose clock runs blinks.
 */
export type PinLook = { colour: 'urgent' | 'medium'; ageStep: 0 | 1 | 2 | 3; blink: boolean };

export function pinLook(view: Pick<HazardTicketView, 'ticket' | 'timing'>, nowMs: number): PinLook {
  const colour = view.ticket.grade === 'major' ? 'urgent' : 'medium';
  const standing = deadlineStanding(view, nowMs);
  if (standing.kind === 'overdue') return { colour, ageStep: 3, blink: true };
  const spanMs = view.timing.deadlineMs - view.ticket.reportedAtMs;
  const used = spanMs > 0 ? (nowMs - view.ticket.reportedAtMs) / spanMs : 0;
  return { colour, ageStep: used >= 0.75 ? 2 : used >= 0.5 ? 1 : 0, blink: false };
}

/**
 * When the next pin changes its look (an age step or overdue, pinLook), after `nowMs`; null when none will: the
 * twin re-renders its pins then, not on a ticking clock.
 */
export function nextLookChangeMs(views: readonly Pick<HazardTicketView, 'ticket' | 'timing'>[], nowMs: number): number | null {
  let next: number | null = null;
  for (const { ticket, timing } of views) {
    if (!timing.running || !OPEN_HAZARD_STATES.includes(ticket.state)) continue;
    const spanMs = timing.deadlineMs - ticket.reportedAtMs;
    for (const atMs of [ticket.reportedAtMs + 0.5 * spanMs, ticket.reportedAtMs + 0.75 * spanMs, timing.deadlineMs]) {
      if (atMs > nowMs && (next === null || atMs < next)) next = atMs;
    }
  }
  return next;
}

/**
 * A signer or assignee as the register gives them: the name, or — withheld from this role — the signer's role in
 * words (the API blanks names it withholds, except the reader's own).
 */
export function personText(name: string | undefined, role: Role | 'system' | undefined, namesWithheld: boolean, t: TFunction): string {
  if (name !== undefined && name !== '') return actorName(name, t);
  const roleWords = role === undefined ? '' : role === 'system' ? t('actors.system') : t(`roles.${role}`);
  return namesWithheld ? t('hazards.room.detail.withheld', { role: roleWords }) : roleWords;
}

/**
 * The list after a ticket was read again (on `hazard:changed`): it replaces its older self in place, joins the
 * list when new, and leaves it once closed, rejected or outside the filter. Stale reads (a lower revision) are
 * ignored: reads of two quick changes may come back crossed.
 */
export function applyTicket(list: readonly HazardTicketView[], view: HazardTicketView, matches: (view: HazardTicketView) => boolean): HazardTicketView[] {
  const at = list.findIndex((v) => v.ticket.number === view.ticket.number);
  if (at >= 0 && list[at]!.revision > view.revision) return [...list];
  if (!matches(view)) return at >= 0 ? list.toSpliced(at, 1) : [...list];
  if (at >= 0) return list.toSpliced(at, 1, view);
  return sortTickets([...list, view]);
}

/** Alarm conditions of a process upset: a release is what the reporter most likely saw. */
const RELEASE_CONDITIONS: ReadonlySet<AlarmCondition> = new Set(['highHigh', 'high', 'low', 'lowLow', 'gasWarning', 'rateOfChange', 'areaVoting', 'releaseReported']);
/** Instrument faults (仪表及报警): the detector or camera itself is not working. */
const INSTRUMENT_CONDITIONS: ReadonlySet<AlarmCondition> = new Set(['badQuality', 'commLoss', 'outOfRange', 'stuck', 'drift', 'cameraOffline']);
const UNSAFE_ACT_CONDITIONS: ReadonlySet<AlarmCondition> = new Set(['restrictedEntry', 'loitering', 'gathering', ...CONTRACTOR_ALARM_CONDITIONS]);
const PERMIT_CONDITIONS: ReadonlySet<string> = new Set(PERMIT_RULES);

/** The kind a report from an alarm starts with (the operator may change it): what the alarm's condition points at. */
export function hazardKindOfAlarm(condition: AlarmCondition): HazardKind {
  if (RELEASE_CONDITIONS.has(condition)) return 'leak';
  if (INSTRUMENT_CONDITIONS.has(condition)) return 'instrumentation';
  if (condition === 'ppeViolation') return 'ppe';
  if (UNSAFE_ACT_CONDITIONS.has(condition)) return 'unsafeAct';
  if (PERMIT_CONDITIONS.has(condition)) return 'specialOperation';
  return 'other';
}

/**
 * Where a report from an alarm is: the alarm's own location (a camera's ground point, a badge), else its source's
 * position in the scene (the detector, the camera), else the centre of its area; null when the alarm says none.
 */
export function hazardLocationOfAlarm(alarm: Pick<Alarm, 'location' | 'sourceKind' | 'sourceId' | 'areaId'>, scene: ClientScene): HazardLocation | null {
  const areaId = alarm.areaId ?? (alarm.sourceKind === 'area' ? alarm.sourceId : undefined);
  const area = areaId === undefined ? undefined : scene.areas.find((a) => a.id === areaId);
  const at = (point: [number, number], placedBy: HazardLocation['placedBy']): HazardLocation => ({ point, floor: 0, placedBy, ...(area && { areaId: area.id }) });
  if (alarm.location) return at([alarm.location.x, alarm.location.y], 'alarm');
  const sensor = alarm.sourceKind === 'sensor' ? scene.sensors.find((s) => s.id === alarm.sourceId) : undefined;
  if (sensor) return at([sensor.position.x, sensor.position.y], 'alarm');
  const camera = alarm.sourceKind === 'camera' ? scene.cameras.find((c) => c.id === alarm.sourceId) : undefined;
  if (camera) return at([camera.position.x, camera.position.y], 'camera');
  if (area) return at(polygonCentroid(area.polygon), 'alarm');
  return null;
}
