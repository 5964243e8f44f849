import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DrillCommandSchema, DrillScenarioSchema, type AlarmTransition, type EvacuationFrame, type EvacuationRunsStatus, type SimulatorCommand } from '../../contracts/index.js';
import { loadDemoScene } from '../../../tests/support/demoScene.js';
import type { CoreTopics } from '../../bus/coreTopics.js';
import { defaultAlarmConfig } from '../../alarms/index.js';
import { MessageBus } from '../../bus/MessageBus.js';
import { HazardInputSchema } from '../../evacuation/index.js';
import { LeakService } from '../../dispersion/index.js';
import { createLogger } from '../../log/logger.js';
import { dispersionHazards } from './dispersionHazards.js';
import { drillPopulation, shiftAt } from './drillPopulation.js';
import { loadDrillScenarios } from './loadDrillScenarios.js';
import { renderRunReportHtml, reportPageCsp } from './drillReportHtml.js';
import { scoreDrill } from './drillScoring.js';
import { EvacuationRunTable } from './EvacuationRunTable.js';
import { EvacuationRuns } from './EvacuationRuns.js';
import { inProcessRunHost } from './index.js';
import { startLeakEngine } from '../LiveLeakStudies.js';
import { AuditJournal, type AuditEntry } from '../../audit/index.js';
import { makeTempDir } from '../../../tests/support/tempDir.js';

const scene = loadDemoScene();
const START_MS = Date.UTC(2025, 6, 1, 2, 0, 0);

const scenario = DrillScenarioSchema.parse({
  id: 'test-chlorine',
  name: { en: 'Chlorine at B-301', 'zh-CN': 'B-301 液氯泄漏' },
  leak: { equipmentId: 'B-301', holeDiameterM: 0.01 },
  wind: { speedMps: 3, fromDeg: 20 },
  timeOfDay: '10:30',
  population: { day: 12, night: 3 },
  profiles: { slower: 1 },
  alarmAtS: 0,
  targets: { acknowledgeS: 60, orderEvacuationS: 180, accountForEveryoneS: 900 },
  seed: 5,
});

function setup(journal?: AuditJournal) {
  let now = START_MS;
  const bus = new MessageBus<CoreTopics>();
  const realAlarms: AlarmTransition[] = [];
  bus.subscribe('alarmTransition', (t) => realAlarms.push(t));
  const markers: CoreTopics['marker'][] = [];
  bus.subscribe('marker', (m) => markers.push(m));
  const frames: EvacuationFrame[] = [];
  const statuses: EvacuationRunsStatus[] = [];
  const simulatorCommands: SimulatorCommand[] = [];
  const runs = new EvacuationRuns({
    scene,
    bus,
    host: inProcessRunHost(new EvacuationRunTable(scene)),
    scenarios: [scenario],
    alarmConfig: defaultAlarmConfig(),
    startDrillLeakEngine: (atMs) => startLeakEngine(scene, atMs),
    // The demo plant echoes every command it applies on the bus, with who sent it (startLivePlant): the runs ignore their own.
    simulator: { apply: (command, origin) => (simulatorCommands.push(command), bus.publish('simulatorApplied', { command, origin })) },
    ...(journal ? { journal } : {}),
    logger: createLogger('silent'),
    emit: { status: (s) => statuses.push(s), frame: (f) => frames.push(f), drillDispersion: () => undefined },
    tickMs: 3_600_000,
    nowMs: () => now,
  });
  const evacuationStates: CoreTopics['evacuation'][] = [];
  bus.subscribe('evacuation', (state) => evacuationStates.push(state));
  return { runs, bus, realAlarms, markers, frames, statuses, simulatorCommands, evacuationStates, advance: (ms: number) => (now += ms), now: () => now };
}

describe('EvacuationRuns (drill and live in the core)', () => {
  it('runs a drill with its own cloud and alarms, scores the team and reports — and raises no real alarm', async () => {
    const t = setup();
    try {
      const started = await t.runs.startDrill('test-chlorine', 'trainer1');
      expect(started).toMatchObject({ mode: 'drill', phase: 'alarm', scenarioId: 'test-chlorine', startedBy: 'trainer1' });
      // The scenario's release is reported at once (alarmAtS 0) at B-301's area, by the drill's own alarm engine.
      expect(started.alarms[0]).toMatchObject({ sourceId: 'chlorineYard', condition: 'releaseReported', priority: 'urgent', raisedAtS: 0 });
      expect(t.frames.at(-1)!.snapshot).toMatchObject({ mode: 'drill', label: 'Chlorine at B-301' });
      expect(t.frames.at(-1)!.snapshot.counts.total).toBe(12);
      expect(t.markers[0]).toMatchObject({ kind: 'drill', phase: 'start', what: { code: 'drillStarted', scenario: { en: 'Chlorine at B-301', 'zh-CN': 'B-301 液氯泄漏' } } });
      await expect(t.runs.startDrill('test-chlorine', 'x')).rejects.toThrow(/a drill is running/);

      const runId = started.runId;
      t.advance(10_000);
      await t.runs.tick();
      await t.runs.commandDrill({ runId, action: 'acknowledge' }, 'op');
      await t.runs.commandDrill({ runId, action: 'orderEvacuation' }, 'commander');
      await expect(t.runs.commandDrill({ runId, action: 'confirmHeadcount' }, 'commander')).resolves.toMatchObject({ headcountConfirmedAtS: expect.any(Number) });
      // Pause, then a speed chosen before the pause reached the screen: the speed alone changes, the drill stays paused.
      await t.runs.commandDrill({ runId, action: 'playback', playing: false }, 'trainer1');
      expect(await t.runs.commandDrill({ runId, action: 'playback', speed: 20 }, 'trainer1')).toMatchObject({ playing: false, speed: 20 });
      expect(DrillCommandSchema.safeParse({ runId, action: 'playback' }).success).toBe(false);
      await t.runs.commandDrill({ runId, action: 'playback', playing: true }, 'trainer1');
      for (let k = 0; k < 60 && t.frames.at(-1)!.snapshot.counts.arrived < 12; k++) {
        t.advance(1_000);
        await t.runs.tick();
      }
      const frame = t.frames.at(-1)!;
      // The drill's cloud reaches MP-3 (the scenario's point): flagged, and nobody is counted safe there.
      expect(t.frames.some((f) => f.snapshot.threat.musterIds.includes('MP-3') && f.snapshot.threat.advice === 'reroute')).toBe(true);
      const threatened = new Set(frame.snapshot.targets.flatMap((m, k) => (m.threatened ? [k] : [])));
      expect([...frame.snapshot.registeredAt].some((k) => threatened.has(k))).toBe(false);
      expect(frame.snapshot.counts.accounted).toBe(12);
      expect(frame.snapshot.counts.arrived).toBe(12);
      expect(frame.snapshot.targets.reduce((n, m) => n + m.arrived, 0)).toBe(12);
      expect(t.frames.some((f) => f.routes && f.routes.pointsM.length > 4)).toBe(true);
      // The first confirmation came with people missing: the measure is not met, however fast.
      expect(t.runs.status().drill!.score.items.find((i) => i.measure === 'accountForEveryone')!.met).toBe(false);
      await t.runs.commandDrill({ runId, action: 'confirmHeadcount' }, 'commander');
      const status = await t.runs.commandDrill({ runId, action: 'end' }, 'trainer1');
      expect(status.phase).toBe('ended');
      expect(status.score.items.map((i) => [i.measure, i.met])).toEqual([['acknowledge', true], ['orderEvacuation', true], ['accountForEveryone', true]]);
      expect(t.realAlarms).toEqual([]);
      expect(t.markers.at(-1)).toMatchObject({ kind: 'drill', phase: 'end', id: runId, what: { code: 'drillEnded', scenario: { 'zh-CN': 'B-301 液氯泄漏' } } });

      const report = (await t.runs.reportFor(runId))!;
      expect(report).toMatchObject({ mode: 'drill', label: 'Chlorine at B-301', agents: 12, arrived: 12, missing: [] });
      expect(report.drill!.score.met).toBe(3);
      const html = renderRunReportHtml(report, 'zh-CN');
      expect(html).toContain('演练 · B-301 液氯泄漏');
      expect(html).toContain('疏散演练复盘报告');
      expect(html).toContain('清点全部人员');
      expect(html).toMatch(/液氯[^<]*· 泄漏报告/);
      expect(html).not.toMatch(/highHigh|\(high\)/);
      expect(t.runs.status().reports.find((r) => r.runId === runId)!.name).toEqual(scenario.name);
      expect(reportPageCsp(html)).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/);
      expect(t.runs.status().reports[0]).toMatchObject({ runId, mode: 'drill' });
    } finally {
      await t.runs.close();
    }
  });

  it('live: starts from the RTLS positions, drives the demo simulator, counts badges at muster points and lists who is missing', async () => {
    const t = setup();
    try {
      const fix = (badgeId: string, x: number, y: number) => t.bus.publish('worker', { badgeId, x, y, floor: 0, tsMs: t.now() });
      fix('BDG-1', 200, 150);
      fix('BDG-2', 120, 200);
      fix('BDG-3', 300, 60);
      const live = await t.runs.startLive('commander1');
      expect(live).toMatchObject({ mode: 'live', orderedBy: 'commander1', observedArrived: 0 });
      expect(t.simulatorCommands).toEqual([{ scenario: 'evacuate' }]);
      expect(t.frames.at(-1)!.snapshot.agentIds).toEqual(['BDG-1', 'BDG-2', 'BDG-3']);
      expect([...t.frames.at(-1)!.snapshot.predictedArrivalS].every((s) => s > 0)).toBe(true);
      t.advance(30_000);
      fix('BDG-3', 295, 20); // at MP-2
      fix('BDG-2', 100, 180);
      await t.runs.tick();
      expect(t.runs.status().live!.observedArrived).toBe(1);
      const stopped = await t.runs.stopLive(live.runId, 'commander1');
      expect(stopped.ended).toBe(true);
      expect(t.markers.filter((m) => m.id === live.runId).map((m) => [m.phase, m.what?.code])).toEqual([
        ['start', 'evacuationOrdered'],
        ['end', 'evacuationStoodDown'],
      ]);
      const report = (await t.runs.reportFor(live.runId))!;
      expect(report.targets.find((m) => m.id === 'MP-2')!.observedArrived).toBe(1);
      expect(report.missing.map((m) => m.agentId).sort()).toEqual(['BDG-1', 'BDG-2']);
      expect(report.missing.find((m) => m.agentId === 'BDG-2')).toMatchObject({ lastSeenX: 100, lastSeenY: 180, lastSeenS: 30 });
      // The simulator's own evacuate command (safetwin simulate inject) starts a prediction too.
      t.bus.publish('simulatorApplied', { command: { scenario: 'evacuate' }, origin: 'external' });
      await expect.poll(() => t.runs.status().live?.orderedBy).toBe('simulator');
    } finally {
      await t.runs.close();
    }
  });
});

describe('the evacuation board in the core (issue 12.3)', () => {
  it('live: a muster point in the leak cloud (≥ AEGL-2) is flagged from the first frame, nobody there is accounted for, header, board and report agree; order and stand-down are journaled', async () => {
    const journal = await AuditJournal.open(makeTempDir('evac-journal'));
    const t = setup(journal);
    try {
      // The live cloud: chlorine from B-301 on a north-north-easterly wind, five minutes on — over MP-3.
      const service = new LeakService(scene, { clock: () => START_MS, cellSizeM: 4 });
      service.updateWind({ speedMps: 3, fromDeg: 20, atMs: START_MS, stabilityClass: 'D' });
      service.startLeak({ equipmentId: 'B-301', holeDiameterM: 0.01 });
      t.bus.publish('dispersion', service.recompute(START_MS + 300_000));
      service.dispose();
      const fix = (badgeId: string, x: number, y: number) => t.bus.publish('worker', { badgeId, x, y, floor: 0, tsMs: t.now() });
      fix('BDG-1', 375, 128); // standing at MP-3, in the gas
      fix('BDG-2', 296, 20); // at MP-2
      fix('BDG-3', 120, 200);
      const live = await t.runs.startLive('commander1');
      const first = t.frames.at(-1)!.snapshot;
      expect(first.threat).toMatchObject({ level: 'AEGL-2', advice: 'reroute' });
      expect(first.threat.musterIds).toContain('MP-3');
      expect(first.threat.safeMusterIds).toContain('MP-1');
      expect(first.targets.find((m) => m.id === 'MP-3')!.threatened).toBe(true);
      await t.runs.tick();
      const frame = t.frames.at(-1)!.snapshot;
      const i1 = frame.agentIds.indexOf('BDG-1');
      expect(frame.targets[frame.registeredAt[i1]!]!.id).toBe('MP-3');
      expect(frame.accounted[i1]).toBe(0);
      // One definition: the header (status), the board (snapshot) and the report count the same people.
      const status = t.runs.status().live!;
      expect(status.observedArrived).toBe(2);
      expect(status.accounted).toBe(frame.counts.accounted);
      expect(status.total).toBe(3);
      expect(t.evacuationStates).toEqual([{ liveRunId: live.runId }]);
      await t.runs.stopLive(live.runId, 'commander1');
      const report = (await t.runs.reportFor(live.runId))!;
      expect(report.accounted).toBe(status.accounted);
      expect(report.missing).toHaveLength(report.agents - report.accounted);
      expect(report.missing.find((m) => m.agentId === 'BDG-1')).toMatchObject({ atThreatenedTargetId: 'MP-3' });
      expect(renderRunReportHtml(report, 'zh-CN')).toContain('疏散事后复盘报告');
      expect(t.evacuationStates.at(-1)).toEqual({ liveRunId: null });
      await journal.close();
      const entries = readFileSync(journal.filePath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AuditEntry);
      expect(entries.filter((e) => e.kind === 'note').map((e) => [e.by, e.data.action, e.data.runId])).toEqual([
        ['commander1', 'evacuationOrdered', live.runId],
        ['commander1', 'evacuationStoodDown', live.runId],
      ]);
      expect(entries.find((e) => e.data.action === 'evacuationStoodDown')!.data).toMatchObject({ accounted: status.accounted, total: 3 });
    } finally {
      await t.runs.close();
    }
  });

  it('drill commands are journaled with who gave them', async () => {
    const journal = await AuditJournal.open(makeTempDir('drill-journal'));
    const t = setup(journal);
    try {
      const { runId } = await t.runs.startDrill('test-chlorine', 'trainer1');
      await t.runs.commandDrill({ runId, action: 'orderEvacuation' }, 'commander');
      await t.runs.commandDrill({ runId, action: 'end' }, 'trainer1');
      await journal.close();
      const notes = readFileSync(journal.filePath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AuditEntry).filter((e) => e.kind === 'note');
      expect(notes.map((e) => [e.by, e.data.action])).toEqual([
        ['trainer1', 'drillStarted'],
        ['commander', 'drill.orderEvacuation'],
        ['trainer1', 'drill.end'],
      ]);
    } finally {
      await t.runs.close();
    }
  });
});

describe('the evacuation board on the core bus, for the recording (issue 12.6)', () => {
  it("publishes each run's board at most once a second, at once when its phase changes, and a last 'ended' board with the last frame's counts", async () => {
    const t = setup();
    const boards: CoreTopics['evacuationBoard'][] = [];
    t.bus.subscribe('evacuationBoard', (b) => boards.push(b));
    try {
      const drill = await t.runs.startDrill('test-chlorine', 'trainer1');
      // The frame of the drill's creation comes before the drill is the runs' own: its first tick publishes.
      expect(boards).toHaveLength(0);
      await t.runs.commandDrill({ runId: drill.runId, action: 'playback', playing: true, speed: 20 }, 'trainer1');
      await t.runs.tick();
      expect(boards.at(-1)).toMatchObject({ runId: drill.runId, mode: 'drill', phase: 'alarm', name: { en: 'Chlorine at B-301' }, by: 'trainer1', atMs: t.now() });
      expect(boards.at(-1)!.counts).toEqual(t.frames.at(-1)!.snapshot.counts);
      // Four frames within a second: no second board.
      for (let i = 0; i < 3; i++) {
        t.advance(250);
        await t.runs.tick();
      }
      expect(boards).toHaveLength(1);
      // The order changes the phase: on the next frame, however soon.
      await t.runs.commandDrill({ runId: drill.runId, action: 'orderEvacuation' }, 'commander');
      t.advance(100);
      await t.runs.tick();
      expect(boards.map((b) => b.phase)).toEqual(['alarm', 'evacuating']);
      for (let i = 0; i < 40; i++) {
        t.advance(250);
        await t.runs.tick();
      }
      // 10 s of frames (40): a board a second.
      expect(boards.length).toBeGreaterThanOrEqual(11);
      expect(boards.length).toBeLessThanOrEqual(12);
      const lastFrame = t.frames.at(-1)!.snapshot;
      expect(lastFrame.counts.total).toBe(12);
      await t.runs.commandDrill({ runId: drill.runId, action: 'end' }, 'trainer1');
      const ended = boards.at(-1)!;
      expect(ended).toMatchObject({ runId: drill.runId, phase: 'ended', tS: lastFrame.tS, counts: lastFrame.counts, missingCount: lastFrame.counts.total - lastFrame.counts.accounted });
      expect(boards.filter((b) => b.phase === 'ended')).toHaveLength(1);
      // Bounded: the first people not accounted for, as the board lists them.
      expect(ended.missing.length).toBe(Math.min(ended.missingCount, 25));

      const fix = (badgeId: string, x: number, y: number) => t.bus.publish('worker', { badgeId, x, y, floor: 0, tsMs: t.now() });
      fix('BDG-1', 200, 150);
      fix('BDG-3', 300, 60);
      const live = await t.runs.startLive('commander1');
      t.advance(1_000);
      await t.runs.tick();
      expect(boards.at(-1)).toMatchObject({ runId: live.runId, mode: 'live', phase: 'evacuating', by: 'commander1', counts: { total: 2 } });
      expect(boards.at(-1)).not.toHaveProperty('name');
      await t.runs.stopLive(live.runId, 'commander1');
      expect(boards.at(-1)).toMatchObject({ runId: live.runId, mode: 'live', phase: 'ended', counts: { total: 2 } });
    } finally {
      await t.runs.close();
    }
  });
});

describe('drill scenario closures', () => {
  it('accepts a muster point lost for good (toS omitted or null) and refuses one the scene does not have', async () => {
    const dir = makeTempDir('drills');
    const base = { ...DrillScenarioSchema.parse(scenario), id: 'a' };
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify({ ...base, closures: [{ musterPointId: 'MP-3', fromS: 60 }] }));
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ ...base, id: 'b', closures: [{ musterPointId: 'MP-3', fromS: 60, toS: null }] }));
    writeFileSync(path.join(dir, 'c.json'), JSON.stringify({ ...base, id: 'c', closures: [{ musterPointId: 'MP-9', fromS: 0 }] }));
    writeFileSync(path.join(dir, 'd.json'), JSON.stringify({ ...base, id: 'd', closures: [{ musterPointId: 'MP-3', fromS: 60, toS: 30 }] }));
    const { scenarios, problems } = await loadDrillScenarios(dir, scene);
    expect(scenarios.map((s) => [s.id, s.closures])).toEqual([
      ['a', [{ musterPointId: 'MP-3', fromS: 60 }]],
      ['b', [{ musterPointId: 'MP-3', fromS: 60, toS: null }]],
    ]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/c\.json: closures\.0\.musterPointId "MP-9" is not a muster point of the scene/);
    expect(problems[1]).toMatch(/d\.json: closures\.0\.toS: toS must be after fromS/);
  });
});

describe('evacuation coupling helpers', () => {
  it('turns the live gas picture into a grid hazard above AEGL-2 that the engine accepts', () => {
    const service = new LeakService(scene, { clock: () => START_MS, cellSizeM: 4 });
    service.updateWind({ speedMps: 3, fromDeg: 20, atMs: START_MS, stabilityClass: 'D' });
    service.startLeak({ equipmentId: 'B-301', holeDiameterM: 0.01 });
    const snapshot = service.recompute(START_MS + 120_000);
    const [hazard] = dispersionHazards(snapshot);
    const parsed = HazardInputSchema.parse(hazard);
    expect(parsed).toMatchObject({ kind: 'toxic_gas', mode: 'traversable', substance: 'chlorine' });
    expect(parsed.thresholdPpm).toBe(snapshot.zones.find((z) => z.level === 'AEGL-2')!.thresholdPpm);
    expect(parsed.grid!.x0M).toBeCloseTo(snapshot.grid!.x0 - snapshot.grid!.dxM / 2);
    expect(parsed.grid!.concentrationPpm!.reduce((a, b) => Math.max(a, b), 0)).toBeGreaterThan(parsed.thresholdPpm!);
    service.dispose();
  });

  it('places the shift’s people in work areas, seeded, and scores late or incomplete responses', () => {
    expect(shiftAt('06:59')).toBe('night');
    expect(shiftAt('07:00')).toBe('day');
    const a = drillPopulation(scene, scenario);
    expect(a.workers).toHaveLength(12);
    expect(a.profiles).toEqual({ 'DRILL-001': 'slower' });
    expect(drillPopulation(scene, scenario)).toEqual(a);
    const score = scoreDrill(scenario.targets, { firstAlarmAtS: 10, acknowledgedAtS: 100, evacuationOrderedAtS: null, headcountConfirmedAtS: null, missingAtConfirm: null });
    expect(score.items.map((i) => [i.actualS, i.met])).toEqual([[90, false], [null, null], [null, null]]);
    expect(score.met).toBe(0);
  });
});
