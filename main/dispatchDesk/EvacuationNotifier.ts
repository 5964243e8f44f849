import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  distanceToPolygonM,
  isPointInPolygon,
  SOCKET_EVENTS,
  warningGradeOf,
  type Alarm,
  type EvacuationNotice,
  type MusterPoint,
  type Polygon,
  type RosterPerson,
  type Scene,
  type SessionUser,
  type ThreatZone,
  type WorkerPosition,
} from '../contracts/index.js';
import type { JournalSink } from '../audit/index.js';
import type { CoreTopics, MessageBus } from '../bus/index.js';
import { evacuationAreaOf, type EvacuationRule } from '../dispatch/index.js';
import { sendInvalid, type RouteGuards } from '../http/index.js';
import type { LiveHub } from '../live/index.js';
import type { Logger } from '../log/index.js';
import type { Capability } from '../realtime/index.js';
import type { MessageSink, OutboundMessage } from './outboundMessage.js';

/** What the desk knows of a warning when it asks for an evacuation: its id and its alarm at activation (value and unit for the notice's reason). */
export type EvacuationSubject = Pick<Alarm, 'alarmId' | 'sourceId' | 'sourceKind' | 'areaId' | 'condition' | 'priority' | 'value' | 'unit'> & { warningId: string };

/** The warning's `evacuation` record (WarningView): the area, every badge told so far, when the first notice went. */
export type EvacuationRecord = { areaId: string; badgeIds: string[]; atMs: number };

/**
 * What the warning desk calls (docs/dispatch.md §evacuation notices): `notify` when a warning opens (null when its
 * alarm calls for no evacuation, evacuationAreaOf), `end` when it clears; `record` for the warning's view.
 */
export interface EvacuationNotices {
  notify(warning: EvacuationSubject): Promise<EvacuationRecord | null>;
  end(warningId: string): void;
  record(warningId: string): EvacuationRecord | null;
}

/** Open evacuations held at once; a flood of area alarms beyond it is dropped from the notices (the desk's own bound is lower). */
const MAX_OPEN_EVACUATIONS = 200;
/** "I am out" receipts kept per evacuation (a roster holds at most MAX_ROSTER_PEOPLE). */
const MAX_RECEIPTS = 2_000;
/**
 * Ended evacuations kept for late receipts: the air cleared before someone pressed 已撤离, whose phone still shows
 * the notice (it stays until they answer) — their receipt is still journaled. The oldest is forgotten first.
 */
const MAX_ENDED_EVACUATIONS = 200;

export type EvacuationNotifierOptions = {
  scene: Pick<Scene, 'areas' | 'musterPoints' | 'sensors'>;
  hub: Pick<LiveHub, 'workerPositions'>;
  /** Badge positions (`worker`), the live gas picture (`dispersion`) in; `toScreens` out. */
  bus: MessageBus<CoreTopics>;
  /** Which alarms empty their area (config.dispatch.evacuationRules, main/dispatch evacuationAreaOf). */
  evacuationRules: EvacuationRule[];
  /** The roster now (the desk's RosterBook): the person wearing a badge, the person signed in as a user. */
  roster: { personByBadge(badgeId: string): RosterPerson | undefined; personByUserName(userName: string): RosterPerson | undefined };
  sink: MessageSink;
  journal?: JournalSink;
  /** A badge fix older than this does not say where its wearer is now (config.workers.staleAfterMs, as the worker-safety rules judge it). */
  badgeStaleAfterMs: number;
  /** The desk learns of notices to people who walked in later (its warning's `evacuation` and `warning:changed`). */
  onRecordChanged?: (warningId: string, record: EvacuationRecord) => void;
  logger: Logger;
  now?: () => number;
};

type OpenEvacuation = {
  subject: EvacuationSubject;
  areaId: string;
  polygon: Polygon;
  musterPointIds: string[];
  atMs: number;
  /** Badges inside at the alarm or walked in since: each told once (a person's phone gets one notice per warning). */
  badgeIds: Set<string>;
  /** Roster people who said "I am out" (已撤离), by id. */
  out: Set<string>;
};

/**
 * The muster points to name in a notice, nearest first: those whose whole disc is clear of the evacuated area and
 * of every zone of the live gas picture (a muster point is where people stand and wait: none inside a cloud at
 * any level the leak model draws, as the evacuation engine keeps routes out of its threat zone). Empty when no
 * muster point is clear: the phone then says to leave upwind, away from the area.
 */
export function safeMusterPoints(musterPoints: readonly MusterPoint[], area: { id: string; polygon: Polygon }, zones: readonly Pick<ThreatZone, 'rings'>[]): string[] {
  const clouds = zones.flatMap((zone) => zone.rings.filter((ring): ring is Polygon => ring.length >= 3));
  return musterPoints
    .filter((m) => m.areaId !== area.id && distanceToPolygonM(m.position, area.polygon) > m.radiusM && clouds.every((ring) => distanceToPolygonM(m.position, ring) > m.radiusM))
    .map((m) => ({ id: m.id, distanceM: distanceToPolygonM(m.position, area.polygon) }))
    .sort((a, b) => a.distanceM - b.distanceM)
    .map((m) => m.id);
}

type DispatchCode = 'ST_ERR_DISPATCH_NAMED_USER' | 'ST_ERR_DISPATCH_NOT_FOUND';

const WarningIdParams = z.strictObject({ warningId: z.string().min(1).max(300) });

/**
 * Evacuation notices (issue 19 item 4, docs/dispatch.md §evacuation notices): when a warning's alarm calls for it
 * (an O2-deficiency alarm in a sump pit, a toxic high-high, an area voting alarm), everyone whose badge is inside
 * the area now — and everyone who walks in while the warning is open — gets `warning:evacuate` on the sockets of
 * their user (the gateway's `user:<name>` room) and an 'evacuate' message through the outbox (Web Push, SMS: a
 * phone whose page is closed). Each notice is journaled with the badges it went to. The phone's 已撤离 / "I am
 * out" is a receipt, journaled too. A capability: GET /api/warnings/evacuations/mine lists the notices open for
 * the signed-in user (a phone that opens after the notice went), POST …/<warningId>/out the receipt.
 */
export class EvacuationNotifier implements EvacuationNotices {
  private readonly open = new Map<string, OpenEvacuation>();
  private readonly ended = new Map<string, OpenEvacuation>();
  private zones: readonly Pick<ThreatZone, 'rings'>[] = [];
  private readonly unsubscribe: () => void;
  private readonly now: () => number;

  constructor(private readonly options: EvacuationNotifierOptions) {
    this.now = options.now ?? Date.now;
    const off = [options.bus.subscribe('worker', (position) => this.onWorker(position)), options.bus.subscribe('dispersion', (snapshot) => (this.zones = snapshot.zones))];
    this.unsubscribe = () => off.forEach((unsubscribe) => unsubscribe());
  }

  async notify(warning: EvacuationSubject): Promise<EvacuationRecord | null> {
    const sensor = this.options.scene.sensors.find((s) => s.id === warning.sourceId);
    const areaId = evacuationAreaOf(this.options.evacuationRules, { ...warning, ...(sensor && { sensorKind: sensor.kind, unit: sensor.unit }) });
    const area = areaId === null ? undefined : this.options.scene.areas.find((a) => a.id === areaId);
    if (!area) return null;
    if (this.open.has(warning.warningId)) return this.record(warning.warningId);
    if (this.open.size >= MAX_OPEN_EVACUATIONS) {
      this.options.logger.warn({ warningId: warning.warningId, open: this.open.size }, 'too many open evacuations: this warning sends no evacuation notice');
      return null;
    }
    const nowMs = this.now();
    const evacuation: OpenEvacuation = { subject: warning, areaId: area.id, polygon: area.polygon, musterPointIds: safeMusterPoints(this.options.scene.musterPoints, area, this.zones), atMs: nowMs, badgeIds: new Set(), out: new Set() };
    this.open.set(warning.warningId, evacuation);
    const inside = this.options.hub.workerPositions().filter((position) => this.inside(evacuation, position, nowMs));
    await this.tell(evacuation, inside.map((p) => p.badgeId), 'raised');
    return this.record(warning.warningId);
  }

  end(warningId: string): void {
    const evacuation = this.open.get(warningId);
    if (!evacuation) return;
    this.open.delete(warningId);
    this.ended.set(warningId, evacuation);
    if (this.ended.size > MAX_ENDED_EVACUATIONS) this.ended.delete(this.ended.keys().next().value!);
    void this.journal({ action: 'evacuationEnded', warningId, areaId: evacuation.areaId, badgeIds: [...evacuation.badgeIds], outPersonIds: [...evacuation.out] });
  }

  record(warningId: string): EvacuationRecord | null {
    const evacuation = this.open.get(warningId);
    return evacuation ? { areaId: evacuation.areaId, badgeIds: [...evacuation.badgeIds], atMs: evacuation.atMs } : null;
  }

  /** The notices open for a signed-in user: those sent to their roster person's badge and not yet answered with 已撤离. */
  noticesFor(user: SessionUser): EvacuationNotice[] {
    const person = this.options.roster.personByUserName(user.name);
    if (!person?.badgeId) return [];
    return [...this.open.values()].filter((e) => e.badgeIds.has(person.badgeId!) && !e.out.has(person.id)).map((e) => this.notice(e));
  }

  /** The phone's 已撤离 / "I am out": the person's receipt, journaled; false when no notice of an open or recently ended evacuation went to them. */
  async out(warningId: string, user: SessionUser): Promise<boolean> {
    const evacuation = this.open.get(warningId) ?? this.ended.get(warningId);
    const person = this.options.roster.personByUserName(user.name);
    if (!evacuation || !person?.badgeId || !evacuation.badgeIds.has(person.badgeId)) return false;
    if (!evacuation.out.has(person.id) && evacuation.out.size < MAX_RECEIPTS) {
      evacuation.out.add(person.id);
      await this.journal({ action: 'evacuationOut', warningId, areaId: evacuation.areaId, personId: person.id, badgeId: person.badgeId }, user.name);
    }
    return true;
  }

  capability(): Capability {
    // Nothing per connection: the gateway already puts each socket in its user's room, where the notices go.
    return { onConnection: () => undefined, routes: (app, guards) => this.routes(app, guards) };
  }

  dispose(): void {
    this.unsubscribe();
    this.open.clear();
    this.ended.clear();
  }

  private routes(app: FastifyInstance, guards: RouteGuards): void {
    // Every role reads the plant (alarm:read): anyone on site may be inside an area and must be told.
    const signedIn = guards.requireAction('alarm:read');
    app.get('/api/warnings/evacuations/mine', { preHandler: signedIn }, async (request) => this.noticesFor(request.user!));
    app.post('/api/warnings/evacuations/:warningId/out', { preHandler: signedIn }, async (request, reply) => {
      const params = WarningIdParams.safeParse(request.params);
      if (!params.success) return sendInvalid(reply, 'ST_ERR_DISPATCH_INVALID', params.error);
      const refuse = (status: number, code: DispatchCode, message: string) => reply.code(status).send({ problem: { code, severity: 'info', message } });
      if (request.user!.implicit) return refuse(403, 'ST_ERR_DISPATCH_NAMED_USER', 'an evacuation receipt is signed by a named user');
      if (!(await this.out(params.data.warningId, request.user!))) return refuse(404, 'ST_ERR_DISPATCH_NOT_FOUND', `no evacuation notice ${params.data.warningId} for ${request.user!.name}`);
      return { ok: true };
    });
  }

  /** A badge that moved: inside an open evacuation's area and not yet told, it is told now (one notice per warning). */
  private onWorker(position: WorkerPosition): void {
    const nowMs = this.now();
    for (const evacuation of this.open.values()) {
      if (evacuation.badgeIds.has(position.badgeId) || !this.inside(evacuation, position, nowMs)) continue;
      this.tell(evacuation, [position.badgeId], 'entered').then(
        () => this.options.onRecordChanged?.(evacuation.subject.warningId, this.record(evacuation.subject.warningId)!),
        (error: unknown) => this.options.logger.error({ err: error, warningId: evacuation.subject.warningId }, 'evacuation notice to a badge that entered could not be sent'),
      );
    }
  }

  private inside(evacuation: OpenEvacuation, position: WorkerPosition, nowMs: number): boolean {
    return nowMs - position.tsMs <= this.options.badgeStaleAfterMs && isPointInPolygon([position.x, position.y], evacuation.polygon);
  }

  /** The notice to the badges' people: their users' screens at once, the outbox for their phones, the journal for the record. */
  private async tell(evacuation: OpenEvacuation, badgeIds: readonly string[], why: 'raised' | 'entered'): Promise<void> {
    const { subject } = evacuation;
    const nowMs = this.now();
    const notice = this.notice(evacuation);
    const messages: OutboundMessage[] = [];
    const people: string[] = [];
    for (const badgeId of badgeIds) {
      evacuation.badgeIds.add(badgeId);
      const person = this.options.roster.personByBadge(badgeId);
      if (!person) continue;
      people.push(person.id);
      if (person.userName) this.options.bus.publish('toScreens', { event: SOCKET_EVENTS.warningEvacuate, payload: notice, room: `user:${person.userName}` });
      messages.push({
        messageId: `${subject.warningId}:evacuate:${person.id}`,
        kind: 'evacuate',
        warningId: subject.warningId,
        personId: person.id,
        grade: warningGradeOf(subject.priority),
        priority: subject.priority,
        alarmId: subject.alarmId,
        condition: subject.condition,
        sourceKind: subject.sourceKind,
        areaId: evacuation.areaId,
        sourceId: subject.sourceId,
        ...(subject.value !== undefined && { value: subject.value }),
        ...(subject.unit !== undefined && { unit: subject.unit }),
        musterPointIds: evacuation.musterPointIds,
        createdAtMs: nowMs,
      });
    }
    if (messages.length > 0) this.options.sink.enqueue(messages);
    // Journaled even when nobody is inside: the record shows the notice was considered and went to no one.
    await this.journal({ action: 'evacuationNotice', why, warningId: subject.warningId, alarmId: subject.alarmId, areaId: evacuation.areaId, badgeIds: [...badgeIds], personIds: people, musterPointIds: evacuation.musterPointIds });
  }

  private notice(evacuation: OpenEvacuation): EvacuationNotice {
    const { subject } = evacuation;
    return {
      warningId: subject.warningId,
      areaId: evacuation.areaId,
      condition: subject.condition,
      sensorId: subject.sourceId,
      ...(subject.value !== undefined && { value: subject.value }),
      ...(subject.unit !== undefined && { unit: subject.unit }),
      musterPointIds: evacuation.musterPointIds,
      issuedAtMs: evacuation.atMs,
    };
  }

  private async journal(data: Record<string, unknown>, by = 'dispatch'): Promise<void> {
    await this.options.journal?.append({ kind: 'note', by, data }).catch((error: unknown) => this.options.logger.error({ err: error, ...data }, 'audit journal: evacuation notice not recorded'));
  }
}
