import { areaAt, type Permit, type Scene } from '../contracts/index.js';
import type { ExternalConditionInput } from '../alarms/index.js';
import type { LiveHub } from '../live/index.js';
import { RateLimitedLog, type Logger } from '../log/index.js';
import { evaluateContractorRules, type ContractorBook, type ContractorChecks, type ContractorCondition } from './qualificationRules.js';

/** Presence checks (who is where) run about once a second, as the permit checks do, and at once on a change. */
const DEFAULT_TICK_MS = 1_000;
/** Expiry warnings change by the day: checked once a minute, and at once when a record changes. */
const DEFAULT_EXPIRY_EVERY_MS = 60_000;
/** Badge positions older than this are ignored (the permit rules' default, PermitsConfig.badgeStaleAfterMs). */
const DEFAULT_BADGE_STALE_AFTER_MS = 30_000;

/** What the watch reads of the live plant and where its conditions go. */
export type ContractorWatchHub = Pick<LiveHub, 'workerPositions' | 'externalCondition'>;

/** The permits the checks look at, told when one changes (the permit register, workPermits' ActivePermits). */
export type WatchedPermits = { current(): readonly Permit[]; onChange(listener: () => void): () => void };

export type ContractorWatchOptions = {
  book: ContractorBook & { onChange(listener: () => void): () => void };
  permits: WatchedPermits;
  scene: Pick<Scene, 'areas'>;
  hub: ContractorWatchHub;
  logger: Logger;
  badgeStaleAfterMs?: number;
  nowMs?: () => number;
  tickMs?: number;
  expiryEveryMs?: number;
};

/**
 * The contractor checks in the running core (issue 17 item 3, docs/contractors.md): about once a second,
 * and at once when a record or a permit changes, it evaluates who is where (an unqualified person in a
 * working permit's zone, a contractor outside their authorised area or window); once a minute and on a
 * change, whose certificates expire within 30 or 7 days. Each condition is set on the plant's alarm engine
 * as an external condition (located where the badge is), so every screen shows it as any other ISA-18.2
 * alarm; a condition no longer found is cleared. A failure is counted and logged (rate-limited), never
 * thrown into the core.
 */
export class ContractorWatch {
  readonly counts = { evaluations: 0, ruleErrors: 0 };
  private readonly now: () => number;
  private readonly log: RateLimitedLog;
  /** Active conditions by alarm id, per group of checks: what to clear when a later evaluation no longer finds them. */
  private readonly active = { presence: new Map<string, ContractorCondition>(), expiry: new Map<string, ContractorCondition>() };
  private readonly unsubscribers: (() => void)[] = [];
  private timers: ReturnType<typeof setInterval>[] = [];
  private pending: ReturnType<typeof setImmediate> | null = null;

  constructor(private readonly options: ContractorWatchOptions) {
    this.now = options.nowMs ?? Date.now;
    this.log = new RateLimitedLog(options.logger, 10_000, this.now);
  }

  start(): void {
    if (this.timers.length > 0) return;
    this.unsubscribers.push(
      this.options.book.onChange(() => this.schedule()),
      this.options.permits.onChange(() => this.schedule()),
    );
    this.timers = [setInterval(() => this.evaluate({ presence: true, expiry: false }), this.options.tickMs ?? DEFAULT_TICK_MS), setInterval(() => this.evaluate({ presence: false, expiry: true }), this.options.expiryEveryMs ?? DEFAULT_EXPIRY_EVERY_MS)];
    for (const timer of this.timers) timer.unref();
    this.evaluate();
  }

  /** Stops evaluating; the alarms stay as they are (the core is stopping). */
  stop(): void {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    if (this.pending) clearImmediate(this.pending);
    this.pending = null;
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
  }

  /** One evaluation now of the given checks (both by default). Never throws. */
  evaluate(checks: ContractorChecks = { presence: true, expiry: true }): void {
    const nowMs = this.now();
    this.counts.evaluations++;
    let found: ContractorCondition[];
    try {
      const { hub, permits, scene } = this.options;
      const badges = hub.workerPositions().map((w) => ({ badgeId: w.badgeId, position: [w.x, w.y] as [number, number], tsMs: w.tsMs }));
      found = evaluateContractorRules(this.options.book, { nowMs, badges, permits: permits.current(), areaAt: ([x, y]) => areaAt(scene, x, y), badgeStaleAfterMs: this.options.badgeStaleAfterMs ?? DEFAULT_BADGE_STALE_AFTER_MS }, checks);
    } catch (error) {
      this.counts.ruleErrors++;
      this.log.error('ruleError', { err: error }, 'contractor checks: an evaluation failed');
      return;
    }
    for (const group of ['presence', 'expiry'] as const) {
      if (!checks[group]) continue;
      const previous = this.active[group];
      const next = new Map<string, ContractorCondition>();
      for (const condition of found) {
        if ((condition.sourceKind === 'person') !== (group === 'expiry')) continue;
        next.set(`${condition.sourceId}:${condition.condition}`, condition);
        this.setCondition(condition, true, nowMs);
      }
      for (const [alarmId, condition] of previous) if (!next.has(alarmId)) this.setCondition(condition, false, nowMs);
      this.active[group] = next;
    }
  }

  private schedule(): void {
    if (this.pending || this.timers.length === 0) return;
    this.pending = setImmediate(() => {
      this.pending = null;
      this.evaluate();
    });
  }

  private setCondition(condition: ContractorCondition, active: boolean, nowMs: number): void {
    const areaId = condition.location ? areaAt(this.options.scene, condition.location.x, condition.location.y) : null;
    const input: ExternalConditionInput = {
      sourceId: condition.sourceId,
      sourceKind: condition.sourceKind,
      condition: condition.condition,
      active,
      nowMs,
      ...(condition.permitType !== undefined && { permitType: condition.permitType }),
      ...(active && {
        ...(condition.location && { location: condition.location }),
        ...(areaId !== null && { areaId }),
        ...(condition.value !== undefined && { value: condition.value }),
        ...(condition.unit !== undefined && { unit: condition.unit }),
        reason: condition.reason,
        reasonCode: condition.reasonCode,
      }),
    };
    try {
      this.options.hub.externalCondition(input);
    } catch (error) {
      this.counts.ruleErrors++;
      this.log.error(`alarmRefused:${condition.sourceId}`, { alarmId: `${condition.sourceId}:${condition.condition}`, err: error }, 'contractor checks: the alarm engine refused a condition');
    }
  }
}
