import { EVACUATION_MODEL_DEFAULTS } from './modelDefaults.js';
import { sampleField, type ScalarField } from './navigationField.js';
import { AGENT_STATE, type ExitPolicy } from './types.js';

const BIN_M = 1;
const BINS = 8192;
/** A route cost at or above this crosses a no-go area (cost factor 1000 per metre): treat as closed. */
const THROUGH_CLOSED_AREA = EVACUATION_MODEL_DEFAULTS.hazardCost.noGoFactor;

export type ExitChoiceState = {
  count: number;
  state: Uint8Array;
  x: Float64Array;
  y: Float64Array;
  freeSpeedMps: Float32Array;
  target: Int16Array;
  policy: readonly ExitPolicy[];
  preferred: readonly number[][];
  /** Agents whose target is managed elsewhere (helpers on their way to the injured). */
  locked: Uint8Array;
  fields: readonly ScalarField[];
  open: readonly boolean[];
  /** Discharge capacity of each target (persons/s). */
  capacityPerS: readonly number[];
  /** Estimated remaining time to leave (s), written for every choosing agent. */
  estimateS: Float32Array;
};

/**
 * Exit (or muster point) choice by estimated time to leave, including queueing: for target k the
 * agent needs max(walk, queue) with walk = route cost / own free speed and queue = (agents heading
 * to k that are closer to it) / k's discharge capacity — the hydraulic estimate of SFPE Handbook
 * (5th ed., ch. 59, "Employing the hydraulic model in assessing emergency movement"), where a door
 * passes at most its specific flow × width. Agents switch only for a clear gain (hysteresis), so
 * choices do not flicker. `initial` ignores hysteresis (the first assignment).
 */
export function chooseTargets(s: ExitChoiceState, initial: boolean): void {
  const targets = s.fields.length;
  const { switchGainFraction, switchGainMinS } = EVACUATION_MODEL_DEFAULTS.exitChoice;
  // Cumulative histograms of route cost per target, over the agents heading there.
  const histograms = Array.from({ length: targets }, () => new Int32Array(BINS + 1));
  const cost = new Float64Array(s.count * targets);
  for (let i = 0; i < s.count; i++) {
    if (!isChoosing(s, i)) continue;
    for (let k = 0; k < targets; k++) cost[i * targets + k] = sampleField(s.fields[k]!, s.x[i]!, s.y[i]!);
    const k = s.target[i]!;
    if (k >= 0) {
      const c = cost[i * targets + k]!;
      if (c < Infinity) histograms[k]![Math.min(BINS, Math.floor(c / BIN_M)) + 1]!++;
    }
  }
  for (const h of histograms) for (let b = 1; b <= BINS; b++) h[b]! += h[b - 1]!;

  for (let i = 0; i < s.count; i++) {
    if (!isChoosing(s, i)) continue;
    const current = s.target[i]!;
    const estimate = (k: number) => {
      const c = cost[i * targets + k]!;
      if (!(c < Infinity) || !s.open[k]) return Infinity;
      const ahead = histograms[k]![Math.min(BINS, Math.floor(c / BIN_M))]!;
      return Math.max(c / s.freeSpeedMps[i]!, ahead / s.capacityPerS[k]!);
    };
    const candidates = candidateTargets(s, i, cost, targets);
    let best = -1;
    let bestS = Infinity;
    for (const k of candidates) {
      const t = estimate(k);
      if (t < bestS) {
        bestS = t;
        best = k;
      }
    }
    if (s.policy[i] === 'fixed') {
      const k = s.preferred[i]![0] ?? best;
      s.target[i] = k;
      s.estimateS[i] = k >= 0 ? Math.min(estimate(k), 1e7) : Infinity;
      continue;
    }
    const currentS = current >= 0 ? estimate(current) : Infinity;
    const gain = currentS - bestS;
    const switchNow = initial || current < 0 || !(currentS < Infinity) || (gain > switchGainMinS && gain > switchGainFraction * currentS);
    // An agent between the grid cells (in a door frame) sees no finite cost: it keeps its target.
    if (switchNow && best >= 0) s.target[i] = best;
    s.estimateS[i] = switchNow && best >= 0 ? bestS : current >= 0 ? Math.min(currentS, 1e7) : Infinity;
  }
}

function isChoosing(s: ExitChoiceState, i: number): boolean {
  const st = s.state[i];
  return (st === AGENT_STATE.waiting || st === AGENT_STATE.moving || st === AGENT_STATE.noRoute) && !s.locked[i];
}

/** The targets an agent may choose among under its policy. */
function candidateTargets(s: ExitChoiceState, i: number, cost: Float64Array, targets: number): number[] {
  const preferred = s.preferred[i]!;
  const all = Array.from({ length: targets }, (_, k) => k);
  switch (s.policy[i]) {
    case 'fixed':
      return preferred.length > 0 ? [preferred[0]!] : all;
    case 'assigned_with_fallback': {
      const first = preferred[0];
      if (first === undefined) return all;
      const c = cost[i * targets + first]!;
      // Fallback when the assigned target is closed, unreachable or only reachable through a no-go area.
      const usable = s.open[first] && c < THROUGH_CLOSED_AREA;
      return usable ? [first] : all;
    }
    default:
      return preferred.length > 0 ? preferred : all;
  }
}
