import {
  describeRecordIssues,
  InspectionCheckInRequestSchema,
  InspectionPlanSchema,
  InspectionResultsRequestSchema,
  InspectionRoundStartSchema,
  type CheckIn,
  type InspectionPlan,
  type InspectionRound,
  type InspectionSlotView,
  type Scene,
  type SessionUser,
} from '../contracts/index.js';
import type { JournalSink } from '../audit/index.js';
import { failedItemReport, inspectionSlots, roundStatuses, verifyCheckIn, type HazardsConfig } from '../hazards/index.js';
import type { HazardRecords, Stored } from '../historian/index.js';
import type { CodedResult } from '../http/index.js';
import type { LiveHub } from '../live/index.js';
import type { Logger } from '../log/index.js';
import type { HazardRegister } from './HazardRegister.js';
import { ChangeListeners, HAZARD_JOURNAL_ACTIONS, journalChange, refused, refuseUnlessNamed, unavailable, WriteQueue } from './registerResults.js';

/** Plans of one register, and the rounds it keeps in memory (about a year of a few dozen daily plans; older ones stay stored). */
export const MAX_INSPECTION_PLANS = 500;
const ROUNDS_HELD_MS = 400 * 24 * 3_600_000;
/** A status list covers at most this long (a screen shows a month; the analysis a month). */
export const MAX_SLOT_RANGE_MS = 62 * 24 * 3_600_000;

export type InspectionRegisterOptions = {
  records: HazardRecords | null;
  journal: JournalSink;
  scene: Pick<Scene, 'areas'>;
  hub: Pick<LiveHub, 'workerPositions'>;
  hazards: HazardRegister;
  config: HazardsConfig;
  utcOffsetMin: number;
  logger: Logger;
  nowMs?: () => number;
};

/** A plan with its slots' status over the asked range. */
export type InspectionPlanView = { plan: InspectionPlan; revision: number; slots: InspectionSlotView[] };
/** A round as answered: its record, and the tickets its failed items opened in this request. */
export type InspectionRoundView = { round: InspectionRound; revision: number; openedTickets: string[] };

/**
 * Inspection rounds (巡检, issue 18 item 4, docs/hazards.md §5): plans per area class and their slots, rounds an
 * inspector opens with their badge, check-ins verified by that badge's RTLS position at the checkpoint (no proxy
 * check-ins: an unverified one is recorded as such and does not count), and check results — a failed item opens
 * a hidden-danger ticket signed by the inspector. Plans are the safety side's (hazard:handle); rounds anyone's who
 * may report. Everything journaled and written through to the historian.
 */
export class InspectionRegister {
  private readonly plans = new Map<string, Stored<InspectionPlan>>();
  private readonly rounds = new Map<string, Stored<InspectionRound>>();
  /** Each plan's round ids: the alarm watch and the demo walker read a plan's slots every few seconds, not every round held. */
  private readonly roundIdsOfPlan = new Map<string, Set<string>>();
  private readonly queue = new WriteQueue();
  private readonly listeners: ChangeListeners;
  private readonly now: () => number;

  private constructor(private readonly options: InspectionRegisterOptions) {
    this.now = options.nowMs ?? Date.now;
    this.listeners = new ChangeListeners(options.logger, 'inspection');
  }

  static async open(options: InspectionRegisterOptions): Promise<InspectionRegister> {
    const register = new InspectionRegister(options);
    const stored = await options.records?.inspections(register.now() - ROUNDS_HELD_MS);
    for (const plan of stored?.plans ?? []) register.plans.set(plan.record.id, plan);
    for (const round of stored?.rounds ?? []) register.keepRound(round);
    return register;
  }

  get available(): boolean {
    return this.options.records !== null;
  }

  onChange(listener: () => void): () => void {
    return this.listeners.add(listener);
  }

  currentPlans(): InspectionPlan[] {
    return [...this.plans.values()].map((p) => p.record);
  }

  /** Every plan with its slots in [fromMs, toMs) as they stand now. */
  list(range: { fromMs: number; toMs: number }): CodedResult<InspectionPlanView[]> {
    if (!this.available) return unavailable();
    if (!(range.toMs > range.fromMs) || range.toMs - range.fromMs > MAX_SLOT_RANGE_MS) return refused('ST_ERR_HAZARD_INVALID', `from, to: a range of at most ${MAX_SLOT_RANGE_MS / 86_400_000} days, to after from`);
    return { ok: true, value: [...this.plans.values()].map((stored) => ({ plan: stored.record, revision: stored.revision, slots: this.slots(stored.record, { ...range, nowMs: this.now() }) })) };
  }

  /** A plan's slots with their status (the watch's missed and late rounds come from here). */
  slots(plan: InspectionPlan, range: { fromMs: number; toMs: number; nowMs: number }): InspectionSlotView[] {
    return roundStatuses(plan, this.roundsOf(plan.id), range, this.options.config, this.options.utcOffsetMin).map((slot) => ({ planId: plan.id, ...slot }));
  }

  putPlan(id: string, body: unknown, user: SessionUser): Promise<CodedResult<InspectionPlanView>> {
    const records = this.options.records;
    if (!records) return Promise.resolve(unavailable());
    const denied = refuseUnlessNamed(user, 'hazard:handle', 'change inspection plans');
    if (denied) return Promise.resolve(denied);
    const parsed = InspectionPlanSchema.safeParse(body);
    if (!parsed.success) return Promise.resolve(refused('ST_ERR_HAZARD_INVALID', describeRecordIssues(parsed.error, 'plan')));
    const plan = parsed.data;
    if (plan.id !== id) return Promise.resolve(refused('ST_ERR_HAZARD_INVALID', `id: the body's id ${plan.id} is not the path's ${id}`));
    const unknownArea = plan.areaIds.find((a) => !this.options.scene.areas.some((x) => x.id === a));
    if (unknownArea !== undefined) return Promise.resolve(refused('ST_ERR_HAZARD_CONFLICT', `areaIds: no area ${unknownArea} in the scene`));
    return this.queue.run(async () => {
      const previous = this.plans.get(id);
      if (!previous && this.plans.size >= MAX_INSPECTION_PLANS) return refused('ST_ERR_HAZARD_FULL', `the register holds ${MAX_INSPECTION_PLANS} plans`);
      const atMs = this.now();
      const revision = previous?.revision ?? 0;
      if (!(await records.saveDocument('inspection_plans', id, plan, revision, atMs))) return refused('ST_ERR_HAZARD_CONFLICT', `plan ${id} was changed by another writer; read it again`);
      const stored = { record: plan, revision: revision + 1, updatedMs: atMs };
      this.plans.set(id, stored);
      await journalChange(this.options.journal, this.options.logger, user.name, { action: HAZARD_JOURNAL_ACTIONS.planSaved, id, areaClass: plan.areaClass, checkpoints: plan.checkpoints.length, revision: stored.revision });
      this.listeners.notify();
      return { ok: true, value: { plan, revision: stored.revision, slots: [] } };
    });
  }

  /** Opens a round of a plan's slot for the inspector `user` wearing `badgeId`: the slot must be one of the plan's, not yet past its grace. */
  startRound(body: unknown, user: SessionUser): Promise<CodedResult<InspectionRoundView>> {
    const records = this.options.records;
    if (!records) return Promise.resolve(unavailable());
    const denied = refuseUnlessNamed(user, 'hazard:report', 'walk inspection rounds');
    if (denied) return Promise.resolve(denied);
    const parsed = InspectionRoundStartSchema.safeParse(body);
    if (!parsed.success) return Promise.resolve(refused('ST_ERR_HAZARD_INVALID', describeRecordIssues(parsed.error, 'round')));
    const { planId, slotStartMs, badgeId } = parsed.data;
    return this.queue.run(async () => {
      const plan = this.plans.get(planId)?.record;
      if (!plan) return refused('ST_ERR_HAZARD_NOT_FOUND', `no inspection plan ${planId}`);
      const nowMs = this.now();
      const slot = inspectionSlots(plan, slotStartMs, slotStartMs + 1, this.options.config, this.options.utcOffsetMin).find((s) => s.startMs === slotStartMs);
      if (!slot) return refused('ST_ERR_HAZARD_CONFLICT', `slotStartMs: ${slotStartMs} is not the start of a slot of plan ${planId}`);
      if (nowMs < slot.startMs || nowMs >= slot.endMs + this.options.config.roundLateGraceMs) return refused('ST_ERR_HAZARD_STATE', `the slot of plan ${planId} starting ${new Date(slotStartMs).toISOString()} is not open now`);
      const sameSlot = this.roundsOf(planId).filter((r) => r.slotStartMs === slotStartMs).length;
      const round: InspectionRound = { id: `${planId}.${slotStartMs}.${sameSlot + 1}`, planId, slotStartMs, inspector: user.name, badgeId, startedAtMs: nowMs, checkIns: [], results: [] };
      const saved = await this.saveRound(round, 0, nowMs);
      if (!saved.ok) return saved;
      await journalChange(this.options.journal, this.options.logger, user.name, { action: HAZARD_JOURNAL_ACTIONS.roundStarted, roundId: round.id, planId, slotStartMs, badgeId });
      return { ok: true, value: { round, revision: 1, openedTickets: [] } };
    });
  }

  /** A check-in now at a checkpoint of the round's plan, verified by the round's badge's latest RTLS fix (main/hazards verifyCheckIn). */
  checkIn(roundId: string, body: unknown, user: SessionUser): Promise<CodedResult<InspectionRoundView & { checkIn: CheckIn }>> {
    const records = this.options.records;
    if (!records) return Promise.resolve(unavailable());
    const parsed = InspectionCheckInRequestSchema.safeParse(body);
    if (!parsed.success) return Promise.resolve(refused('ST_ERR_HAZARD_INVALID', describeRecordIssues(parsed.error, 'check-in')));
    return this.queue.run(async () => {
      const found = this.ownRound(roundId, user);
      if (!found.ok) return found;
      const { stored, plan } = found.value;
      const checkpoint = plan.checkpoints.find((c) => c.id === parsed.data.checkpointId);
      if (!checkpoint) return refused('ST_ERR_HAZARD_CONFLICT', `checkpointId: plan ${plan.id} has no checkpoint ${parsed.data.checkpointId}`);
      if (stored.record.checkIns.length >= 4 * plan.checkpoints.length) return refused('ST_ERR_HAZARD_FULL', `round ${roundId} holds as many check-ins as it may`);
      const nowMs = this.now();
      const fixes = this.options.hub.workerPositions().filter((w) => w.badgeId === stored.record.badgeId).map((w) => ({ x: w.x, y: w.y, floor: w.floor, tsMs: w.tsMs }));
      const checkIn = verifyCheckIn(checkpoint, fixes, nowMs, this.options.config);
      const round = { ...stored.record, checkIns: [...stored.record.checkIns, checkIn] };
      const saved = await this.saveRound(round, stored.revision, nowMs);
      if (!saved.ok) return saved;
      await journalChange(this.options.journal, this.options.logger, user.name, { action: HAZARD_JOURNAL_ACTIONS.checkIn, roundId, checkpointId: checkIn.checkpointId, verified: checkIn.verified, ...(checkIn.badgeDistanceM !== undefined && { badgeDistanceM: Math.round(checkIn.badgeDistanceM * 10) / 10 }) });
      return { ok: true, value: { round, revision: stored.revision + 1, openedTickets: [], checkIn } };
    });
  }

  /** Results of check items at checkpoints the inspector has checked in at (verified); each failed item opens a ticket signed by them. */
  results(roundId: string, body: unknown, user: SessionUser): Promise<CodedResult<InspectionRoundView>> {
    const records = this.options.records;
    if (!records) return Promise.resolve(unavailable());
    const parsed = InspectionResultsRequestSchema.safeParse(body);
    if (!parsed.success) return Promise.resolve(refused('ST_ERR_HAZARD_INVALID', describeRecordIssues(parsed.error, 'results')));
    return this.queue.run(async () => {
      const found = this.ownRound(roundId, user);
      if (!found.ok) return found;
      const { stored, plan } = found.value;
      for (const result of parsed.data.results) {
        const checkpoint = plan.checkpoints.find((c) => c.id === result.checkpointId);
        if (!checkpoint?.items.some((i) => i.id === result.itemId)) return refused('ST_ERR_HAZARD_CONFLICT', `results: plan ${plan.id} has no item ${result.checkpointId}/${result.itemId}`);
        if (!stored.record.checkIns.some((c) => c.checkpointId === result.checkpointId && c.verified)) return refused('ST_ERR_HAZARD_STATE', `results: no verified check-in at ${result.checkpointId} in this round (the badge must be there)`);
      }
      const nowMs = this.now();
      const round = { ...stored.record, results: [...stored.record.results, ...parsed.data.results] };
      if (round.results.length > plan.checkpoints.reduce((n, c) => n + c.items.length, 0) * 2) return refused('ST_ERR_HAZARD_FULL', `round ${roundId} holds as many results as it may`);
      const saved = await this.saveRound(round, stored.revision, nowMs);
      if (!saved.ok) return saved;
      const openedTickets: string[] = [];
      for (const result of parsed.data.results) {
        const report = failedItemReport(plan, round, result);
        if (!report) continue;
        const opened = await this.options.hazards.fileReport(report, user);
        if (opened.ok) openedTickets.push(opened.value.ticket.number);
        else this.options.logger.warn({ roundId, itemId: result.itemId, problem: opened.problem }, 'inspection: a failed item did not open a ticket');
      }
      await journalChange(this.options.journal, this.options.logger, user.name, { action: HAZARD_JOURNAL_ACTIONS.results, roundId, results: parsed.data.results.length, failed: openedTickets.length, tickets: openedTickets });
      return { ok: true, value: { round, revision: stored.revision + 1, openedTickets } };
    });
  }

  close(): Promise<void> {
    return this.queue.drained();
  }

  private ownRound(roundId: string, user: SessionUser): CodedResult<{ stored: Stored<InspectionRound>; plan: InspectionPlan }> {
    const denied = refuseUnlessNamed(user, 'hazard:report', 'walk inspection rounds');
    if (denied) return denied;
    const stored = this.rounds.get(roundId);
    if (!stored) return refused('ST_ERR_HAZARD_NOT_FOUND', `no inspection round ${roundId}`);
    // The round is the inspector's walk: another person's check-in on it would be a proxy.
    if (stored.record.inspector !== user.name) return refused('ST_ERR_HAZARD_FORBIDDEN', `round ${roundId} is another inspector's`);
    const plan = this.plans.get(stored.record.planId)?.record;
    if (!plan) return refused('ST_ERR_HAZARD_CONFLICT', `the plan of round ${roundId} is no longer registered`);
    return { ok: true, value: { stored, plan } };
  }

  private roundsOf(planId: string): InspectionRound[] {
    return [...(this.roundIdsOfPlan.get(planId) ?? [])].map((id) => this.rounds.get(id)!.record);
  }

  private keepRound(stored: Stored<InspectionRound>): void {
    const { id, planId } = stored.record;
    this.rounds.set(id, stored);
    let ids = this.roundIdsOfPlan.get(planId);
    if (!ids) this.roundIdsOfPlan.set(planId, (ids = new Set()));
    ids.add(id);
  }

  private async saveRound(round: InspectionRound, revision: number, atMs: number): Promise<CodedResult<void>> {
    if (!(await this.options.records!.saveRound(round, revision, atMs))) return refused('ST_ERR_HAZARD_CONFLICT', `round ${round.id} was changed by another writer; read it again`);
    this.keepRound({ record: round, revision: revision + 1, updatedMs: atMs });
    this.listeners.notify();
    return { ok: true, value: undefined };
  }
}
