import { randomUUID } from 'node:crypto';
import {
  areaAt,
  describeRecordIssues,
  HAZARD_TICKET_TRANSITIONS,
  HazardListQuerySchema,
  HazardReportSchema,
  HazardStepRequestSchema,
  HazardTicketSchema,
  roleMay,
  type HazardChange,
  type HazardListQuery,
  type HazardMonthlyAnalysis,
  type HazardReport,
  type HazardTicket,
  type HazardTicketAction,
  type HazardTicketDetail,
  type HazardTicketView,
  type Scene,
  type SessionUser,
} from '../contracts/index.js';
import type { JournalSink } from '../audit/index.js';
import type { CoreTopics, MessageBus } from '../bus/index.js';
import { applyHazardStep, hazardTicketTiming, likelyDuplicates, monthlyHazardAnalysis, openHazardTicket, participationPoints, type HazardActor, type HazardsConfig, type HazardStepResult, type LocalMonth, type ParticipationRow } from '../hazards/index.js';
import type { HazardRecords, Stored, StoredMedia } from '../historian/index.js';
import type { CodedResult } from '../http/index.js';
import type { Logger } from '../log/index.js';
import { mayViewPersonalData } from '../privacy/index.js';
import { mediaKindOf, MAX_UPLOADS_PER_USER_PER_HOUR, UploadQuota } from './mediaChecks.js';
import { ChangeListeners, HAZARD_JOURNAL_ACTIONS, journalChange, refused, refuseUnlessNamed, unavailable, WriteQueue } from './registerResults.js';

/** The register keeps at most this many tickets (a large plant files a few thousand a year; older ones would be archived). */
export const MAX_HAZARD_TICKETS = 50_000;
/**
 * A photo as the phone page sends it (downscaled to 1600 px, JPEG: a few hundred KiB) or as a camera took it;
 * a voice note of a minute in Opus is about 0.5 MiB. 4 MiB leaves room for a phone that sends its original.
 */
export const MAX_MEDIA_BYTES = 4 * 1024 * 1024;

export type HazardRegisterOptions = {
  /** The historian's records; null when the core runs without one (every request answers 503). */
  records: HazardRecords | null;
  journal: JournalSink;
  bus: MessageBus<CoreTopics>;
  scene: Pick<Scene, 'areas'>;
  config: HazardsConfig;
  /** The site's offset from UTC (the ticket numbers carry the site's date). */
  utcOffsetMin: number;
  logger: Logger;
  nowMs?: () => number;
};

/**
 * The hidden-danger register in the running core (隐患排查治理, issue 18 item 2, docs/hazards.md §6): tickets
 * from anyone (a phone, an alarm, a camera event, a failed inspection item) through 上报 → 受理 → 整改中 →
 * 待验收 → 已销号, decided by main/hazards' rules for the signed-in user, written through to the historian over
 * the revision they were decided on, journaled, and announced to every screen (`hazard:changed`, no names).
 * Photos and voice notes are stored beside them and referred to by key. Reads withhold names from roles without
 * personnel:viewNames, except the reader's own.
 */
export class HazardRegister {
  private readonly tickets = new Map<string, Stored<HazardTicket>>();
  private readonly queue = new WriteQueue();
  private readonly uploads = new UploadQuota();
  private readonly listeners: ChangeListeners;
  private readonly now: () => number;

  private constructor(private readonly options: HazardRegisterOptions) {
    this.now = options.nowMs ?? Date.now;
    this.listeners = new ChangeListeners(options.logger, 'hidden-danger');
  }

  static async open(options: HazardRegisterOptions): Promise<HazardRegister> {
    const register = new HazardRegister(options);
    for (const ticket of (await options.records?.tickets()) ?? []) register.tickets.set(ticket.record.number, ticket);
    return register;
  }

  get available(): boolean {
    return this.options.records !== null;
  }

  /** Every ticket, oldest report first (the pins, the analysis, the screening). */
  current(): HazardTicket[] {
    return [...this.tickets.values()].map((stored) => stored.record);
  }

  onChange(listener: () => void): () => void {
    return this.listeners.add(listener);
  }

  list(query: unknown, user: SessionUser): CodedResult<HazardTicketView[]> {
    if (!this.available) return unavailable();
    const parsed = HazardListQuerySchema.safeParse(query);
    if (!parsed.success) return refused('ST_ERR_HAZARD_INVALID', describeRecordIssues(parsed.error, 'query'));
    const nowMs = this.now();
    const views = [...this.tickets.values()]
      .filter((stored) => matches(stored.record, parsed.data, user))
      .sort((a, b) => b.record.reportedAtMs - a.record.reportedAtMs)
      .slice(0, parsed.data.limit)
      .map((stored) => this.view(stored, user, nowMs));
    return { ok: true, value: views };
  }

  get(number: string, user: SessionUser): CodedResult<HazardTicketDetail> {
    if (!this.available) return unavailable();
    const stored = this.tickets.get(number);
    if (!stored) return refused('ST_ERR_HAZARD_NOT_FOUND', `no hidden-danger ticket ${number}`);
    const { record } = stored;
    return { ok: true, value: { ...this.view(stored, user, this.now()), likelyDuplicates: likelyDuplicates({ ...record, number: record.number }, this.current(), this.options.config) } };
  }

  /** The monthly hidden-danger analysis (main/hazards monthlyHazardAnalysis) of a local month, now. */
  analysis(month: LocalMonth): CodedResult<HazardMonthlyAnalysis> {
    if (!this.available) return unavailable();
    return { ok: true, value: monthlyHazardAnalysis(this.current(), month, this.now(), this.options.config, this.options.utcOffsetMin) };
  }

  /**
   * The participation leaderboard of [fromMs, toMs) (main/hazards participationPoints), when the site keeps it
   * (`hazards.participation.leaderboard`). Names of other reporters are withheld (empty) from roles without
   * personnel:viewNames; the reader's own row keeps theirs.
   */
  leaderboard(range: { fromMs: number; toMs: number }, user: SessionUser): CodedResult<ParticipationRow[]> {
    if (!this.available) return unavailable();
    if (!this.options.config.participation.leaderboard) return refused('ST_ERR_HAZARD_NOT_FOUND', 'the participation leaderboard is switched off (hazards.participation.leaderboard)');
    const names = mayViewPersonalData(user);
    const rows = participationPoints(this.current(), range, this.options.config);
    return { ok: true, value: names ? rows : rows.map((row) => (row.reporter === user.name ? row : { ...row, reporter: '' })) };
  }

  /** A report (上报) by `user`: its area found from its point when not given, numbered, stored, journaled. */
  report(body: unknown, user: SessionUser): Promise<CodedResult<HazardTicketDetail>> {
    const records = this.options.records;
    if (!records) return Promise.resolve(unavailable());
    const parsed = HazardReportSchema.safeParse(body);
    if (!parsed.success) return Promise.resolve(refused('ST_ERR_HAZARD_INVALID', describeRecordIssues(parsed.error, 'report')));
    return this.fileReport(parsed.data, user);
  }

  /** A report the core files itself for a user (a failed inspection item), already parsed. */
  fileReport(report: HazardReport, user: SessionUser): Promise<CodedResult<HazardTicketDetail>> {
    const records = this.options.records;
    if (!records) return Promise.resolve(unavailable());
    return this.queue.run(async () => {
      if (this.tickets.size >= MAX_HAZARD_TICKETS) return refused('ST_ERR_HAZARD_FULL', `the register holds ${MAX_HAZARD_TICKETS} tickets`);
      const nowMs = this.now();
      const [x, y] = report.location.point;
      const areaId = report.location.areaId ?? areaAt(this.options.scene, x, y) ?? undefined;
      const located: HazardReport = { ...report, location: { ...report.location, ...(areaId !== undefined && { areaId }) } };
      const result = openHazardTicket(located, this.nextNumber(nowMs), actorOf(user), nowMs);
      return this.store(result, 0, user, nowMs);
    });
  }

  /** A step (受理, 驳回, 指派, 整改, 验收, 退回) signed by `user`, decided by main/hazards applyHazardStep. */
  step(number: string, body: unknown, user: SessionUser): Promise<CodedResult<HazardTicketDetail>> {
    const records = this.options.records;
    if (!records) return Promise.resolve(unavailable());
    const parsed = HazardStepRequestSchema.safeParse(body);
    if (!parsed.success) return Promise.resolve(refused('ST_ERR_HAZARD_INVALID', describeRecordIssues(parsed.error, 'step')));
    return this.queue.run(async () => {
      const stored = this.tickets.get(number);
      if (!stored) return refused('ST_ERR_HAZARD_NOT_FOUND', `no hidden-danger ticket ${number}`);
      if (parsed.data.action === 'reject' && parsed.data.duplicateOf !== undefined && !this.tickets.has(parsed.data.duplicateOf)) return refused('ST_ERR_HAZARD_CONFLICT', `duplicateOf: no ticket ${parsed.data.duplicateOf}`);
      const nowMs = this.now();
      return this.store(applyHazardStep(stored.record, parsed.data, actorOf(user), nowMs, this.options.config), stored.revision, user, nowMs);
    });
  }

  /**
   * Files tickets whose trails were already signed by the rules elsewhere (the demo's, dated by their ages):
   * each checked against the ticket schema and stored as it is unless its number is registered. Journaled.
   */
  seed(tickets: readonly HazardTicket[], by: SessionUser): Promise<{ filed: string[]; refused: string[] }> {
    const records = this.options.records;
    if (!records) return Promise.resolve({ filed: [], refused: tickets.map((t) => t.number) });
    return this.queue.run(async () => {
      const filed: string[] = [];
      const refusedNumbers: string[] = [];
      for (const ticket of tickets) {
        if (this.tickets.has(ticket.number)) continue;
        const nowMs = this.now();
        if (!HazardTicketSchema.safeParse(ticket).success || this.tickets.size >= MAX_HAZARD_TICKETS || !(await records.saveTicket(ticket, 0, nowMs))) {
          refusedNumbers.push(ticket.number);
          continue;
        }
        this.tickets.set(ticket.number, { record: ticket, revision: 1, updatedMs: nowMs });
        await journalChange(this.options.journal, this.options.logger, by.name, { action: HAZARD_JOURNAL_ACTIONS.seeded, number: ticket.number, state: ticket.state, grade: ticket.grade, steps: ticket.signatures.length });
        this.announce(ticket, ticket.signatures.at(-1)!.action, nowMs);
        filed.push(ticket.number);
      }
      return { filed, refused: refusedNumbers };
    });
  }

  /** Stores a photo or voice note sent by `user` (a reporter, a rectifier); answers its key for the report or step that carries it. */
  async putMedia(bytes: Uint8Array, mime: string, user: SessionUser): Promise<CodedResult<{ ref: string; kind: 'photo' | 'voice' }>> {
    const records = this.options.records;
    if (!records) return unavailable();
    const denied = refuseUnlessNamed(user, 'hazard:report', 'send hidden-danger photos and voice notes');
    if (denied) return denied;
    if (bytes.byteLength === 0 || bytes.byteLength > MAX_MEDIA_BYTES) return refused('ST_ERR_HAZARD_MEDIA', `a photo or voice note is 1 byte to ${MAX_MEDIA_BYTES / 1024 / 1024} MiB`);
    const checked = mediaKindOf(mime, bytes);
    if (!checked.ok) return refused('ST_ERR_HAZARD_MEDIA', checked.message);
    if (!this.uploads.take(user.name, this.now())) return refused('ST_ERR_HAZARD_FULL', `${user.name} has sent ${MAX_UPLOADS_PER_USER_PER_HOUR} photos and voice notes in the last hour; try again later`);
    const { kind } = checked;
    const media: StoredMedia = { ref: `m-${randomUUID()}`, mime, bytes, createdMs: this.now(), createdBy: user.name };
    await records.putMedia(media);
    await journalChange(this.options.journal, this.options.logger, user.name, { action: HAZARD_JOURNAL_ACTIONS.media, ref: media.ref, mime, bytes: bytes.byteLength });
    return { ok: true, value: { ref: media.ref, kind } };
  }

  async getMedia(ref: string): Promise<CodedResult<StoredMedia>> {
    const records = this.options.records;
    if (!records) return unavailable();
    const media = await records.getMedia(ref);
    return media ? { ok: true, value: media } : refused('ST_ERR_HAZARD_NOT_FOUND', `no media ${ref}`);
  }

  /** Waits for the writes in flight (closing the core before the historian). */
  close(): Promise<void> {
    return this.queue.drained();
  }

  private async store(result: HazardStepResult, revision: number, user: SessionUser, nowMs: number): Promise<CodedResult<HazardTicketDetail>> {
    if (!result.ok) return refused(result.code, result.message);
    const { ticket, step } = result;
    if (!(await this.options.records!.saveTicket(ticket, revision, nowMs))) return refused('ST_ERR_HAZARD_CONFLICT', `ticket ${ticket.number} was changed by another writer; read it again`);
    this.tickets.set(ticket.number, { record: ticket, revision: revision + 1, updatedMs: nowMs });
    await journalChange(this.options.journal, this.options.logger, user.name, {
      action: step.action === 'report' ? HAZARD_JOURNAL_ACTIONS.reported : HAZARD_JOURNAL_ACTIONS.step,
      number: ticket.number,
      step: step.action,
      from: step.from,
      to: step.to,
      role: step.role,
      grade: ticket.grade,
      ...(step.deadlineMs !== undefined && { deadlineMs: step.deadlineMs }),
      ...(step.rejectReason !== undefined && { rejectReason: step.rejectReason }),
      ...(step.duplicateOf !== undefined && { duplicateOf: step.duplicateOf }),
      ...(step.note !== undefined && { note: step.note }),
      media: ticket.media.length,
    });
    this.announce(ticket, step.action, nowMs);
    return this.get(ticket.number, user);
  }

  private announce(ticket: HazardTicket, change: HazardTicketAction, atMs: number): void {
    const payload: HazardChange = { number: ticket.number, state: ticket.state, grade: ticket.grade, point: [...ticket.location.point], ...(ticket.location.areaId !== undefined && { areaId: ticket.location.areaId }), change, atMs };
    this.options.bus.publish('toScreens', { event: 'hazard:changed', payload });
    this.listeners.notify();
  }

  private view(stored: Stored<HazardTicket>, user: SessionUser, nowMs: number): HazardTicketView {
    const names = mayViewPersonalData(user);
    const { record } = stored;
    const timing = hazardTicketTiming(record, nowMs, this.options.config);
    return {
      ticket: names ? record : withoutNames(record, user.name),
      namesWithheld: !names,
      mine: record.reporter === user.name && !user.implicit,
      revision: stored.revision,
      updatedMs: stored.updatedMs,
      timing: { deadlineMs: timing.deadlineMs, running: timing.running, overdue: timing.overdue, remindersDue: timing.remindersDue, escalationLevel: timing.escalationLevel },
      steps: (Object.keys(HAZARD_TICKET_TRANSITIONS) as (keyof typeof HAZARD_TICKET_TRANSITIONS)[]).filter((action) => {
        const transition = HAZARD_TICKET_TRANSITIONS[action];
        return transition.from.includes(record.state) && roleMay(user.role, transition.needs);
      }),
    };
  }

  /** HD-<site date>-<n>: the n-th ticket reported that day at the site, 1-based, three digits at least. */
  private nextNumber(nowMs: number): string {
    const day = new Date(nowMs + this.options.utcOffsetMin * 60_000).toISOString().slice(0, 10).replaceAll('-', '');
    const prefix = `HD-${day}-`;
    let n = 1;
    for (const number of this.tickets.keys()) if (number.startsWith(prefix)) n = Math.max(n, Number(number.slice(prefix.length)) + 1);
    return `${prefix}${String(n).padStart(3, '0')}`;
  }
}

function actorOf(user: SessionUser): HazardActor {
  return { name: user.name, role: user.role, implicit: user.implicit };
}

function matches(ticket: HazardTicket, query: HazardListQuery, user: SessionUser): boolean {
  if (query.states && !query.states.includes(ticket.state)) return false;
  if (query.grades && !query.grades.includes(ticket.grade)) return false;
  if (query.kinds && !query.kinds.includes(ticket.kind)) return false;
  if (query.sources && !query.sources.includes(ticket.source.kind)) return false;
  if (query.areaIds && (ticket.location.areaId === undefined || !query.areaIds.includes(ticket.location.areaId))) return false;
  if (query.mine && (user.implicit || ticket.reporter !== user.name)) return false;
  if (query.fromMs !== undefined && ticket.reportedAtMs < query.fromMs) return false;
  if (query.toMs !== undefined && ticket.reportedAtMs >= query.toMs) return false;
  return true;
}

/** The ticket without other people's names (reporter, assignee, signers); `own` — the reader's — stays. */
function withoutNames(ticket: HazardTicket, own: string): HazardTicket {
  const shown = (name: string) => (name === own ? name : '');
  return {
    ...ticket,
    reporter: shown(ticket.reporter),
    ...(ticket.assignee !== undefined && { assignee: shown(ticket.assignee) }),
    signatures: ticket.signatures.map((s) => ({ ...s, user: shown(s.user), ...(s.assignee !== undefined && { assignee: shown(s.assignee) }) })),
  };
}
