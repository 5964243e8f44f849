import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AlarmEngine, defaultAlarmConfig } from '../../main/alarms/index.js';
import { AUDIT_JOURNAL_FILE, AuditJournal, parseEntryLine } from '../../main/audit/index.js';
import { MessageBus, type CoreTopics } from '../../main/bus/index.js';
import type { InspectionPlan, Role, SessionUser } from '../../main/contracts/index.js';
import { HazardAlarmWatch, HazardRegister, InspectionRegister } from '../../main/doublePrevention/index.js';
import { defaultHazardsConfig } from '../../main/hazards/index.js';
import { HazardRecords, migrateHistorian } from '../../main/historian/index.js';
import type { CodedResult } from '../../main/http/index.js';
import { LiveHub } from '../../main/live/index.js';
import { createLogger } from '../../main/log/index.js';
import { CoreMetrics } from '../../main/metrics/index.js';
import { defaultWorkerSafetyConfig, WorkerSafetyMonitor } from '../../main/personnel/index.js';
import { loadDemoScene } from '../support/demoScene.js';
import { historianTestEngines } from '../support/historianEngines.js';
import { HOUR_MS, MINUTE_MS, MONDAY_9AM } from '../support/permitFixtures.js';
import { makeTempDir } from '../support/tempDir.js';

const person = (name: string, role: Role): SessionUser => ({ name, role, implicit: false });
const inspector = person('li.ming', 'operator');
const commander = person('zhang.wei', 'commander');
const UTC_OFFSET_MIN = 480;
/** The demo's Monday 00:00 at the site (UTC+8): the daily slot of NOW starts here. */
const MONDAY_MIDNIGHT = MONDAY_9AM - 9 * HOUR_MS;
const DAY_MS = 24 * HOUR_MS;
const CHECKPOINT: [number, number] = [61, 200];

function value<T>(result: CodedResult<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.problem.code} ${result.problem.message}`);
  return result.value;
}

/** A class-A (daily) round of unit 1: one checkpoint beside the converter with a judgement and a reading. */
const plan: InspectionPlan = {
  id: 'PLAN-U1-A',
  name: '合成一车间日常巡检',
  areaClass: 'A',
  areaIds: ['unit1'],
  anchorDate: '2026-01-05',
  checkpoints: [
    {
      id: 'CP-R101',
      name: 'R-101 氨合成塔',
      point: CHECKPOINT,
      floor: 0,
      items: [
        { id: 'seal', kind: 'judgement', text: '法兰及阀门无泄漏', hazardKind: 'leak' },
        { id: 'pressure', kind: 'reading', text: '压力表读数', hazardKind: 'equipment', unit: 'MPa', min: 14, max: 16 },
      ],
    },
  ],
};

/**
 * Inspection rounds with their alarms over real storage and the plant's alarm engine (issue 18 tests: "an
 * inspector's badge that never reaches a checkpoint produces a missed-round alarm"): the registers on each
 * historian engine, a real audit journal, the live hub's badge positions and external conditions, the alarm
 * watch — the clock is the test's, so a day passes in a step.
 */
describe.each(historianTestEngines())('inspection rounds and their alarms on $name', (engine) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await engine.dispose();
  });

  async function fixture() {
    const { open } = await engine.fresh();
    const historian = await open();
    await migrateHistorian(historian.db, historian.engine);
    const dir = makeTempDir('inspection-rounds');
    const journal = await AuditJournal.open(dir);
    const clock = { nowMs: MONDAY_9AM };
    const nowMs = () => clock.nowMs;
    const scene = loadDemoScene();
    const logger = createLogger('silent');
    const bus = new MessageBus<CoreTopics>();
    const config = defaultHazardsConfig();
    const alarmEngine = new AlarmEngine(scene, defaultAlarmConfig(), clock.nowMs);
    const hub = new LiveHub({ scene, alarms: alarmEngine, workerSafety: new WorkerSafetyMonitor(scene, defaultWorkerSafetyConfig(), clock.nowMs), bus, metrics: new CoreMetrics(), logger, staleAfterMs: () => 30_000, nowMs });
    const records = new HazardRecords(historian.db);
    const open_ = async () => {
      const hazards = await HazardRegister.open({ records, journal, bus, scene, config, utcOffsetMin: UTC_OFFSET_MIN, logger, nowMs });
      const inspections = await InspectionRegister.open({ records, journal, scene, hub, hazards, config, utcOffsetMin: UTC_OFFSET_MIN, logger, nowMs });
      return { hazards, inspections };
    };
    const { hazards, inspections } = await open_();
    const watch = new HazardAlarmWatch({
      sources: { plans: () => inspections.currentPlans(), slots: (p, range) => inspections.slots(p, range), tickets: () => hazards.current(), onChange: () => () => undefined },
      hub,
      config,
      utcOffsetMin: UTC_OFFSET_MIN,
      logger,
      nowMs,
    });
    cleanups.push(async () => {
      await journal.close().catch(() => undefined);
      await historian.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    });
    const journalNotes = () =>
      readFileSync(path.join(dir, AUDIT_JOURNAL_FILE), 'utf8')
        .trim()
        .split('\n')
        .map(parseEntryLine)
        .filter((e) => e!.kind === 'note')
        .map((e) => (e as { data: Record<string, unknown> }).data);
    return { clock, hub, alarmEngine, hazards, inspections, watch, journalNotes, reopen: open_ };
  }

  it('a badge that never reaches the checkpoint: the check-in is refused as unverified, the round is late, then missed — an alarm of its own, cleared by the next day\'s walked round', async () => {
    const { clock, hub, alarmEngine, hazards, inspections, watch, journalNotes, reopen } = await fixture();
    value(await inspections.putPlan(plan.id, plan, commander));
    expect((await inspections.putPlan(plan.id, plan, inspector)).ok).toBe(false); // plans are the safety side's

    // The inspector opens today's round wearing BDG-1001 and "checks in" from the control building, 40 m away.
    const round = value(await inspections.startRound({ planId: plan.id, slotStartMs: MONDAY_MIDNIGHT, badgeId: 'BDG-1001' }, inspector)).round;
    hub.worker({ badgeId: 'BDG-1001', x: CHECKPOINT[0] + 40, y: CHECKPOINT[1], floor: 0, tsMs: clock.nowMs });
    const proxy = value(await inspections.checkIn(round.id, { checkpointId: 'CP-R101' }, inspector)).checkIn;
    expect(proxy).toMatchObject({ checkpointId: 'CP-R101', verified: false, badgeDistanceM: 40 });
    const refusal = await inspections.results(round.id, { results: [{ checkpointId: 'CP-R101', itemId: 'seal', ok: true }] }, inspector);
    expect(refusal.ok ? 'accepted' : refusal.problem.code).toBe('ST_ERR_HAZARD_STATE');
    // Another person may not check in on this inspector's round.
    expect((await inspections.checkIn(round.id, { checkpointId: 'CP-R101' }, commander)).ok).toBe(false);

    watch.evaluate();
    expect(alarmEngine.alarm('PLAN-U1-A:inspectionRoundLate')).toBeUndefined();
    // Past midnight the day's slot has ended without a complete round: late (low), within the 2 h grace.
    clock.nowMs = MONDAY_MIDNIGHT + DAY_MS + 30 * MINUTE_MS;
    watch.evaluate();
    expect(alarmEngine.alarm('PLAN-U1-A:inspectionRoundLate')).toMatchObject({ sourceKind: 'inspection', active: true, priority: 'low', areaId: 'unit1' });
    // After the grace: missed (medium), with the period in site time; late is cleared.
    clock.nowMs = MONDAY_MIDNIGHT + DAY_MS + 2 * HOUR_MS + MINUTE_MS;
    watch.evaluate();
    expect(alarmEngine.alarm('PLAN-U1-A:inspectionRoundLate')).toMatchObject({ active: false });
    const missed = alarmEngine.alarm('PLAN-U1-A:inspectionRoundMissed');
    expect(missed).toMatchObject({ sourceKind: 'inspection', active: true, priority: 'medium', areaId: 'unit1' });
    expect(value(inspections.list({ fromMs: MONDAY_MIDNIGHT, toMs: MONDAY_MIDNIGHT + 2 * DAY_MS })).at(0)!.slots.map((s) => s.status)).toEqual(['missed', 'due']);

    // Tuesday: the badge is at the converter. The check-in counts, the reading is out of range: a ticket is opened in the inspector's name.
    const tuesday = value(await inspections.startRound({ planId: plan.id, slotStartMs: MONDAY_MIDNIGHT + DAY_MS, badgeId: 'BDG-1001' }, inspector)).round;
    hub.worker({ badgeId: 'BDG-1001', x: CHECKPOINT[0] + 2, y: CHECKPOINT[1] + 1, floor: 0, tsMs: clock.nowMs });
    expect(value(await inspections.checkIn(tuesday.id, { checkpointId: 'CP-R101' }, inspector)).checkIn.verified).toBe(true);
    const walked = value(
      await inspections.results(tuesday.id, { results: [{ checkpointId: 'CP-R101', itemId: 'seal', ok: true }, { checkpointId: 'CP-R101', itemId: 'pressure', ok: true, value: 16.4 }] }, inspector),
    );
    expect(walked.openedTickets).toHaveLength(1);
    const ticket = hazards.current().find((t) => t.number === walked.openedTickets[0])!;
    expect(ticket).toMatchObject({ reporter: 'li.ming', kind: 'equipment', state: 'reported', source: { kind: 'inspection', planId: 'PLAN-U1-A', roundId: tuesday.id, checkpointId: 'CP-R101', itemId: 'pressure' }, location: { point: CHECKPOINT, placedBy: 'checkpoint', areaId: 'unit1' } });
    expect(ticket.description).toBe('R-101 氨合成塔: 压力表读数 = 16.4 MPa');

    // The area has been walked since: the missed alarm clears.
    watch.evaluate();
    expect(alarmEngine.alarm('PLAN-U1-A:inspectionRoundMissed')).toMatchObject({ active: false });
    expect(value(inspections.list({ fromMs: MONDAY_MIDNIGHT, toMs: MONDAY_MIDNIGHT + 2 * DAY_MS })).at(0)!.slots.map((s) => s.status)).toEqual(['missed', 'done']);

    // Journaled: the plan, both rounds, the unverified and the verified check-in, the results with their ticket.
    const notes = journalNotes();
    expect(notes.filter((n) => n.action === 'inspectionCheckIn').map((n) => [n.verified, n.badgeDistanceM])).toEqual([
      [false, 40],
      [true, 2.2],
    ]);
    expect(notes.find((n) => n.action === 'inspectionResults')).toMatchObject({ roundId: tuesday.id, results: 2, failed: 1, tickets: walked.openedTickets });
    expect(notes.find((n) => n.action === 'hazardReported')).toMatchObject({ number: ticket.number, grade: 'general' });

    // Kept over a restart.
    const again = await reopen();
    expect(value(again.inspections.list({ fromMs: MONDAY_MIDNIGHT, toMs: MONDAY_MIDNIGHT + 2 * DAY_MS })).at(0)!.slots.map((s) => s.status)).toEqual(['missed', 'done']);
    expect(again.hazards.current().map((t) => t.number)).toEqual([ticket.number]);
  });

  it('a major hidden danger past its 4 h deadline is an alarm, escalated by the hour on its ticket, cleared when the rectification is handed in', async () => {
    const { clock, alarmEngine, hazards, watch } = await fixture();
    const filed = value(
      await hazards.report(
        { source: { kind: 'phone' }, location: { point: CHECKPOINT, floor: 0, placedBy: 'pin' }, kind: 'instrumentation', grade: 'major', majorBasis: '安全阀根部阀关闭', description: 'R-101 安全阀根部阀处于关闭状态' },
        inspector,
      ),
    );
    const number = filed.ticket.number;
    value(await hazards.step(number, { action: 'accept', grade: 'major' }, commander));
    value(await hazards.step(number, { action: 'assign', assignee: 'li.ming' }, commander));
    clock.nowMs += 4 * HOUR_MS - MINUTE_MS;
    watch.evaluate();
    expect(alarmEngine.alarm(`${number}:hazardTicketOverdue`)).toBeUndefined();
    clock.nowMs += MINUTE_MS;
    watch.evaluate();
    expect(alarmEngine.alarm(`${number}:hazardTicketOverdue`)).toMatchObject({ sourceKind: 'hazard', active: true, priority: 'medium', areaId: 'unit1', location: { x: CHECKPOINT[0], y: CHECKPOINT[1] } });
    expect(value(hazards.get(number, commander)).timing).toMatchObject({ overdue: true, escalationLevel: 1 });
    // One escalation step (1 h for a major) later: level 2 on the ticket, the same alarm still standing.
    clock.nowMs += HOUR_MS;
    watch.evaluate();
    expect(alarmEngine.alarm(`${number}:hazardTicketOverdue`)).toMatchObject({ active: true });
    expect(value(hazards.get(number, commander)).timing).toMatchObject({ overdue: true, escalationLevel: 2 });
    value(await hazards.step(number, { action: 'rectify', note: '已开启根部阀并铅封', media: [{ ref: 'm-after', kind: 'photo', stage: 'rectification', takenAtMs: clock.nowMs }] }, inspector));
    watch.evaluate();
    expect(alarmEngine.alarm(`${number}:hazardTicketOverdue`)).toMatchObject({ active: false });
  });
});
