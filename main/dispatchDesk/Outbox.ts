import type { CoreTopics, MessageBus } from '../bus/index.js';
import type { DeliveryStatus, DispatchChannelStatus, MessageKind, RosterPerson, WarningGrade } from '../contracts/index.js';
import {
  channelCarries,
  FloodDigest,
  OUTBOUND_CHANNELS,
  renderDigestMessage,
  renderWarningMessage,
  retryDelayMs,
  retryGivenUp,
  type ChannelsConfig,
  type DigestFacts,
  type DueDigest,
  type MessageLocale,
  type MessageNames,
  type OutboundChannel,
} from '../dispatch/index.js';
import type { DeliveryRow, DispatchDeliveryRecords } from '../historian/index.js';
import { RateLimitedLog, type Logger } from '../log/index.js';
import { ChannelError, type Channel, type ChannelTarget, type OutgoingMessage } from './channels/channel.js';
import type { ChannelSetup } from './channels/createChannels.js';
import type { DeliveryReport, MessageSink, OutboundMessage } from './outboundMessage.js';

/** Deliveries held at once (queued, retrying, in a digest): a day of a large site's warnings on six channels; beyond it refused and counted. */
export const MAX_PENDING_DELIVERIES = 20_000;
/** Finished deliveries stay in the outbox table this long (the warnings keep their statuses for good). */
const KEEP_FINISHED_MS = 7 * 86_400_000;
const PRUNE_INTERVAL_MS = 86_400_000;
/** Delivery ids remembered after they finish, so a message queued again is not sent twice (without a historian). */
const MAX_RECENT_IDS = 20_000;

export type OutboxOptions = {
  config: ChannelsConfig;
  setup: ChannelSetup;
  /** The historian's outbox table; null: in memory only (pending messages are lost with the core). */
  records: DispatchDeliveryRecords | null;
  /** The roster person now (addresses, locale, account), read when a message is queued and when it is sent. */
  people: (personId: string) => RosterPerson | undefined;
  /** Names in a language (scene, roster posts, conditions): messageNames(). */
  names: (locale: MessageLocale) => MessageNames;
  utcOffsetMin: number;
  bus: MessageBus<CoreTopics>;
  logger: Logger;
  /** Every change of a warning message's delivery (queued, retrying, sent, failed): the desk's warning shows it. */
  onDelivery: (report: DeliveryReport) => void;
  now?: () => number;
  random?: () => number;
  maxPending?: number;
};

export type OutboxStats = { queued: number; sent: number; failed: number; retried: number; rejected: number; duplicates: number; digests: number };

type Pending = {
  row: DeliveryRow;
  /** The warning message, or null for a digest. */
  message: OutboundMessage | null;
  digest: StoredDigest | null;
  /** A digest's folded deliveries. */
  folded: Pending[];
  /** Persisted (or checked against the table) and free to send. */
  ready: boolean;
};
type ChannelState = { healthy: boolean; busy: boolean; blockedUntilMs: number; lastError?: string; lastErrorAtMs?: number; lastSentAtMs?: number };
type DigestEntry = { deliveryId: string; kind: MessageKind; grade: WarningGrade; createdAtMs: number };
/** A digest delivery's message_json. */
type StoredDigest = { facts: DigestFacts; grade: WarningGrade };

/**
 * The warning outbox (issue 19 item 3, docs/dispatch.md §channels): takes the desk's messages, makes one delivery
 * per channel that carries it (group channels the group messages, personal channels the messages of people they
 * have an address for, each down to its least severe grade), folds floods into digests, sends one at a time per
 * channel, retries with exponential back-off and jitter, and keeps every delivery in the historian until it is
 * sent or given up, so a restart resumes what was pending. A failing channel is a problem on the status bar
 * (ST_ERR_DISPATCH_CHANNEL_DOWN) until a send succeeds; its messages wait behind the back-off. Each delivery's
 * status goes back to the desk (onDelivery). enqueue never blocks and never throws.
 */
export class Outbox implements MessageSink {
  private readonly channels: Channel[];
  private readonly state = new Map<OutboundChannel, ChannelState>();
  private readonly pending = new Map<string, Pending>();
  private readonly recent = new Set<string>();
  private readonly digest: FloodDigest<DigestEntry>;
  private readonly log: RateLimitedLog;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly maxPending: number;
  private readonly inFlight = new Set<Promise<void>>();
  private writes: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;
  private digestSeq = 0;
  private full = false;
  private closed = false;
  readonly stats: OutboxStats = { queued: 0, sent: 0, failed: 0, retried: 0, rejected: 0, duplicates: 0, digests: 0 };

  private constructor(private readonly options: OutboxOptions) {
    this.channels = options.setup.channels;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.maxPending = options.maxPending ?? MAX_PENDING_DELIVERIES;
    this.digest = new FloodDigest(options.config.digest);
    this.log = new RateLimitedLog(options.logger, 10_000, this.now);
    for (const channel of this.channels) this.state.set(channel.name, { healthy: true, busy: false, blockedUntilMs: 0 });
  }

  /** Starts the outbox: what the historian holds unfinished is resumed, the channels that could not start are raised as problems. */
  static async open(options: OutboxOptions): Promise<Outbox> {
    const outbox = new Outbox(options);
    for (const fault of options.setup.faults) outbox.raise(fault.channel, fault.message, 'error');
    if (options.records) {
      await outbox.resume(await options.records.unfinished());
      outbox.prune();
      outbox.pruneTimer = setInterval(() => outbox.prune(), PRUNE_INTERVAL_MS).unref();
    } else if (options.setup.channels.length > 0) {
      options.logger.warn('outbox without a historian: messages waiting for a channel are lost when the core stops');
    }
    outbox.pump();
    return outbox;
  }

  enqueue(messages: OutboundMessage[]): void {
    if (this.closed) return;
    const now = this.now();
    const accepted: Pending[] = [];
    for (const message of messages) {
      try {
        this.queue(message, now, accepted);
      } catch (error) {
        // A message the outbox cannot take (its person's lookup failed, it does not serialise) is counted, never thrown at the desk.
        this.stats.rejected += 1;
        this.log.warn('outbox-message', { err: error, messageId: String(message?.messageId) }, 'outbox: a message could not be queued');
      }
    }
    if (accepted.length > 0) this.track(this.accept(accepted));
  }

  /** One delivery per channel that carries the message, added to `accepted`. */
  private queue(message: OutboundMessage, now: number, accepted: Pending[]): void {
    for (const channel of this.channels) {
      if (!this.carries(channel, message)) continue;
      const deliveryId = `${message.messageId}/${channel.name}`;
      if (this.pending.has(deliveryId) || this.recent.has(deliveryId)) {
        this.stats.duplicates += 1;
        continue;
      }
      if (this.pending.size >= this.maxPending) {
        this.refuse(deliveryId, message, channel.name, now);
        continue;
      }
      const row = newDeliveryRow({ deliveryId, messageId: message.messageId, warningId: message.warningId, channel: channel.name, personId: message.personId, kind: message.kind, messageJson: JSON.stringify(message) }, now);
      const pending: Pending = { row, message, digest: null, folded: [], ready: false };
      this.pending.set(deliveryId, pending);
      accepted.push(pending);
    }
  }

  /** Each channel's health and queue, for GET /api/dispatch/channels. */
  channelStatus(): DispatchChannelStatus[] {
    const queued = new Map<string, number>();
    for (const p of this.pending.values()) queued.set(p.row.channel, (queued.get(p.row.channel) ?? 0) + (p.row.status === 'folded' ? 0 : 1));
    return OUTBOUND_CHANNELS.map((name) => {
      const state = this.state.get(name);
      const fault = this.options.setup.faults.find((f) => f.channel === name);
      const view: DispatchChannelStatus = { channel: name, configured: this.options.config[name] !== undefined, active: state !== undefined, healthy: state ? state.healthy : fault === undefined, queued: queued.get(name) ?? 0 };
      const lastError = state?.lastError ?? fault?.message;
      if (lastError !== undefined) view.lastError = lastError;
      if (state?.lastErrorAtMs !== undefined) view.lastErrorAtMs = state.lastErrorAtMs;
      if (state?.lastSentAtMs !== undefined) view.lastSentAtMs = state.lastSentAtMs;
      return view;
    });
  }

  /** Stops sending; what is pending stays in the historian for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    await Promise.allSettled([...this.inFlight]);
    await this.writes;
    for (const channel of this.channels) await channel.close?.();
  }

  // ─── Queueing ─────────────────────────────────────────────────────────────────────────────────────────

  private carries(channel: Channel, message: OutboundMessage): boolean {
    if (message.kind === 'digest') return false; // the outbox's own kind, never the desk's
    const config = this.options.config[channel.name];
    if (!config || !channelCarries(config, message)) return false;
    if (channel.group) return message.personId === null;
    const person = message.personId === null ? undefined : this.options.people(message.personId);
    return person !== undefined && channel.reaches(person);
  }

  /** Drops what the table already holds (queued again), stores the rest, offers them to the digest and sends. */
  private async accept(accepted: Pending[]): Promise<void> {
    const records = this.options.records;
    let fresh = accepted;
    if (records) {
      try {
        const existing = await records.existing(accepted.map((p) => p.row.deliveryId));
        fresh = accepted.filter((p) => !existing.has(p.row.deliveryId));
        for (const p of accepted) if (existing.has(p.row.deliveryId)) this.pending.delete(p.row.deliveryId);
        this.stats.duplicates += accepted.length - fresh.length;
      } catch (error) {
        this.log.warn('outbox-read', { err: error }, 'outbox: the historian cannot be read; messages are sent from memory');
      }
    }
    const now = this.now();
    for (const p of fresh) {
      const key = digestKey(p.row.channel, p.row.personId);
      if (this.digest.offer(key, digestEntry(p), now) === 'held') p.row.status = 'held';
      p.ready = true;
      this.stats.queued += 1;
      this.report(p);
    }
    this.persist(fresh.map((p) => p.row), []);
    this.pump();
  }

  /** Rows the historian held unfinished at start: queued ones are sent, held ones fold into a digest, folded ones follow theirs. */
  private async resume(rows: DeliveryRow[]): Promise<void> {
    const now = this.now();
    const byId = new Map<string, Pending>();
    for (const row of rows) {
      const parsed = parseStored(row);
      if (!parsed) {
        this.log.warn('outbox-row', { deliveryId: row.deliveryId }, 'outbox: an unreadable row is left unsent');
        continue;
      }
      const pending: Pending = { row, ...parsed, folded: [], ready: true };
      // A channel taken out of the configuration since cannot send its messages (one whose secret is missing waits for it).
      if (this.options.config[row.channel as OutboundChannel] === undefined) {
        this.finish(pending, 'failed', now, `channel ${row.channel} is no longer configured`);
        continue;
      }
      byId.set(row.deliveryId, pending);
      this.pending.set(row.deliveryId, pending);
    }
    for (const p of byId.values()) {
      if (p.row.status === 'held') this.digest.hold(digestKey(p.row.channel, p.row.personId), digestEntry(p), now);
      if (p.row.status !== 'folded') continue;
      const carrier = p.row.digestId === null ? undefined : byId.get(p.row.digestId);
      if (carrier) carrier.folded.push(p);
      else p.row.status = 'queued'; // its digest is gone: sent on its own
    }
    if (byId.size > 0) this.options.logger.info({ deliveries: byId.size }, 'outbox: resuming deliveries pending at the last stop');
  }

  /** A message beyond the bound: counted, raised once, and told to the desk as a failed delivery (the warning shows it was not sent). */
  private refuse(deliveryId: string, message: OutboundMessage, channel: OutboundChannel, now: number): void {
    this.stats.rejected += 1;
    this.report({
      row: { ...newDeliveryRow({ deliveryId, messageId: message.messageId, warningId: message.warningId, channel, personId: message.personId, kind: message.kind, messageJson: '' }, now), status: 'failed', lastError: 'the outbox is full' },
      message,
      digest: null,
      folded: [],
      ready: false,
    });
    this.log.warn('outbox-full', { deliveryId, pending: this.pending.size, rejected: this.stats.rejected }, 'outbox full: message refused');
    if (!this.full) {
      this.full = true;
      this.options.bus.publish('problem', { code: 'ST_ERR_DISPATCH_OUTBOX_FULL', severity: 'error', message: `The warning outbox holds ${this.pending.size} messages, its limit: further messages are refused and counted`, location: 'dispatch/outbox' });
    }
  }

  // ─── Sending ──────────────────────────────────────────────────────────────────────────────────────────

  private pump(): void {
    if (this.closed) return;
    const now = this.now();
    for (const due of this.digest.due(now)) this.fold(due, now);
    for (const channel of this.channels) {
      const state = this.state.get(channel.name)!;
      if (state.busy || now < state.blockedUntilMs) continue;
      const next = this.nextOf(channel.name, now);
      if (next) this.track(this.attempt(channel, state, next));
    }
    if (this.full && this.pending.size < this.maxPending / 2) {
      this.full = false;
      this.options.bus.publish('problemCleared', { code: 'ST_ERR_DISPATCH_OUTBOX_FULL', location: 'dispatch/outbox' });
    }
    this.schedule(now);
  }

  /** The channel's oldest delivery due now. */
  private nextOf(channel: OutboundChannel, now: number): Pending | undefined {
    let best: Pending | undefined;
    for (const p of this.pending.values()) {
      if (p.row.channel !== channel || !p.ready || p.row.status !== 'queued' || p.row.nextAttemptMs > now) continue;
      if (!best || p.row.queuedAtMs < best.row.queuedAtMs) best = p;
    }
    return best;
  }

  private schedule(now: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    let wake = this.digest.nextDueMs() ?? Infinity;
    for (const p of this.pending.values()) {
      if (!p.ready || p.row.status !== 'queued') continue;
      const state = this.state.get(p.row.channel as OutboundChannel);
      if (!state || state.busy) continue;
      wake = Math.min(wake, Math.max(p.row.nextAttemptMs, state.blockedUntilMs));
    }
    if (!Number.isFinite(wake)) return;
    this.timer = setTimeout(() => this.pump(), Math.max(wake - now, 0)).unref();
  }

  /** Work close() waits for; an unexpected failure in it is logged, never an unhandled rejection. */
  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.log.error('outbox-internal', { err: error }, 'outbox: unexpected failure; the outbox goes on'));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  private async attempt(channel: Channel, state: ChannelState, p: Pending): Promise<void> {
    state.busy = true;
    try {
      await channel.send(this.outgoing(channel, p), this.target(channel, p));
      this.sent(channel, state, p);
    } catch (error) {
      this.failedAttempt(channel, state, p, error instanceof ChannelError ? error : new ChannelError(error instanceof Error ? error.message : String(error), true));
    } finally {
      state.busy = false;
      this.pump();
    }
  }

  private outgoing(channel: Channel, p: Pending): OutgoingMessage {
    const person = p.row.personId === null ? undefined : this.options.people(p.row.personId);
    const locale: MessageLocale = channel.group ? channel.groupLocale : (person?.locale ?? 'zh-CN');
    const { utcOffsetMin } = this.options;
    if (p.digest) return { deliveryId: p.row.deliveryId, kind: 'digest', grade: p.digest.grade, locale, rendered: renderDigestMessage(p.digest.facts, locale, utcOffsetMin), message: null, digest: p.digest.facts };
    const message = p.message!;
    // carries() refused digests when the message was queued.
    const facts = { ...message, kind: message.kind as Exclude<MessageKind, 'digest'> };
    return { deliveryId: p.row.deliveryId, kind: message.kind, grade: message.grade, locale, rendered: renderWarningMessage(facts, locale, this.options.names(locale), utcOffsetMin), message, digest: null };
  }

  private target(channel: Channel, p: Pending): ChannelTarget {
    if (channel.group) {
      const mentions = (p.message?.mentionPersonIds ?? []).flatMap((id) => this.options.people(id) ?? []);
      return { kind: 'group', mentions };
    }
    const person = p.row.personId === null ? undefined : this.options.people(p.row.personId);
    if (!person) throw new ChannelError('the person is no longer in the duty roster', false, true);
    return { kind: 'person', person };
  }

  private sent(channel: Channel, state: ChannelState, p: Pending): void {
    const now = this.now();
    p.row.attempts += 1;
    state.lastSentAtMs = now;
    if (!state.healthy) {
      state.healthy = true;
      state.blockedUntilMs = 0;
      this.options.bus.publish('problemCleared', { code: 'ST_ERR_DISPATCH_CHANNEL_DOWN', location: `dispatch/${channel.name}` });
      this.options.logger.info({ channel: channel.name }, 'outbox: channel recovered');
    }
    this.finish(p, 'sent', now, null);
    this.stats.sent += 1;
  }

  private failedAttempt(channel: Channel, state: ChannelState, p: Pending, error: ChannelError): void {
    const now = this.now();
    p.row.attempts += 1;
    p.row.lastError = error.message;
    const { retry } = this.options.config;
    if (!error.retryable || retryGivenUp(retry, p.row.attempts, p.row.queuedAtMs, now)) {
      this.finish(p, 'failed', now, error.message);
      this.stats.failed += 1;
    } else {
      p.row.nextAttemptMs = now + retryDelayMs(retry, p.row.attempts, this.random());
      p.row.updatedMs = now;
      this.stats.retried += 1;
      this.persist([], [p]);
      this.report(p);
    }
    this.log.warn(`outbox-${channel.name}`, { channel: channel.name, deliveryId: p.row.deliveryId, attempts: p.row.attempts, retryable: error.retryable, error: error.message }, 'outbox: delivery failed');
    if (error.recipientFault) return;
    // The channel itself fails: its other messages wait behind this one's back-off instead of each hitting it.
    if (error.retryable && p.row.status === 'queued') state.blockedUntilMs = p.row.nextAttemptMs;
    state.lastError = error.message;
    state.lastErrorAtMs = now;
    if (state.healthy) {
      state.healthy = false;
      this.raise(channel.name, error.message, 'warning');
    }
  }

  private raise(channel: OutboundChannel, detail: string, severity: 'warning' | 'error'): void {
    this.options.bus.publish('problem', {
      code: 'ST_ERR_DISPATCH_CHANNEL_DOWN',
      severity,
      message: `Warning channel ${channel} is failing: ${detail}`,
      tip: 'Messages are kept and retried with back-off; check the receiver and the channel settings (config.dispatch.channels)',
      location: `dispatch/${channel}`,
    });
  }

  /** A delivery sent or given up, with the deliveries its digest carried. */
  private finish(p: Pending, status: 'sent' | 'failed', now: number, error: string | null): void {
    const done = [p, ...p.folded];
    for (const d of done) {
      d.row.status = status;
      d.row.updatedMs = now;
      if (status === 'sent') d.row.sentAtMs = now;
      // A sent delivery shows no error (its attempts say it took more than one); a failed one shows why.
      d.row.lastError = error;
      this.pending.delete(d.row.deliveryId);
      this.remember(d.row.deliveryId);
      this.report(d);
    }
    this.persist([], done);
  }

  /** A window's held messages become one digest delivery carrying them. */
  private fold(due: DueDigest<DigestEntry>, now: number): void {
    const held = due.items.flatMap((entry) => this.pending.get(entry.deliveryId) ?? []);
    const first = held[0];
    if (!first) return;
    const grade = Math.min(...held.map((h) => h.message?.grade ?? 4)) as WarningGrade;
    const messageId = `digest-${now}-${(this.digestSeq += 1)}`;
    const stored: StoredDigest = { facts: due.facts, grade };
    const row = newDeliveryRow({ deliveryId: `${messageId}/${first.row.channel}`, messageId, warningId: null, channel: first.row.channel, personId: first.row.personId, kind: 'digest', messageJson: JSON.stringify(stored) }, now);
    const carrier: Pending = { row, message: null, digest: stored, folded: held, ready: true };
    for (const h of held) {
      h.row.status = 'folded';
      h.row.digestId = row.deliveryId;
      h.row.updatedMs = now;
    }
    this.pending.set(row.deliveryId, carrier);
    this.stats.digests += 1;
    this.persist([row], held);
  }

  // ─── Records and reports ──────────────────────────────────────────────────────────────────────────────

  /** Written in order behind earlier writes; a lost historian keeps the outbox working from memory. */
  private persist(inserts: DeliveryRow[], updates: Pending[]): void {
    const records = this.options.records;
    if (!records) return;
    // Copies: the rows change on while the write waits its turn.
    const insertRows = inserts.map((row) => ({ ...row }));
    const updateRows = updates.map((u) => ({ ...u.row }));
    this.writes = this.writes
      .then(() => records.write(insertRows, updateRows))
      .catch((error: unknown) => this.log.warn('outbox-write', { err: error }, 'outbox: a delivery could not be written to the historian; it is kept in memory'));
  }

  private report(p: Pending): void {
    if (p.row.warningId === null) return;
    const status: DeliveryStatus = p.row.status === 'sent' ? 'sent' : p.row.status === 'failed' ? 'failed' : p.row.attempts > 0 ? 'retrying' : 'queued';
    const report: DeliveryReport = {
      warningId: p.row.warningId,
      deliveryId: p.row.deliveryId,
      channel: p.row.channel as OutboundChannel,
      personId: p.row.personId,
      kind: p.row.kind as MessageKind,
      status,
      attempts: p.row.attempts,
      queuedAtMs: p.row.queuedAtMs,
    };
    if (p.row.sentAtMs !== null) report.sentAtMs = p.row.sentAtMs;
    if (p.row.lastError !== null) report.error = p.row.lastError;
    try {
      this.options.onDelivery(report);
    } catch (error) {
      this.log.warn('outbox-report', { err: error }, 'outbox: the delivery report was not taken');
    }
  }

  private remember(deliveryId: string): void {
    this.recent.add(deliveryId);
    if (this.recent.size > MAX_RECENT_IDS) this.recent.delete(this.recent.values().next().value!);
  }

  private prune(): void {
    const records = this.options.records;
    if (!records) return;
    const before = this.now() - KEEP_FINISHED_MS;
    this.writes = this.writes.then(async () => {
      try {
        await records.pruneFinished(before);
      } catch (error) {
        this.log.warn('outbox-prune', { err: error }, 'outbox: finished deliveries could not be pruned');
      }
    });
  }
}

const digestKey = (channel: string, personId: string | null) => `${personId ?? '*'}/${channel}`;

function digestEntry(p: Pending): DigestEntry {
  return { deliveryId: p.row.deliveryId, kind: p.row.kind as MessageKind, grade: p.message?.grade ?? p.digest?.grade ?? 4, createdAtMs: p.message?.createdAtMs ?? p.row.queuedAtMs };
}

/** A stored row's message or digest; null when the JSON is not what this outbox wrote. */
function parseStored(row: DeliveryRow): Pick<Pending, 'message' | 'digest'> | null {
  try {
    const value = JSON.parse(row.messageJson) as unknown;
    if (row.kind === 'digest') {
      const stored = value as StoredDigest;
      return stored && typeof stored.facts?.count === 'number' ? { message: null, digest: stored } : null;
    }
    const message = value as OutboundMessage;
    return message && typeof message.messageId === 'string' && typeof message.grade === 'number' ? { message, digest: null } : null;
  } catch {
    return null;
  }
}

/** A delivery as it enters the queue: nothing tried yet, due now. */
function newDeliveryRow(fields: Pick<DeliveryRow, 'deliveryId' | 'messageId' | 'warningId' | 'channel' | 'personId' | 'kind' | 'messageJson'>, nowMs: number): DeliveryRow {
  return { ...fields, status: 'queued', attempts: 0, queuedAtMs: nowMs, nextAttemptMs: nowMs, sentAtMs: null, lastError: null, digestId: null, updatedMs: nowMs };
}
