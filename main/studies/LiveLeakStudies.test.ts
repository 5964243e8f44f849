import { describe, expect, it } from 'vitest';
import { MAX_LIVE_LEAKS, SOCKET_EVENTS, type DispersionSnapshot, type SimulatorCommand } from '../contracts/index.js';
import type { NewAuditEntry } from '../audit/index.js';
import { loadDemoScene } from '../../tests/support/demoScene.js';
import type { CoreTopics, SimulatorCommandOrigin } from '../bus/coreTopics.js';
import { MessageBus } from '../bus/MessageBus.js';
import { createLogger } from '../log/logger.js';
import { FORGET_AFTER_END_MS, inProcessLeakEngine, LiveLeakStudies, windStationIndices, type LeakEngine } from './LiveLeakStudies.js';
import { waitUntil } from '../../tests/support/waitUntil.js';

const scene = loadDemoScene();
const START_MS = Date.UTC(2025, 6, 1, 2, 0, 0);

function setup({ withSimulator = true, cloudNeverClears = false } = {}) {
  let now = START_MS;
  const bus = new MessageBus<CoreTopics>();
  const inner = inProcessLeakEngine(scene, now, { cellSizeM: 4 });
  // Counts the leaks each recompute covers (the work per wind sample).
  const leaksPerRecompute: number[] = [];
  // cloudNeverClears: every leak keeps a zone in every snapshot, as a cloud trapped on site would (only the time limit can end it).
  let persistent = 0;
  const withPersistentZones = (snapshot: DispersionSnapshot): DispersionSnapshot => {
    if (!cloudNeverClears) return snapshot;
    const zones = snapshot.leaks.map((l) => ({ leakId: l.leakId, level: 'AEGL-1', thresholdPpm: 1, thresholdMgM3: 1, rings: [], areaM2: 1, downwindDistanceM: 1, widthM: 1, reachesEdge: false, workerIds: [], buildingIds: [] }));
    persistent += zones.length;
    return { ...snapshot, zones: [...snapshot.zones, ...zones] };
  };
  const engine: LeakEngine = {
    ...inner,
    updateWind: async (sample) => {
      const snapshot = await inner.updateWind(sample);
      leaksPerRecompute.push(snapshot.leaks.length);
      return withPersistentZones(snapshot);
    },
    recompute: async (atMs) => withPersistentZones(await inner.recompute(atMs)),
  };
  const snapshots: DispersionSnapshot[] = [];
  const simulatorCommands: SimulatorCommand[] = [];
  const journal: NewAuditEntry[] = [];
  const studies = new LiveLeakStudies({
    scene,
    bus,
    engine,
    logger: createLogger('silent'),
    // The demo plant echoes every command it applies on the bus, with who sent it (startLivePlant).
    ...(withSimulator ? { simulator: { apply: (command: SimulatorCommand, origin: SimulatorCommandOrigin) => (simulatorCommands.push(command), bus.publish('simulatorApplied', { command, origin })) } } : {}),
    journal: { append: async (entry) => void journal.push(entry) },
    refreshIntervalMs: 60_000,
    nowMs: () => now,
  });
  bus.subscribe('toScreens', (message) => {
    if (message.event === SOCKET_EVENTS.leakSnapshot) snapshots.push(message.payload);
  });
  const wind = windStationIndices(scene)!;
  const sendWind = (speedMps: number, fromDeg: number) =>
    bus.publish('samples', { indices: Uint32Array.of(wind.speed, wind.direction), values: Float64Array.of(speedMps, fromDeg), tsMs: Float64Array.of(now, now), qualities: Uint8Array.of(0, 0) });
  return { bus, studies, snapshots, simulatorCommands, journal, leaksPerRecompute, persistentZones: () => persistent, sendWind, advance: (s: number) => (now += s * 1000) };
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
    await waitUntil(() => snapshots.some((s) => s.wind.fromDeg === 270 && (s.fields[0]?.maxMgM3 ?? 0) > 0), 5_000, 'the dispersion snapshot');
    const westerly = snapshots.findLast((s) => (s.fields[0]?.maxMgM3 ?? 0) > 0)!;
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

  it('never touches the simulator for a what-if study; a simulated release is a separate, labelled, journaled act', async () => {
    const { bus, studies, simulatorCommands, sendWind, snapshots, journal } = setup();
    const marks: CoreTopics['marker'][] = [];
    bus.subscribe('marker', (m) => marks.push(m));
    sendWind(2, 0);
    const study = await studies.startLeak({ equipmentId: 'B-301', holeDiameterM: 0.01 }, 'operator', 'alice');
    // Before issue 12.5 this study also made the demo simulator leak (and raise real alarms).
    expect(simulatorCommands).toEqual([]);
    expect(study.simulated).toBeUndefined();
    const release = await studies.simulateRelease({ equipmentId: 'T-101', rateKgS: 0.3, durationS: 600 }, 'trainer1');
    expect(release.simulated).toBe(true);
    expect(simulatorCommands).toEqual([{ scenario: 'gasLeak', equipmentId: 'T-101', releaseRateKgPerS: expect.closeTo(release.rateKgS, 6), durationS: 600 }]);
    // The echo of our own command does not start a second leak; a command from elsewhere does, labelled simulated.
    bus.publish('simulatorApplied', { command: { scenario: 'gasLeak', equipmentId: 'T-102', releaseRateKgPerS: 0.2 }, origin: 'external' });
    await waitUntil(() => snapshots.at(-1)?.leaks.length === 3, 5_000, 'the dispersion snapshot');
    const byEquipment = new Map(snapshots.at(-1)!.leaks.map((l) => [l.equipmentId, l.simulated === true]));
    expect([...byEquipment.entries()].sort()).toEqual([['B-301', false], ['T-101', true], ['T-102', true]]);
    expect(journal.map((e) => [e.by, e.data.action])).toEqual([['alice', 'leakStudyStarted'], ['trainer1', 'simulatedRelease']]);
    await studies.stopLeak(study.leakId, 'alice');
    expect(journal.at(-1)).toMatchObject({ by: 'alice', data: { action: 'leakStopped', leakId: study.leakId, simulated: false } });
    // The timeline marks say which was which by code, with the substance's scene names (issue 12.7: worded in the reader's language).
    expect(marks.map((m) => [m.phase, m.what?.code, m.what?.equipmentId])).toEqual([
      ['start', 'leakStudyStarted', 'B-301'],
      ['start', 'simulatedReleaseStarted', 'T-101'],
      ['start', 'simulatedReleaseStarted', 'T-102'],
      ['end', 'leakStopped', undefined],
    ]);
    expect(marks[0]!.what?.substance).toEqual(scene.substances.find((x) => x.id === study.substanceId)!.name);
    bus.publish('simulatorApplied', { command: { scenario: 'clear' }, origin: 'external' });
    await waitUntil(() => snapshots.at(-1)!.leaks.every((l) => l.endsAtMs <= START_MS), 5_000, 'the dispersion snapshot');
    await studies.close();
  });

  it('refuses a simulated release without an embedded simulator, with a code', async () => {
    const { studies } = setup({ withSimulator: false });
    await expect(studies.simulateRelease({ equipmentId: 'T-101', rateKgS: 0.3 }, 'trainer1')).rejects.toMatchObject({ problem: { code: 'ST_ERR_DISPERSION_NO_SIMULATOR' } });
    expect(studies.liveLeaks).toEqual([]);
    await studies.close();
  });

  it('forgets a leak once its release has ended and its cloud has gone, and stops recomputing it', async () => {
    const { studies, snapshots, sendWind, advance, leaksPerRecompute } = setup();
    sendWind(3, 270);
    const leak = await studies.startLeak({ equipmentId: 'T-101', rateKgS: 0.5, durationS: 60, model: 'gaussian' }, 'operator');
    advance(30);
    sendWind(3, 270);
    await waitUntil(() => snapshots.some((s) => s.leaks.length === 1 && s.zones.length > 0), 5_000, 'a snapshot with the cloud');
    // Twenty minutes later the cloud has blown 3.6 km off: the leak leaves the engine and the screens.
    advance(20 * 60);
    sendWind(3, 270);
    await waitUntil(() => snapshots.at(-1)!.leaks.length === 0, 5_000, 'the snapshot that clears the screens');
    expect(studies.liveLeaks).toEqual([]);
    // Later wind samples compute nothing for it and broadcast nothing (before: a grid per leak ever started, on every sample).
    const sent = snapshots.length;
    const lastWork = leaksPerRecompute.length;
    for (let k = 0; k < 3; k++) {
      advance(10);
      sendWind(3, 260 + k);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(snapshots.length).toBe(sent);
    expect(leaksPerRecompute.slice(lastWork).every((n) => n === 0)).toBe(true);
    expect(leak.leakId).toBeTruthy();
    await studies.close();
  });

  it('forgets an ended leak FORGET_AFTER_END_MS after its end even while its cloud still reaches a level', async () => {
    const { studies, snapshots, sendWind, advance, persistentZones } = setup({ cloudNeverClears: true });
    sendWind(2, 0);
    const leak = await studies.startLeak({ equipmentId: 'B-301', rateKgS: 2, model: 'gaussian' }, 'operator');
    advance(120);
    await studies.stopLeak(leak.leakId, 'alice');
    advance(FORGET_AFTER_END_MS / 1000 - 60);
    sendWind(2, 0);
    await waitUntil(() => snapshots.at(-1)!.atMs >= START_MS + FORGET_AFTER_END_MS, 5_000, 'a snapshot just before the limit');
    expect(snapshots.at(-1)!.leaks.map((l) => l.leakId)).toEqual([leak.leakId]);
    expect(persistentZones()).toBeGreaterThan(0);
    advance(120);
    sendWind(2, 0);
    await waitUntil(() => snapshots.at(-1)!.leaks.length === 0, 5_000, 'the snapshot that clears the screens');
    await studies.close();
  });

  it(`models at most ${MAX_LIVE_LEAKS} leaks at once and refuses more with a code`, async () => {
    const { studies, sendWind } = setup();
    sendWind(3, 90);
    for (let k = 0; k < MAX_LIVE_LEAKS; k++) await studies.startLeak({ equipmentId: 'T-101', rateKgS: 0.1 }, 'operator');
    await expect(studies.startLeak({ equipmentId: 'T-101', rateKgS: 0.1 }, 'operator')).rejects.toMatchObject({ problem: { code: 'ST_ERR_DISPERSION_TOO_MANY_LEAKS' } });
    expect(studies.liveLeaks).toHaveLength(MAX_LIVE_LEAKS);
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
