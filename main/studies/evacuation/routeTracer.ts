import { EVACUATION_AGENT_STATES, type EvacuationRoutes } from '../../contracts/index.js';
import { descentDirection, type EvacuationEngine, sampleField } from '../../evacuation/index.js';

/** 4 m steps: finer than the gaps between equipment the routes thread through, coarse enough to stay small on the wire. */
const ROUTE_STEP_M = 4;
/** Bounds the walk (a 600 m route on the demo plant is 150 steps); routes never loop forever. */
const MAX_POINTS_PER_ROUTE = 250;
/** Stop when the remaining travel cost is this close to the target (the muster disc or the gate). */
const ARRIVED_COST = ROUTE_STEP_M;

const ARRIVED = EVACUATION_AGENT_STATES.indexOf('arrived');

/**
 * Each agent's predicted route to its chosen target: the steepest descent of the target's
 * travel-cost field (the same field the agents steer by, so the route bends round obstacles and
 * round the cloud when hazards raise the cost). Agents that arrived or have no target get none.
 */
export function traceRoutes(engine: EvacuationEngine): EvacuationRoutes {
  const offsets = new Uint32Array(engine.count + 1);
  const points: number[] = [];
  const dir = { x: 0, y: 0 };
  for (let i = 0; i < engine.count; i++) {
    offsets[i] = points.length / 2;
    const k = engine.target[i]!;
    if (k < 0 || engine.state[i] === ARRIVED) continue;
    const field = engine.fields[k]!;
    let x = engine.x[i]!;
    let y = engine.y[i]!;
    points.push(x, y);
    for (let n = 1; n < MAX_POINTS_PER_ROUTE; n++) {
      if (sampleField(field, x, y) <= ARRIVED_COST || !descentDirection(field, x, y, dir)) break;
      x += dir.x * ROUTE_STEP_M;
      y += dir.y * ROUTE_STEP_M;
      points.push(x, y);
    }
  }
  offsets[engine.count] = points.length / 2;
  return { agentOffsets: offsets, pointsM: Float32Array.from(points) };
}
