import type { DispersionSnapshot, EvacuationFrame, LiveEvacuationStatus, Scene, WorkerPosition } from '../../contracts/index.js';
import { dispersionHazards } from './dispersionHazards.js';
import type { RunObservations } from './EvacuationRunTable.js';
import type { EvacuationRunHost } from './EvacuationRunWorker.js';

/** A badge counts as on site at the order if its last fix is this recent (RTLS tags report every few seconds). */
const ON_SITE_FIX_MAX_AGE_MS = 60_000;
/** RTLS fixes scatter by a few metres: a badge this far outside a muster point's radius is already there. */
const MUSTER_TOLERANCE_M = 3;
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
  private readonly arrived = new Set<string>();
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
    if (this.arrived.has(fix.badgeId)) return;
    const muster = this.options.scene.musterPoints.find((m) => Math.hypot(fix.x - m.position[0], fix.y - m.position[1]) <= m.radiusM + MUSTER_TOLERANCE_M);
    if (!muster) return;
    this.arrived.add(fix.badgeId);
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
    this.options.onFrame(frame);
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
      observedArrived: this.arrived.size,
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
