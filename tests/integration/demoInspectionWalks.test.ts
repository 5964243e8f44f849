import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { AlarmEngine, defaultAlarmConfig } from '../../main/alarms/index.js';
import { AuditJournal } from '../../main/audit/index.js';
import { MessageBus, type CoreTopics } from '../../main/bus/index.js';
import { DemoInspectionWalker, HazardRegister, InspectionRegister, loadDemoHazards, RiskRegister, startDemoDoublePrevention } from '../../main/doublePrevention/index.js';
import { defaultHazardsConfig } from '../../main/hazards/index.js';
import { HazardRecords, migrateHistorian } from '../../main/historian/index.js';
import { LiveHub } from '../../main/live/index.js';
import { createLogger } from '../../main/log/index.js';
import { CoreMetrics } from '../../main/metrics/index.js';
import { defaultWorkerSafetyConfig, WorkerSafetyMonitor } from '../../main/personnel/index.js';
import { DEMO_SCENE_PATH } from '../../main/platform/packageInfo.js';
import { PlantSimulation } from '../../main/simulator/index.js';
import { loadDemoScene } from '../support/demoScene.js';
import { historianTestEngines } from '../support/historianEngines.js';
import { makeTempDir } from '../support/tempDir.js';

const UTC_OFFSET_MIN = 480;
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/**
 * 09:00 local (UTC+8) on Tuesday 3 March 2026: 张平 (BDG-1008, plan A) is on the morning shift and 高洋 (BDG-1029,
 * plan C) at day work; 黄军 (BDG-1009, plan B) comes for the evening shift at 16:00. A finding day of the demo
 * (DemoInspectionWalker isFindingDay): the day's first round finds a leak.
 */
const MARCH_3_9AM = Date.UTC(2026, 2, 3, 1, 0, 0);
const MARCH_3_MIDNIGHT = MARCH_3_9AM - 9 * HOUR_MS;

/**
 * The demo's inspection rounds walked by its simulated inspectors (issue 18 item 6), end to end in one process:
 * the demo's plans filed by startDemoDoublePrevention into the real registers over the embedded historian, the
 * real plant simulation stepped second by second in simulated time, its badge positions fed to the live hub the
 * register verifies check-ins against, and the walker opening, following and filing the rounds.
 */
describe.each(historianTestEngines().filter((e) => e.name === 'sqlite'))('the demo inspectors walk their rounds on $name', (engine) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await engine.dispose();
  });

  it('rounds of the due slots are opened as the inspectors on shift, walked checkpoint by checkpoint and done; the day\'s finding opens one ticket; stop calls the walks off', async () => {
    const { open } = await engine.fresh();
    const historian = await open();
    await migrateHistorian(historian.db, historian.engine);
    const dir = makeTempDir('demo-inspection-walks');
    const journal = await AuditJournal.open(dir);
    cleanups.push(async () => {
      await journal.close().catch(() => undefined);
      await historian.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    });
    const clock = { nowMs: MARCH_3_9AM };
    const nowMs = () => clock.nowMs;
    const scene = loadDemoScene();
    const logger = createLogger('silent');
    const bus = new MessageBus<CoreTopics>();
    const config = defaultHazardsConfig();
    const hub = new LiveHub({ scene, alarms: new AlarmEngine(scene, defaultAlarmConfig(), clock.nowMs), workerSafety: new WorkerSafetyMonitor(scene, defaultWorkerSafetyConfig(), clock.nowMs), bus, metrics: new CoreMetrics(), logger, staleAfterMs: () => 30_000, nowMs });
    const records = new HazardRecords(historian.db);
    const hazards = await HazardRegister.open({ records, journal, bus, scene, config, utcOffsetMin: UTC_OFFSET_MIN, logger, nowMs });
    const risks = await RiskRegister.open({ records, journal, bus, scene, config, logger });
    const inspections = await InspectionRegister.open({ records, journal, scene, hub, hazards, config, utcOffsetMin: UTC_OFFSET_MIN, logger, nowMs });
    const demoOptions = { scenePath: DEMO_SCENE_PATH, scene, config, utcOffsetMin: UTC_OFFSET_MIN, logger, nowMs: clock.nowMs };
    await startDemoDoublePrevention({ ...demoOptions, registers: { hazards, risks, inspections } });
    const demo = (await loadDemoHazards(demoOptions))!;
    expect(demo.inspectors.map((i) => i.planId)).toEqual(['XJ-A-01', 'XJ-B-01', 'XJ-C-01']);
    const ticketsBefore = hazards.current().length;

    const sim = new PlantSimulation(scene, 11, clock.nowMs);
    const walker = new DemoInspectionWalker({ inspectors: demo.inspectors, inspections, hazards, hub, simulator: { setInspectionWalks: (walks) => sim.setInspectionWalks(walks, clock.nowMs) }, config, utcOffsetMin: UTC_OFFSET_MIN, logger, nowMs });
    const statuses = () => Object.fromEntries(inspections.currentPlans().map((plan) => [plan.id, inspections.slots(plan, { fromMs: clock.nowMs, toMs: clock.nowMs + 1, nowMs: clock.nowMs })[0]!.status]));
    expect(statuses()).toEqual({ 'XJ-A-01': 'due', 'XJ-B-01': 'due', 'XJ-C-01': 'due' });

    // The plant runs: a badge report a second (as the simulator publishes them), the walker looks every five.
    const runUntil = async (endMs: number) => {
      for (let t = clock.nowMs; t <= endMs; t += 1_000) {
        clock.nowMs = t;
        for (const fix of sim.step(t).workers) hub.worker(fix);
        if ((t - MARCH_3_9AM) % 5_000 === 0) await walker.evaluate();
      }
    };
    await runUntil(MARCH_3_9AM + 10_000);
    // The walks start at once: the slots are due and two inspectors are on site; the third is not.
    expect(walker.counts.roundsOpened).toBe(2);
    expect(sim.inspectionWalks().map((w) => w.badgeId).sort()).toEqual(['BDG-1008', 'BDG-1029']);

    await runUntil(MARCH_3_9AM + 75 * MINUTE_MS);
    expect(walker.counts.errors).toBe(0);
    // Every checkpoint checked in, verified by the badge, and every item filed: the day's slots are done.
    expect(walker.counts.checkIns).toBe(demo.plans.find((p) => p.id === 'XJ-A-01')!.checkpoints.length + demo.plans.find((p) => p.id === 'XJ-C-01')!.checkpoints.length);
    expect(statuses()).toEqual({ 'XJ-A-01': 'done', 'XJ-B-01': 'due', 'XJ-C-01': 'done' });
    const slotA = inspections.slots(demo.plans[0]!, { fromMs: clock.nowMs, toMs: clock.nowMs + 1, nowMs: clock.nowMs })[0]!;
    expect(slotA).toMatchObject({ startMs: MARCH_3_MIDNIGHT, status: 'done' });
    expect(slotA.completedAtMs! - MARCH_3_9AM).toBeLessThan(60 * MINUTE_MS);

    // The finding: one general ticket in the inspector's name from the day's first round (plan A), at a leak item.
    const found = hazards.current().slice(ticketsBefore);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ reporter: '张平', grade: 'general', kind: 'leak', state: 'reported', source: { kind: 'inspection', planId: 'XJ-A-01', roundId: slotA.roundId } });
    expect(walker.counts.findings).toBe(1);

    // Finished walks are left to end in the simulator; stop() calls every walk off.
    expect(sim.inspectionWalks().every((w) => w.state === 'done')).toBe(true);
    await walker.stop();
    expect(sim.inspectionWalks()).toEqual([]);

    // A walker started again the same day (a restart) opens nothing for the done slots and finds nothing twice.
    const again = new DemoInspectionWalker({ inspectors: demo.inspectors, inspections, hazards, hub, simulator: { setInspectionWalks: (walks) => sim.setInspectionWalks(walks, clock.nowMs) }, config, utcOffsetMin: UTC_OFFSET_MIN, logger, nowMs });
    await again.evaluate();
    expect(again.counts.roundsOpened).toBe(0);
    await inspections.close();
    await hazards.close();
  });
});
