import { Rng } from '../simulator/index.js';
import { chooseTargets, type ExitChoiceState } from './exitChoice.js';
import { ExposureTracker } from './ExposureTracker.js';
import { FastMarcher } from './fastMarching.js';
import { applyHazardCost, isActive, type HazardSpec } from './hazards.js';
import { EVACUATION_MODEL_DEFAULTS } from './modelDefaults.js';
import { descentDirection, sampleField, type ScalarField } from './navigationField.js';
import { closestParameter, distanceToSegmentM, projectionParameter, segmentsCross, segmentsIntersect, type Segment } from './planeGeometry.js';
import { SpatialHash } from './SpatialHash.js';
import { weidmannSpeedFraction } from './speedModel.js';
import { AGENT_STATE, type AgentSpec, type CrossingEvent, type ExitEvent, type ExitPolicy, type FlowLineSpec, type TargetSpec } from './types.js';
import { DOOR_DEPTH_M, type WalkableDomain } from './WalkableDomain.js';
import { HelperRouting } from './HelperRouting.js';

export type EngineOptions = { dtS: number; seed: number };

const D = EVACUATION_MODEL_DEFAULTS;
const NEIGHBOUR_BUCKET_M = 1.5;
const MAX_CANDIDATES = 2048;
/** Right-hand side preference against oncoming agents (see counterflow note in direction()). */
const SIDE_PREFERENCE_STRENGTH = 0.6;
const SIDE_PREFERENCE_RANGE_M = 2.5;
/** Overlap left after the contact passes: below a millimetre (bodies are not rigid discs anyway). */
const CONTACT_TOLERANCE_M = 0.001;
const MAX_CONTACT_PASSES = 6;
const DIRECTION_REFRESH_S = 0.3;

/**
 * The evacuation engine: pure, deterministic for a seed, no I/O and no clock — step(dt) advances
 * simulated time. One instance per run; runs in a worker thread as well as on the main thread.
 *
 * Operational model: the collision-free speed model (Tordeux, Chraibi & Seyfried 2016). Each step
 *  1. direction e_i = norm(e0_i + Σ_j R(s_ij)·n_ji + Σ_walls R_w(d)·n_w), R(s) = a·exp((l − s)/D)
 *     (Tordeux 2016 eq. 3), with e0 the descent direction of the agent's fast-marching field;
 *  2. speed v_i = v0_i · W(gap to the nearest agent ahead within a body width of the line of
 *     motion), W from Weidmann's fundamental diagram (speedModel.ts), and never more than the gap
 *     per step — so agents never walk into each other (Tordeux 2016 §2, collision-free for dt ≤ T);
 *  3. positions move; any residual overlap (from lateral moves) is projected out pairwise and any
 *     wall contact pushed back, and a step that would cross a wall is undone: no overlap, no wall
 *     penetration, by construction rather than by tuning.
 */
export class EvacuationEngine {
  readonly count: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly vx: Float32Array;
  readonly vy: Float32Array;
  readonly radius: Float32Array;
  readonly freeSpeed: Float32Array;
  readonly premovementS: Float32Array;
  readonly state: Uint8Array;
  readonly target: Int16Array;
  readonly estimateS: Float32Array;
  /** Predicted arrival (run seconds) from the latest exit choice; the actual time once arrived; −1 when none. */
  readonly predictedArrivalS: Float32Array;
  readonly arrivalS: Float64Array;
  readonly arrivalTarget: Int16Array;
  readonly distanceWalkedM: Float64Array;
  readonly fields: ScalarField[];
  readonly exposure: ExposureTracker;
  readonly exitEvents: ExitEvent[] = [];
  readonly crossings: CrossingEvent[] = [];
  readonly warnings: string[] = [];
  tS = 0;
  /** Wall time of the latest field rebuild, ms (for the benchmark and the UI's diagnostics). */
  lastFieldBuildMs = 0;
  fieldBuilds = 0;

  private readonly policy: ExitPolicy[];
  /** 1 for targets closed by setTargetBlocked (in the threat zone). */
  private readonly blocked: Uint8Array;
  private readonly preferred: number[][];
  private readonly locked: Uint8Array;
  private readonly stuckS: Float32Array;
  private readonly sideStepS: Float32Array;
  private readonly sideSign: Int8Array;
  private readonly speedFactor: Float32Array;
  private readonly hash: SpatialHash;
  private readonly inHash: Uint8Array;
  private readonly contactFlag: Uint8Array;
  private readonly againstWall: Uint8Array;
  private readonly oldX: Float64Array;
  private readonly oldY: Float64Array;
  private readonly dirX: Float32Array;
  private readonly dirY: Float32Array;
  /** Walking heading (unit vector; 0, 0 before the first move), relaxed towards the model's direction. */
  private readonly headingX: Float32Array;
  private readonly headingY: Float32Array;
  /** exp(−dt/τ): the part of the old heading kept after one step (see velocity()). */
  private readonly headingKeep: number;
  private readonly dirTarget: Int16Array;
  private readonly dirBuild: Int32Array;
  private readonly directionRefreshSteps: number;
  private stepCount = 0;
  private closedOpenings: Segment[] = [];
  private readonly candidates = new Int32Array(MAX_CANDIDATES);
  private readonly cost: Float32Array;
  private readonly marcher: FastMarcher;
  private readonly rng: Rng;
  private readonly helpers: HelperRouting;
  private hazards: HazardSpec[];
  /** Ids of the hazards the fields were built for; null forces a rebuild. */
  private activeHazardKey: string | null = null;
  private nextChoiceS = 0;
  /** Which targets were open at the previous step ("1" / "0" per target). */
  private lastOpenKey: string;
  private readonly scratch = { x: 0, y: 0 };

  constructor(
    readonly domain: WalkableDomain,
    readonly targets: readonly TargetSpec[],
    agents: readonly AgentSpec[],
    hazards: readonly HazardSpec[],
    readonly flowLines: readonly FlowLineSpec[],
    readonly options: EngineOptions,
  ) {
    const n = agents.length;
    this.count = n;
    this.x = Float64Array.from(agents, (a) => a.x);
    this.y = Float64Array.from(agents, (a) => a.y);
    this.vx = new Float32Array(n);
    this.vy = new Float32Array(n);
    this.radius = Float32Array.from(agents, (a) => a.radiusM);
    this.freeSpeed = Float32Array.from(agents, (a) => a.freeSpeedMps);
    this.premovementS = Float32Array.from(agents, (a) => a.premovementS);
    this.state = Uint8Array.from(agents, (a) => (a.profile === 'injured' ? AGENT_STATE.awaitingHelp : AGENT_STATE.waiting));
    this.target = new Int16Array(n).fill(-1);
    this.estimateS = new Float32Array(n).fill(Infinity);
    this.predictedArrivalS = new Float32Array(n).fill(-1);
    this.arrivalS = new Float64Array(n).fill(-1);
    this.arrivalTarget = new Int16Array(n).fill(-1);
    this.distanceWalkedM = new Float64Array(n);
    this.policy = agents.map((a) => a.policy);
    this.blocked = new Uint8Array(targets.length);
    this.preferred = agents.map((a) => a.preferredTargets);
    this.locked = new Uint8Array(n);
    this.stuckS = new Float32Array(n);
    this.sideStepS = new Float32Array(n);
    this.sideSign = new Int8Array(n);
    this.speedFactor = new Float32Array(n).fill(1);
    this.inHash = new Uint8Array(n);
    this.contactFlag = new Uint8Array(n);
    this.againstWall = new Uint8Array(n);
    this.oldX = new Float64Array(n);
    this.oldY = new Float64Array(n);
    this.dirX = new Float32Array(n);
    this.dirY = new Float32Array(n);
    this.headingX = new Float32Array(n);
    this.headingY = new Float32Array(n);
    this.headingKeep = Math.exp(-options.dtS / D.headingRelaxationS);
    this.dirTarget = new Int16Array(n).fill(-1);
    this.dirBuild = new Int32Array(n).fill(-1);
    this.directionRefreshSteps = Math.max(1, Math.round(DIRECTION_REFRESH_S / options.dtS));
    this.rng = new Rng(options.seed, 'evacuation.engine');
    this.hazards = [...hazards];
    this.exposure = new ExposureTracker(this.hazards, n);

    const f = domain.frame;
    this.hash = new SpatialHash(f.x0, f.y0, f.nx * f.cellSizeM, f.ny * f.cellSizeM, NEIGHBOUR_BUCKET_M);
    this.cost = new Float32Array(f.nx * f.ny);
    this.marcher = new FastMarcher(f.nx, f.ny, f.cellSizeM);
    this.fields = targets.map(() => ({ ...f, values: new Float32Array(f.nx * f.ny) }));
    this.helpers = new HelperRouting(this, agents);
    this.refreshHazards();
    this.lastOpenKey = this.openTargetsKey();
    this.chooseTargets(true);
    for (let i = 0; i < n; i++) {
      if (this.state[i] !== AGENT_STATE.awaitingHelp && !this.locked[i] && !(this.estimateS[i]! < Infinity)) this.state[i] = AGENT_STATE.noRoute;
    }
  }

  get activeHazards(): HazardSpec[] {
    return this.hazards.filter((h) => isActive(h, this.tS));
  }

  /** Replaces the hazard set (a new dispersion result); fields are rebuilt at once. */
  setHazards(hazards: readonly HazardSpec[]): void {
    this.hazards = [...hazards];
    this.exposure.setHazards(this.hazards);
    this.activeHazardKey = null;
    this.refreshHazards();
  }

  isTargetOpen(k: number, tS = this.tS): boolean {
    if (this.blocked[k]) return false;
    const closed = this.targets[k]!.closed ?? [];
    return !closed.some((c) => tS >= c.fromS && tS <= c.toS);
  }

  /**
   * Closes a target to everyone (or opens it again) from the next step: a muster point or gate the
   * threat zone has reached. Whoever was heading there chooses again; whoever had arrived at a
   * muster point that is now closed sets off again (they are in the gas, not safe).
   */
  setTargetBlocked(k: number, blocked: boolean): void {
    this.blocked[k] = blocked ? 1 : 0;
  }

  private openTargetsKey(): string {
    let key = '';
    for (let k = 0; k < this.targets.length; k++) key += this.isTargetOpen(k) ? '1' : '0';
    return key;
  }

  /**
   * A target opened or closed (an exit's schedule, or setTargetBlocked): whoever is already past the
   * opening line of an exit that just closed went through before it closed; whoever stands at a
   * muster point that closed sets off again; everyone chooses again now — not at the next choice
   * interval, which would leave them walking at a closed gate for up to 2 s.
   */
  private exitsChanged(): void {
    for (let k = 0; k < this.targets.length; k++) {
      const t = this.targets[k]!;
      if (this.isTargetOpen(k)) continue;
      if (t.kind === 'muster') {
        for (let i = 0; i < this.count; i++) if (this.state[i] === AGENT_STATE.arrived && this.arrivalTarget[i] === k) this.setOffAgain(i);
        continue;
      }
      const o = this.domain.openings[t.openingIndex]!;
      for (let i = 0; i < this.count; i++) {
        if (this.state[i] !== AGENT_STATE.moving) continue;
        const outward = (this.x[i]! - o.line[0]) * o.outwardX + (this.y[i]! - o.line[1]) * o.outwardY;
        if (outward > 0 && distanceToSegmentM(this.x[i]!, this.y[i]!, o.line) < DOOR_DEPTH_M + 0.05) this.markArrived(i, k);
      }
    }
    this.chooseTargets(false);
    this.nextChoiceS = this.tS + D.exitChoice.intervalS;
  }

  private setOffAgain(i: number): void {
    this.state[i] = AGENT_STATE.moving;
    this.arrivalS[i] = -1;
    this.arrivalTarget[i] = -1;
    this.predictedArrivalS[i] = -1;
  }

  private markArrived(i: number, k: number): void {
    const t = this.targets[k]!;
    this.state[i] = AGENT_STATE.arrived;
    this.arrivalS[i] = this.tS;
    this.arrivalTarget[i] = k;
    this.predictedArrivalS[i] = this.tS;
    this.exitEvents.push({ agentIndex: i, targetIndex: k, tS: this.tS, via: t.kind === 'exit' ? 'exit' : 'muster' });
  }

  /** Agents still on site and not at a target. */
  remaining(): number {
    let n = 0;
    for (let i = 0; i < this.count; i++) if (this.state[i] !== AGENT_STATE.arrived) n++;
    return n;
  }

  step(): void {
    const dt = this.options.dtS;
    this.refreshHazards();
    const openKey = this.openTargetsKey();
    if (openKey !== this.lastOpenKey) {
      this.lastOpenKey = openKey;
      this.exitsChanged();
    } else if (this.tS >= this.nextChoiceS) {
      this.chooseTargets(false);
      this.nextChoiceS = this.tS + D.exitChoice.intervalS;
    }
    for (let i = 0; i < this.count; i++) {
      if (this.state[i] === AGENT_STATE.waiting && this.tS >= this.premovementS[i]!) {
        this.state[i] = this.locked[i] || this.estimateS[i]! < Infinity ? AGENT_STATE.moving : AGENT_STATE.noRoute;
      }
      this.inHash[i] = this.state[i] === AGENT_STATE.arrived ? 0 : 1;
    }
    this.exposure.sample(this, dt, this.speedFactor);
    this.hash.rebuild(this.x, this.y, this.inHash, this.count);
    for (let i = 0; i < this.count; i++) {
      if (this.state[i] === AGENT_STATE.moving) this.velocity(i, dt);
      else {
        this.vx[i] = 0;
        this.vy[i] = 0;
      }
    }
    const oldX = this.oldX;
    const oldY = this.oldY;
    oldX.set(this.x);
    oldY.set(this.y);
    for (let i = 0; i < this.count; i++) {
      if (this.state[i] !== AGENT_STATE.moving) continue;
      this.x[i]! += this.vx[i]! * dt;
      this.y[i]! += this.vy[i]! * dt;
    }
    this.closedOpenings = this.targets.flatMap((t, k) => (t.kind === 'exit' && !this.isTargetOpen(k) ? [this.domain.openings[t.openingIndex]!.line] : []));
    this.resolveContacts(oldX, oldY);
    this.tS += dt;
    this.stepCount++;
    for (let i = 0; i < this.count; i++) {
      if (!this.inHash[i]) continue;
      this.distanceWalkedM[i]! += Math.hypot(this.x[i]! - oldX[i]!, this.y[i]! - oldY[i]!);
      this.detectArrivalAndCrossings(i, oldX[i]!, oldY[i]!);
    }
    this.helpers.update(dt);
  }

  /** Desired direction and speed of one moving agent (steps 1 and 2 of the model). */
  private velocity(i: number, dt: number): void {
    const xi = this.x[i]!;
    const yi = this.y[i]!;
    const ri = this.radius[i]!;
    const e0 = this.scratch;
    if (!this.desiredDirection(i, e0)) {
      this.vx[i] = 0;
      this.vy[i] = 0;
      return;
    }
    let e0x = e0.x;
    let e0y = e0.y;
    if (this.sideStepS[i]! > 0) {
      // Side-step of a stuck agent: turn the heading by 70° to one side for a moment.
      const a = (this.sideSign[i]! * 70 * Math.PI) / 180;
      const c = Math.cos(a);
      const s = Math.sin(a);
      [e0x, e0y] = [c * e0x - s * e0y, s * e0x + c * e0y];
      this.sideStepS[i]! -= dt;
    }
    const { neighbourStrength: a, neighbourRangeM: range, wallStrength: aw, wallRangeM: rangeW } = D.repulsion;
    let ex = e0x;
    let ey = e0y;
    const n = this.hash.candidates(xi, yi, this.candidates);
    for (let k = 0; k < n; k++) {
      const j = this.candidates[k]!;
      if (j === i) continue;
      const dx = this.x[j]! - xi;
      const dy = this.y[j]! - yi;
      const distSq = dx * dx + dy * dy;
      if (distSq > SIDE_PREFERENCE_RANGE_M * SIDE_PREFERENCE_RANGE_M || distSq < 1e-12) continue;
      const dist = Math.sqrt(distSq);
      const l = ri + this.radius[j]!;
      const free = dist - l;
      if (free < 5 * range) {
        const w = a * Math.exp(-free / range);
        ex -= (w * dx) / dist;
        ey -= (w * dy) / dist;
      }
      // Counterflow: an oncoming agent ahead adds a push to the right of the desired heading —
      // the side preference of real pedestrians that makes lanes form instead of head-on blocks
      // (Moussaïd et al. 2009, Proc. R. Soc. B 276; Helbing & Molnár 1995 asymmetric avoidance).
      const ahead = dx * e0x + dy * e0y;
      if (ahead > 0 && this.vx[j]! * e0x + this.vy[j]! * e0y < -0.1) {
        const w = SIDE_PREFERENCE_STRENGTH * Math.exp(-Math.max(0, free) / 1.0);
        ex += w * e0y;
        ey -= w * e0x;
      }
    }
    const w = this.domain.walls;
    const bucket = this.domain.clearOfWalls(xi, yi, ri + 0.3) ? -1 : this.domain.wallBucket(xi, yi);
    if (bucket >= 0) {
      for (let q = this.domain.wallStart[bucket]!; q < this.domain.wallStart[bucket + 1]!; q++) {
        const o = this.domain.wallItems[q]! * 4;
        const t = closestParameter(xi, yi, w[o]!, w[o + 1]!, w[o + 2]!, w[o + 3]!);
        const dx = xi - (w[o]! + t * (w[o + 2]! - w[o]!));
        const dy = yi - (w[o + 1]! + t * (w[o + 3]! - w[o + 1]!));
        const dist = Math.hypot(dx, dy);
        if (dist < 1e-9 || dist - ri > 5 * rangeW + 0.1) continue;
        const weight = aw * Math.exp((ri - dist) / rangeW);
        ex += (weight * dx) / dist;
        ey += (weight * dy) / dist;
      }
    }
    let norm = Math.hypot(ex, ey);
    if (norm < 1e-9) {
      ex = e0x;
      ey = e0y;
      norm = 1;
    }
    ex /= norm;
    ey /= norm;
    [ex, ey] = this.relaxHeading(i, ex, ey);
    // Gap to the nearest agent ahead within a body width of the line of motion (Tordeux 2016 eq. 2).
    let gap = Infinity;
    for (let k = 0; k < n; k++) {
      const j = this.candidates[k]!;
      if (j === i) continue;
      const dx = this.x[j]! - xi;
      const dy = this.y[j]! - yi;
      const along = dx * ex + dy * ey;
      if (along <= 0) continue;
      const l = ri + this.radius[j]!;
      if (Math.abs(dx * ey - dy * ex) > l) continue;
      const free = Math.sqrt(dx * dx + dy * dy) - l;
      if (free < gap) gap = free;
    }
    let speed = this.freeSpeed[i]! * this.speedFactor[i]! * this.helpers.speedCap(i) * weidmannSpeedFraction(gap);
    if (speed * dt > gap) speed = Math.max(0, gap / dt);
    this.vx[i] = speed * ex;
    this.vy[i] = speed * ey;
    if (speed < D.stuck.speedMps) {
      this.stuckS[i]! += dt;
      if (this.stuckS[i]! > D.stuck.afterS) {
        this.stuckS[i] = 0;
        this.sideStepS[i] = 1;
        this.sideSign[i] = this.rng.uniform() < 0.5 ? -1 : 1;
      }
    } else this.stuckS[i] = 0;
  }

  /**
   * The heading turns towards the model's direction u with a relaxation time τ:
   * de/dt = (u − e)/τ (Xu, Chraibi & Seyfried 2021, the anticipation velocity model's direction
   * update). Without it the direction jumps to u every step, and u is stiff — the neighbour term
   * changes e-fold over 0.1 m, about one step of walking — so in a crowd agents flip back and forth
   * by whole steps and a bottleneck's flow depended on dt (60 agents through a 1 m door: 47 s at
   * dt 0.1, 38 s at 0.05, 34 s at 0.025). Integrated exactly over the step for u held constant,
   * e ← u + (e − u)·exp(−dt/τ), so the turning rate does not depend on dt.
   */
  private relaxHeading(i: number, ux: number, uy: number): [number, number] {
    const hx = this.headingX[i]!;
    const hy = this.headingY[i]!;
    let ex = ux;
    let ey = uy;
    if (hx !== 0 || hy !== 0) {
      const keep = this.headingKeep;
      ex = ux + (hx - ux) * keep;
      ey = uy + (hy - uy) * keep;
      const norm = Math.hypot(ex, ey);
      // Exactly opposite headings cancel: take the new direction.
      if (norm > 1e-6) {
        ex /= norm;
        ey /= norm;
      } else {
        ex = ux;
        ey = uy;
      }
    }
    this.headingX[i] = ex;
    this.headingY[i] = ey;
    return [ex, ey];
  }

  /** e0: towards the helper's patient, the last metre straight at an exit, else down the field. */
  private desiredDirection(i: number, out: { x: number; y: number }): boolean {
    if (this.helpers.direction(i, out)) return true;
    const k = this.target[i]!;
    if (k < 0) return false;
    const t = this.targets[k]!;
    const xi = this.x[i]!;
    const yi = this.y[i]!;
    if (t.kind === 'exit') {
      const o = this.domain.openings[t.openingIndex]!;
      const u = projectionParameter(xi, yi, o.line);
      const inFront = u >= 0 && u <= 1 && distanceToSegmentM(xi, yi, o.line) < 1.5 * this.domain.frame.cellSizeM + this.radius[i]!;
      // In front of the opening (not beside a post, where a wall may stand between), or in the frame.
      if (inFront || (xi - o.line[0]) * o.outwardX + (yi - o.line[1]) * o.outwardY > 0) {
        // Aim at the point of the opening in front of the agent, kept a body radius from the posts,
        // half a metre beyond the line, so the agent walks through rather than into a post.
        const margin = Math.min(0.5, (this.radius[i]! + 0.05) / o.widthM);
        const u = Math.min(1 - margin, Math.max(margin, closestParameter(xi, yi, ...o.line)));
        const px = o.line[0] + u * (o.line[2] - o.line[0]) + (DOOR_DEPTH_M + 0.5) * o.outwardX - xi;
        const py = o.line[1] + u * (o.line[3] - o.line[1]) + (DOOR_DEPTH_M + 0.5) * o.outwardY - yi;
        const norm = Math.hypot(px, py);
        out.x = px / norm;
        out.y = py / norm;
        return true;
      }
    }
    // The field's descent direction changes over a cell, not a step: refresh it every
    // DIRECTION_REFRESH_S per agent (staggered), at once when the target or the fields change.
    const due = (this.stepCount + i) % this.directionRefreshSteps === 0;
    if (due || this.dirTarget[i] !== k || this.dirBuild[i] !== this.fieldBuilds) {
      if (!descentDirection(this.fields[k]!, xi, yi, out)) return false;
      this.dirX[i] = out.x;
      this.dirY[i] = out.y;
      this.dirTarget[i] = k;
      this.dirBuild[i] = this.fieldBuilds;
      return true;
    }
    out.x = this.dirX[i]!;
    out.y = this.dirY[i]!;
    return true;
  }

  /**
   * Step 3, contacts. Walls first (push-back to a body radius), then pairwise overlap projection in
   * passes until no pair overlaps by more than CONTACT_TOLERANCE_M (at most MAX_CONTACT_PASSES); an
   * agent against a wall does not give way, its neighbour takes the whole correction, and anyone a
   * correction pushes into a wall is pushed back out at once. Finally a step that would cross a wall
   * or a closed exit is undone.
   */
  private resolveContacts(oldX: Float64Array, oldY: Float64Array): void {
    const flagged = this.contactFlag;
    const walled = this.againstWall;
    for (let i = 0; i < this.count; i++) {
      flagged[i] = this.inHash[i]!;
      walled[i] = this.inHash[i] && this.pushOutOfWalls(i) ? 1 : 0;
    }
    for (let pass = 0; pass < MAX_CONTACT_PASSES; pass++) {
      let pushes = 0;
      for (let i = 0; i < this.count; i++) {
        if (!flagged[i]) continue;
        flagged[i] = 0;
        const n = this.hash.candidates(this.x[i]!, this.y[i]!, this.candidates);
        for (let k = 0; k < n; k++) {
          const j = this.candidates[k]!;
          // First pass: each pair once; later passes: every neighbour of a flagged agent.
          if (j === i || (pass === 0 && j < i)) continue;
          const dx = this.x[j]! - this.x[i]!;
          const dy = this.y[j]! - this.y[i]!;
          const l = this.radius[i]! + this.radius[j]!;
          const distSq = dx * dx + dy * dy;
          if (distSq >= l * l) continue;
          const dist = Math.sqrt(distSq);
          const overlap = l - dist + 2e-6;
          const ux = dist > 1e-9 ? dx / dist : 1;
          const uy = dist > 1e-9 ? dy / dist : 0;
          const shareI = walled[i] === walled[j] ? 0.5 : walled[i] ? 0 : 1;
          this.x[i]! -= shareI * overlap * ux;
          this.y[i]! -= shareI * overlap * uy;
          this.x[j]! += (1 - shareI) * overlap * ux;
          this.y[j]! += (1 - shareI) * overlap * uy;
          if (shareI > 0 && this.pushOutOfWalls(i)) walled[i] = 1;
          if (shareI < 1 && this.pushOutOfWalls(j)) walled[j] = 1;
          if (overlap > CONTACT_TOLERANCE_M) {
            flagged[i] = 1;
            flagged[j] = 1;
            pushes++;
          }
        }
      }
      if (pushes === 0) break;
    }
    const w = this.domain.walls;
    const items = this.domain.wallItems;
    const starts = this.domain.wallStart;
    const closed = this.closedOpenings;
    for (let i = 0; i < this.count; i++) {
      if (!this.inHash[i]) continue;
      const ox = oldX[i]!;
      const oy = oldY[i]!;
      const nx = this.x[i]!;
      const ny = this.y[i]!;
      if (ox === nx && oy === ny) continue;
      // A step (≤ 0.2 m) cannot cross a wall that is farther than its length from the start.
      if (closed.length === 0 && this.domain.clearOfWalls(ox, oy, Math.hypot(nx - ox, ny - oy) + 0.01)) continue;
      let crosses = false;
      const bucket = this.domain.wallBucket(ox, oy);
      if (bucket >= 0) {
        for (let q = starts[bucket]!; q < starts[bucket + 1]! && !crosses; q++) {
          const o = items[q]! * 4;
          crosses = segmentsCross(ox, oy, nx, ny, w[o]!, w[o + 1]!, w[o + 2]!, w[o + 3]!);
        }
      }
      for (const line of closed) crosses ||= segmentsIntersect(ox, oy, nx, ny, line);
      if (crosses) {
        this.x[i] = ox;
        this.y[i] = oy;
      }
    }
  }

  /** Pushes agent i out of any wall it penetrates (two sweeps for corners); true if it moved. */
  private pushOutOfWalls(i: number): boolean {
    const w = this.domain.walls;
    const items = this.domain.wallItems;
    const starts = this.domain.wallStart;
    const ri = this.radius[i]!;
    let moved = false;
    if (this.domain.clearOfWalls(this.x[i]!, this.y[i]!, ri + 0.01)) return false;
    for (let sweep = 0; sweep < 2; sweep++) {
      const bucket = this.domain.wallBucket(this.x[i]!, this.y[i]!);
      if (bucket < 0) break;
      for (let q = starts[bucket]!; q < starts[bucket + 1]!; q++) {
        const o = items[q]! * 4;
        const xi = this.x[i]!;
        const yi = this.y[i]!;
        const t = closestParameter(xi, yi, w[o]!, w[o + 1]!, w[o + 2]!, w[o + 3]!);
        const dx = xi - (w[o]! + t * (w[o + 2]! - w[o]!));
        const dy = yi - (w[o + 1]! + t * (w[o + 3]! - w[o + 1]!));
        const distSq = dx * dx + dy * dy;
        if (distSq >= ri * ri || distSq < 1e-24) continue;
        const dist = Math.sqrt(distSq);
        const push = ri - dist + 1e-6;
        this.x[i] = xi + (push * dx) / dist;
        this.y[i] = yi + (push * dy) / dist;
        moved = true;
      }
    }
    return moved;
  }

  private detectArrivalAndCrossings(i: number, oldX: number, oldY: number): void {
    const xi = this.x[i]!;
    const yi = this.y[i]!;
    for (let l = 0; l < this.flowLines.length; l++) {
      const line = this.flowLines[l]!.line;
      if (segmentsIntersect(oldX, oldY, xi, yi, line)) {
        const side = (line[2] - line[0]) * (yi - line[1]) - (line[3] - line[1]) * (xi - line[0]);
        this.crossings.push({ lineIndex: l, agentIndex: i, tS: this.tS, direction: side < 0 ? 1 : -1 });
      }
    }
    if (this.state[i] !== AGENT_STATE.moving || this.locked[i]) return;
    for (let k = 0; k < this.targets.length; k++) {
      const t = this.targets[k]!;
      let arrived = false;
      if (t.kind === 'muster') arrived = this.isTargetOpen(k) && (xi - t.x) ** 2 + (yi - t.y) ** 2 <= t.radiusM * t.radiusM;
      else if (this.isTargetOpen(k)) {
        const o = this.domain.openings[t.openingIndex]!;
        // Through when past the far end of the door frame (or crossing it this step).
        const outward = (xi - o.line[0]) * o.outwardX + (yi - o.line[1]) * o.outwardY;
        arrived = segmentsIntersect(oldX, oldY, xi, yi, o.outerLine) || (outward >= DOOR_DEPTH_M && distanceToSegmentM(xi, yi, o.line) < DOOR_DEPTH_M + 0.05);
      }
      if (arrived) {
        this.markArrived(i, k);
        return;
      }
    }
  }

  private chooseTargets(initial: boolean): void {
    const s: ExitChoiceState = {
      count: this.count,
      state: this.state,
      x: this.x,
      y: this.y,
      freeSpeedMps: this.freeSpeed,
      target: this.target,
      policy: this.policy,
      preferred: this.preferred,
      locked: this.locked,
      fields: this.fields,
      open: this.targets.map((_, k) => this.isTargetOpen(k)),
      capacityPerS: this.targets.map((t) =>
        t.kind === 'exit' ? D.exitChoice.specificFlowPerMps * this.domain.openings[t.openingIndex]!.widthM : D.exitChoice.specificFlowPerMps * 2 * Math.PI * t.radiusM,
      ),
      estimateS: this.estimateS,
    };
    chooseTargets(s, initial);
    for (let i = 0; i < this.count; i++) {
      // A route may have opened (a hazard gone, an exit reopened): stranded agents set off again.
      if (this.state[i] === AGENT_STATE.noRoute && this.estimateS[i]! < Infinity && this.tS >= this.premovementS[i]!) this.state[i] = AGENT_STATE.moving;
      const estimate = this.estimateS[i]!;
      if (this.state[i] === AGENT_STATE.arrived) this.predictedArrivalS[i] = this.arrivalS[i]!;
      else this.predictedArrivalS[i] = estimate < 1e7 ? this.tS + Math.max(0, this.premovementS[i]! - this.tS) + estimate : -1;
    }
  }

  /** Whether an injured agent's helper is on the way. */
  isHelpComing(i: number): boolean {
    return this.helpers.hasHelper(i);
  }

  /** Marks agents whose target another module manages (helpers walking to the injured). */
  lock(i: number, locked: boolean): void {
    this.locked[i] = locked ? 1 : 0;
  }

  /** Route cost from a point to target k (cost-weighted metres; Infinity if cut off). */
  routeCost(k: number, x: number, y: number): number {
    return sampleField(this.fields[k]!, x, y);
  }

  get costGrid(): Float32Array {
    return this.cost;
  }

  private refreshHazards(): void {
    const active = this.hazards.filter((h) => isActive(h, this.tS));
    const key = active.map((h) => h.id).join('\u0000');
    if (key === this.activeHazardKey) return;
    this.activeHazardKey = key;
    this.rebuildFields();
    this.helpers.rebuild();
    // New hazards change every route: choose again now rather than at the next interval.
    if (this.fieldBuilds > 1) this.chooseTargets(false);
  }

  private rebuildFields(): void {
    const t0 = performance.now();
    applyHazardCost(this.domain, this.hazards.filter((h) => isActive(h, this.tS)), this.cost);
    this.targets.forEach((t, k) => {
      const { seeds, values } = this.seedsOf(t);
      this.marcher.march(this.cost, seeds, values, this.fields[k]!.values);
    });
    this.lastFieldBuildMs = performance.now() - t0;
    this.fieldBuilds++;
  }

  /** Seed cells of a target: cells inside a muster disc (0), cells along an exit line (their distance). */
  private seedsOf(t: TargetSpec): { seeds: Int32Array; values: Float32Array } {
    const { x0, y0, cellSizeM: h, nx, ny } = this.domain.frame;
    const seeds: number[] = [];
    const values: number[] = [];
    if (t.kind === 'muster') {
      const reach = Math.max(t.radiusM, h * 0.75);
      for (let j = Math.max(0, Math.floor((t.y - reach - y0) / h)); j <= Math.min(ny - 1, Math.floor((t.y + reach - y0) / h)); j++) {
        for (let i = Math.max(0, Math.floor((t.x - reach - x0) / h)); i <= Math.min(nx - 1, Math.floor((t.x + reach - x0) / h)); i++) {
          const d = Math.hypot(x0 + (i + 0.5) * h - t.x, y0 + (j + 0.5) * h - t.y);
          if (d <= reach && this.domain.walkable[j * nx + i]) {
            seeds.push(j * nx + i);
            values.push(Math.max(0, d - t.radiusM));
          }
        }
      }
    } else {
      const line = this.domain.openings[t.openingIndex]!.line;
      const [ax, ay, bx, by] = line;
      // Only cells in front of the opening (their projection on it between the posts): a cell beside
      // a post, behind the wall that meets it, is within a cell of the line too, and seeding it led
      // the people of the room behind that wall into its corner (RiMEA test 10 layout).
      const inFront: number[] = [];
      const inFrontValues: number[] = [];
      for (let j = Math.max(0, Math.floor((Math.min(ay, by) - 2 * h - y0) / h)); j <= Math.min(ny - 1, Math.floor((Math.max(ay, by) + 2 * h - y0) / h)); j++) {
        for (let i = Math.max(0, Math.floor((Math.min(ax, bx) - 2 * h - x0) / h)); i <= Math.min(nx - 1, Math.floor((Math.max(ax, bx) + 2 * h - x0) / h)); i++) {
          const cx = x0 + (i + 0.5) * h;
          const cy = y0 + (j + 0.5) * h;
          const d = distanceToSegmentM(cx, cy, line as Segment);
          if (d > h || !this.domain.walkable[j * nx + i]) continue;
          seeds.push(j * nx + i);
          values.push(d);
          const u = projectionParameter(cx, cy, line as Segment);
          if (u >= 0 && u <= 1) {
            inFront.push(j * nx + i);
            inFrontValues.push(d);
          }
        }
      }
      // An opening narrower than a cell may have no cell centre in front of it: then the nearest cells.
      if (inFront.length > 0) return { seeds: Int32Array.from(inFront), values: Float32Array.from(inFrontValues) };
    }
    return { seeds: Int32Array.from(seeds), values: Float32Array.from(values) };
  }
}
