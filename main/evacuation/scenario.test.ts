import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EvacuationInputError } from './errors.js';
import { EVACUATION_MODEL_DEFAULTS } from './modelDefaults.js';
import { prepareScenario, runScenario } from './runScenario.js';

const square = [
  [0, 0],
  [10, 0],
  [10, 10],
  [0, 10],
];
const base = () => ({
  geometry: { outer: square, obstacles: [[[4, 4], [6, 4], [6, 6], [4, 6]]] },
  exits: [{ id: 'door', line: [[10, 4], [10, 6]] }],
  agents: [
    { id: 'a', x: 1, y: 1 },
    { id: 7, x: 2, y: 8 },
  ],
  run: { outputHz: 1 },
});

function inputError(raw: unknown): string {
  try {
    runScenario(raw);
  } catch (error) {
    if (error instanceof EvacuationInputError) return error.message;
    throw error;
  }
  throw new Error('expected an EvacuationInputError');
}

describe('evac scenarios: determinism and output', () => {
  it('gives the same result for the same seed, and another for another seed', () => {
    const raw = { ...base(), agentGroups: [{ idPrefix: 'g', count: 30, area: [[0.5, 0.5], [3.5, 0.5], [3.5, 9.5], [0.5, 9.5]], premovementS: { dist: 'uniform', min: 0, max: 5 } }] };
    const strip = (r: ReturnType<typeof runScenario>) => JSON.stringify({ ...r, metadata: { ...(r.metadata as object), wallTimeS: 0 } });
    const a = strip(runScenario(raw));
    expect(strip(runScenario(raw))).toBe(a);
    expect(strip(runScenario({ ...raw, run: { outputHz: 1, seed: 2 } }))).not.toBe(a);
  });

  it('echoes ids exactly, samples trajectories at outputHz and reports metadata', () => {
    const r = runScenario(base());
    const events = r.exitEvents as { agentId: unknown; exitId: string; t: number }[];
    expect(events.map((e) => e.agentId).sort((x, y) => String(x).localeCompare(String(y)))).toEqual([7, 'a']);
    expect(events.every((e) => e.exitId === 'door')).toBe(true);
    const traj = r.trajectories as { t: number; agentId: unknown }[];
    expect(traj[0]).toMatchObject({ t: 0, agentId: 'a' });
    expect(new Set(traj.map((p) => p.t)).size).toBeGreaterThan(5);
    expect(traj.every((p) => Number.isInteger(Math.round(p.t * 1000) / 1000))).toBe(true);
    const meta = r.metadata as Record<string, unknown>;
    expect(meta).toMatchObject({ dtS: EVACUATION_MODEL_DEFAULTS.dtS, radiusM: 0.2, model: EVACUATION_MODEL_DEFAULTS.model, seed: 1 });
    expect(r.warnings).toEqual([]);
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });

  it('warns about unknown fields and ignores them', () => {
    const r = runScenario({ ...base(), colour: 'red', agents: [{ id: 'a', x: 1, y: 1, hat: true }, { id: 'b', x: 1, y: 2, hat: false }] });
    expect(r.warnings).toContain('unknown field colour ignored');
    expect(r.warnings).toContain('unknown field agents[*].hat ignored (in 2 entries)');
  });

  it('keeps docs/evacuation-model-defaults.json equal to the model defaults', () => {
    const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'evacuation-model-defaults.json');
    const { '//': _comment, ...published } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(published).toEqual(JSON.parse(JSON.stringify(EVACUATION_MODEL_DEFAULTS)));
  });

  it('injured agents are fetched by the nearest able agent; without one they are reported', () => {
    const helped = runScenario({
      geometry: { outer: [[0, 0], [30, 0], [30, 10], [0, 10]] },
      exits: [{ id: 'door', line: [[30, 4], [30, 6]] }],
      agents: [
        { id: 'hurt', x: 3, y: 5, profile: 'injured' },
        { id: 'mate', x: 10, y: 5 },
      ],
      run: { outputHz: 0 },
    });
    const agents = helped.agents as { id: string; arrivalS: number }[];
    expect(agents.every((a) => a.arrivalS !== null)).toBe(true);
    // The pair walks at the assisted speed: 27 m at 0.5 m/s after the pick-up.
    expect(agents[0]!.arrivalS).toBeGreaterThan(27 / EVACUATION_MODEL_DEFAULTS.profiles.injured.assistedSpeedMps);

    const alone = runScenario({
      geometry: { outer: [[0, 0], [30, 0], [30, 10], [0, 10]] },
      exits: [{ id: 'door', line: [[30, 4], [30, 6]] }],
      agents: [{ id: 'hurt', x: 3, y: 5, profile: 'injured' }],
      run: { outputHz: 0 },
    });
    expect(alone.notArrived).toEqual([{ agentId: 'hurt', x: 3, y: 5, state: 'awaitingHelp', reason: 'injured, no helper within reach' }]);
    expect((alone.summary as { endTimeS: number }).endTimeS).toBe(0);
  });

  it('honours exit schedules: a closed exit is not used while closed', () => {
    const r = runScenario({
      geometry: { outer: [[0, 0], [20, 0], [20, 10], [0, 10]] },
      exits: [
        { id: 'near', line: [[0, 4], [0, 6]], schedule: [{ fromS: 0, toS: 1000 }] },
        { id: 'far', line: [[20, 4], [20, 6]] },
      ],
      agentGroups: [{ idPrefix: 'a', count: 10, area: [[1, 3], [4, 3], [4, 7], [1, 7]] }],
      run: { outputHz: 0 },
    });
    expect((r.exitEvents as { exitId: string }[]).every((e) => e.exitId === 'far')).toBe(true);
  });

  it('closes an exit for good mid-run (no toS): people heading to it re-route and none walks through it', () => {
    const scenario = (schedule: unknown[]) => ({
      geometry: { outer: [[0, 0], [20, 0], [20, 10], [0, 10]] },
      exits: [
        { id: 'W', line: [[0, 4], [0, 6]] },
        { id: 'E', line: [[20, 4], [20, 6]], schedule },
      ],
      agentGroups: [{ idPrefix: 'a', count: 20, area: [[12, 2], [15, 2], [15, 8], [12, 8]] }],
      run: { seed: 3, outputHz: 0, tMaxS: 120 },
    });
    // The same scenario with toS omitted and with toS null: the gate is lost at t = 2 s for good.
    const { engine } = prepareScenario(scenario([{ fromS: 2 }]));
    const east = engine.targets.findIndex((t) => t.id === 'E');
    const west = engine.targets.findIndex((t) => t.id === 'W');
    let headingEastBeforeClosing = 0;
    let crossedAfterClosing = 0;
    let turnedWestWithinOneStep = true;
    while (engine.remaining() > 0 && engine.tS < 120) {
      const before = Float64Array.from(engine.x);
      const wasClosed = !engine.isTargetOpen(east);
      engine.step();
      if (engine.tS < 2 - 1e-9) headingEastBeforeClosing = [...engine.target].filter((k) => k === east).length;
      for (let i = 0; i < engine.count; i++) if (wasClosed && before[i]! <= 20 && engine.x[i]! > 20) crossedAfterClosing++;
      // Re-routed at the step the gate closed, not at the next choice interval.
      if (wasClosed && engine.tS < 2.2 && [...engine.target].some((k, i) => k === east && engine.state[i] !== 2)) turnedWestWithinOneStep = false;
    }
    expect(headingEastBeforeClosing).toBe(20);
    expect(crossedAfterClosing).toBe(0);
    expect(turnedWestWithinOneStep).toBe(true);
    expect(engine.exitEvents.map((e) => e.targetIndex)).toEqual(Array(20).fill(west));

    const omitted = runScenario(scenario([{ fromS: 2 }]));
    const nulled = runScenario(scenario([{ fromS: 2, toS: null }]));
    expect((omitted.summary as { arrived: number }).arrived).toBe(20);
    expect(nulled.exitEvents).toEqual(omitted.exitEvents);
    expect(JSON.stringify(omitted)).not.toMatch(/Infinity|NaN/);
  });

  it('a 1 m gate in a fence stays open to navigation at any cell size (the fence along its line is not a wall across it)', () => {
    for (const cellSizeM of [0.25, 0.5]) {
      const r = runScenario({
        geometry: { outer: [[0, 0], [12, 0], [12, 10], [0, 10]], walls: [[[10, 0], [10, 10]]] },
        exits: [{ id: 'gate', line: [[10, 4.5], [10, 5.5]] }],
        agentGroups: [{ idPrefix: 'a', count: 10, area: [[1, 1], [8, 1], [8, 9], [1, 9]] }],
        run: { seed: 1, outputHz: 0, cellSizeM, tMaxS: 120 },
      });
      expect((r.summary as { arrived: number }).arrived).toBe(10);
    }
  });

  it('accepts open-ended hazard windows and refuses a window that ends before it starts', () => {
    const cloud = { id: 'c', kind: 'toxic_gas', mode: 'no_go', substance: 'chlorine', polygon: [[12, 0], [20, 0], [20, 10], [12, 10]], concentrationPpm: 50, tOnS: 1 };
    const r = runScenario({ ...base(), hazards: [{ ...cloud, tOffS: null }] });
    expect((r.summary as { arrived: number }).arrived).toBe(2);
    expect(inputError({ ...base(), exits: [{ id: 'door', line: [[10, 4], [10, 6]], schedule: [{ fromS: 5, toS: 5 }] }] })).toBe(
      'exits[0].schedule[0].toS: toS must be after fromS (or omitted: closed to the end of the run)',
    );
  });
});

describe('evac scenarios: bad input', () => {
  it('rejects agents inside obstacles or outside the walkable area, naming them', () => {
    expect(inputError({ ...base(), agents: [{ id: 'stuck', x: 5, y: 5 }] })).toMatch(/^agents\[0\]: agent "stuck" at \(5, 5\) lies inside an obstacle/);
    expect(inputError({ ...base(), agents: [{ id: 'far', x: 50, y: 5 }] })).toMatch(/^agents\[0\]: .*outside the walkable area/);
  });

  it('snaps such agents when run.snapAgents is set, with a warning', () => {
    const r = runScenario({ ...base(), agents: [{ id: 'stuck', x: 5, y: 5 }], run: { snapAgents: true, outputHz: 0 } });
    expect(r.warnings.join()).toMatch(/agent "stuck" at \(5, 5\) was outside the walkable area; moved to/);
    expect((r.summary as { arrived: number }).arrived).toBe(1);
  });

  it('rejects zero-width exits and exits off the boundary', () => {
    expect(inputError({ ...base(), exits: [{ id: 'dot', line: [[10, 5], [10, 5]] }] })).toBe('exits[0].line: exit "dot" has zero width (both ends at the same point)');
    expect(inputError({ ...base(), exits: [{ id: 'mid', line: [[8, 4], [8, 6]] }] })).toMatch(/^exits\[0\]\.line: exit "mid" does not lie on the walkable boundary/);
  });

  it('reports agents that cannot reach any exit and ends the run at once', () => {
    const r = runScenario({
      geometry: { walkable: [square, [[20, 0], [30, 0], [30, 10], [20, 10]]] },
      exits: [{ id: 'door', line: [[10, 4], [10, 6]] }],
      agents: [
        { id: 'ok', x: 2, y: 2 },
        { id: 'cut-off', x: 25, y: 5 },
      ],
      run: { outputHz: 0 },
    });
    expect(r.notArrived).toEqual([{ agentId: 'cut-off', x: 25, y: 5, state: 'noRoute', reason: 'no open exit can be reached' }]);
    expect((r.summary as { stoppedBecause: string }).stoppedBecause).toMatch(/cannot move/);
    expect(r.warnings.join()).toMatch(/1 of 2 agents never arrived/);
  });

  it('separates agents that overlap at the start, with a warning', () => {
    const { engine, warnings } = prepareScenario({ ...base(), agents: [{ id: 'a', x: 2, y: 2 }, { id: 'b', x: 2.1, y: 2 }, { id: 'c', x: 2, y: 2 }] });
    expect(warnings.join()).toMatch(/3 pairs of agents overlapped at the start/);
    for (let i = 0; i < 3; i++) {
      for (let j = i + 1; j < 3; j++) expect(Math.hypot(engine.x[i]! - engine.x[j]!, engine.y[i]! - engine.y[j]!)).toBeGreaterThanOrEqual(0.4 - 1e-6);
    }
  });

  it('handles an empty population with a warning', () => {
    const r = runScenario({ ...base(), agents: [] });
    expect(r.warnings).toContain('the population is empty: nothing to simulate');
    expect(r.summary).toMatchObject({ agents: 0, arrived: 0, totalTimeS: null, endTimeS: 0 });
  });

  it('bounds every run in simulated time and reports who never arrived', () => {
    const r = runScenario({ ...base(), agents: [{ id: 'slow', x: 1, y: 1, desiredSpeedMps: 0.1 }], run: { tMaxS: 5, outputHz: 0 } });
    expect(r.summary).toMatchObject({ arrived: 0, endTimeS: 5, stoppedBecause: 'tMaxS reached' });
    expect((r.notArrived as { reason: string }[])[0]!.reason).toBe('still on the way when the run ended');
  });

  it('names the field of a schema error', () => {
    expect(inputError({ ...base(), run: { dtS: -1 } })).toMatch(/^run\.dtS: /);
    expect(inputError({ ...base(), agents: [{ id: 'a', x: 'one', y: 1 }] })).toMatch(/^agents\[0\]\.x: /);
    expect(inputError({ exits: [] })).toMatch(/^geometry: /);
    expect(inputError({ ...base(), agents: [{ id: 'a', x: 1, y: 1, targetExits: ['nope'], policy: 'fixed' }] })).toBe('agents[0].targetExits[0]: unknown exit "nope"');
    expect(inputError({ ...base(), agents: [{ id: 'a', x: 1, y: 1 }, { id: 'a', x: 2, y: 2 }] })).toBe('agents[1].id: duplicate agent id "a"');
  });
});
