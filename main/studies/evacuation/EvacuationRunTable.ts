import type { EvacuationFrame, EvacuationReport, Scene } from '../../contracts/index.js';
import { EvacuationRun, type EvacuationRunOptions, type HazardInputRaw, type WorkerStart } from '../../evacuation/index.js';
import { traceRoutes } from './routeTracer.js';

export type RunCreateOptions = Omit<EvacuationRunOptions, 'scene' | 'runId'>;
/** Badge data of a live run since the last step: positions (last-seen places) and muster arrivals. */
export type RunObservations = {
  positions: { badgeId: string; x: number; y: number; tS: number }[];
  arrivals: { badgeId: string; targetId: string; tS: number }[];
};

/**
 * The evacuation runs of one scene, by id: what the worker thread hosts (evacuationRuns.worker.ts)
 * and what tests drive in process. Synchronous and pure: EvacuationRun has no clock and no I/O.
 */
export class EvacuationRunTable {
  private readonly runs = new Map<string, EvacuationRun>();

  constructor(private readonly scene: Scene) {}

  create(runId: string, options: RunCreateOptions, workers: readonly WorkerStart[]): { warnings: string[]; frame: EvacuationFrame } {
    if (this.runs.has(runId)) throw new Error(`evacuation run ${runId} exists`);
    const run = new EvacuationRun({ ...options, scene: this.scene, runId }, workers);
    this.runs.set(runId, run);
    const routes = this.routes(run);
    return { warnings: [...run.warnings], frame: { snapshot: run.snapshot(), routes } };
  }

  step(runId: string, dtS: number, withRoutes: boolean): EvacuationFrame {
    const run = this.get(runId);
    if (dtS > 0) run.step(dtS);
    const routes = withRoutes ? this.routes(run) : null;
    return { snapshot: run.snapshot(), routes };
  }

  /** Routes, also told to the run: how many cross the threat zone is part of its snapshot. */
  private routes(run: EvacuationRun) {
    const routes = traceRoutes(run.engine);
    run.noteRoutes(routes);
    return routes;
  }

  /** Returns the field rebuild time, ms. */
  setHazards(runId: string, hazards: HazardInputRaw[]): number {
    return this.get(runId).setHazards(hazards);
  }

  observe(runId: string, observations: RunObservations): void {
    const run = this.get(runId);
    for (const p of observations.positions) run.observePosition(p.badgeId, p.x, p.y, p.tS);
    for (const a of observations.arrivals) run.observeArrival(a.badgeId, a.targetId, a.tS);
  }

  report(runId: string): EvacuationReport {
    return this.get(runId).report();
  }

  release(runId: string): void {
    this.runs.get(runId)?.dispose();
    this.runs.delete(runId);
  }

  private get(runId: string): EvacuationRun {
    const run = this.runs.get(runId);
    if (!run) throw new Error(`no evacuation run ${runId}`);
    return run;
  }
}
