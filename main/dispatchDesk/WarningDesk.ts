import {
  roleMay,
  warningGradeOf,
  WarningAckRequestSchema,
  WarningDispositionRequestSchema,
  WarningNoteRequestSchema,
  type Alarm,
  type AlarmCommand,
  type AlarmCommandResult,
  type AlarmTransition,
  type Disposition,
  type ImageBox,
  type DispositionStats,
  type MessageKind,
  type Scene,
  type SessionUser,
  type WarningDeadline,
  type WarningView,
} from '../contracts/index.js';
import type { JournalSink } from '../audit/index.js';
import type { CoreTopics, MessageBus } from '../bus/index.js';
import { autoDisposition, dispositionStats, dueEscalation, nextWakeMs, ownerPostOf, warningDeadlines, type DispatchConfig, type DispositionRow, type WarningTimes } from '../dispatch/index.js';
import type { DispatchRecords, StoredWarning } from '../historian/index.js';
import type { CodedResult } from '../http/index.js';
import { RateLimitedLog, type Logger } from '../log/index.js';
import { mayViewPersonalData } from '../privacy/index.js';
import { DISPATCH_JOURNAL_ACTIONS, DISPATCH_USER, journalStep, refused } from './deskResults.js';
import type { EvacuationNotices } from './EvacuationNotifier.js';
import type { DeliveryReport, MessageSink, OutboundMessage } from './outboundMessage.js';
import type { RosterBook } from './RosterBook.js';
import { MAX_TRAINING_IMAGES, type TrainingSampleRow } from './trainingSamples.js';

/**
 * Open warnings held at once. A flood of thousands of alarms is the alarm system's failure, not thousands of
 * people to call: beyond this each alarm is counted as refused (ST_ERR_DISPATCH_FLOOD on the status bar) until
 * warnings close; the outbox digests what was opened. 5,000 records of ~2 kB are ~10 MB.
 */
export const MAX_OPEN_WARNINGS = 5_000;
/** Closed warnings kept in memory after they close (the lists and statistics of a core without a historian). */
const MAX_RECENT_CLOSED = 1_000;
const MAX_NOTES = 100;
const MAX_DELIVERIES = 200;
/** A stats or list range longer than a year is a report, not a screen's question. */
export const MAX_WARNING_RANGE_MS = 366 * 86_400_000;
export const MAX_WARNINGS_LISTED = 1_000;
/** Screens are told of changes at most this often (a flood changes thousands of warnings a second). */
const SCREEN_PUSH_MS = 250;
/** At most this many `warning:changed` per push; beyond it screens re-read from `warning:deadlines`. */
const MAX_CHANGED_PER_PUSH = 500;
/** Writes to the historian are gathered this long, and retried this long after a failure. */
const FLUSH_DELAY_MS = 200;
const FLUSH_RETRY_MS = 5_000;
/** setTimeout's longest delay is 2^31-1 ms; the desk wakes at least hourly and looks again. */
const MAX_TIMER_MS = 3_600_000;

export type WarningDeskOptions = {
  records: Pick<DispatchRecords, 'unclosedWarnings' | 'saveWarnings' | 'warnings' | 'warning' | 'statsRows' | 'falseCameraWarnings'> | null;
  journal: JournalSink | null;
  bus: MessageBus<CoreTopics>;
  roster: Pick<RosterBook, 'ownerRules' | 'onDuty' | 'person' | 'personByUserName' | 'nameFor'>;
  config: Pick<DispatchConfig, 'defaultPostId' | 'escalationChain' | 'deadlines'>;
  scene: Pick<Scene, 'sensors' | 'cameras'>;
  /**
   * The live alarms and the control room's command path (the plant's LiveHub: its transitions go on the bus and
   * the journal as the alarm list's do), so a phone acknowledgement by a role that may acknowledge alarms is the
   * same act as one from the alarm list.
   */
  alarms: { alarms(): Alarm[]; command(command: AlarmCommand, user: string): AlarmCommandResult };
  /** Where messages go (the Outbox); null: none are sent (no channel), counted. */
  sink: MessageSink | null;
  evacuation: EvacuationNotices | null;
  /** The vision model behind a camera alarm's rule, for the statistics by model. */
  cameraModelOf?: (alarm: Alarm) => string | undefined;
  logger: Logger;
  now?: () => number;
  maxOpen?: number;
};

type Query = { mine?: boolean; open?: boolean; fromMs?: number; toMs?: number; limit?: number };

/**
 * The warning desk (docs/dispatch.md §deadlines and escalation): every annunciated alarm occurrence becomes a
 * warning `${alarmId}@${raisedAtMs}` owned by a post (owner rules) and the person on duty there (the roster),
 * with deadlines to acknowledge and resolve per priority. ONE timer wakes the desk at the earliest escalation
 * due over all open warnings (main/dispatch nextWakeMs), never one per warning. Acknowledged from the control
 * room (the alarm's 'acknowledge' transition) or the phone; cleared with its alarm; closed by a disposition
 * (the operator's, or autoDisposition's for the obvious cases). Every step is journaled, written to the
 * historian (coalesced, retried) and pushed to the screens (`warning:deadlines`, `warning:changed`, coalesced);
 * messages go to the outbox, whose delivery reports come back to the warning.
 */
export class WarningDesk {
  private readonly warnings = new Map<string, StoredWarning>();
  /** Warnings by alarm id, not closed or whose alarm may still clear: where an alarm's transitions land. */
  private readonly byAlarm = new Map<string, string[]>();
  private readonly recentClosed: string[] = [];
  /** Each warning's next escalation time (null: none pending); the timer is armed at the minimum. */
  private readonly wakeOf = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private armedAtMs: number | null = null;
  private readonly dirty = new Set<string>();
  private flushTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly changed = new Map<string, { alarmId: string; atMs: number }>();
  private pushTimer: NodeJS.Timeout | null = null;
  /** Warnings raised while a scenario injected on the demo simulator was in force (autoDisposition 'test'). */
  private readonly injected = new Set<string>();
  private injecting = false;
  /** Camera warnings waiting for their vision event's box and score (the event is published after its alarm activates). */
  private readonly awaitingEvent = new Map<string, string>();
  /** Users without a roster person who have read a warning (their read receipt is journaled once). */
  private readonly readBy = new Set<string>();
  private readonly sensors: Map<string, Scene['sensors'][number]>;
  private readonly now: () => number;
  private readonly log: RateLimitedLog;
  private readonly offs: (() => void)[] = [];
  private closed = false;
  /** What the desk did and refused since it started (tests read them; the flood's refusals are journaled when it ends). */
  readonly stats = { opened: 0, refused: 0, escalations: 0, messages: 0, messagesUnsent: 0, writeFailures: 0, deliveriesUnknown: 0 };
  private flooding = false;
  /** Warnings held that are not closed (the flood bound). */
  private openCount = 0;

  private constructor(private readonly options: WarningDeskOptions) {
    this.now = options.now ?? Date.now;
    this.log = new RateLimitedLog(options.logger, 10_000, this.now);
    this.sensors = new Map(options.scene.sensors.map((s) => [s.id, s]));
  }

  /**
   * Restores the warnings not closed from the historian, then — in one synchronous step, so no transition falls
   * between — seeds a warning for every alarm annunciated now that has none and subscribes to the bus. Decision
   * (docs/dispatch.md §deadlines): an alarm already unacknowledged when the desk starts is dispatched like a new
   * one (its deadlines run from its raise time, so an old one escalates at once); a restored warning whose alarm
   * occurrence is no longer active (the alarm engine starts each run with every alarm normal) is cleared at start.
   */
  static async open(options: WarningDeskOptions): Promise<WarningDesk> {
    const desk = new WarningDesk(options);
    if (options.records) {
      // Beyond the bound (a flood left open before a restart) the newest are held; the older stay stored, listed by range.
      for (const w of await options.records.unclosedWarnings(options.maxOpen ?? MAX_OPEN_WARNINGS)) desk.hold(w);
    } else options.logger.warn('no historian: warnings are kept in memory only (lost at restart)');
    desk.start();
    return desk;
  }

  private start(): void {
    const nowMs = this.now();
    const active = new Map(this.options.alarms.alarms().map((a) => [a.alarmId, a]));
    for (const w of this.warnings.values()) {
      if (w.clearedAtMs !== undefined || w.state === 'closed') continue;
      const alarm = active.get(w.alarmId);
      if (!alarm || !alarm.active || alarm.raisedAtMs !== w.raisedAtMs) this.clear(w, nowMs, 'notActiveAtStart');
    }
    for (const alarm of active.values()) if (this.annunciatedNew(alarm)) this.openWarning(alarm, nowMs);
    this.offs.push(
      this.options.bus.subscribe('alarmTransition', (t) => this.onTransition(t)),
      this.options.bus.subscribe('visionEvent', (event) => this.onVisionEvent(event.id, event.box, event.score)),
      this.options.bus.subscribe('simulatorApplied', ({ command }) => {
        if (command.scenario === 'clear') this.injecting = false;
        else if (command.scenario !== 'evacuate') this.injecting = true;
      }),
    );
    for (const w of this.warnings.values()) this.updateWake(w);
    this.rearm();
  }

  private hold(w: StoredWarning): void {
    this.warnings.set(w.warningId, w);
    if (w.state !== 'closed') this.openCount++;
    const list = this.byAlarm.get(w.alarmId) ?? [];
    list.push(w.warningId);
    this.byAlarm.set(w.alarmId, list);
  }

  private annunciatedNew(alarm: Alarm): boolean {
    return alarm.active && alarm.state === 'unacknowledged' && !this.warnings.has(warningIdOf(alarm));
  }

  // ─── Alarm transitions ──────────────────────────────────────────────────────────────────────────────

  private onTransition(t: AlarmTransition): void {
    if (this.closed) return;
    const { alarm } = t;
    if (this.annunciatedNew(alarm)) this.openWarning(alarm, t.atMs);
    const ids = this.byAlarm.get(alarm.alarmId);
    if (!ids) return;
    for (const id of [...ids]) {
      const w = this.warnings.get(id);
      if (!w || w.raisedAtMs > alarm.raisedAtMs) continue;
      if (t.action === 'acknowledge' && alarm.acknowledged && w.acknowledgedAtMs === undefined) this.acknowledge(w, t.by, t.atMs);
      // Shelving or suppressing an alarm by hand is a decision about it, taken by someone who saw it: the warning climbs no further.
      else if ((t.action === 'shelve' || t.action === 'suppress') && t.by !== 'system' && w.acknowledgedAtMs === undefined) this.acknowledge(w, t.by, t.atMs, t.reason);
      if (alarm.outOfService && w.state !== 'closed') {
        // Removed from service (maintenance) by an authorised user: the alarm is no longer annunciated and the call is theirs.
        if (w.clearedAtMs === undefined) this.clear(w, t.atMs, 'removedFromService');
        const auto = autoDisposition({ outOfService: true, injectedBySimulator: false });
        if (auto) this.dispose(w, auto.kind, t.by, t.atMs, true, auto.why);
      } else if ((!alarm.active || w.raisedAtMs < alarm.raisedAtMs) && w.clearedAtMs === undefined) this.clear(w, alarm.clearedAtMs ?? t.atMs, 'alarmCleared');
      this.release(w);
    }
  }

  private openWarning(alarm: Alarm, atMs: number): void {
    const openCount = this.openCount;
    if (openCount >= (this.options.maxOpen ?? MAX_OPEN_WARNINGS)) {
      this.stats.refused++;
      if (!this.flooding) {
        this.flooding = true;
        this.options.bus.publish('problem', { code: 'ST_ERR_DISPATCH_FLOOD', severity: 'error', message: `${openCount} warnings are open; further alarms are counted, not dispatched` });
      }
      this.log.warn('flood', { alarmId: alarm.alarmId, refused: this.stats.refused }, 'warning desk full: alarm not dispatched');
      return;
    }
    const sensor = alarm.sourceKind === 'sensor' ? this.sensors.get(alarm.sourceId) : undefined;
    const postId = ownerPostOf(this.options.roster.ownerRules(), { sourceKind: alarm.sourceKind, sourceId: alarm.sourceId, ...(alarm.areaId !== undefined && { areaId: alarm.areaId }), ...(sensor?.equipmentId !== undefined && { equipmentId: sensor.equipmentId }), condition: alarm.condition, priority: alarm.priority }, this.options.config.defaultPostId);
    const duty = this.options.roster.onDuty(postId, atMs);
    const { ackDueMs, resolveDueMs } = warningDeadlines(alarm.raisedAtMs, alarm.priority, this.options.config.deadlines);
    const point: [number, number] | undefined = alarm.location ? [alarm.location.x, alarm.location.y] : sensor ? [sensor.position.x, sensor.position.y] : undefined;
    const modelId = alarm.evidence ? this.options.cameraModelOf?.(alarm) : undefined;
    const w: StoredWarning = {
      warningId: warningIdOf(alarm),
      alarmId: alarm.alarmId,
      sourceId: alarm.sourceId,
      sourceKind: alarm.sourceKind,
      ...(alarm.areaId !== undefined && { areaId: alarm.areaId }),
      condition: alarm.condition,
      priority: alarm.priority,
      grade: warningGradeOf(alarm.priority),
      state: 'open',
      raisedAtMs: alarm.raisedAtMs,
      ...(point && { point }),
      ...(alarm.evidence?.snapshotHref !== undefined && { snapshotHref: alarm.evidence.snapshotHref }),
      owner: { postId, personId: duty.personId, name: this.options.roster.nameFor(duty.personId, true), deputies: duty.deputyIds.map((id) => ({ personId: id, name: this.options.roster.nameFor(id, true) })) },
      level: 0,
      currentPostId: postId,
      escalations: [],
      ackDueMs,
      resolveDueMs,
      notes: [],
      deliveries: [],
      ...(alarm.evidence && { cameraRuleId: alarm.evidence.ruleId, cameraEvent: { eventId: alarm.evidence.eventId, cameraId: alarm.sourceId, label: alarm.evidence.label } }),
      ...(modelId !== undefined && { modelId }),
      ...(alarm.value !== undefined && { value: alarm.value }),
      ...(alarm.unit !== undefined && { unit: alarm.unit }),
      revision: 0,
    };
    this.hold(w);
    this.stats.opened++;
    if (w.cameraEvent && this.awaitingEvent.size < MAX_OPEN_WARNINGS) this.awaitingEvent.set(w.cameraEvent.eventId, w.warningId);
    if (this.injecting) this.injected.add(w.warningId);
    void journalStep(this.options.journal, this.options.logger, DISPATCH_USER, { action: DISPATCH_JOURNAL_ACTIONS.opened, warningId: w.warningId, alarmId: w.alarmId, priority: w.priority, grade: w.grade, postId, personId: duty.personId, ackDueMs, resolveDueMs });
    this.send(w, 'assigned', duty.personId === null ? [] : [duty.personId], atMs, { deadlineMs: ackDueMs });
    this.changedNow(w, atMs);
    this.updateWake(w);
    // Only an earlier wake re-arms: a flood of openings costs no scan of every warning each.
    const wake = this.wakeOf.get(w.warningId);
    if (wake !== undefined && (this.armedAtMs === null || wake < this.armedAtMs)) this.armAt(wake);
    if (this.options.evacuation) {
      const notices = this.options.evacuation;
      notices
        .notify({ warningId: w.warningId, alarmId: alarm.alarmId, sourceId: alarm.sourceId, sourceKind: alarm.sourceKind, condition: alarm.condition, priority: alarm.priority, ...(alarm.areaId !== undefined && { areaId: alarm.areaId }), ...(alarm.value !== undefined && { value: alarm.value }), ...(alarm.unit !== undefined && { unit: alarm.unit }) })
        .then((record) => {
          if (record) this.setEvacuation(w.warningId, record);
        })
        .catch((error: unknown) => this.log.error('evacuation', { err: error, warningId: w.warningId }, 'evacuation notice failed'));
    }
  }

  /** The evacuation notifier's record of a warning (the first notice, and people who walked in later). */
  setEvacuation(warningId: string, record: { areaId: string; badgeIds: string[]; atMs: number }): void {
    const w = this.warnings.get(warningId);
    if (!w) return;
    // The notifier journals each notice with its badges; the warning keeps the record.
    w.evacuation = { areaId: record.areaId, badgeIds: [...record.badgeIds], atMs: record.atMs };
    this.changedNow(w, this.now());
  }

  /** The box and score of the event behind a camera warning, kept for the re-training samples (its first report with a box). */
  private onVisionEvent(eventId: string, box: ImageBox | null, score: number): void {
    const warningId = this.awaitingEvent.get(eventId);
    if (warningId === undefined) return;
    this.awaitingEvent.delete(eventId);
    const w = this.warnings.get(warningId);
    if (!w?.cameraEvent) return;
    w.cameraEvent = { ...w.cameraEvent, box, score };
    this.changedNow(w, this.now());
  }

  private acknowledge(w: StoredWarning, by: string, atMs: number, note?: string): void {
    w.acknowledgedAtMs = atMs;
    w.acknowledgedBy = by;
    if (w.state !== 'closed') w.state = w.clearedAtMs !== undefined ? 'cleared' : 'acknowledged';
    if (note !== undefined) this.addNote(w, by, atMs, note);
    void journalStep(this.options.journal, this.options.logger, by, { action: DISPATCH_JOURNAL_ACTIONS.acknowledged, warningId: w.warningId, alarmId: w.alarmId, level: w.level, afterMs: atMs - w.raisedAtMs });
    this.changedNow(w, atMs);
    this.updateWake(w);
    this.autoDispose(w, atMs);
  }

  private clear(w: StoredWarning, atMs: number, why: 'alarmCleared' | 'notActiveAtStart' | 'removedFromService'): void {
    w.clearedAtMs = atMs;
    if (w.state === 'acknowledged') w.state = 'cleared';
    this.options.evacuation?.end(w.warningId);
    void journalStep(this.options.journal, this.options.logger, DISPATCH_USER, { action: DISPATCH_JOURNAL_ACTIONS.cleared, warningId: w.warningId, alarmId: w.alarmId, why, afterMs: atMs - w.raisedAtMs });
    // Those it was escalated to were called up the chain: they learn it is over (the owner alone needs no second message per alarm).
    if (why === 'alarmCleared' && w.level > 0) {
      const told = [w.owner.personId, ...w.escalations.map((e) => e.personId)].filter((p): p is string => p !== null);
      this.send(w, 'cleared', [...new Set(told)], atMs, {});
    }
    this.changedNow(w, atMs);
    this.updateWake(w);
    this.autoDispose(w, atMs);
  }

  /** Acknowledged and cleared, not disposed: the obvious cases close by rule (a simulator injection is a test); the rest wait for the operator. */
  private autoDispose(w: StoredWarning, atMs: number): void {
    if (w.state !== 'cleared' || w.disposition) return;
    const auto = autoDisposition({ outOfService: false, injectedBySimulator: this.injected.has(w.warningId) });
    if (auto) this.dispose(w, auto.kind, DISPATCH_USER, atMs, true, auto.why);
  }

  private dispose(w: StoredWarning, kind: Disposition, by: string, atMs: number, auto: boolean, note?: string): void {
    w.disposition = { kind, by, atMs, auto, ...(note !== undefined && { note }) };
    w.state = 'closed';
    w.closedAtMs = atMs;
    this.openCount--;
    this.injected.delete(w.warningId);
    if (w.cameraEvent) this.awaitingEvent.delete(w.cameraEvent.eventId);
    void journalStep(this.options.journal, this.options.logger, by, { action: DISPATCH_JOURNAL_ACTIONS.disposed, warningId: w.warningId, alarmId: w.alarmId, disposition: kind, auto });
    this.changedNow(w, atMs);
    this.updateWake(w);
    this.recentClosed.push(w.warningId);
    while (this.recentClosed.length > MAX_RECENT_CLOSED) this.forget(this.recentClosed.shift()!);
    this.release(w);
    if (this.flooding && this.openCount < (this.options.maxOpen ?? MAX_OPEN_WARNINGS)) {
      this.flooding = false;
      this.options.bus.publish('problemCleared', { code: 'ST_ERR_DISPATCH_FLOOD' });
      void journalStep(this.options.journal, this.options.logger, DISPATCH_USER, { action: DISPATCH_JOURNAL_ACTIONS.refused, refused: this.stats.refused });
    }
  }

  /** A closed and cleared warning needs no more transitions of its alarm. */
  private release(w: StoredWarning): void {
    if (w.state !== 'closed' || w.clearedAtMs === undefined) return;
    const ids = this.byAlarm.get(w.alarmId);
    if (!ids) return;
    const rest = ids.filter((id) => id !== w.warningId);
    if (rest.length === 0) this.byAlarm.delete(w.alarmId);
    else this.byAlarm.set(w.alarmId, rest);
  }

  private forget(warningId: string): void {
    const w = this.warnings.get(warningId);
    if (!w) return;
    // Still waiting for its alarm to clear (closed while active): kept until it does.
    if (this.byAlarm.get(w.alarmId)?.includes(warningId)) return;
    this.warnings.delete(warningId);
  }

  // ─── The clock ──────────────────────────────────────────────────────────────────────────────────────

  private timesOf(w: StoredWarning): WarningTimes {
    return {
      raisedAtMs: w.raisedAtMs,
      ackDueMs: w.ackDueMs,
      resolveDueMs: w.resolveDueMs,
      level: w.level,
      ...(w.acknowledgedAtMs !== undefined && { acknowledgedAtMs: w.acknowledgedAtMs }),
      ...(w.clearedAtMs !== undefined && { clearedAtMs: w.clearedAtMs }),
      ...(w.escalations.length > 0 && { lastEscalationAtMs: w.escalations.at(-1)!.atMs }),
    };
  }

  private ackWithinMs(w: StoredWarning): number {
    return this.options.config.deadlines[w.priority].ackWithinMin * 60_000;
  }

  private updateWake(w: StoredWarning): void {
    const wake = w.state === 'closed' ? null : nextWakeMs(this.timesOf(w), w.owner.postId, this.options.config.escalationChain, this.ackWithinMs(w));
    if (wake === null) this.wakeOf.delete(w.warningId);
    else this.wakeOf.set(w.warningId, wake);
  }

  /**
   * Arms the one timer at the earliest wake over all warnings. Steps that only move a warning's wake later
   * (acknowledged, cleared, closed) leave the timer as it is: it fires early, finds nothing due and re-arms.
   */
  private rearm(): void {
    let earliest: number | null = null;
    for (const at of this.wakeOf.values()) if (earliest === null || at < earliest) earliest = at;
    this.armAt(earliest);
  }

  private armAt(atMs: number | null): void {
    if (this.closed || atMs === this.armedAtMs) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.armedAtMs = atMs;
    if (atMs === null) return;
    this.timer = setTimeout(() => this.wake(), Math.min(MAX_TIMER_MS, Math.max(0, atMs - this.now())));
    this.timer.unref();
  }

  /** Applies every escalation due now (catching up level by level) and arms the timer for the next. Public for a test's fake clock. */
  wake(): void {
    this.timer = null;
    this.armedAtMs = null;
    const nowMs = this.now();
    for (const [id, at] of [...this.wakeOf]) {
      if (at > nowMs) continue;
      const w = this.warnings.get(id);
      if (!w) {
        this.wakeOf.delete(id);
        continue;
      }
      let due = dueEscalation(this.timesOf(w), w.owner.postId, this.options.config.escalationChain, this.ackWithinMs(w), nowMs);
      while (due) {
        this.escalate(w, due);
        due = dueEscalation(this.timesOf(w), w.owner.postId, this.options.config.escalationChain, this.ackWithinMs(w), nowMs);
      }
      this.updateWake(w);
    }
    this.rearm();
  }

  private escalate(w: StoredWarning, due: NonNullable<ReturnType<typeof dueEscalation>>): void {
    const duty = this.options.roster.onDuty(due.postId, due.atMs);
    w.level = due.level;
    w.currentPostId = due.postId;
    w.escalations.push({ level: due.level, postId: due.postId, personId: duty.personId, name: this.options.roster.nameFor(duty.personId, true), atMs: due.atMs, reason: due.reason });
    this.stats.escalations++;
    void journalStep(this.options.journal, this.options.logger, DISPATCH_USER, { action: DISPATCH_JOURNAL_ACTIONS.escalated, warningId: w.warningId, alarmId: w.alarmId, level: due.level, postId: due.postId, personId: duty.personId, reason: due.reason, dueAtMs: due.atMs });
    // The owner's deputies stand in when the owner did not answer: told at the first escalation, with the post above.
    const people = [duty.personId, ...(due.level === 1 ? w.owner.deputies.map((d) => d.personId) : [])].filter((p): p is string => p !== null);
    const nextDue = due.reason === 'ackOverdue' ? due.atMs + this.ackWithinMs(w) : w.resolveDueMs;
    this.send(w, 'escalated', [...new Set(people)], this.now(), { deadlineMs: nextDue, reason: due.reason });
    this.changedNow(w, this.now());
  }

  // ─── Messages ───────────────────────────────────────────────────────────────────────────────────────

  /** One message per person and one for the group channels (which @mention them); each journaled as a notification. */
  private send(w: StoredWarning, kind: MessageKind, personIds: string[], atMs: number, extra: Pick<OutboundMessage, 'deadlineMs' | 'reason'>): void {
    const base = {
      kind,
      warningId: w.warningId,
      grade: w.grade,
      priority: w.priority,
      alarmId: w.alarmId,
      condition: w.condition,
      sourceKind: w.sourceKind,
      sourceId: w.sourceId,
      ...(w.areaId !== undefined && { areaId: w.areaId }),
      ...(w.value !== undefined && { value: w.value }),
      ...(w.unit !== undefined && { unit: w.unit }),
      level: w.level,
      postId: w.currentPostId,
      ...(extra.deadlineMs !== undefined && { deadlineMs: extra.deadlineMs }),
      ...(extra.reason !== undefined && { reason: extra.reason }),
      createdAtMs: atMs,
    };
    const messages: OutboundMessage[] = [
      { ...base, messageId: `${w.warningId}:${kind}:${w.level}:group`, personId: null, ...(personIds.length > 0 && { mentionPersonIds: personIds }) },
      ...personIds.map((personId) => ({ ...base, messageId: `${w.warningId}:${kind}:${w.level}:${personId}`, personId })),
    ];
    if (!this.options.sink) {
      this.stats.messagesUnsent += messages.length;
      return;
    }
    this.stats.messages += messages.length;
    this.options.sink.enqueue(messages);
    void journalStep(this.options.journal, this.options.logger, DISPATCH_USER, { action: DISPATCH_JOURNAL_ACTIONS.notified, warningId: w.warningId, kind, level: w.level, personIds, messages: messages.length });
  }

  /** A delivery's status from the outbox (queued, sent, retrying, failed, read): shown on the warning; sent and failed journaled. */
  applyDelivery(report: DeliveryReport): void {
    const w = this.warnings.get(report.warningId);
    if (!w) {
      this.stats.deliveriesUnknown++;
      return;
    }
    const { warningId: _w, ...delivery } = report;
    const index = w.deliveries.findIndex((d) => d.deliveryId === delivery.deliveryId);
    if (index >= 0) w.deliveries[index] = delivery;
    else if (w.deliveries.length < MAX_DELIVERIES) w.deliveries.push(delivery);
    else return;
    if (delivery.status === 'sent' || delivery.status === 'failed') {
      void journalStep(this.options.journal, this.options.logger, DISPATCH_USER, { action: DISPATCH_JOURNAL_ACTIONS.delivery, warningId: w.warningId, deliveryId: delivery.deliveryId, channel: delivery.channel, personId: delivery.personId, kind: delivery.kind, status: delivery.status, attempts: delivery.attempts, ...(delivery.error !== undefined && { error: delivery.error.slice(0, 200) }) });
    }
    this.changedNow(w, this.now());
  }

  // ─── Requests (HTTP) ────────────────────────────────────────────────────────────────────────────────

  /**
   * POST …/acknowledge from the phone or a screen. Anyone whose roster person the warning is for ("mine") may
   * acknowledge the warning; a role that may acknowledge alarms (alarm:acknowledge) acknowledges the alarm too,
   * through the alarm list's own command path (the alarm's transition then acknowledges the warning), so the
   * alarm list and the journal agree. Anyone else's acknowledgement leaves the ISA alarm to the control room.
   */
  async acknowledgeByUser(warningId: string, body: unknown, user: SessionUser): Promise<CodedResult<WarningView>> {
    const request = WarningAckRequestSchema.safeParse(body ?? {});
    if (!request.success) return refused('ST_ERR_DISPATCH_INVALID', issuesOf(request.error));
    const w = this.warnings.get(warningId);
    if (!w) return (await this.find(warningId)) ? refused('ST_ERR_DISPATCH_STATE', 'the warning is closed') : refused('ST_ERR_DISPATCH_NOT_FOUND', `no warning ${warningId}`);
    const mayAlarm = roleMay(user.role, 'alarm:acknowledge');
    if (!mayAlarm && !this.isMine(w, user)) return refused('ST_ERR_DISPATCH_FORBIDDEN', `role ${user.role} may not acknowledge alarms, and this warning is not for ${user.name}`);
    if (user.implicit && !mayAlarm) return refused('ST_ERR_DISPATCH_NAMED_USER', 'acknowledging a warning needs a signed-in user');
    if (w.acknowledgedAtMs !== undefined || w.state === 'closed') return refused('ST_ERR_DISPATCH_STATE', `the warning is ${w.state === 'closed' ? 'closed' : 'acknowledged already'}`);
    this.acknowledgeAs(w, user);
    if (request.data.note !== undefined) this.addNote(w, user.name, this.now(), request.data.note);
    return { ok: true, value: this.viewFor(w, user) };
  }

  /**
   * A user's acknowledgement: through the alarm list's command path when their role may acknowledge alarms and the
   * warning's alarm occurrence is still unacknowledged (its transition acknowledges the warning, synchronously on
   * the bus), else the warning alone.
   */
  private acknowledgeAs(w: StoredWarning, user: SessionUser): void {
    if (roleMay(user.role, 'alarm:acknowledge')) {
      const alarm = this.options.alarms.alarms().find((a) => a.alarmId === w.alarmId);
      if (alarm && !alarm.acknowledged && alarm.raisedAtMs === w.raisedAtMs) this.options.alarms.command({ action: 'acknowledge', alarmIds: [w.alarmId] }, user.name);
    }
    if (w.acknowledgedAtMs === undefined) this.acknowledge(w, user.name, this.now());
  }

  async noteByUser(warningId: string, body: unknown, user: SessionUser): Promise<CodedResult<WarningView>> {
    const request = WarningNoteRequestSchema.safeParse(body);
    if (!request.success) return refused('ST_ERR_DISPATCH_INVALID', issuesOf(request.error));
    const w = this.warnings.get(warningId);
    if (!w) return (await this.find(warningId)) ? refused('ST_ERR_DISPATCH_STATE', 'the warning is closed') : refused('ST_ERR_DISPATCH_NOT_FOUND', `no warning ${warningId}`);
    if (!roleMay(user.role, 'alarm:acknowledge') && !this.isMine(w, user)) return refused('ST_ERR_DISPATCH_FORBIDDEN', `role ${user.role} may not note warnings that are not theirs`);
    if (user.implicit) return refused('ST_ERR_DISPATCH_NAMED_USER', 'a note needs a signed-in user');
    if (w.notes.length >= MAX_NOTES) return refused('ST_ERR_DISPATCH_STATE', `a warning keeps at most ${MAX_NOTES} notes`);
    this.addNote(w, user.name, this.now(), request.data.text);
    return { ok: true, value: this.viewFor(w, user) };
  }

  private addNote(w: StoredWarning, by: string, atMs: number, text: string): void {
    if (w.notes.length >= MAX_NOTES) return;
    w.notes.push({ by, atMs, text });
    void journalStep(this.options.journal, this.options.logger, by, { action: DISPATCH_JOURNAL_ACTIONS.noted, warningId: w.warningId, text });
    this.changedNow(w, atMs);
  }

  /** POST …/read: the signed-in user has seen it (a 'screen' delivery read by their roster person); journaled once per person. */
  async readByUser(warningId: string, user: SessionUser): Promise<CodedResult<WarningView>> {
    const w = this.warnings.get(warningId);
    if (!w) {
      const stored = await this.find(warningId);
      return stored ? { ok: true, value: this.viewFor(stored, user) } : refused('ST_ERR_DISPATCH_NOT_FOUND', `no warning ${warningId}`);
    }
    // A console without sign-in reads it too; its receipt names nobody, so none is kept.
    if (user.implicit) return { ok: true, value: this.viewFor(w, user) };
    const personId = this.options.roster.personByUserName(user.name)?.id ?? null;
    const atMs = this.now();
    const key = `${warningId}\n${personId ?? `user:${user.name}`}`;
    const already = personId !== null ? w.deliveries.some((d) => d.channel === 'screen' && d.personId === personId) : this.readBy.has(key);
    if (!already) {
      if (personId !== null && w.deliveries.length < MAX_DELIVERIES) w.deliveries.push({ deliveryId: `${warningId}:screen:${personId}`, channel: 'screen', personId, kind: w.level > 0 ? 'escalated' : 'assigned', status: 'read', attempts: 0, queuedAtMs: atMs, readAtMs: atMs });
      else if (personId === null) {
        // Bounded: a receipt journaled twice after a reset is harmless, memory that grows with every read is not.
        if (this.readBy.size >= MAX_OPEN_WARNINGS) this.readBy.clear();
        this.readBy.add(key);
      }
      void journalStep(this.options.journal, this.options.logger, user.name, { action: DISPATCH_JOURNAL_ACTIONS.read, warningId, personId, level: w.level });
      this.changedNow(w, atMs);
    }
    return { ok: true, value: this.viewFor(w, user) };
  }

  /** POST …/disposition (warning:dispose): closes the warning; one not yet acknowledged is acknowledged by the same user first (they saw it to judge it), as their acknowledgement would be. */
  async disposeByUser(warningId: string, body: unknown, user: SessionUser): Promise<CodedResult<WarningView>> {
    if (!roleMay(user.role, 'warning:dispose')) return refused('ST_ERR_DISPATCH_FORBIDDEN', `role ${user.role} may not dispose warnings (needs warning:dispose)`);
    if (user.implicit) return refused('ST_ERR_DISPATCH_NAMED_USER', 'a disposition needs a signed-in user');
    const request = WarningDispositionRequestSchema.safeParse(body);
    if (!request.success) return refused('ST_ERR_DISPATCH_INVALID', issuesOf(request.error));
    const w = this.warnings.get(warningId);
    if (!w || w.state === 'closed') return (await this.find(warningId)) || w ? refused('ST_ERR_DISPATCH_STATE', 'the warning is closed') : refused('ST_ERR_DISPATCH_NOT_FOUND', `no warning ${warningId}`);
    if (w.acknowledgedAtMs === undefined) this.acknowledgeAs(w, user);
    const atMs = this.now();
    // The acknowledgement may have closed it by rule (a simulator's test): the rule's call stands.
    if (!w.disposition) this.dispose(w, request.data.disposition, user.name, atMs, false, request.data.note);
    return { ok: true, value: this.viewFor(w, user) };
  }

  // ─── Views ──────────────────────────────────────────────────────────────────────────────────────────

  private isMine(w: StoredWarning, user: SessionUser): boolean {
    const person = this.options.roster.personByUserName(user.name);
    if (!person) return false;
    return w.owner.personId === person.id || w.owner.deputies.some((d) => d.personId === person.id) || w.escalations.some((e) => e.personId === person.id);
  }

  /** A warning as `user` may see it: names, authors and the snapshot only with personnel:viewNames; `mine` for them. */
  viewFor(w: StoredWarning, user: SessionUser): WarningView {
    const { revision: _r, cameraRuleId: _c, modelId: _m, value: _v, unit: _u, cameraEvent: _e, ...view } = w;
    const mine = this.isMine(w, user);
    if (mayViewPersonalData(user)) return { ...view, mine };
    const { snapshotHref: _s, acknowledgedBy: _a, ...rest } = view;
    return {
      ...rest,
      owner: { ...w.owner, name: '', deputies: w.owner.deputies.map((d) => ({ ...d, name: '' })) },
      escalations: w.escalations.map((e) => ({ ...e, name: '' })),
      notes: w.notes.map((n) => ({ ...n, by: '' })),
      ...(w.acknowledgedBy !== undefined && { acknowledgedBy: '' }),
      ...(w.disposition && { disposition: { ...w.disposition, by: w.disposition.by === DISPATCH_USER ? DISPATCH_USER : '' } }),
      ...(w.evacuation && { evacuation: { ...w.evacuation, badgeIds: [] } }),
      mine,
    };
  }

  private async find(warningId: string): Promise<StoredWarning | undefined> {
    return this.warnings.get(warningId) ?? (await this.options.records?.warning(warningId).catch(() => undefined));
  }

  async get(warningId: string, user: SessionUser): Promise<CodedResult<WarningView>> {
    const w = await this.find(warningId);
    return w ? { ok: true, value: this.viewFor(w, user) } : refused('ST_ERR_DISPATCH_NOT_FOUND', `no warning ${warningId}`);
  }

  /** GET /api/warnings: open ones from memory; a range also from the historian (memory's copies are the newer); newest first. */
  async list(query: Query, user: SessionUser): Promise<CodedResult<WarningView[]>> {
    const limit = Math.min(query.limit ?? 200, MAX_WARNINGS_LISTED);
    const fromMs = query.fromMs ?? 0;
    const toMs = query.toMs ?? Number.MAX_SAFE_INTEGER;
    if (fromMs > toMs) return refused('ST_ERR_DISPATCH_INVALID', 'from is after to');
    const found = new Map<string, StoredWarning>();
    if (!query.open && this.options.records && query.fromMs !== undefined) {
      if (toMs - fromMs > MAX_WARNING_RANGE_MS) return refused('ST_ERR_DISPATCH_INVALID', 'the range is longer than a year');
      for (const w of await this.options.records.warnings({ fromMs, toMs, limit })) found.set(w.warningId, w);
    }
    for (const w of this.warnings.values()) if (w.raisedAtMs >= fromMs && w.raisedAtMs <= toMs && (!query.open || w.state !== 'closed')) found.set(w.warningId, w);
    const listed = [...found.values()].filter((w) => !query.mine || this.isMine(w, user)).sort((a, b) => b.raisedAtMs - a.raisedAtMs || (a.warningId < b.warningId ? -1 : 1));
    return { ok: true, value: listed.slice(0, limit).map((w) => this.viewFor(w, user)) };
  }

  /** GET /api/warnings/stats: the disposition statistics of the warnings raised in the range (historian rows, memory's newer copies over them). */
  async statistics(fromMs: number, toMs: number): Promise<CodedResult<DispositionStats>> {
    if (fromMs > toMs || toMs - fromMs > MAX_WARNING_RANGE_MS) return refused('ST_ERR_DISPATCH_INVALID', 'the range must run forwards and be at most a year');
    const rows = new Map<string, DispositionRow>();
    if (this.options.records) for (const row of await this.options.records.statsRows(fromMs, toMs)) rows.set(row.warningId, row);
    for (const w of this.warnings.values()) if (w.raisedAtMs >= fromMs && w.raisedAtMs <= toMs) rows.set(w.warningId, statsRowOf(w));
    return { ok: true, value: dispositionStats([...rows.values()], fromMs, toMs) };
  }

  /** The camera warnings disposed false raised in the range, as the re-training export takes them (historian rows, memory's copies over them). */
  async trainingRows(fromMs: number, toMs: number): Promise<CodedResult<TrainingSampleRow[]>> {
    if (fromMs > toMs || toMs - fromMs > MAX_WARNING_RANGE_MS) return refused('ST_ERR_DISPATCH_INVALID', 'the range must run forwards and be at most a year');
    const found = new Map<string, StoredWarning>();
    if (this.options.records) for (const w of await this.options.records.falseCameraWarnings({ fromMs, toMs, limit: MAX_TRAINING_IMAGES })) found.set(w.warningId, w);
    for (const w of this.warnings.values()) if (w.sourceKind === 'camera' && w.disposition?.kind === 'false' && w.raisedAtMs >= fromMs && w.raisedAtMs <= toMs) found.set(w.warningId, w);
    const cameras = new Map(this.options.scene.cameras.map((c) => [c.id, c]));
    const rows = [...found.values()].flatMap((w): TrainingSampleRow[] => {
      const event = w.cameraEvent;
      if (!event || !w.disposition) return [];
      const camera = cameras.get(event.cameraId);
      return [
        {
          warningId: w.warningId,
          alarmId: w.alarmId,
          cameraId: event.cameraId,
          eventId: event.eventId,
          ruleId: w.cameraRuleId ?? '',
          ...(w.modelId !== undefined && { modelId: w.modelId }),
          label: event.label,
          ...(event.score !== undefined && { score: event.score }),
          box: event.box ?? null,
          ...(camera && { boxSpacePx: { widthPx: camera.imageWidthPx, heightPx: camera.imageHeightPx } }),
          raisedAtMs: w.raisedAtMs,
          disposition: w.disposition.kind,
          disposedBy: w.disposition.by,
          disposedAtMs: w.disposition.atMs,
        },
      ];
    });
    return { ok: true, value: rows };
  }

  /** Every open (not closed) warning's countdown, the earliest acknowledgement due first. */
  deadlines(): WarningDeadline[] {
    const out: WarningDeadline[] = [];
    for (const w of this.warnings.values()) {
      if (w.state === 'closed') continue;
      out.push({ warningId: w.warningId, alarmId: w.alarmId, level: w.level, currentPostId: w.currentPostId, ackDueMs: w.ackDueMs, resolveDueMs: w.resolveDueMs, acknowledged: w.acknowledgedAtMs !== undefined });
    }
    return out.sort((a, b) => a.ackDueMs - b.ackDueMs);
  }

  /** Held for a test or a status line: not closed. */
  openWarnings(): StoredWarning[] {
    return [...this.warnings.values()].filter((w) => w.state !== 'closed');
  }

  // ─── Persistence and screens ────────────────────────────────────────────────────────────────────────

  private changedNow(w: StoredWarning, atMs: number): void {
    w.revision++;
    this.dirty.add(w.warningId);
    this.changed.set(w.warningId, { alarmId: w.alarmId, atMs });
    if (this.closed) return;
    if (this.options.records && !this.flushTimer) {
      this.flushTimer = setTimeout(() => void this.flush(), FLUSH_DELAY_MS);
      this.flushTimer.unref();
    }
    if (!this.pushTimer) {
      this.pushTimer = setTimeout(() => this.push(), SCREEN_PUSH_MS);
      this.pushTimer.unref();
    }
  }

  private push(): void {
    this.pushTimer = null;
    const changed = [...this.changed].slice(0, MAX_CHANGED_PER_PUSH);
    this.changed.clear();
    for (const [warningId, { alarmId, atMs }] of changed) this.options.bus.publish('toScreens', { event: 'warning:changed', payload: { warningId, alarmId, atMs } });
    this.options.bus.publish('toScreens', { event: 'warning:deadlines', payload: this.deadlines() });
  }

  /** Writes the changed warnings (one transaction); a failure keeps them for the next try. Resolves when written or failed. */
  flush(): Promise<void> {
    this.flushTimer = null;
    const records = this.options.records;
    if (!records) return Promise.resolve();
    this.flushing = this.flushing.then(async () => {
      if (this.dirty.size === 0) return;
      const ids = [...this.dirty];
      this.dirty.clear();
      const batch = ids.flatMap((id) => {
        const w = this.warnings.get(id);
        return w ? [structuredClone(w)] : [];
      });
      try {
        await records.saveWarnings(batch, this.now());
      } catch (error) {
        this.stats.writeFailures++;
        for (const id of ids) this.dirty.add(id);
        this.log.error('write', { err: error, warnings: ids.length }, 'warnings not written to the historian; retrying');
        if (!this.closed && !this.flushTimer) {
          this.flushTimer = setTimeout(() => void this.flush(), FLUSH_RETRY_MS);
          this.flushTimer.unref();
        }
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.offs.forEach((off) => off());
    for (const timer of [this.timer, this.flushTimer, this.pushTimer]) if (timer) clearTimeout(timer);
    this.timer = this.flushTimer = this.pushTimer = null;
    await this.flush();
  }
}

export function warningIdOf(alarm: Pick<Alarm, 'alarmId' | 'raisedAtMs'>): string {
  return `${alarm.alarmId}@${alarm.raisedAtMs}`;
}

function statsRowOf(w: StoredWarning): DispositionRow {
  return {
    warningId: w.warningId,
    alarmId: w.alarmId,
    sourceId: w.sourceId,
    sourceKind: w.sourceKind,
    condition: w.condition,
    raisedAtMs: w.raisedAtMs,
    ...(w.acknowledgedAtMs !== undefined && { acknowledgedAtMs: w.acknowledgedAtMs }),
    ...(w.clearedAtMs !== undefined && { clearedAtMs: w.clearedAtMs }),
    ...(w.disposition && { disposition: w.disposition.kind }),
    ...(w.cameraRuleId !== undefined && { cameraRuleId: w.cameraRuleId }),
    ...(w.modelId !== undefined && { modelId: w.modelId }),
  };
}

function issuesOf(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || 'request'}: ${i.message}`)
    .join('; ');
}

