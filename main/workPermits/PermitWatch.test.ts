import { afterEach, describe, expect, it } from 'vitest';
import { AlarmConfigSchema, AlarmEngine, defaultAlarmConfig, type AlarmConfig } from '../alarms/index.js';
import { MessageBus, type CoreTopics } from '../bus/index.js';
import type { AlarmTransition, DispersionSnapshot, Permit, PermitState, Scene, VisionEventView } from '../contracts/index.js';
import { LiveHub } from '../live/index.js';
import { createLogger } from '../log/index.js';
import { CoreMetrics } from '../metrics/index.js';
import { defaultPermitsConfig } from '../permits/index.js';
import { defaultWorkerSafetyConfig, WorkerSafetyMonitor } from '../personnel/index.js';
import { loadDemoScene } from '../../tests/support/demoScene.js';
import { MemoryActivePermits } from '../../tests/support/memoryActivePermits.js';
import { HOUR_MS, MONDAY_9AM, permitOf } from '../../tests/support/permitFixtures.js';
import { cameraEventKind, MAX_HELD_CAMERA_EVENTS, PermitWatch } from './PermitWatch.js';

const scene: Scene = loadDemoScene();
/** GD-T101-C1, a %LEL head at benzene tank T-101 (244.9, 204.9), H 25 %LEL: its pre-warning is the engine's 10 %LEL step. */
const DETECTOR = 'GD-T101-C1';
const detectorIndex = scene.sensors.findIndex((s) => s.id === DETECTOR);
/** The hot-work point 7.1 m from the detector, with a 5 m cordon. */
const WORK_POINT: [number, number] = [250, 200];
const NOW = MONDAY_9AM + HOUR_MS;
/** No timer tick in these tests: the fake clock moves and the test evaluates (or the watch's own triggers do). */
const NO_TICK_MS = 3_600_000;

const hotWork = (state: PermitState = 'inWork', number = 'DH-0042'): Permit => ({
  ...permitOf('hotWork', { number, location: { kind: 'point', point: WORK_POINT, zoneRadiusM: 5 } }),
  state,
});

type Rig = { watch: PermitWatch; permits: MemoryActivePermits; hub: LiveHub; engine: AlarmEngine; bus: MessageBus<CoreTopics>; transitions: AlarmTransition[]; clock: { nowMs: number } };
const rigs: Rig[] = [];
afterEach(() => {
  for (const rig of rigs.splice(0)) rig.watch.stop();
});

function rig(permitList: Permit[] = [hotWork()], alarmConfig: AlarmConfig = defaultAlarmConfig(), permits = new MemoryActivePermits(permitList)): Rig {
  const clock = { nowMs: NOW };
  const bus = new MessageBus<CoreTopics>();
  const engine = new AlarmEngine(scene, alarmConfig, NOW);
  const logger = createLogger('silent');
  const hub = new LiveHub({ scene, alarms: engine, workerSafety: new WorkerSafetyMonitor(scene, defaultWorkerSafetyConfig(), NOW), bus, metrics: new CoreMetrics(), logger, staleAfterMs: () => 30_000, nowMs: () => clock.nowMs });
  const transitions: AlarmTransition[] = [];
  bus.subscribe('alarmTransition', (t) => transitions.push(t));
  const watch = new PermitWatch({ permits, scene, hub, bus, alarmConfig, config: defaultPermitsConfig(), logger, nowMs: () => clock.nowMs, tickMs: NO_TICK_MS });
  // The people of the fixtures' permits at work: both workers inside the cordon, the watcher 3 m from the point.
  for (const [badgeId, x, y] of [['B-001', 251, 200], ['B-002', 249, 201], ['B-900', 253, 200]] as const) hub.worker({ badgeId, x, y, floor: 0, tsMs: NOW });
  const built = { watch, permits, hub, engine, bus, transitions, clock };
  rigs.push(built);
  return built;
}

const gas = (r: Rig, valueLelPct: number) => {
  r.clock.nowMs += 1_000;
  r.hub.sample(detectorIndex, valueLelPct, 'good', r.clock.nowMs, r.clock.nowMs);
};
const afterTriggers = () => new Promise((resolve) => setImmediate(resolve));

describe('PermitWatch: gas near hot work', () => {
  it('judges a detector against its pre-warning from the alarm configuration (the engine\'s %LEL step), and raises a located permit alarm naming the permit', () => {
    const r = rig([hotWork()], AlarmConfigSchema.parse({ gasLelStepsPercent: 15 }));
    gas(r, 12);
    r.watch.evaluate();
    expect(r.engine.alarm('DH-0042:combustibleGasNearby')).toBeUndefined();
    gas(r, 15);
    r.watch.evaluate();
    const alarm = r.engine.alarm('DH-0042:combustibleGasNearby')!;
    expect(alarm).toMatchObject({ sourceId: 'DH-0042', sourceKind: 'permit', permitType: 'hotWork', condition: 'combustibleGasNearby', priority: 'urgent', active: true, areaId: 'tankFarm', location: { x: 244.9, y: 204.9 }, value: 15, unit: '%LEL' });
    const raised = r.transitions.find((t) => t.alarm.alarmId === 'DH-0042:combustibleGasNearby' && t.action === 'activate')!;
    expect(raised.reasonCode).toEqual({ code: 'combustibleGasNearby', params: { permit: 'DH-0042', sensorId: DETECTOR, distanceM: 7.1, valueLelPct: 15, preWarningLelPct: 15 } });
  });

  it('asks the register to suspend a permit in work once, not again while the condition stays active', () => {
    const permits = new MemoryActivePermits([hotWork()]);
    permits.holdSuspensions = true; // the register answers but the permit stays in work (slow to store)
    const r = rig(undefined, undefined, permits);
    gas(r, 30);
    for (let i = 0; i < 3; i++) {
      r.clock.nowMs += 1_000;
      r.watch.evaluate();
    }
    expect(permits.suspensions).toEqual([{ number: 'DH-0042', rule: 'combustibleGasNearby', atMs: NOW + 2_000, taken: true }]);
    // The gas falls below the pre-warning: the condition clears; rising again is a new activation, a new request.
    gas(r, 2);
    r.watch.evaluate();
    gas(r, 30);
    r.watch.evaluate();
    expect(permits.suspensions.map((s) => s.rule)).toEqual(['combustibleGasNearby', 'combustibleGasNearby']);
  });

  it('suspends through the register\'s lifecycle step signed by the system with the rule as the reason; a suspended permit is not checked, and a resumed one into the gas is suspended again', () => {
    const r = rig();
    gas(r, 30);
    r.watch.evaluate();
    const suspended = r.permits.get('DH-0042')!;
    expect(suspended.state).toBe('suspended');
    expect(suspended.signatures.at(-1)).toMatchObject({ action: 'suspend', from: 'inWork', to: 'suspended', user: 'system', role: 'system', reasonCode: 'combustibleGasNearby' });
    r.clock.nowMs += 1_000;
    r.watch.evaluate();
    expect(r.permits.suspensions).toHaveLength(1);
    expect(r.engine.alarm('DH-0042:combustibleGasNearby')!.active).toBe(false);
    r.permits.put({ ...suspended, state: 'resumed' });
    r.clock.nowMs += 1_000;
    r.watch.evaluate();
    expect(r.permits.suspensions.map((s) => s.taken)).toEqual([true, true]);
    expect(r.permits.get('DH-0042')!.signatures.at(-1)).toMatchObject({ from: 'resumed', to: 'suspended' });
  });

  it('checks at once when the detector\'s own alarm changes: the permit alarm is raised at the same instant as the detector\'s pre-warning', async () => {
    const r = rig();
    r.watch.start();
    gas(r, 11);
    await afterTriggers();
    const detectorAlarm = r.engine.alarm(`${DETECTOR}:gasWarning`)!;
    const permitAlarm = r.engine.alarm('DH-0042:combustibleGasNearby')!;
    expect(detectorAlarm.active).toBe(true);
    expect(permitAlarm.active).toBe(true);
    expect(permitAlarm.raisedAtMs).toBe(detectorAlarm.raisedAtMs);
    expect(r.permits.suspensions).toHaveLength(1);
  });
});

describe('PermitWatch: people, cameras and the leak cloud', () => {
  it('raises the stranger alarm for a badge not on the permit inside the zone, and clears the permit\'s alarms when it closes', () => {
    const r = rig();
    r.watch.evaluate();
    expect(r.engine.alarm('DH-0042:unlistedBadgeInZone')).toBeUndefined();
    r.hub.worker({ badgeId: 'BDG-7777', x: 252, y: 203, floor: 0, tsMs: NOW + 500 });
    r.clock.nowMs += 1_000;
    r.watch.evaluate();
    expect(r.engine.alarm('DH-0042:unlistedBadgeInZone')).toMatchObject({ active: true, priority: 'high', location: { x: 252, y: 203 }, value: 1 });
    r.permits.put({ ...r.permits.get('DH-0042')!, state: 'closed' });
    r.clock.nowMs += 1_000;
    r.watch.evaluate();
    expect(r.engine.alarm('DH-0042:unlistedBadgeInZone')).toMatchObject({ active: false, state: 'returnedUnacknowledged' });
    expect(r.permits.suspensions).toEqual([]);
  });

  it('evaluates when a permit changes, without waiting for the tick', async () => {
    const r = rig([]);
    r.watch.start();
    r.hub.worker({ badgeId: 'BDG-7777', x: 252, y: 203, floor: 0, tsMs: NOW + 500 });
    r.permits.put(hotWork());
    await afterTriggers();
    expect(r.engine.alarm('DH-0042:unlistedBadgeInZone')?.active).toBe(true);
  });

  it('takes the widest LEL zone of a release on the plant: LEL10 reaching the cordon suspends the hot work, LEL60 far away alone does not, a what-if study never', async () => {
    const r = rig();
    r.watch.start();
    const zone = (level: string, rings: [number, number][][]) => ({ leakId: 'L1', level, thresholdPpm: 1, thresholdMgM3: 1, rings, areaM2: 1, downwindDistanceM: 1, widthM: 1, reachesEdge: false, workerIds: [], buildingIds: [] });
    const square = (x0: number, y0: number, size: number): [number, number][] => [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size]];
    const snapshot = (zones: ReturnType<typeof zone>[], simulated = true) => ({ seq: 1, atMs: r.clock.nowMs, leaks: [{ leakId: 'L1', ...(simulated && { simulated }) }], zones }) as unknown as DispersionSnapshot;
    // A what-if study's cloud reaching the work is a plan, not the plant: no alarm, no suspension.
    r.bus.publish('dispersion', snapshot([zone('LEL10', [square(254, 190, 30)])], false));
    await afterTriggers();
    expect(r.engine.alarm('DH-0042:lelZoneReachesPermit')).toBeUndefined();
    // LEL60 30 m from the point; LEL10 reaching 4 m from it (inside the 5 m cordon).
    r.bus.publish('dispersion', snapshot([zone('LEL60', [square(280, 190, 10)])]));
    await afterTriggers();
    expect(r.engine.alarm('DH-0042:lelZoneReachesPermit')).toBeUndefined();
    r.bus.publish('dispersion', snapshot([zone('LEL60', [square(280, 190, 10)]), zone('LEL10', [square(254, 190, 30)])]));
    await afterTriggers();
    expect(r.engine.alarm('DH-0042:lelZoneReachesPermit')).toMatchObject({ active: true, priority: 'urgent' });
    expect(r.permits.suspensions).toEqual([{ number: 'DH-0042', rule: 'lelZoneReachesPermit', atMs: NOW, taken: true }]);
  });

  it('holds a camera PPE event on the ground inside the zone as the permit\'s PPE alarm for the hold time', async () => {
    const r = rig();
    r.watch.start();
    const event: VisionEventView = { id: 'ev-1', phase: 'start', source: 'simulated', cameraId: 'CAM-01', rule: 'ppe', ruleId: 'ppe-1', label: 'NO-Hardhat', score: 0.9, trackId: 't1', box: null, ground: { x: 251, y: 199 }, startedAtMs: NOW, tsMs: NOW };
    r.bus.publish('visionEvent', event);
    await afterTriggers();
    expect(r.engine.alarm('DH-0042:ppeEventInZone')).toMatchObject({ active: true, priority: 'medium', location: { x: 251, y: 199 } });
    r.clock.nowMs = NOW + defaultPermitsConfig().cameraEventHoldMs + 1;
    r.watch.evaluate();
    expect(r.engine.alarm('DH-0042:ppeEventInZone')!.active).toBe(false);
  });

  it('holds a bounded number of camera events, counting the ones it forgets', () => {
    const r = rig();
    r.watch.start();
    for (let i = 0; i <= MAX_HELD_CAMERA_EVENTS; i++) {
      r.bus.publish('visionEvent', { id: `ev-${i}`, phase: 'start', source: 'safetwin', cameraId: 'CAM-01', rule: 'ppe', ruleId: 'ppe-1', label: 'head', score: 0.9, trackId: null, box: null, ground: { x: 0, y: i }, startedAtMs: NOW, tsMs: NOW });
    }
    expect(r.watch.counts.cameraEventsDropped).toBe(1);
  });

  it('tells PPE and harness events from the camera\'s other events', () => {
    expect(cameraEventKind({ rule: 'ppe', label: 'head' })).toBe('ppe');
    expect(cameraEventKind({ rule: 'ppe', label: 'NO-Safety Harness' })).toBe('harness');
    expect(cameraEventKind({ rule: 'external', label: 'NO-Hardhat' })).toBe('ppe');
    expect(cameraEventKind({ rule: 'external', label: 'no_harness' })).toBe('harness');
    expect(cameraEventKind({ rule: 'external', label: 'person' })).toBeNull();
    expect(cameraEventKind({ rule: 'intrusion', label: 'person' })).toBeNull();
    expect(cameraEventKind({ rule: 'loitering', label: 'harness' })).toBeNull();
  });
});

describe('PermitWatch: errors never stop the core', () => {
  it('counts a permit the rules cannot judge and goes on with the others; a register that throws is counted too', () => {
    const broken = { ...hotWork('inWork', 'BAD-1'), location: undefined } as unknown as Permit;
    const r = rig([broken, hotWork()]);
    r.hub.worker({ badgeId: 'BDG-7777', x: 252, y: 203, floor: 0, tsMs: NOW + 500 });
    expect(() => r.watch.evaluate()).not.toThrow();
    expect(r.watch.counts.ruleErrors).toBe(1);
    expect(r.engine.alarm('DH-0042:unlistedBadgeInZone')?.active).toBe(true);

    const failing = new MemoryActivePermits([hotWork()]);
    failing.current = () => {
      throw new Error('store offline');
    };
    failing.suspendByRule = () => Promise.reject(new Error('store offline'));
    const f = rig(undefined, undefined, failing);
    expect(() => f.watch.evaluate()).not.toThrow();
    expect(f.watch.counts.ruleErrors).toBe(1);
  });

  it('counts a suspension the register fails to store, and does not ask again while the condition stays', async () => {
    const permits = new MemoryActivePermits([hotWork()]);
    permits.suspendByRule = () => Promise.reject(new Error('store offline'));
    const r = rig(undefined, undefined, permits);
    gas(r, 30);
    r.watch.evaluate();
    r.watch.evaluate();
    await afterTriggers();
    expect(r.watch.counts).toMatchObject({ suspensionsRequested: 1, suspensionsFailed: 1 });
  });
});
