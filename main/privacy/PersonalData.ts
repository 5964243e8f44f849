import { clientSceneOf, roleMay, type Alarm, type AlarmEventMessage, type AlarmSnapshot, type AlarmTransition, type ClientScene, type Scene, type SessionUser, type VisionEventView } from '../contracts/index.js';
import type { JournalSink } from '../audit/index.js';

/**
 * Graded access to personal data (issue 13 item 4, seed requirement "graded access and audits"): what a
 * role may not see is never sent to it. Personal data here is a person's name and company, the link a
 * camera event has to a badge (fusion), and evidence of people (event snapshots and clips). All of it needs
 * personnel:viewNames (contracts/roles.ts); without it a client still sees that something happened, where,
 * on which camera and which anonymous badge is where, but not who. Every showing of personal data is
 * journaled (kind "personalDataViewed").
 */
export function mayViewPersonalData(user: SessionUser | null | undefined): boolean {
  return !!user && roleMay(user.role, 'personnel:viewNames');
}

/** A camera event without its fused badge and its evidence links (the NVR's ones included). */
export function anonymousVisionEvent(event: VisionEventView): VisionEventView {
  const { badgeId: _badge, badgeDistanceM: _distance, snapshotHref: _snapshot, clipHref: _clip, snapshotUrl: _nvrSnapshot, clipUrl: _nvrClip, ...rest } = event;
  return rest;
}

/** An alarm whose camera evidence keeps the event and rule but not the badge nor the snapshot link. */
export function anonymousAlarm(alarm: Alarm): Alarm {
  if (!alarm.evidence) return alarm;
  const { badgeId: _badge, snapshotHref: _snapshot, ...evidence } = alarm.evidence;
  return { ...alarm, evidence };
}

/** What a personal-data access was: the scene's names, the contractor register's names and certificate numbers, or one event's snapshot or clip. */
export type PersonalDataAccess = { what: 'personnelNames' } | { what: 'contractorNames' } | { what: 'snapshot' | 'clip'; eventId: string } | { what: 'incidentReportSnapshots'; files: string[] };

export type PersonalDataOptions = {
  journal: JournalSink;
  nowMs?: () => number;
  /** The same user viewing the same item again within this time is one journal entry (a screen reloading thumbnails). */
  repeatAfterMs?: number;
  onError?: (error: unknown) => void;
};

const DEFAULT_REPEAT_AFTER_MS = 10 * 60_000;
/** Bounds the memory of recent accesses; the oldest are forgotten first (and would be journaled again). */
const MAX_REMEMBERED_ACCESSES = 10_000;

/**
 * The per-user views of everything that may carry personal data, and the journal of who was shown it.
 * The core builds one; the HTTP routes, the socket gateway and the capabilities ask it before sending.
 */
export class PersonalData {
  private readonly recent = new Map<string, number>();
  private readonly sceneViews = new Map<boolean, ClientScene>();
  private readonly nowMs: () => number;
  private readonly repeatAfterMs: number;

  constructor(
    private readonly scene: Scene,
    private readonly options: PersonalDataOptions,
  ) {
    this.nowMs = options.nowMs ?? Date.now;
    this.repeatAfterMs = options.repeatAfterMs ?? DEFAULT_REPEAT_AFTER_MS;
  }

  /** The scene for this user (no stream URLs; names only with the grant, and then journaled). */
  sceneFor(user: SessionUser | null, via: 'http' | 'socket'): ClientScene {
    const withNames = mayViewPersonalData(user);
    if (withNames && this.scene.personnel.length > 0) this.viewed(user!, { what: 'personnelNames' }, via);
    // The scene does not change while the core runs: each of the two views is built once.
    let view = this.sceneViews.get(withNames);
    if (!view) {
      view = clientSceneOf(this.scene, withNames);
      this.sceneViews.set(withNames, view);
    }
    return view;
  }

  alarmFor(user: SessionUser | null, alarm: Alarm): Alarm {
    return mayViewPersonalData(user) ? alarm : anonymousAlarm(alarm);
  }

  alarmMessageFor(user: SessionUser | null, message: AlarmEventMessage): AlarmEventMessage {
    return mayViewPersonalData(user) || !message.alarm.evidence ? message : { ...message, alarm: anonymousAlarm(message.alarm) };
  }

  alarmSnapshotFor(user: SessionUser | null, snapshot: AlarmSnapshot): AlarmSnapshot {
    return mayViewPersonalData(user) ? snapshot : { ...snapshot, alarms: snapshot.alarms.map(anonymousAlarm) };
  }

  transitionFor(user: SessionUser | null, transition: AlarmTransition): AlarmTransition {
    return mayViewPersonalData(user) || !transition.alarm.evidence ? transition : { ...transition, alarm: anonymousAlarm(transition.alarm) };
  }

  visionEventFor(user: SessionUser | null, event: VisionEventView): VisionEventView {
    return mayViewPersonalData(user) ? event : anonymousVisionEvent(event);
  }

  /**
   * Journals that `user` was shown personal data, once per user and item within repeatAfterMs. The
   * journal write is not awaited by the request: a slow disk must not hold a screen; a failed write is reported.
   */
  viewed(user: SessionUser, access: PersonalDataAccess, via: 'http' | 'socket'): void {
    const item = 'eventId' in access ? `${access.what}:${access.eventId}` : 'files' in access ? `${access.what}:${access.files.join(',')}` : access.what;
    const key = `${user.name}\u0000${item}`;
    const now = this.nowMs();
    const last = this.recent.get(key);
    if (last !== undefined && now - last < this.repeatAfterMs) return;
    this.recent.delete(key); // re-insert: the map's order is the order of the latest access
    this.recent.set(key, now);
    if (this.recent.size > MAX_REMEMBERED_ACCESSES) this.recent.delete(this.recent.keys().next().value!);
    this.options.journal.append({ kind: 'personalDataViewed', by: user.name, atMs: now, data: { role: user.role, implicit: user.implicit, via, ...access } }).catch((error: unknown) => this.options.onError?.(error));
  }
}
