import { describe, expect, it } from 'vitest';
import type { DispersionSnapshot, SimulatorCommand } from '../contracts/index.js';
import { loadDemoScene } from '../../tests/support/demoScene.js';
import type { CoreTopics } from '../bus/coreTopics.js';
import { MessageBus } from '../bus/MessageBus.js';
import { createLogger } from '../log/logger.js';
import { inProcessLeakEngine, LiveLeakStudies, windStationIndices } from './LiveLeakStudies.js';
import { waitUntil } from '../../tests/support/waitUntil.js';

const scene = loadDemoScene();
const START_MS = Date.UTC(2025, 6, 1, 2, 0, 0);

function setup() {
  let now = START_MS;
  const bus = new MessageBus<CoreTopics>();
  const engine = inProcessLeakEngine(scene, now, { cellSizeM: 4 });
  const snapshots: DispersionSnapshot[] = [];
  const simulatorCommands: SimulatorCommand[] = [];
  const studies = new LiveLeakStudies({
    scene,
    bus,
    engine,
    logger: createLogger('silent'),
    simulator: { apply: (command) => simulatorCommands.push(command) },
    broadcast: (snapshot) => snapshots.push(snapshot),
    refreshIntervalMs: 60_000,
    nowMs: () => now,
  });
  const wind = windStationIndices(scene)!;
  const sendWind = (speedMps: number, fromDeg: number) =>
    bus.publish('samples', { indices: Uint32Array.of(wind.speed, wind.direction), values: Float64Array.of(speedMps, fromDeg), tsMs: Float64Array.of(now, now), qualities: Uint8Array.of(0, 0) });
  return { bus, studies, snapshots, simulatorCommands, sendWind, advance: (s: number) => (now += s * 1000) };
}

/** Concentration-weighted centre of the ground-level cloud, plant metres. */
function cloudCentre(snapshot: DispersionSnapshot): { x: number; y: number } {
  const grid = snapshot.grid!;
  const values = snapshot.fields[0]!.valuesMgM3 as Float32Array;
  let sum = 0;
  let sx = 0;
  let sy = 0;
  for (let j = 0; j < grid.ny; j++) {
    for (let i = 0; i < grid.nx; i++) {
      const c = values[j * grid.nx + i]!;
      sum += c;
      sx += c * (grid.x0 + i * grid.dxM);
      sy += c * (grid.y0 + j * grid.dyM);
    }
  }
  return { x: sx / sum, y: sy / sum };
}

describe('live leak studies', () => {
  it('finds the weather station the plume follows', () => {
    const indices = windStationIndices(scene)!;
    expect(scene.sensors[indices.speed]!.kind).toBe('windSpeed');
    expect(scene.sensors[indices.direction]!.kind).toBe('windDirection');
  });

  it('recomputes on each wind sample and turns the cloud with the live wind', async () => {
    const { studies, snapshots, sendWind, advance } = setup();
    sendWind(3, 270);
    await studies.startLeak({ equipmentId: 'T-101', rateKgS: 0.5, model: 'gaussian' }, 'operator');
    advance(120);
    sendWind(3, 270);
    await waitUntil(() => snapshots.some((s) => s.wind.fromDeg === 270 && s.fields[0]!.maxMgM3 > 0), 5_000, 'the dispersion snapshot');
    const westerly = snapshots.at(-1)!;
    // A west wind carries the gas east of the tank.
    const tank = scene.equipment.find((e) => e.id === 'T-101')!.position;
    const east = cloudCentre(westerly);
    expect(east.x).toBeGreaterThan(tank.x + 30);
    expect(Math.abs(east.y - tank.y)).toBeLessThan(20);
    advance(600);
    sendWind(3, 0);
    await waitUntil(() => snapshots.at(-1)!.wind.fromDeg === 0, 5_000, 'the dispersion snapshot');
    advance(300);
    sendWind(3, 0);
    await waitUntil(() => snapshots.at(-1)!.atMs > westerly.atMs + 800_000, 5_000, 'the dispersion snapshot');
    // A north wind: the new gas goes south (the gas released earlier has blown east off the site).
    const south = cloudCentre(snapshots.at(-1)!);
    expect(south.y).toBeLessThan(tank.y - 30);
    expect(Math.abs(south.x - tank.x)).toBeLessThan(20);
    await studies.close();
  });

  it('drives the demo simulator with the leak the commander started, and mirrors the simulator’s own leaks once', async () => {
    const { studies, simulatorCommands, sendWind, snapshots } = setup();
    sendWind(2, 0);
    const leak = await studies.startLeak({ equipmentId: 'B-301', holeDiameterM: 0.01 }, 'operator');
    expect(simulatorCommands).toEqual([{ scenario: 'gasLeak', equipmentId: 'B-301', releaseRateKgPerS: expect.closeTo(leak.rateKgS, 6), durationS: expect.any(Number) }]);
    // The echo of our own command does not start a second study; a command from elsewhere does.
    studies.onSimulatorCommand({ scenario: 'gasLeak', equipmentId: 'T-102', releaseRateKgPerS: 0.2 });
    await waitUntil(() => snapshots.at(-1)?.leaks.length === 2, 5_000, 'the dispersion snapshot');
    expect(snapshots.at(-1)!.leaks.map((l) => l.equipmentId).sort()).toEqual(['B-301', 'T-102']);
    studies.onSimulatorCommand({ scenario: 'clear' });
    await waitUntil(() => snapshots.at(-1)!.leaks.every((l) => l.endsAtMs <= START_MS), 5_000, 'the dispersion snapshot');
    await studies.close();
  });

  it('refuses a bad request with the engine’s reason and keeps running', async () => {
    const { studies, sendWind, snapshots } = setup();
    await expect(studies.startLeak({ equipmentId: 'nowhere', rateKgS: 1 }, 'operator')).rejects.toThrow(/nowhere/);
    sendWind(2, 90);
    await studies.startLeak({ equipmentId: 'T-101', rateKgS: 0.1 }, 'operator');
    await waitUntil(() => snapshots.length > 0, 5_000, 'the dispersion snapshot');
    expect(snapshots.at(-1)!.leaks.map((l) => l.equipmentId)).toEqual(['T-101']);
    await studies.close();
  });
});
