import { createHash } from 'node:crypto';
import type { CheckItem, Checkpoint, CheckResult, HazardTicket, InspectionPlan, SessionUser, WorkerPosition } from '../contracts/index.js';
import type { DemoHazardsScene, DemoInspector, HazardsConfig } from '../hazards/index.js';
import type { LiveHub } from '../live/index.js';
import { RateLimitedLog, type Logger } from '../log/index.js';
import { loadDemoHazards } from './demoDoublePrevention.js';
import type { HazardRegister } from './HazardRegister.js';
import type { InspectionRegister } from './InspectionRegister.js';

/** The walker looks at the slots and the badges this often: a badge stands 2–3 min at a checkpoint, so a few seconds is soon enough. */
const DEFAULT_TICK_MS = 5_000;
/**
 * A walk that checks in nowhere new for this long is sent again with the checkpoints still to do: the longest leg of
 * the demo plant is a few minutes at walking pace, so half an hour means a checkpoint was passed unseen (the badge
 * feed paused) and the simulated walk ended without it.
 */
const STALL_MS = 30 * 60_000;
/** After the register refuses to open a round, the next try waits this long (a refusal repeats until something changes). */
const RETRY_AFTER_REFUSAL_MS = 10 * 60_000;
/** One in this many plant days has a finding on the day's first round: with about two rounds a day, one round in five or six. */
const FINDING_EVERY_DAYS = 3;
/**
 * Gas detectors read about zero in clean air: a typical reading of a concentration with only an upper limit is a
 * few hundredths of that limit, where a gauge of pressure or temperature runs half to four fifths of its limit.
 */
const CONCENTRATION_UNITS = new Set(['%LEL', 'ppm', 'mg/m³', 'mg/m3', '%vol']);
const DAY_MS = 86_400_000;

/** What walks the demo's inspectors: the embedded simulator (main/simulator PlantSimulation.setInspectionWalks through the live plant). */
export type InspectionWalkSink = { setInspectionWalks(walks: readonly { id: string; badgeId: string; checkpoints: readonly [number, number][] }[]): void };

export type DemoInspectionWalkerOptions = {
  inspectors: readonly DemoInspector[];
  inspections: Pick<InspectionRegister, 'available' | 'currentPlans' | 'slots' | 'startRound' | 'checkIn' | 'results'>;
  hazards: Pick<HazardRegister, 'current'>;
  hub: Pick<LiveHub, 'workerPositions'>;
  simulator: InspectionWalkSink;
  config: HazardsConfig;
  utcOffsetMin: number;
  logger: Logger;
  nowMs?: () => number;
  tickMs?: number;
};

/** A round being walked: its slot, the simulated walk's id, the checkpoints checked in at, the day's finding if it carries it. */
type Walk = { planId: string; roundId: string; slotEndMs: number; walkId: string; checked: Set<string>; progressMs: number; finding: { checkpointId: string; itemId: string } | undefined };

/**
 * The demo's inspection rounds walked by its simulated inspectors (issue 18 item 6, docs/hazards.md §9): for each
 * demo plan with an inspector, when the plan's slot is due without a complete round and the inspector's badge is
 * on site, the round is opened in the inspector's name and the simulator sends them round its checkpoints. As the
 * badge comes within a checkpoint's check-in radius (the live hub's RTLS fix, the same the register checks), the
 * walker checks in and files the checkpoint's results: all in order with typical readings, except that one plant
 * day in three the first round of the day finds a leaking seal or flange (a failed judgement: a general ticket in
 * the inspector's name), at most one a day. Only inspectors on shift walk: a plan whose inspector is off all day
 * (an operator's rest day) is missed, and alarms as any missed round does. Never throws; failures logged rate-limited.
 */
export class DemoInspectionWalker {
  readonly counts = { evaluations: 0, roundsOpened: 0, checkIns: 0, findings: 0, errors: 0 };
  private readonly walks = new Map<string, Walk>();
  private readonly retryAtMs = new Map<string, number>();
  private readonly log: RateLimitedLog;
  private readonly now: () => number;
  private timer: ReturnType<typeof setInterval> | null = null;
  private evaluating: Promise<void> | null = null;
  private sentKey = '';
  private resends = 0;
  private findingDay: number | undefined;

  constructor(private readonly options: DemoInspectionWalkerOptions) {
    this.now = options.nowMs ?? Date.now;
    this.log = new RateLimitedLog(options.logger, 60_000, this.now);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.evaluate(), this.options.tickMs ?? DEFAULT_TICK_MS);
    this.timer.unref();
    void this.evaluate();
  }

  /** Stops looking and calls the walks off (the inspectors go back to their day; open rounds stay as they are). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.evaluating;
    this.walks.clear();
    this.sendWalks();
  }

  /** One look at every demo plan and its inspector's badge now (one at a time: a look still running is waited for). Never throws. */
  evaluate(): Promise<void> {
    this.evaluating ??= this.evaluateNow()
      .catch((error: unknown) => {
        this.counts.errors++;
        this.log.error('evaluate', { err: error }, 'demo inspection walks: a look at the rounds failed');
      })
      .finally(() => (this.evaluating = null));
    return this.evaluating;
  }

  private async evaluateNow(): Promise<void> {
    this.counts.evaluations++;
    const { inspections } = this.options;
    if (!inspections.available) return;
    const nowMs = this.now();
    const plans = new Map(inspections.currentPlans().map((plan) => [plan.id, plan]));
    const fixes = new Map(this.options.hub.workerPositions().map((fix) => [fix.badgeId, fix]));
    for (const inspector of this.options.inspectors) {
      const plan = plans.get(inspector.planId);
      const walk = this.walks.get(inspector.planId);
      // Past its slot (a finished walk) or its grace (an unfinished one: the register calls it missed), or the plan is gone.
      if (walk && (!plan || nowMs >= walk.slotEndMs + (walk.checked.size < plan.checkpoints.length ? this.options.config.roundLateGraceMs : 0))) this.walks.delete(inspector.planId);
      if (!plan) continue;
      const fix = fixes.get(inspector.badgeId);
      const fresh = fix !== undefined && Math.abs(nowMs - fix.tsMs) <= this.options.config.checkInWindowMs ? fix : undefined;
      const current = this.walks.get(plan.id);
      if (current) await this.follow(current, plan, inspector, fresh, nowMs);
      else if (fresh) await this.open(plan, inspector, nowMs);
    }
    this.sendWalks();
  }

  /** Opens the round of the plan's due slot and sends the inspector round it. */
  private async open(plan: InspectionPlan, inspector: DemoInspector, nowMs: number): Promise<void> {
    if (nowMs < (this.retryAtMs.get(plan.id) ?? 0)) return;
    const slot = this.options.inspections.slots(plan, { fromMs: nowMs, toMs: nowMs + 1, nowMs }).find((s) => s.startMs <= nowMs && nowMs < s.endMs);
    if (slot?.status !== 'due') return;
    const opened = await this.options.inspections.startRound({ planId: plan.id, slotStartMs: slot.startMs, badgeId: inspector.badgeId }, userOf(inspector));
    if (!opened.ok) {
      this.retryAtMs.set(plan.id, nowMs + RETRY_AFTER_REFUSAL_MS);
      this.log.warn(`open:${plan.id}`, { planId: plan.id, problem: opened.problem }, 'demo inspection walks: the register did not open a round');
      return;
    }
    this.counts.roundsOpened++;
    const roundId = opened.value.round.id;
    this.walks.set(plan.id, { planId: plan.id, roundId, slotEndMs: slot.endMs, walkId: roundId, checked: new Set(), progressMs: nowMs, finding: this.findingFor(plan, roundId, nowMs) });
  }

  /** Checks in at the checkpoint the badge stands at (any not yet checked: one passed unseen is walked again) and files its results. */
  private async follow(walk: Walk, plan: InspectionPlan, inspector: DemoInspector, fix: WorkerPosition | undefined, nowMs: number): Promise<void> {
    const todo = plan.checkpoints.filter((c) => !walk.checked.has(c.id));
    if (todo.length === 0) return;
    const radiusM = (c: Checkpoint) => c.checkInRadiusM ?? this.options.config.checkInRadiusM;
    const here = fix && todo.find((c) => c.floor === fix.floor && Math.hypot(fix.x - c.point[0], fix.y - c.point[1]) <= radiusM(c));
    if (!here) {
      if (nowMs - walk.progressMs < STALL_MS) return;
      walk.walkId = `${walk.roundId}#${++this.resends}`;
      walk.progressMs = nowMs;
      return;
    }
    const user = userOf(inspector);
    const checkedIn = await this.options.inspections.checkIn(walk.roundId, { checkpointId: here.id }, user);
    if (!checkedIn.ok || !checkedIn.value.checkIn.verified) {
      this.log.warn(`checkIn:${plan.id}`, { roundId: walk.roundId, checkpointId: here.id, problem: checkedIn.ok ? 'not verified' : checkedIn.problem }, 'demo inspection walks: a check-in did not count');
      return;
    }
    this.counts.checkIns++;
    walk.checked.add(here.id);
    walk.progressMs = nowMs;
    const results = demoCheckResults(here, walk.roundId, walk.finding?.checkpointId === here.id ? walk.finding.itemId : undefined);
    const filed = await this.options.inspections.results(walk.roundId, { results }, user);
    if (!filed.ok) this.log.warn(`results:${plan.id}`, { roundId: walk.roundId, checkpointId: here.id, problem: filed.problem }, 'demo inspection walks: results were refused');
    else this.counts.findings += filed.value.openedTickets.length;
  }

  /** The day's finding, if this is the first round opened on a finding day and no demo round found one today (a restart does not find twice). */
  private findingFor(plan: InspectionPlan, roundId: string, nowMs: number): Walk['finding'] {
    const day = localDay(nowMs, this.options.utcOffsetMin);
    if (this.findingDay === day) return undefined;
    this.findingDay = day;
    if (!isFindingDay(day)) return undefined;
    const names = new Set(this.options.inspectors.map((i) => i.name));
    const foundToday = (t: HazardTicket) => t.source.kind === 'inspection' && names.has(t.reporter) && localDay(t.reportedAtMs, this.options.utcOffsetMin) === day;
    if (this.options.hazards.current().some(foundToday)) return undefined;
    return findingItem(plan, roundId);
  }

  private sendWalks(): void {
    const plans = new Map(this.options.inspections.currentPlans().map((plan) => [plan.id, plan]));
    const walks = [...this.walks.values()].map((walk) => {
      const inspector = this.options.inspectors.find((i) => i.planId === walk.planId)!;
      // A walk sent again covers only what is left; the first covers the plan (a finished one stays until its slot ends, so the last stop is not cut short).
      const checkpoints = (plans.get(walk.planId)?.checkpoints ?? []).filter((c) => walk.walkId === walk.roundId || !walk.checked.has(c.id)).map((c) => c.point);
      return { id: walk.walkId, badgeId: inspector.badgeId, checkpoints };
    });
    const key = walks.map((w) => w.id).join('\n');
    if (key === this.sentKey) return;
    this.sentKey = key;
    try {
      this.options.simulator.setInspectionWalks(walks);
    } catch (error) {
      this.counts.errors++;
      this.log.error('send', { err: error }, 'demo inspection walks: the simulator did not take the walks');
    }
  }
}

/** The demo inspector as the register's user: a named operator (the register refuses the implicit local user). */
const userOf = (inspector: DemoInspector): SessionUser => ({ name: inspector.name, role: 'operator', implicit: false });

const localDay = (ms: number, utcOffsetMin: number) => Math.floor((ms + utcOffsetMin * 60_000) / DAY_MS);

/** A number in [0, 1) that depends only on the key (the demo looks the same on every restart). */
function uniformOf(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) / 4_294_967_296;
}

/** Whether a plant day (local day number) has a finding: one day in FINDING_EVERY_DAYS, by the day alone. */
export function isFindingDay(day: number): boolean {
  return uniformOf(`finding:${day}`) < 1 / FINDING_EVERY_DAYS;
}

/** The item a round's finding fails: a leak judgement (a seal or flange weeping) where the plan has one, else any judgement. */
export function findingItem(plan: InspectionPlan, roundId: string): { checkpointId: string; itemId: string } | undefined {
  const judgements = plan.checkpoints.flatMap((c) => c.items.filter((i) => i.kind === 'judgement').map((i) => ({ checkpointId: c.id, itemId: i.id, leak: i.hazardKind === 'leak' })));
  const leaks = judgements.filter((j) => j.leak);
  const pool = leaks.length > 0 ? leaks : judgements;
  const chosen = pool[Math.floor(uniformOf(`finding:${roundId}`) * pool.length)];
  return chosen && { checkpointId: chosen.checkpointId, itemId: chosen.itemId };
}

/**
 * A checkpoint's results as the demo inspector files them: every judgement in order and every reading a typical
 * value inside its normal range (the same on every restart for the same round), except the finding's item, which
 * fails as a general hidden danger — the register opens its ticket.
 */
export function demoCheckResults(checkpoint: Checkpoint, roundId: string, findingItemId: string | undefined): CheckResult[] {
  return checkpoint.items.map((item): CheckResult => {
    if (item.id === findingItemId) return { checkpointId: checkpoint.id, itemId: item.id, ok: false, urgency: 'general' };
    if (item.kind === 'judgement') return { checkpointId: checkpoint.id, itemId: item.id, ok: true };
    return { checkpointId: checkpoint.id, itemId: item.id, ok: true, value: typicalReading(item, uniformOf(`${roundId}:${checkpoint.id}:${item.id}`)) };
  });
}

/**
 * A normal reading of an item, for u in [0, 1): the middle third of a two-sided range; with only an upper limit,
 * 50–80 % of it (a gauge runs well below its alarm or design limit) or a few hundredths for a concentration; with
 * only a lower one, 10–30 % above it. Three significant figures, as a field gauge is read. An assumption for the demo.
 */
export function typicalReading(item: Extract<CheckItem, { kind: 'reading' }>, u: number): number {
  const { min, max } = item;
  let value: number;
  if (min !== undefined && max !== undefined) value = min + (max - min) * (1 / 3 + u / 3);
  else if (max !== undefined) value = CONCENTRATION_UNITS.has(item.unit) ? Math.max(0, max) * 0.04 * u : max - Math.abs(max) * (0.2 + 0.3 * u);
  else value = min! + Math.abs(min!) * (0.1 + 0.2 * u);
  return Number(value.toPrecision(3));
}

/**
 * The demo's inspection walks in the running core: reads the demo file beside the scene for who walks which plan
 * and starts a DemoInspectionWalker (the plans themselves come from the register, filed by startDemoDoublePrevention).
 * Returns at once; `stop()` calls the walks off.
 */
export function startDemoInspectionWalks(options: Omit<DemoInspectionWalkerOptions, 'inspectors' | 'nowMs'> & { scenePath: string; scene: DemoHazardsScene }): { stop(): Promise<void> } {
  let stopped = false;
  const starting = loadDemoHazards({ scenePath: options.scenePath, scene: options.scene, config: options.config, utcOffsetMin: options.utcOffsetMin, logger: options.logger })
    .then((demo) => {
      if (stopped || !demo || demo.inspectors.length === 0) return undefined;
      const walker = new DemoInspectionWalker({ ...options, inspectors: demo.inspectors });
      walker.start();
      options.logger.info({ plans: demo.inspectors.map((i) => i.planId) }, 'demo inspection walks started');
      return walker;
    })
    .catch((error: unknown) => {
      options.logger.error({ err: error }, 'demo inspection walks: not started');
      return undefined;
    });
  return {
    async stop() {
      stopped = true;
      await (await starting)?.stop();
    },
  };
}
