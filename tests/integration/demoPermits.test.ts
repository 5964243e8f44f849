import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditJournal } from '../../main/audit/index.js';
import { MessageBus, type CoreTopics } from '../../main/bus/index.js';
import { resolveServeConfig } from '../../main/config/config.js';
import { startCore } from '../../main/core/startCore.js';
import { API_PATHS, isPointInPolygon, type Alarm, type AreaRiskGrade, type HazardTicketView, PERMIT_WORKING_STATES, SceneSchema, type PermitDetail, type PermitRecordView } from '../../main/contracts/index.js';
import { migrateHistorian, PermitRecords } from '../../main/historian/index.js';
import { createLogger } from '../../main/log/index.js';
import { PermitZone } from '../../main/permits/index.js';
import { DEMO_SCENE_PATH } from '../../main/platform/packageInfo.js';
import { areaLocator, DEMO_PERMIT_USER, demoPermits, DEMO_PERMITS_FILE, fileDemoPermits, PermitRegister, readDemoPermitsFile, type DemoPermitsFile } from '../../main/workPermits/index.js';
import { historianTestEngines } from '../support/historianEngines.js';
import { cst, lifecycleContext } from '../support/permitFixtures.js';
import { makeTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';

const scene = SceneSchema.parse(JSON.parse(readFileSync(DEMO_SCENE_PATH, 'utf8')));
const MINUTE_MS = 60_000;
/** 14:30 local on Monday 7 December 2026. */
const START = cst('2026-12-07T14:30:00');

async function demoFile(): Promise<DemoPermitsFile> {
  const read = await readDemoPermitsFile(DEMO_SCENE_PATH);
  if (!read?.ok) throw new Error(`demo permits file: ${JSON.stringify(read)}`);
  return read.file;
}

describe("the demo plant's permits (scenes/demo-plant/demo-permits.json)", () => {
  it('are a hot work on the pipe rack, an entry into a sump pit and a lift in the tank farm, placed where the scene has them', async () => {
    const { permits, problems } = demoPermits(await demoFile(), START, 480);
    expect(problems).toEqual([]);
    expect(permits.map((p) => [p.number, p.type, p.state])).toEqual([
      ['DEMO-20261207-DH01', 'hotWork', 'inWork'],
      ['DEMO-20261207-SX01', 'confinedSpace', 'inWork'],
      ['DEMO-20261207-DZ01', 'lifting', 'inWork'],
    ]);
    const [hotWork, sumpPit, lift] = permits as [(typeof permits)[0], (typeof permits)[0], (typeof permits)[0]];
    // Windows from the start: the hot work began an hour before it, for 8 h (一级 at most 8 h, §5.1.5).
    expect(hotWork.window).toEqual({ startMs: START - 60 * MINUTE_MS, endMs: START + 7 * 60 * MINUTE_MS });
    expect(hotWork.signatures.map((s) => [s.action, s.user, s.role])).toEqual([
      ['submit', DEMO_PERMIT_USER.name, 'system'],
      ['approve', DEMO_PERMIT_USER.name, 'system'],
      ['start', DEMO_PERMIT_USER.name, 'system'],
    ]);
    // Gas analyses before the start (§5.3.1 c, §6.3 a: within 30 min before); the pit's latest 2 min before the core's.
    expect(hotWork.gasTests[0]!.takenAtMs).toBe(START - 75 * MINUTE_MS);
    expect(sumpPit.gasTests.map((t) => (t.takenAtMs - sumpPit.window.startMs) / MINUTE_MS)).toEqual([-5, 18]);
    // The hot work is on pipe rack PR-2 (within its footprint), and a combustible detector is within 15 m of it:
    // a gas leak at T-101 suspends it.
    const rack = scene.equipment.find((e) => e.id === 'PR-2')!;
    const point = hotWork.location.kind === 'point' ? hotWork.location.point : [NaN, NaN];
    expect(Math.abs(point[0]! - rack.position.x)).toBeLessThanOrEqual(rack.size.widthM / 2);
    expect(Math.abs(point[1]! - rack.position.y)).toBeLessThanOrEqual(rack.size.lengthM / 2);
    const combustible = scene.sensors.filter((s) => s.kind === 'gas' && s.unit === '%LEL' && new PermitZone(hotWork).distanceToWorkM([s.position.x, s.position.y]) <= 15);
    expect(combustible.map((s) => s.id)).toEqual(['GD-T101-C2']);
    // The confined space is the scene's sump pit, with its O2 monitors inside.
    const pit = scene.areas.find((a) => a.id === 'sumpPit1')!;
    expect(pit.kind).toBe('confinedSpace');
    expect(sumpPit.location).toEqual({ kind: 'polygon', polygon: pit.polygon });
    expect(scene.sensors.filter((s) => s.kind === 'o2' && isPointInPolygon([s.position.x, s.position.y], pit.polygon)).length).toBe(2);
    // The pit is filed under its own area (the smallest holding it, not the process unit around it); the
    // lift's cordon lies in the tank farm, clear of the chlorine yard and the LPG spheres' area.
    const locate = areaLocator(scene.areas);
    expect([locate(sumpPit.location), locate(lift.location)]).toEqual(['sumpPit1', 'tankFarm']);
    for (const id of ['chlorineYard', 'lpgZone']) {
      const area = scene.areas.find((a) => a.id === id)!;
      expect(area.polygon.some((corner) => new PermitZone(lift).contains(corner))).toBe(false);
    }
    // Every person is a badge of the scene, on one demo permit only.
    const badges = permits.flatMap((p) => [...p.entrantBadgeIds, p.watcher.badgeId]);
    expect(new Set(badges).size).toBe(badges.length);
    const sceneBadges = new Set(scene.personnel.map((p) => p.badgeId));
    expect(badges.filter((b) => !sceneBadges.has(b))).toEqual([]);
    // A contractor's workers are that contractor's people.
    for (const permit of permits.filter((p) => p.contractor)) {
      for (const badgeId of permit.entrantBadgeIds) expect(scene.personnel.find((p) => p.badgeId === badgeId)!.company).toBe(permit.contractor);
    }
  });

  it('reports a file it cannot use, naming the field', async () => {
    const dir = makeTempDir('demo-permits');
    const file = await demoFile();
    writeFileSync(path.join(dir, DEMO_PERMITS_FILE), JSON.stringify({ ...file, permits: [{ ...file.permits[0], state: 'closed' }] }));
    const read = await readDemoPermitsFile(path.join(dir, 'scene.json'));
    expect(read).toMatchObject({ ok: false, problem: expect.stringContaining('permits.0.state') });
    expect(await readDemoPermitsFile(path.join(makeTempDir('no-demo-permits'), 'scene.json'))).toBeNull();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe.each(historianTestEngines().slice(0, 1))('filing the demo permits on $name', (engine) => {
  afterAll(() => engine.dispose());

  it('files the day’s permits once (a restart the same day files nothing), and the next day closes the earlier ones', async () => {
    const { open } = await engine.fresh();
    const historian = await open();
    await migrateHistorian(historian.db, historian.engine);
    const dir = makeTempDir('demo-permits-journal');
    const journal = await AuditJournal.open(dir);
    const clock = { nowMs: START };
    const register = await PermitRegister.open({ records: new PermitRecords(historian.db), bus: new MessageBus<CoreTopics>(), journal, lifecycle: lifecycleContext(), areaOf: areaLocator(scene.areas), logger: createLogger('silent'), nowMs: () => clock.nowMs });
    try {
      const file = await demoFile();
      const logger = createLogger('silent');
      const first = await fileDemoPermits(register, demoPermits(file, START, 480).permits, logger);
      expect(first).toEqual({ filed: ['DEMO-20261207-DH01', 'DEMO-20261207-SX01', 'DEMO-20261207-DZ01'], closed: [] });
      // Restarted an hour later the same day: nothing new, nothing closed.
      clock.nowMs = START + 60 * MINUTE_MS;
      expect(await fileDemoPermits(register, demoPermits(file, clock.nowMs, 480).permits, logger)).toEqual({ filed: [], closed: [] });
      // The next morning: yesterday's demo permits are closed (signed by the demo user), today's filed.
      clock.nowMs = cst('2026-12-08T09:00:00');
      const next = await fileDemoPermits(register, demoPermits(file, clock.nowMs, 480).permits, logger);
      expect(next.filed).toEqual(['DEMO-20261208-DH01', 'DEMO-20261208-SX01', 'DEMO-20261208-DZ01']);
      expect(next.closed.sort()).toEqual(['DEMO-20261207-DH01', 'DEMO-20261207-DZ01', 'DEMO-20261207-SX01']);
      const closed = await register.get('DEMO-20261207-DH01', DEMO_PERMIT_USER);
      expect(closed.ok && closed.value.trace.at(-1)!.step).toMatchObject({ action: 'close', user: DEMO_PERMIT_USER.name });
      expect(register.current().map((p) => p.number).sort()).toEqual(['DEMO-20261208-DH01', 'DEMO-20261208-DZ01', 'DEMO-20261208-SX01']);
    } finally {
      await journal.close();
      await historian.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the demo core with its simulator', () => {
  it('is asked for them by its launchers only (npm start, the desktop app), and a config file with its own permits decides', () => {
    const dataDir = makeTempDir('demo-permits-config');
    const resolve = (launcherDefaults?: { demoPermits: boolean }) => {
      const resolved = resolveServeConfig({ cli: { dataDir }, env: {}, ...(launcherDefaults && { launcherDefaults }) });
      if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
      return resolved.config.permits.demoPermits;
    };
    expect([resolve(), resolve({ demoPermits: true })]).toEqual([false, true]);
    writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify({ permits: { utcOffsetMin: 480 } }));
    expect(resolve({ demoPermits: true })).toBe(false);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('files the demo permits at start, puts their people at the work, and files nothing more on a restart', async () => {
    const dataDir = makeTempDir('demo-permits-core');
    const start = async () => {
      const resolved = resolveServeConfig({ cli: { port: 0, dataDir, simulate: true, brokerPort: 0, record: false, historian: 'embedded' }, env: {}, launcherDefaults: { demoPermits: true } });
      if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
      return startCore({ config: resolved.config, logger: createLogger('silent') });
    };
    const listed = async (url: string) => (await (await fetch(new URL(`${API_PATHS.permits}?state=inWork`, url))).json()) as PermitRecordView[];
    let core = await start();
    try {
      await waitUntil(async () => (await listed(core.url)).filter((r) => r.permit.number.startsWith('DEMO-')).length === 3, 20_000, 'the demo permits');
      const permits = (await listed(core.url)).map((r) => r.permit);
      expect(permits.every((p) => PERMIT_WORKING_STATES.has(p.state))).toBe(true);
      // Their people are at the work: workers in the zone, the watcher within 10 m.
      await waitUntil(
        () => {
          const at = new Map(core.plant.hub.workerPositions().map((w) => [w.badgeId, [w.x, w.y] as [number, number]]));
          return permits.every((p) => {
            const zone = new PermitZone(p);
            const watcher = at.get(p.watcher.badgeId);
            return p.entrantBadgeIds.every((b) => at.has(b) && zone.contains(at.get(b)!)) && watcher !== undefined && zone.distanceToWorkM(watcher) <= 10;
          });
        },
        20_000,
        'the permits’ people at their work',
      );
      // Placed before they were filed: the live checks never found a watcher away or a pit short of its workers.
      const alarms = (await (await fetch(new URL(API_PATHS.alarms, core.url))).json()) as Alarm[];
      expect(alarms.filter((a) => a.sourceKind === 'permit' && ['watcherAway', 'entrantCountMismatch'].includes(a.condition))).toEqual([]);
      const detail = (await (await fetch(new URL(`${API_PATHS.permits}/${permits[0]!.number}`, core.url))).json()) as PermitDetail;
      expect(detail).toMatchObject({ source: 'import', createdBy: DEMO_PERMIT_USER.name });

      // Double prevention out of the box (issue 18 item 6): the risk register colours every graded area as the
      // scene's four-colour zoning does, the three inspection plans, and the five open tickets of different ages.
      const read = async <T,>(pathAndQuery: string) => (await (await fetch(new URL(pathAndQuery, core.url))).json()) as T;
      await waitUntil(async () => (await read<HazardTicketView[]>(API_PATHS.hazards)).length === 5, 20_000, 'the demo tickets');
      const areas = await read<AreaRiskGrade[]>(`${API_PATHS.riskPoints}/areas`);
      expect(Object.fromEntries(areas.map((a) => [a.areaId, a.assessed]))).toEqual(Object.fromEntries(scene.areas.filter((a) => a.riskLevel !== undefined).map((a) => [a.id, a.riskLevel])));
      expect((await read<{ plan: { areaClass: string } }[]>(`${API_PATHS.inspections}?from=${Date.now() - 86_400_000}&to=${Date.now()}`)).map((p) => p.plan.areaClass).sort()).toEqual(['A', 'B', 'C']);
      const tickets = await read<HazardTicketView[]>(API_PATHS.hazards);
      expect(tickets.every((t) => t.ticket.number.startsWith('DEMO-'))).toBe(true);
      expect(new Set(tickets.map((t) => t.ticket.state))).toEqual(new Set(['reported', 'accepted', 'rectifying', 'awaitingVerification']));
      expect(tickets.filter((t) => t.timing.overdue).map((t) => t.ticket.grade)).toEqual(['major']);
    } finally {
      await core.close();
    }
    core = await start();
    try {
      // Give the start's filing time to run, then count: still the three.
      await new Promise((r) => setTimeout(r, 1_500));
      expect((await listed(core.url)).filter((r) => r.permit.number.startsWith('DEMO-'))).toHaveLength(3);
      expect((await (await fetch(new URL(API_PATHS.hazards, core.url))).json()) as HazardTicketView[]).toHaveLength(5);
    } finally {
      await core.close();
    }
  });
});
