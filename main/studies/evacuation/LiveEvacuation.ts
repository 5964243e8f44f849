import { MUSTER_REGISTRATION_TOLERANCE_M, type DispersionSnapshot, type EvacuationFrame, type LiveEvacuationStatus, type Scene, type WorkerPosition } from '../../contracts/index.js';
import { dispersionHazards } from './dispersionHazards.js';
import type { RunObservations } from './EvacuationRunTable.js';
import type { EvacuationRunHost } from './EvacuationRunWorker.js';

/** A badge counts as on site at the order if its last fix is this recent (RTLS tags report every few seconds). */
const ON_SITE_FIX_MAX_AGE_MS = 60_000;
const HAZARDS_EVERY_MS = 2_000;
const ROUTES_EVERY_MS = 2_000;

export type LiveEvacuationOptions = {
  scene: Scene;
  runId: string;
  orderedBy: string;
  host: EvacuationRunHost;
  nowMs: () => number;
  onFrame(frame: EvacuationFrame): void;
};

/**
 * A live evacuation (issue 6 "live" mode): the run starts from the badges' current RTLS
 * positions, its clock is the wall clock since the order, and real badge fixes inside a muster
 * point are counted against the prediction; every fix is the last-seen place of anyone missing.
 */
export class LiveEvacuation {
  private readonly orderedAtMs: number;
  private readonly pending: RunObservations = { positions: [], arrivals: [] };
  /** The muster point each badge was last registered at (a badge that moves on to another registers there). */
  private readonly registeredAt = new Map<string, string>();
  private headCount: { accounted: number; total: number } | null = null;
  private readonly onSite: Set<string>;
  private hazards: DispersionSnapshot | null = null;
  private lastHazardsMs = Number.NEGATIVE_INFINITY;
  private lastRoutesMs = Number.NEGATIVE_INFINITY;
  private lastStepMs: number;
  private stopped = false;
  private readonly warnings: string[] = [];

  private constructor(
    private readonly options: LiveEvacuationOptions,
    badges: readonly WorkerPosition[],
  ) {
    this.orderedAtMs = options.nowMs();
    this.lastStepMs = this.orderedAtMs;
    this.onSite = new Set(badges.map((b) => b.badgeId));
  }

  /** Badges seen within the last minute become the run's people, where they were last seen. */
  static async start(options: LiveEvacuationOptions, latestFixes: Iterable<WorkerPosition>, hazards: DispersionSnapshot | null): Promise<LiveEvacuation> {
    const now = options.nowMs();
    const badges = [...latestFixes].filter((w) => now - w.tsMs <= ON_SITE_FIX_MAX_AGE_MS);
    const live = new LiveEvacuation(options, badges);
    const created = await options.host.create(options.runId, { mode: 'live', seed: 1, densityCellM: 4, ...(hazards ? { hazards: dispersionHazards(hazards) } : {}) }, badges.map((b) => ({ badgeId: b.badgeId, x: b.x, y: b.y })));
    live.warnings.push(...created.warnings);
    for (const badge of badges) live.observe(badge);
    live.noteFrame(created.frame);
    options.onFrame(created.frame);
    return live;
  }

  get runId(): string {
    return this.options.runId;
  }

  get ended(): boolean {
    return this.stopped;
  }

  /** An RTLS fix after the order: last-seen place, and an arrival when it is inside a muster point. */
  observe(fix: WorkerPosition): void {
    if (this.stopped || !this.onSite.has(fix.badgeId)) return;
    const tS = Math.max(0, (fix.tsMs - this.orderedAtMs) / 1000);
    this.pending.positions.push({ badgeId: fix.badgeId, x: fix.x, y: fix.y, tS });
    const muster = this.options.scene.musterPoints.find((m) => Math.hypot(fix.x - m.position[0], fix.y - m.position[1]) <= m.radiusM + MUSTER_REGISTRATION_TOLERANCE_M);
    // Registered once per muster point: people sent on from a gassed one register again where they arrive.
    if (!muster || this.registeredAt.get(fix.badgeId) === muster.id) return;
    this.registeredAt.set(fix.badgeId, muster.id);
    this.pending.arrivals.push({ badgeId: fix.badgeId, targetId: muster.id, tS });
  }

  /** The live cloud moved: routes are re-planned round it (throttled; the latest picture wins). */
  setDispersion(snapshot: DispersionSnapshot): void {
    this.hazards = snapshot;
  }

  /** Steps the prediction to now and pushes the frame. The caller serializes ticks. */
  async tick(): Promise<void> {
    if (this.stopped) return;
    const { host, runId } = this.options;
    const now = this.options.nowMs();
    if (this.pending.positions.length > 0 || this.pending.arrivals.length > 0) {
      const observations = { positions: this.pending.positions.splice(0), arrivals: this.pending.arrivals.splice(0) };
      await host.observe(runId, observations);
    }
    if (this.hazards && now - this.lastHazardsMs >= HAZARDS_EVERY_MS) {
      this.lastHazardsMs = now;
      const snapshot = this.hazards;
      this.hazards = null;
      await host.setHazards(runId, dispersionHazards(snapshot));
    }
    const withRoutes = now - this.lastRoutesMs >= ROUTES_EVERY_MS;
    if (withRoutes) this.lastRoutesMs = now;
    const frame = await host.step(runId, (now - this.lastStepMs) / 1000, withRoutes);
    this.lastStepMs = now;
    this.noteFrame(frame);
    this.options.onFrame(frame);
  }

  /** The head count of the header is the frame's (EvacuationSnapshot.accounted): one definition everywhere. */
  noteFrame(frame: EvacuationFrame): void {
    this.headCount = { accounted: frame.snapshot.counts.accounted, total: frame.snapshot.counts.total };
  }

  stop(): void {
    this.stopped = true;
  }

  status(): LiveEvacuationStatus {
    return {
      mode: 'live',
      runId: this.options.runId,
      orderedBy: this.options.orderedBy,
      orderedAtMs: this.orderedAtMs,
      tS: ((this.stopped ? this.lastStepMs : this.options.nowMs()) - this.orderedAtMs) / 1000,
      observedArrived: this.registeredAt.size,
      accounted: this.headCount?.accounted ?? null,
      total: this.headCount?.total ?? null,
      ended: this.stopped,
      warnings: [...this.warnings],
    };
  }

  async report() {
    const { host, runId } = this.options;
    if (this.pending.positions.length > 0 || this.pending.arrivals.length > 0) await host.observe(runId, { positions: this.pending.positions.splice(0), arrivals: this.pending.arrivals.splice(0) });
    return host.report(runId);
  }

  async dispose(): Promise<void> {
    this.stopped = true;
    await this.options.host.release(this.options.runId);
  }
}
