import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlarmConfigSchema, AlarmEngine } from '../../main/alarms/index.js';
import { AUDIT_JOURNAL_FILE, AuditJournal, parseEntryLine } from '../../main/audit/index.js';
import { MessageBus, type CoreTopics } from '../../main/bus/index.js';
import { UserStore } from '../../main/auth/index.js';
import { resolveServeConfig } from '../../main/config/config.js';
import { startCore, type CoreHandle } from '../../main/core/startCore.js';
import { API_PATHS, SENSOR_KINDS, type Alarm, type DispositionStats, type OnDutyView, type Problem, type Role, type RosterDocument, type SessionUser, type WarningDeadline, type WarningView } from '../../main/contracts/index.js';
import { DEMO_ROSTER_FILE, DispatchConfigSchema } from '../../main/dispatch/index.js';
import { RosterBook, WarningDesk, type OutboundMessage } from '../../main/dispatchDesk/index.js';
import { DispatchRecords, migrateHistorian } from '../../main/historian/index.js';
import type { CodedResult } from '../../main/http/index.js';
import { LiveHub } from '../../main/live/index.js';
import { createLogger } from '../../main/log/index.js';
import { CoreMetrics } from '../../main/metrics/index.js';
import { defaultWorkerSafetyConfig, WorkerSafetyMonitor } from '../../main/personnel/index.js';
import { DEMO_SCENE_PATH } from '../../main/platform/packageInfo.js';
import { loadDemoScene } from '../support/demoScene.js';
import { historianTestEngines } from '../support/historianEngines.js';
import { MINUTE_MS, MONDAY_9AM } from '../support/permitFixtures.js';
import { Mosquitto } from '../support/mosquitto.js';
import type { CoreSocket } from '../support/socketRequest.js';
import { makeTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';

const person = (name: string, role: Role): SessionUser => ({ name, role, implicit: false });
/** The demo roster's day-shift tank-farm operator (p-zhang-fang) on their phone: a plant worker's account, a viewer. */
const tankFarmOperator = person('op.zhang', 'viewer');
/** A control-room operator who is nobody's roster person. */
const boardOperator = person('li.ming', 'operator');
/** An evening-shift worker (p-luo-jing): not on duty at 09:00. */
const eveningWorker = person('wk.luo', 'viewer');
const manager = person('mgr.chen', 'manager');
const UTC_OFFSET_MIN = 480;
const ACK_MIN = 2;
const RESOLVE_MIN = 30;
/** Every priority the same short deadlines: the test reads the escalation times without knowing the alarm's priority. */
const config = DispatchConfigSchema.parse({ deadlines: Object.fromEntries(['urgent', 'high', 'medium', 'low'].map((p) => [p, { ackWithinMin: ACK_MIN, resolveWithinMin: RESOLVE_MIN }])) });

/**
 * Temperatures alarm on the reading that crosses (no on- or off-delay) and no detector falls silent within a test's
 * simulated hours: only the readings the test sends raise or clear alarms.
 */
const alarmConfig = AlarmConfigSchema.parse({ onDelayMs: { temperature: 0 }, offDelayMs: { temperature: 0 }, commLossTimeoutMs: Object.fromEntries(SENSOR_KINDS.map((kind) => [kind, 86_400_000])) });

function value<T>(result: CodedResult<T>): T {
  if (!result.ok) throw new Error(`${result.status} ${result.problem.code}: ${result.problem.message}`);
  return result.value;
}

/**
 * The warning desk with its real parts (issue 19 tests): the embedded historian and PostgreSQL, the audit journal,
 * the demo duty roster, the alarm engine fed samples through the live hub (the control room's acknowledgement is
 * the hub's own command path) and a clock that is the test's, so deadlines pass in a step. The messages the desk
 * hands to the outbox are kept by the sink for the test to read.
 */
describe.each(historianTestEngines())('the warning desk on $name', (engine) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await engine.dispose();
  });

  async function fixture(options: { maxOpen?: number } = {}) {
    const { open } = await engine.fresh();
    const historian = await open();
    await migrateHistorian(historian.db, historian.engine);
    const dir = makeTempDir('warning-desk');
    const journal = await AuditJournal.open(dir);
    const clock = { nowMs: MONDAY_9AM };
    const now = () => clock.nowMs;
    const scene = loadDemoScene();
    const logger = createLogger('silent');
    const bus = new MessageBus<CoreTopics>();
    const problems: Problem[] = [];
    bus.subscribe('problem', (p) => problems.push(p));
    const detach = journal.attachToBus(bus);
    const alarmEngine = new AlarmEngine(scene, alarmConfig, clock.nowMs);
    const hub = new LiveHub({ scene, alarms: alarmEngine, workerSafety: new WorkerSafetyMonitor(scene, defaultWorkerSafetyConfig(), clock.nowMs), bus, metrics: new CoreMetrics(), logger, staleAfterMs: () => 30_000, nowMs: now });
    const records = new DispatchRecords(historian.db);
    const messages: OutboundMessage[] = [];
    const sink = { enqueue: (batch: OutboundMessage[]) => void messages.push(...batch) };
    const openParts = async () => {
      const roster = await RosterBook.open({ records, journal, bus, config, rosterFile: path.join(path.dirname(DEMO_SCENE_PATH), DEMO_ROSTER_FILE), utcOffsetMin: UTC_OFFSET_MIN, logger, now });
      const desk = await WarningDesk.open({ records, journal, bus, roster, config, scene, alarms: { alarms: () => alarmEngine.alarms(), command: (c, user) => hub.command(c, user) }, sink, evacuation: null, cameraModelOf: (alarm) => (alarm.evidence?.source === 'safetwin' ? 'ppe-yolo' : alarm.evidence?.source), logger, now, ...options });
      return { roster, desk };
    };
    const parts = await openParts();
    cleanups.push(async () => {
      await parts.desk.close();
      detach();
      await journal.close().catch(() => undefined);
      await historian.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    });
    const journalEntries = () =>
      readFileSync(path.join(dir, AUDIT_JOURNAL_FILE), 'utf8')
        .trim()
        .split('\n')
        .map(parseEntryLine)
        // A line being appended while the test reads is not an entry yet.
        .flatMap((e) => (e === null ? [] : [{ ...(e.data as { action?: string; warningId?: string }), kind: e.kind, by: e.by }]));
    const sensor = (id: string) => alarmEngine.sensorIndexOf(id)!;
    /** A reading of a sensor now, through the hub as the ingest delivers it. */
    const read = (sensorId: string, reading: number) => hub.sample(sensor(sensorId), reading, 'good', clock.nowMs, clock.nowMs);
    const step = (ms: number) => {
      clock.nowMs += ms;
      parts.desk.wake();
    };
    return { ...parts, parts, clock, read, step, hub, bus, alarmEngine, records, messages, problems, journalEntries, reopen: openParts };
  }

  it('opens a warning owned by the roster, escalates it up the chain, stops when acknowledged, closes on a disposition, and counts it', async () => {
    const f = await fixture();
    f.read('TT-T101', 45);
    const [warning] = f.desk.openWarnings();
    expect(warning).toMatchObject({ alarmId: 'TT-T101:high', state: 'open', level: 0, owner: { postId: 'tankFarmOperator', personId: 'p-zhang-fang', name: '张芳', deputies: [{ personId: 'p-zhao-na' }] }, ackDueMs: MONDAY_9AM + ACK_MIN * MINUTE_MS });
    expect(warning!.warningId).toBe(`TT-T101:high@${MONDAY_9AM}`);
    expect(f.messages.map((m) => [m.kind, m.personId])).toEqual([
      ['assigned', null],
      ['assigned', 'p-zhang-fang'],
    ]);
    expect(f.messages[0]!.mentionPersonIds).toEqual(['p-zhang-fang']);

    // Not acknowledged in time: the owner (outside the chain) goes to the chain's first post, the shift lead, with the owner's deputy.
    f.step(ACK_MIN * MINUTE_MS - 1);
    expect(warning!.level).toBe(0);
    f.step(1);
    expect(warning).toMatchObject({ level: 1, currentPostId: 'shiftLead', escalations: [{ level: 1, postId: 'shiftLead', personId: 'p-zhou-gang', reason: 'ackOverdue', atMs: MONDAY_9AM + ACK_MIN * MINUTE_MS }] });
    expect(f.messages.slice(2).map((m) => [m.kind, m.personId])).toEqual([
      ['escalated', null],
      ['escalated', 'p-zhou-gang'],
      ['escalated', 'p-zhao-na'],
    ]);
    // Another acknowledgement period without one: the safety manager.
    f.step(ACK_MIN * MINUTE_MS);
    expect(warning).toMatchObject({ level: 2, currentPostId: 'safetyManager' });
    expect(warning!.escalations[1]).toMatchObject({ personId: 'p-wu-jianguo', reason: 'ackOverdue' });

    // The control room acknowledges the alarm in its list: the warning is acknowledged and climbs no further.
    expect(f.hub.command({ action: 'acknowledge', alarmIds: ['TT-T101:high'] }, boardOperator.name).errors).toEqual([]);
    expect(warning).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'li.ming', acknowledgedAtMs: MONDAY_9AM + 2 * ACK_MIN * MINUTE_MS });
    f.step(10 * ACK_MIN * MINUTE_MS);
    expect(warning!.level).toBe(2);

    // The temperature comes back: cleared, waiting for the operator's disposition (no rule decides a real alarm).
    f.read('TT-T101', 20);
    expect(warning).toMatchObject({ state: 'cleared', clearedAtMs: f.clock.nowMs });
    // Escalated, so those it reached learn it is over.
    expect(f.messages.filter((m) => m.kind === 'cleared').map((m) => m.personId)).toEqual([null, 'p-zhang-fang', 'p-zhou-gang', 'p-wu-jianguo']);
    expect(value(await f.desk.disposeByUser(warning!.warningId, { disposition: 'real', note: '冷却水中断' }, boardOperator))).toMatchObject({ state: 'closed', disposition: { kind: 'real', by: 'li.ming', auto: false, note: '冷却水中断' } });
    expect(f.desk.openWarnings()).toEqual([]);
    expect(f.desk.deadlines()).toEqual([]);

    const stats = value(await f.desk.statistics(MONDAY_9AM - MINUTE_MS, f.clock.nowMs));
    expect(stats).toMatchObject({ warnings: 1, undisposed: 0, mttaMs: 2 * ACK_MIN * MINUTE_MS, falseAlarmRate: 0, byDetector: [{ key: 'TT-T101', real: 1, falseAlarmRate: 0 }] });

    // Everything is on record: in the historian and in the journal.
    await f.desk.flush();
    expect(await f.records.warning(warning!.warningId)).toMatchObject({ state: 'closed', level: 2, disposition: { kind: 'real' } });
    expect(await f.records.statsRows(MONDAY_9AM, f.clock.nowMs)).toEqual([expect.objectContaining({ warningId: warning!.warningId, disposition: 'real', acknowledgedAtMs: MONDAY_9AM + 2 * ACK_MIN * MINUTE_MS })]);
    await waitUntil(() => f.journalEntries().some((e) => e.action === 'warningDisposed'), 5_000, 'the disposition in the journal');
    const steps = f.journalEntries().filter((e) => e.warningId === warning!.warningId || e.kind === 'alarmAction');
    expect(steps.map((e) => [e.kind, e.action, e.by])).toEqual([
      ['note', 'warningOpened', 'dispatch'],
      ['note', 'warningNotified', 'dispatch'],
      ['note', 'warningEscalated', 'dispatch'],
      ['note', 'warningNotified', 'dispatch'],
      ['note', 'warningEscalated', 'dispatch'],
      ['note', 'warningNotified', 'dispatch'],
      ['alarmAction', 'acknowledge', 'li.ming'],
      ['note', 'warningAcknowledged', 'li.ming'],
      ['note', 'warningCleared', 'dispatch'],
      ['note', 'warningNotified', 'dispatch'],
      ['note', 'warningDisposed', 'li.ming'],
    ]);
  });

  it("acknowledges from the phone: the warning's own person leaves the ISA alarm to the control room, a role that may acknowledge alarms acknowledges it through the alarm list's path", async () => {
    const f = await fixture();
    f.read('TT-T101', 45);
    const warningId = `TT-T101:high@${MONDAY_9AM}`;
    expect(value(await f.desk.list({ mine: true }, tankFarmOperator)).map((w) => [w.warningId, w.mine])).toEqual([[warningId, true]]);
    expect(value(await f.desk.list({ mine: true }, eveningWorker))).toEqual([]);
    const notTheirs = await f.desk.acknowledgeByUser(warningId, {}, eveningWorker);
    expect(notTheirs.ok || notTheirs.problem.code).toBe('ST_ERR_DISPATCH_FORBIDDEN');

    f.step(MINUTE_MS);
    expect(value(await f.desk.readByUser(warningId, tankFarmOperator)).deliveries).toEqual([expect.objectContaining({ channel: 'screen', personId: 'p-zhang-fang', status: 'read' })]);
    const acked = value(await f.desk.acknowledgeByUser(warningId, { note: '已到现场' }, tankFarmOperator));
    expect(acked).toMatchObject({ state: 'acknowledged', acknowledgedAtMs: MONDAY_9AM + MINUTE_MS, mine: true });
    // A viewer sees no names: not the owner's, not who acknowledged, not the note's author.
    expect(acked.owner.name).toBe('');
    expect(acked.acknowledgedBy).toBe('');
    expect(acked.notes).toEqual([{ by: '', atMs: MONDAY_9AM + MINUTE_MS, text: '已到现场' }]);
    expect(f.alarmEngine.alarm('TT-T101:high')).toMatchObject({ acknowledged: false, state: 'unacknowledged' });
    const again = await f.desk.acknowledgeByUser(warningId, {}, tankFarmOperator);
    expect(again.ok || again.problem.code).toBe('ST_ERR_DISPATCH_STATE');

    // Another alarm, acknowledged on a phone by an operator: the alarm list shows it acknowledged by them.
    f.read('TT-T102', 45);
    const second = `TT-T102:high@${f.clock.nowMs}`;
    expect(value(await f.desk.acknowledgeByUser(second, {}, boardOperator))).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'li.ming', mine: false });
    expect(f.alarmEngine.alarm('TT-T102:high')).toMatchObject({ acknowledged: true, acknowledgedBy: 'li.ming' });
    await waitUntil(() => f.journalEntries().filter((e) => e.action === 'warningAcknowledged').length === 2, 5_000, 'both acknowledgements in the journal');
    const entries = f.journalEntries();
    expect(entries.filter((e) => e.action === 'warningRead')).toEqual([expect.objectContaining({ by: 'op.zhang', warningId })]);
    expect(entries.filter((e) => e.kind === 'alarmAction').map((e) => [e.action, e.by])).toEqual([['acknowledge', 'li.ming']]);
    expect(entries.filter((e) => e.action === 'warningAcknowledged').map((e) => [e.warningId, e.by])).toEqual([
      [warningId, 'op.zhang'],
      [second, 'li.ming'],
    ]);
  });

  it('shows roster names and contacts only to whom they are for', async () => {
    const f = await fixture();
    const lin = (doc: { people: { id: string }[] }) => doc.people.find((p) => p.id === 'p-lin-jing');
    expect(lin(f.roster.view(tankFarmOperator))).toEqual({ id: 'p-lin-jing', name: '', locale: 'zh-CN' });
    expect(lin(f.roster.view(boardOperator))).toEqual({ id: 'p-lin-jing', name: '林静', userName: 'op.lin', badgeId: 'BDG-1012', locale: 'zh-CN' });
    expect(lin(f.roster.view(manager))).toMatchObject({ email: 'lin.jing@example.com', phone: '13800000001' });
    const onDuty = f.roster.onDutyViews(tankFarmOperator, MONDAY_9AM);
    expect(onDuty.find((d) => d.postId === 'tankFarmOperator')).toEqual({ postId: 'tankFarmOperator', shiftId: 'day', personId: 'p-zhang-fang', name: '', deputies: [{ personId: 'p-zhao-na', name: '' }] });
    expect(f.roster.onDutyViews(boardOperator, MONDAY_9AM).find((d) => d.postId === 'shiftLead')).toMatchObject({ personId: 'p-zhou-gang', name: '周刚' });
  });

  it('keeps its warnings and the roster across a restart on the same historian', async () => {
    const f = await fixture();
    f.read('TT-T101', 45);
    f.step(ACK_MIN * MINUTE_MS);
    const before = f.desk.openWarnings()[0]!;
    expect(before.level).toBe(1);
    await f.parts.desk.close();

    // The same plant (the alarm still active and unacknowledged), a new desk: the warning as it was, not a second one.
    f.step(0);
    const again = await f.reopen();
    f.parts.desk = again.desk;
    expect(again.roster.current().revision).toBe(1);
    expect(again.desk.openWarnings()).toEqual([expect.objectContaining({ warningId: before.warningId, level: 1, escalations: before.escalations, owner: before.owner })]);
    f.clock.nowMs += ACK_MIN * MINUTE_MS;
    again.desk.wake();
    expect(again.desk.openWarnings()[0]).toMatchObject({ level: 2, currentPostId: 'safetyManager' });
  });

  it('clears at start a restored warning whose alarm is no longer active, takes a shelving as an acknowledgement, and closes by rule an alarm taken out of service', async () => {
    const f = await fixture();
    f.read('TT-T101', 45);
    f.read('TT-T102', 45);
    await f.parts.desk.close();
    // The plant went on while the desk was down: the temperature came back (the alarm returned, unacknowledged).
    f.clock.nowMs += MINUTE_MS;
    f.read('TT-T101', 20);
    const again = await f.reopen();
    f.parts.desk = again.desk;
    const [t101, t102] = [`TT-T101:high@${MONDAY_9AM}`, `TT-T102:high@${MONDAY_9AM}`].map((id) => again.desk.openWarnings().find((w) => w.warningId === id));
    expect(t101).toMatchObject({ state: 'open', clearedAtMs: MONDAY_9AM + MINUTE_MS });
    expect(t102).toMatchObject({ state: 'open' });
    expect(t102!.clearedAtMs).toBeUndefined();
    // Shelved by hand: someone saw it and decided; the warning is acknowledged by them and climbs no further.
    f.read('TT-T103', 45);
    const t103 = again.desk.openWarnings().find((w) => w.alarmId === 'TT-T103:high')!;
    expect(f.hub.command({ action: 'shelve', alarmId: 'TT-T103:high', durationMin: 60, reason: '已知干扰' }, 'li.ming').errors).toEqual([]);
    expect(t103).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'li.ming', notes: [{ by: 'li.ming', text: '已知干扰' }] });
    f.hub.command({ action: 'removeFromService', target: 'TT-T102:high', reason: '仪表检修' }, 'zhang.wei');
    expect(t102).toMatchObject({ state: 'closed', disposition: { kind: 'maintenance', by: 'zhang.wei', auto: true, note: 'sourceOutOfService' } });
  });

  it("keeps a camera warning's rule, model and event box: a false camera alarm counts against its rule and model and becomes a re-training sample", async () => {
    const f = await fixture();
    const evidence = { eventId: 'ev-1', ruleId: 'gate-intrusion', label: 'person', source: 'safetwin' as const };
    f.hub.externalCondition({ sourceId: 'CAM-01', sourceKind: 'camera', condition: 'restrictedEntry', active: true, nowMs: f.clock.nowMs, evidence });
    const warningId = `CAM-01:restrictedEntry@${MONDAY_9AM}`;
    // The camera AI publishes its event after the alarm it raised: the box joins the warning then.
    f.bus.publish('visionEvent', { id: 'ev-1', phase: 'start', source: 'safetwin', cameraId: 'CAM-01', rule: 'intrusion', ruleId: 'gate-intrusion', label: 'person', score: 0.81, trackId: 't1', box: [100, 120, 180, 360], ground: null, startedAtMs: MONDAY_9AM, tsMs: MONDAY_9AM });
    f.step(MINUTE_MS);
    expect(value(await f.desk.disposeByUser(warningId, { disposition: 'false', note: '影子' }, boardOperator))).toMatchObject({ state: 'closed', disposition: { kind: 'false' } });
    const stats = value(await f.desk.statistics(MONDAY_9AM, f.clock.nowMs));
    expect(stats).toMatchObject({ falseAlarmRate: 1, byCameraRule: [{ key: 'gate-intrusion', false: 1, falseAlarmRate: 1 }], byModel: [{ key: 'ppe-yolo', false: 1 }] });
    await f.desk.flush();
    expect(await f.records.statsRows(MONDAY_9AM, f.clock.nowMs)).toEqual([expect.objectContaining({ cameraRuleId: 'gate-intrusion', modelId: 'ppe-yolo', disposition: 'false' })]);
    const camera = loadDemoScene().cameras.find((c) => c.id === 'CAM-01')!;
    expect(value(await f.desk.trainingRows(MONDAY_9AM, f.clock.nowMs))).toEqual([
      { warningId, alarmId: 'CAM-01:restrictedEntry', cameraId: 'CAM-01', eventId: 'ev-1', ruleId: 'gate-intrusion', modelId: 'ppe-yolo', label: 'person', score: 0.81, box: [100, 120, 180, 360], boxSpacePx: { widthPx: camera.imageWidthPx, heightPx: camera.imageHeightPx }, raisedAtMs: MONDAY_9AM, disposition: 'false', disposedBy: 'li.ming', disposedAtMs: MONDAY_9AM + MINUTE_MS },
    ]);
  });

  it('holds a bounded number of open warnings in a flood, counting the alarms it refuses', async () => {
    const f = await fixture({ maxOpen: 2 });
    for (const id of ['TT-T101', 'TT-T102', 'TT-T103', 'TT-T104']) f.read(id, 45);
    expect(f.desk.openWarnings()).toHaveLength(2);
    expect(f.desk.stats.refused).toBe(2);
    expect(f.problems.map((p) => p.code)).toContain('ST_ERR_DISPATCH_FLOOD');
  });
});

/**
 * Warning dispatch over the HTTP API and the screens' socket of a running core (embedded historian, sign-in, a real
 * Mosquitto feeding the detector): the roster's duty spreadsheet imported and exported, names and contacts by
 * role, a warning escalating on short deadlines, acknowledged from a phone by an operator, disposed, counted.
 */
describe('warning dispatch in a running core', () => {
  let broker: Mosquitto;
  let core: CoreHandle;
  let publisher: MqttClient;
  let socket: CoreSocket;
  const deadlines: WarningDeadline[][] = [];
  const changes: string[] = [];
  const users = { viewer: 'op.zhang', operator: 'li.ming', manager: 'mgr.chen', commander: 'cmd.zhou' } as const;
  const tokens: Partial<Record<keyof typeof users, string>> = {};
  /** 300 ms to acknowledge: the escalation comes within a test's patience. */
  const ACK_WITHIN_MIN = 0.005;

  beforeAll(async () => {
    broker = await Mosquitto.start();
    const dataDir = makeTempDir('warning-dispatch');
    const store = await UserStore.open(dataDir);
    const roles: Record<keyof typeof users, Role> = { viewer: 'viewer', operator: 'operator', manager: 'manager', commander: 'commander' };
    for (const [key, name] of Object.entries(users) as [keyof typeof users, string][]) {
      await store.upsertUser(name, roles[key], `${name}-pass-phrase-1`);
      tokens[key] = await store.issueToken(name, 'warning dispatch test');
    }
    const deadline = { ackWithinMin: ACK_WITHIN_MIN, resolveWithinMin: 60 };
    writeFileSync(
      path.join(dataDir, 'config.json'),
      JSON.stringify({
        alarms: { onDelayMs: { temperature: 0 }, offDelayMs: { temperature: 0 } },
        dispatch: { rosterFile: path.join(path.dirname(DEMO_SCENE_PATH), DEMO_ROSTER_FILE), deadlines: { urgent: deadline, high: deadline, medium: deadline, low: deadline } },
      }),
    );
    const resolved = resolveServeConfig({ cli: { port: 0, dataDir, mqttUrl: broker.url, simulate: false, record: false, historian: 'embedded', requireAuth: true }, env: {} });
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
    core = await startCore({ config: resolved.config, logger: createLogger('silent') });
    publisher = await connectAsync(broker.url, { clientId: 'warning-dispatch-test', reconnectPeriod: 0 });
    socket = io(core.url, { transports: ['websocket'], auth: { token: tokens.commander }, reconnection: false });
    socket.on('warning:deadlines', (list) => deadlines.push(list));
    socket.on('warning:changed', (change) => changes.push(change.warningId));
    await new Promise<void>((resolve, reject) => {
      socket.once('session:hello', () => resolve());
      socket.once('connect_error', reject);
    });
  });
  afterAll(async () => {
    socket?.disconnect();
    await publisher?.endAsync();
    await core?.close();
    await broker?.stop();
  });

  async function call<T>(method: 'GET' | 'POST' | 'PUT', pathAndQuery: string, who: keyof typeof users, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: T; text: string }> {
    const response = await fetch(new URL(pathAndQuery, core.url), {
      method,
      headers: { authorization: `Bearer ${tokens[who]}`, ...(body !== undefined && { 'content-type': contentType }) },
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, text, body: (response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined) as T };
  }
  const reading = (sensorId: string, v: number) => publisher.publishAsync(core.scene.sensors.find((s) => s.id === sensorId)!.mqttTopic, JSON.stringify({ v, ts: Date.now() }));

  it('imports the duty spreadsheet whole or not at all, and shows names and contacts only to whom they are for', async () => {
    const exported = await call<never>('GET', `${API_PATHS.dispatch}/roster/duty.csv`, 'manager');
    expect(exported.status).toBe(200);
    expect(exported.text.split(/\r?\n/)[0]).toBe('date,shift,post,person,deputies');
    const rows = exported.text.trim().split(/\r?\n/);
    // The tank farm's day shift held by p-zhao-na on a dated row; a row naming nobody known refuses the file.
    const dated = [...rows, '2026-12-24,day,tankFarmOperator,p-zhao-na,p-zhang-fang'].join('\n');
    const bad = await call<{ problem: { code: string }; errors: { line: number; message: string }[] }>('POST', `${API_PATHS.dispatch}/roster/duty.csv`, 'manager', `${dated}\n2026-12-25,day,tankFarmOperator,p-nobody,`, 'text/csv');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ line: rows.length + 2, message: expect.stringContaining('unknown person p-nobody') }]);
    const refused = await call<{ problem: { code: string } }>('POST', `${API_PATHS.dispatch}/roster/duty.csv`, 'viewer', dated, 'text/csv');
    expect([refused.status, refused.body.problem.code]).toEqual([403, 'ST_ERR_DISPATCH_FORBIDDEN']);
    const imported = await call<RosterDocument>('POST', `${API_PATHS.dispatch}/roster/duty.csv`, 'manager', dated, 'text/csv');
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ revision: 2, savedBy: 'mgr.chen' });
    expect(imported.body.assignments).toContainEqual({ date: '2026-12-24', shiftId: 'day', postId: 'tankFarmOperator', personId: 'p-zhao-na', deputyIds: ['p-zhang-fang'] });
    const stale = await call<{ problem: { code: string } }>('PUT', `${API_PATHS.dispatch}/roster`, 'manager', { revision: 1, roster: { shifts: imported.body.shifts, posts: imported.body.posts, people: imported.body.people, assignments: imported.body.assignments } });
    expect([stale.status, stale.body.problem.code]).toEqual([409, 'ST_ERR_DISPATCH_CONFLICT']);

    const person = (doc: RosterDocument) => doc.people.find((p) => p.id === 'p-lin-jing');
    expect(person((await call<RosterDocument>('GET', `${API_PATHS.dispatch}/roster`, 'viewer')).body)).toEqual({ id: 'p-lin-jing', name: '', locale: 'zh-CN' });
    expect(person((await call<RosterDocument>('GET', `${API_PATHS.dispatch}/roster`, 'operator')).body)).toEqual({ id: 'p-lin-jing', name: '林静', userName: 'op.lin', badgeId: 'BDG-1012', locale: 'zh-CN' });
    expect(person((await call<RosterDocument>('GET', `${API_PATHS.dispatch}/roster`, 'manager')).body)).toMatchObject({ email: 'lin.jing@example.com' });
    const onDuty = (await call<OnDutyView[]>('GET', `${API_PATHS.dispatch}/on-duty`, 'viewer')).body;
    expect(onDuty.find((d) => d.postId === 'safetyManager')).toEqual({ postId: 'safetyManager', shiftId: expect.any(String), personId: 'p-wu-jianguo', name: '', deputies: [{ personId: 'p-chen-ming', name: '' }] });
  });

  it('raises, escalates, acknowledges from a phone and disposes a warning, pushing its countdown to the screens', async () => {
    const from = Date.now() - 1_000;
    await reading('TT-T101', 45);
    const open = async () => (await call<WarningView[]>('GET', `${API_PATHS.warnings}?open=1`, 'viewer')).body.find((w) => w.alarmId === 'TT-T101:high');
    await waitUntil(async () => (await open())?.level === 2, 10_000, 'the warning to climb two posts');
    const warning = (await open())!;
    expect(warning).toMatchObject({ owner: { postId: 'tankFarmOperator', name: '' }, currentPostId: 'safetyManager', escalations: [{ postId: 'shiftLead', name: '' }, { postId: 'safetyManager', personId: 'p-wu-jianguo', name: '' }] });
    expect(deadlines[0]).toBeDefined();
    await waitUntil(() => deadlines.at(-1)!.some((d) => d.warningId === warning.warningId && d.level === 2), 5_000, 'the countdown on the screen');
    expect(changes).toContain(warning.warningId);

    const id = encodeURIComponent(warning.warningId);
    const acked = await call<WarningView>('POST', `${API_PATHS.warnings}/${id}/acknowledge`, 'operator', { note: '已通知现场' });
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'li.ming', notes: [{ by: 'li.ming', text: '已通知现场' }] });
    // The alarm list agrees: the alarm acknowledged by the same operator.
    const alarms = (await call<Alarm[]>('GET', API_PATHS.alarms, 'operator')).body;
    expect(alarms.find((a) => a.alarmId === 'TT-T101:high')).toMatchObject({ acknowledged: true, acknowledgedBy: 'li.ming' });

    await reading('TT-T101', 20);
    await waitUntil(async () => (await call<WarningView>('GET', `${API_PATHS.warnings}/${id}`, 'operator')).body.state === 'cleared', 5_000, 'the warning cleared');
    const notAllowed = await call<{ problem: { code: string } }>('POST', `${API_PATHS.warnings}/${id}/disposition`, 'viewer', { disposition: 'false' });
    expect([notAllowed.status, notAllowed.body.problem.code]).toEqual([403, 'ST_ERR_DISPATCH_FORBIDDEN']);
    const malformed = await call<{ problem: { code: string } }>('POST', `${API_PATHS.warnings}/${id}/disposition`, 'operator', { disposition: 'maybe' });
    expect([malformed.status, malformed.body.problem.code]).toEqual([400, 'ST_ERR_DISPATCH_INVALID']);
    const closed = await call<WarningView>('POST', `${API_PATHS.warnings}/${id}/disposition`, 'operator', { disposition: 'real' });
    expect(closed.body).toMatchObject({ state: 'closed', disposition: { kind: 'real', by: 'li.ming', auto: false } });

    const stats = await call<DispositionStats>('GET', `${API_PATHS.warnings}/stats?from=${from}&to=${Date.now()}`, 'viewer');
    expect(stats.body.byDetector.find((g) => g.key === 'TT-T101')).toMatchObject({ warnings: 1, real: 1, falseAlarmRate: 0 });
    expect(stats.body.mttaMs).toBeGreaterThan(0);
    // The re-training archive shows people: not for a viewer; an operator gets a tar (here with the labels file only: no camera warning was false).
    const samples = `${API_PATHS.warnings}/samples.tar?from=${from}&to=${Date.now()}`;
    expect((await call<never>('GET', samples, 'viewer')).status).toBe(403);
    const tar = await call<never>('GET', samples, 'operator');
    expect(tar.status).toBe(200);
    expect(tar.text).toContain('annotations.json');
    const listed = await call<WarningView[]>('GET', `${API_PATHS.warnings}?from=${from}&to=${Date.now()}`, 'viewer');
    expect(listed.body.find((w) => w.warningId === warning.warningId)).toMatchObject({ state: 'closed', acknowledgedBy: '', disposition: { by: '' } });
  });
});
