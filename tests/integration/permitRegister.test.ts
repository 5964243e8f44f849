import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AUDIT_JOURNAL_FILE, AuditJournal, parseEntryLine } from '../../main/audit/index.js';
import { MessageBus, type CoreTopics, type ScreenMessage } from '../../main/bus/index.js';
import type { PermitChange, PermitDetail, PermitInput, Role, SessionUser } from '../../main/contracts/index.js';
import { HistorianRetentionSchema, defaultHistorianRetention, migrateHistorian, PermitRecords, type HistorianDb } from '../../main/historian/index.js';
import { HISTORIAN_MIGRATIONS, readSchemaVersion } from '../../main/historian/migrations.js';
import { applyRetention } from '../../main/historian/retention.js';
import { createLogger } from '../../main/log/index.js';
import { defaultPermitsConfig, PermitsConfigSchema } from '../../main/permits/index.js';
import { areaLocator, PermitRegister, siteCalendarOf, type RegisterResult } from '../../main/workPermits/index.js';
import { historianTestEngines } from '../support/historianEngines.js';
import { HOUR_MS, lifecycleContext, MINUTE_MS, MONDAY_9AM, permitInput } from '../support/permitFixtures.js';
import { makeTempDir } from '../support/tempDir.js';

const DAY_MS = 86_400_000;
const person = (name: string, role: Role): SessionUser => ({ name, role, implicit: false });
const applicant = person('li.ming', 'operator');
const commander = person('zhang.wei', 'commander');
const manager = person('chen.jing', 'manager');
const viewer = person('wall', 'viewer');
/** The site's areas: the fixtures' permits lie at (100, 50). */
const AREAS = [
  { id: 'tank-farm', polygon: [[0, 0], [40, 0], [40, 40], [0, 40]] as [number, number][] },
  { id: 'pipe-rack', polygon: [[80, 30], [140, 30], [140, 70], [80, 70]] as [number, number][] },
];
/** A 二级 hot-work import, 09:00–13:00 on a working Monday, with a passing gas test at 08:45. */
const hotWork = (number: string, extra: Record<string, unknown> = {}): PermitInput =>
  permitInput('hotWork', { number, gasTests: [{ takenAtMs: MONDAY_9AM - 15 * MINUTE_MS, oxygenPct: 20.9, combustibleLelPct: 0, analystName: '赵敏' }], ...extra });

function value<T>(result: RegisterResult<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.problem.code} ${result.problem.message}`);
  return result.value;
}
const code = (result: RegisterResult<unknown>) => (result.ok ? 'accepted' : [result.status, result.problem.code]);

describe.each(historianTestEngines())('the permit register on $name', (engine) => {
  afterAll(() => engine.dispose());
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  /** A register over a fresh migrated database, a real audit journal and bus; the clock is set by the test. */
  async function fixture() {
    const { open } = await engine.fresh();
    const historian = await open();
    await migrateHistorian(historian.db, historian.engine);
    const dir = makeTempDir('permit-register');
    const journal = await AuditJournal.open(dir);
    const bus = new MessageBus<CoreTopics>();
    const changes: CoreTopics['permitChanged'][] = [];
    const screens: ScreenMessage[] = [];
    bus.subscribe('permitChanged', (c) => changes.push(c));
    bus.subscribe('toScreens', (m) => screens.push(m));
    const clock = { nowMs: MONDAY_9AM - HOUR_MS };
    const records = new PermitRecords(historian.db);
    const options = { records, bus, journal, lifecycle: lifecycleContext(), areaOf: areaLocator(AREAS), logger: createLogger('silent'), nowMs: () => clock.nowMs };
    const register = await PermitRegister.open(options);
    cleanups.push(async () => {
      await journal.close().catch(() => undefined);
      await historian.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    });
    const journalEntries = () =>
      readFileSync(path.join(dir, AUDIT_JOURNAL_FILE), 'utf8')
        .trim()
        .split('\n')
        .map(parseEntryLine)
        .filter((e) => e!.kind === 'note');
    return { historian, journal, bus, changes, screens, clock, records, register, options, journalEntries, reopen: () => PermitRegister.open(options) };
  }

  const rowCounts = async (historian: HistorianDb) => ({
    permits: (await historian.db.selectFrom('permits').select('number').execute()).length,
    steps: (await historian.db.selectFrom('permit_steps').select('seq').execute()).length,
  });

  it('takes a hot-work permit from import through every step to review, storing, journaling and publishing each', async () => {
    const { historian, register, clock, changes, screens, journalEntries, reopen } = await fixture();
    const created = value(await register.create(hotWork('HW-2026-0001'), applicant, 'import'));
    expect(created).toMatchObject({ revision: 1, source: 'import', createdBy: 'li.ming', areaId: 'pipe-rack', namesWithheld: false, permit: { state: 'draft' } });

    const steps: [SessionUser, unknown, number][] = [
      [applicant, { action: 'submit' }, MONDAY_9AM - HOUR_MS],
      [commander, { action: 'approve', authority: 'baseUnit' }, MONDAY_9AM - 30 * MINUTE_MS],
      [applicant, { action: 'start' }, MONDAY_9AM + 5 * MINUTE_MS],
      [applicant, { action: 'suspend', reasonCode: 'weather', note: '阵风 6 级 / gusts force 6' }, MONDAY_9AM + HOUR_MS],
      [applicant, { action: 'resume', note: 'wind below force 5 again' }, MONDAY_9AM + HOUR_MS + 20 * MINUTE_MS],
      [applicant, { action: 'close' }, MONDAY_9AM + 3 * HOUR_MS],
      [manager, { action: 'review', note: '资料齐全' }, MONDAY_9AM + 5 * HOUR_MS],
    ];
    // Two-person rule: the applicant may not approve their own permit (nothing stored).
    clock.nowMs = MONDAY_9AM - 50 * MINUTE_MS;
    value(await register.step('HW-2026-0001', steps[0]![1], applicant));
    expect(code(await register.step('HW-2026-0001', { action: 'approve', authority: 'baseUnit' }, person('li.ming', 'admin')))).toEqual([409, 'ST_ERR_PERMIT_SAME_PERSON']);
    expect(code(await register.step('HW-2026-0001', { action: 'approve', authority: 'baseUnit' }, viewer))).toEqual([403, 'ST_ERR_PERMIT_FORBIDDEN']);
    let detail: PermitDetail | undefined;
    for (const [user, request, atMs] of steps.slice(1)) {
      clock.nowMs = atMs;
      detail = value(await register.step('HW-2026-0001', request, user));
    }
    expect(detail!.permit.state).toBe('reviewed');
    expect(detail!.revision).toBe(1 + steps.length);
    expect(detail!.trace.map((t) => [t.seq, t.step.action, t.step.from, t.step.to, t.step.user])).toEqual([
      [1, 'submit', 'draft', 'submitted', 'li.ming'],
      [2, 'approve', 'submitted', 'approved', 'zhang.wei'],
      [3, 'start', 'approved', 'inWork', 'li.ming'],
      [4, 'suspend', 'inWork', 'suspended', 'li.ming'],
      [5, 'resume', 'suspended', 'resumed', 'li.ming'],
      [6, 'close', 'resumed', 'closed', 'li.ming'],
      [7, 'review', 'closed', 'reviewed', 'chen.jing'],
    ]);
    expect(detail!.trace[3]!.step).toMatchObject({ reasonCode: 'weather', note: '阵风 6 级 / gusts force 6', atMs: MONDAY_9AM + HOUR_MS, role: 'operator' });
    // The stored trace is the permit's own signatures.
    expect(detail!.trace.map((t) => t.step)).toEqual(detail!.permit.signatures);

    // The journal: the filing and every step, with who, what and why.
    const entries = journalEntries();
    expect(entries.map((e) => [e!.by, e!.data.action, e!.data.step ?? null])).toEqual([
      ['li.ming', 'permitCreated', null],
      ...steps.map(([user, request]) => [user.name, 'permitStep', (request as { action: string }).action]),
    ]);
    expect(entries[4]!.data).toMatchObject({ number: 'HW-2026-0001', from: 'inWork', to: 'suspended', role: 'operator', reasonCode: 'weather', note: '阵风 6 级 / gusts force 6' });
    // The bus and the screens heard every change, in order.
    expect(changes.map((c) => c.change)).toEqual(['created', ...steps.map(([, r]) => (r as { action: string }).action)]);
    expect(screens.filter((m) => m.event === 'permit:changed')).toHaveLength(1 + steps.length);
    // The refused steps wrote nothing; the rows are the permit and its 7 steps.
    expect(await rowCounts(historian)).toEqual({ permits: 1, steps: 7 });
    // Reviewed: no longer among the current permits, here or after a restart.
    expect(register.current()).toEqual([]);
    expect((await reopen()).current()).toEqual([]);
  });

  it('refuses bad input with coded errors and writes nothing', async () => {
    const { historian, register, journalEntries } = await fixture();
    value(await register.create(hotWork('HW-DUP'), applicant, 'import'));
    const before = await rowCounts(historian);
    const refusals = [
      code(await register.create(hotWork('HW-DUP'), applicant, 'import')),
      code(await register.create({ ...hotWork('HW-BAD-1'), window: { startMs: MONDAY_9AM, endMs: MONDAY_9AM - 1 } }, applicant, 'import')),
      code(await register.create({ ...hotWork('HW-BAD-2'), colour: 'red' }, applicant, 'import')),
      code(await register.create('not a permit', applicant, 'import')),
      // A draft entered in SafeTwin carries no signatures; an import's signatures form one trail ending in its state.
      code(await register.create(hotWork('HW-BAD-3', { state: 'submitted', signatures: [{ action: 'submit', from: 'draft', to: 'submitted', user: 'x', role: 'operator', atMs: MONDAY_9AM - HOUR_MS }] }), applicant, 'ui')),
      code(await register.create(hotWork('HW-BAD-4', { state: 'approved', signatures: [{ action: 'submit', from: 'draft', to: 'submitted', user: 'x', role: 'operator', atMs: MONDAY_9AM - HOUR_MS }] }), applicant, 'import')),
      code(await register.create(hotWork('HW-BAD-5'), { name: 'local', role: 'operator', implicit: true }, 'import')),
      code(await register.step('HW-DUP', { action: 'fly' }, applicant)),
      code(await register.step('HW-DUP', { action: 'reject', note: '   ' }, applicant)),
      code(await register.step('NO-SUCH', { action: 'submit' }, applicant)),
      code(await register.step('HW-DUP', { action: 'start' }, applicant)),
    ];
    expect(refusals).toEqual([
      [409, 'ST_ERR_PERMIT_DUPLICATE'],
      [400, 'ST_ERR_PERMIT_INVALID'],
      [400, 'ST_ERR_PERMIT_INVALID'],
      [400, 'ST_ERR_PERMIT_INVALID'],
      [400, 'ST_ERR_PERMIT_INVALID'],
      [400, 'ST_ERR_PERMIT_INVALID'],
      [403, 'ST_ERR_PERMIT_NAMED_USER'],
      [400, 'ST_ERR_PERMIT_INVALID'],
      [400, 'ST_ERR_PERMIT_INVALID'],
      [404, 'ST_ERR_PERMIT_NOT_FOUND'],
      [409, 'ST_ERR_PERMIT_STATE'],
    ]);
    const window = await register.create({ ...hotWork('HW-BAD-1'), window: { startMs: MONDAY_9AM, endMs: MONDAY_9AM - 1 } }, applicant, 'import');
    expect(!window.ok && window.problem.message).toBe('window.endMs: the window must end after it starts');
    const trail = await register.create(hotWork('HW-BAD-4', { state: 'approved', signatures: [{ action: 'submit', from: 'draft', to: 'submitted', user: 'x', role: 'operator', atMs: MONDAY_9AM - HOUR_MS }] }), applicant, 'import');
    expect(!trail.ok && trail.problem.message).toBe('state: the signatures end in submitted, not approved');
    expect(await rowCounts(historian)).toEqual(before);
    expect(journalEntries()).toHaveLength(1);
  });

  it('files an import with its signatures as its trace, lists by state, type, area and time, and keeps it over a restart', async () => {
    const { historian, register, reopen } = await fixture();
    const signatures = [
      { action: 'submit', from: 'draft', to: 'submitted', user: 'sun.li', role: 'operator', atMs: MONDAY_9AM - 2 * HOUR_MS },
      { action: 'approve', from: 'submitted', to: 'approved', user: 'zhou.qiang', role: 'commander', atMs: MONDAY_9AM - HOUR_MS, authority: 'baseUnit' },
    ];
    value(await register.create(hotWork('HW-IMPORTED', { state: 'approved', signatures }), applicant, 'import'));
    value(await register.create(permitInput('confinedSpace', { number: 'CS-1', location: { kind: 'polygon', polygon: [[10, 10], [20, 10], [20, 20], [10, 20]] }, window: { startMs: MONDAY_9AM + DAY_MS, endMs: MONDAY_9AM + DAY_MS + HOUR_MS } }), applicant, 'ui'));
    const detail = value(await register.get('HW-IMPORTED', manager));
    expect(detail.trace.map((t) => [t.seq, t.step.user])).toEqual([[1, 'sun.li'], [2, 'zhou.qiang']]);
    const numbers = async (query: Parameters<PermitRegister['list']>[0]) => value(await register.list(query, manager)).map((v) => v.permit.number);
    expect(await numbers({})).toEqual(['CS-1', 'HW-IMPORTED']);
    expect(await numbers({ states: ['approved'] })).toEqual(['HW-IMPORTED']);
    expect(await numbers({ types: ['confinedSpace'] })).toEqual(['CS-1']);
    expect(await numbers({ areaIds: ['tank-farm'] })).toEqual(['CS-1']);
    expect(await numbers({ fromMs: MONDAY_9AM + 4 * HOUR_MS })).toEqual(['CS-1']);
    expect(await numbers({ toMs: MONDAY_9AM + 4 * HOUR_MS })).toEqual(['HW-IMPORTED']);
    expect(await numbers({ limit: 1 })).toEqual(['CS-1']);
    // A new register over the same database (a restart) knows both unfinished permits.
    expect((await reopen()).current().map((p) => p.number).sort()).toEqual(['CS-1', 'HW-IMPORTED']);
    expect(await rowCounts(historian)).toEqual({ permits: 2, steps: 2 });
  });

  it('shows names only to roles that may see them, on reads and to the screens', async () => {
    const { register, screens } = await fixture();
    value(await register.create(permitInput('lifting', { number: 'LF-1', isolationMeasures: [{ kind: 'cover', description: 'cordon', confirmedBy: '钱七' }], gasTests: [{ takenAtMs: MONDAY_9AM, oxygenPct: 20.9, analystName: '赵敏' }] }), applicant, 'import'));
    const named = value(await register.get('LF-1', applicant));
    const anonymous = value(await register.get('LF-1', viewer));
    expect(named.namesWithheld).toBe(false);
    expect(named.permit).toMatchObject({ watcher: { name: '王伟' }, signallerName: '李强', gasTests: [{ analystName: '赵敏' }], isolationMeasures: [{ confirmedBy: '钱七' }] });
    expect(anonymous.namesWithheld).toBe(true);
    expect(anonymous.permit).toMatchObject({ watcher: { badgeId: 'B-900', name: '' }, signallerName: '', gasTests: [{ analystName: '' }], isolationMeasures: [{ confirmedBy: '' }] });
    expect(JSON.stringify(anonymous)).not.toMatch(/王伟|李强|赵敏|钱七/);
    expect(JSON.stringify(value(await register.list({}, viewer)))).not.toMatch(/王伟|李强|赵敏|钱七/);
    const message = screens.find((m) => m.event === 'permit:changed')!;
    expect(JSON.stringify(message.anonymous)).not.toMatch(/王伟|李强|赵敏|钱七/);
    expect(JSON.stringify(message.payload)).toMatch(/王伟/);
  });

  it('suspends a permit in work for a live rule, signed by system; one not in work is left alone', async () => {
    const { register, clock, journalEntries, changes } = await fixture();
    value(await register.create(hotWork('HW-RULE'), applicant, 'import'));
    const listened: number[] = [];
    register.onChange(() => listened.push(register.current().length));
    expect(await register.suspendByRule('HW-RULE', 'combustibleGasNearby', MONDAY_9AM)).toBe(false);
    value(await register.step('HW-RULE', { action: 'submit' }, applicant));
    value(await register.step('HW-RULE', { action: 'approve', authority: 'baseUnit' }, commander));
    clock.nowMs = MONDAY_9AM + MINUTE_MS;
    value(await register.step('HW-RULE', { action: 'start' }, applicant));
    expect(await register.suspendByRule('HW-RULE', 'combustibleGasNearby', MONDAY_9AM + 2 * MINUTE_MS)).toBe(true);
    expect(await register.suspendByRule('HW-RULE', 'combustibleGasNearby', MONDAY_9AM + 3 * MINUTE_MS)).toBe(false);
    expect(await register.suspendByRule('NO-SUCH', 'combustibleGasNearby', MONDAY_9AM)).toBe(false);
    const detail = value(await register.get('HW-RULE', manager));
    expect(detail.trace.at(-1)!.step).toEqual({ action: 'suspend', from: 'inWork', to: 'suspended', user: 'system', role: 'system', atMs: MONDAY_9AM + 2 * MINUTE_MS, reasonCode: 'combustibleGasNearby' });
    expect(journalEntries().at(-1)).toMatchObject({ by: 'system', data: { action: 'permitStep', number: 'HW-RULE', step: 'suspend', reasonCode: 'combustibleGasNearby' } });
    expect(changes.at(-1)).toMatchObject({ change: 'suspend', by: 'system', permit: { state: 'suspended' } });
    expect(register.current().map((p) => p.state)).toEqual(['suspended']);
    expect(listened).toEqual([1, 1, 1, 1]);
    // After a suspension for gas, resuming needs a new passing gas test (GB 30871-2022 §6.5, main/permits).
    clock.nowMs = MONDAY_9AM + 10 * MINUTE_MS;
    expect(code(await register.step('HW-RULE', { action: 'resume', note: 'detector back to zero' }, applicant))).toEqual([409, 'ST_ERR_PERMIT_GAS_TEST_REQUIRED']);
  });

  it('adds a gas test to a permit in work: stored, journaled with its readings, published; then the work may resume', async () => {
    const { historian, register, clock, journalEntries, changes, screens } = await fixture();
    value(await register.create(hotWork('HW-GAS'), applicant, 'import'));
    value(await register.step('HW-GAS', { action: 'submit' }, applicant));
    value(await register.step('HW-GAS', { action: 'approve', authority: 'baseUnit' }, commander));
    clock.nowMs = MONDAY_9AM + MINUTE_MS;
    value(await register.step('HW-GAS', { action: 'start' }, applicant));
    await register.suspendByRule('HW-GAS', 'combustibleGasNearby', MONDAY_9AM + 2 * MINUTE_MS);
    clock.nowMs = MONDAY_9AM + 20 * MINUTE_MS;
    const test = { takenAtMs: MONDAY_9AM + 18 * MINUTE_MS, oxygenPct: 20.8, combustibleLelPct: 0, samplePoint: '动火点下风 1 m', analystName: '赵敏' };
    // Refused, nothing written: a malformed test, a role without permit:operate, no such permit.
    const before = await rowCounts(historian);
    expect(code(await register.gasTest('HW-GAS', { ...test, oxygenPct: 140 }, applicant))).toEqual([400, 'ST_ERR_PERMIT_INVALID']);
    expect(code(await register.gasTest('HW-GAS', { takenAtMs: MONDAY_9AM, analystName: '赵敏' }, applicant))).toEqual([400, 'ST_ERR_PERMIT_INVALID']);
    expect(code(await register.gasTest('HW-GAS', test, manager))).toEqual([403, 'ST_ERR_PERMIT_FORBIDDEN']);
    expect(code(await register.gasTest('NO-SUCH', test, applicant))).toEqual([404, 'ST_ERR_PERMIT_NOT_FOUND']);
    expect(value(await register.get('HW-GAS', manager)).permit.gasTests).toHaveLength(1);

    const detail = value(await register.gasTest('HW-GAS', test, applicant));
    expect(detail.permit.gasTests.at(-1)).toEqual({ ...test, toxic: [] });
    expect(await rowCounts(historian)).toEqual(before);
    expect(journalEntries().at(-1)).toMatchObject({ by: 'li.ming', data: { action: 'permitGasTest', number: 'HW-GAS', takenAtMs: test.takenAtMs, oxygenPct: 20.8, combustibleLelPct: 0, analystName: '赵敏' } });
    expect(changes.at(-1)).toMatchObject({ change: 'gasTest', by: 'li.ming' });
    // A role that may not see names gets the test without the analyst's name.
    expect((screens.at(-1)!.anonymous as PermitChange).record.permit.gasTests.at(-1)!.analystName).toBe('');
    expect(register.current().find((p) => p.number === 'HW-GAS')!.gasTests).toHaveLength(2);
    value(await register.step('HW-GAS', { action: 'resume', note: '复测合格' }, applicant));
  });

  it('stores a step only over the revision it was taken on (another writer in between: nothing written)', async () => {
    const { register, records, historian } = await fixture();
    value(await register.create(hotWork('HW-REV'), applicant, 'import'));
    const stored = (await records.get('HW-REV'))!;
    const step = { action: 'submit' as const, from: 'draft' as const, to: 'submitted' as const, user: 'li.ming', role: 'operator' as const, atMs: MONDAY_9AM };
    const submitted = { ...stored.permit, state: 'submitted' as const, signatures: [step] };
    expect(await records.appendStep(submitted, step, stored.revision, MONDAY_9AM)).toBe(true);
    expect(await records.appendStep(submitted, step, stored.revision, MONDAY_9AM)).toBe(false);
    expect(await rowCounts(historian)).toEqual({ permits: 1, steps: 1 });
  });

  it('keeps permits at least 6 years: retention deletes a permit with its whole trace only after its class period', async () => {
    const { historian, register, clock } = await fixture();
    value(await register.create(hotWork('HW-OLD'), applicant, 'import'));
    value(await register.step('HW-OLD', { action: 'submit' }, applicant));
    clock.nowMs = MONDAY_9AM + 400 * DAY_MS;
    value(await register.create(hotWork('HW-NEW', { window: { startMs: clock.nowMs, endMs: clock.nowMs + HOUR_MS } }), applicant, 'import'));
    const periods = defaultHistorianRetention();
    const sixYears = periods.permitRecordsDays * DAY_MS;
    // The day before HW-OLD's last change turns 6 years old nothing goes; the day after it goes whole.
    const lastChangeMs = MONDAY_9AM - HOUR_MS;
    const kept = await applyRetention(historian.db, periods, lastChangeMs + sixYears - DAY_MS);
    expect(kept.filter((o) => o.dataClass === 'permitRecordsDays').map((o) => o.deletedRows)).toEqual([0, 0]);
    const gone = await applyRetention(historian.db, periods, lastChangeMs + sixYears + DAY_MS);
    expect(gone.filter((o) => o.dataClass === 'permitRecordsDays').map((o) => [o.table, o.deletedRows])).toEqual([
      ['permits', 1],
      ['permit_steps', 1],
    ]);
    expect(await historian.db.selectFrom('permits').select('number').execute()).toEqual([{ number: 'HW-NEW' }]);
    expect(await rowCounts(historian)).toEqual({ permits: 1, steps: 0 });
  });

  it('upgrades a database of the previous schema in place, its rows kept', async () => {
    const { open } = await engine.fresh();
    const historian = await open();
    try {
      const previous = HISTORIAN_MIGRATIONS.filter((m) => m.version < 4);
      await migrateHistorian(historian.db, historian.engine, previous);
      await historian.db.insertInto('markers').values({ at_ms: 5, kind: 'drill', phase: 'start', marker_id: 'd1', label: 'Drill', by_user: 'op1' }).execute();
      expect(await migrateHistorian(historian.db, historian.engine)).toEqual({ fromVersion: 3, toVersion: HISTORIAN_MIGRATIONS.at(-1)!.version });
      expect(await readSchemaVersion(historian.db)).toBe(HISTORIAN_MIGRATIONS.at(-1)!.version);
      expect(await historian.db.selectFrom('markers').select('marker_id').execute()).toEqual([{ marker_id: 'd1' }]);
      expect(await new PermitRecords(historian.db).list({ limit: 10 })).toEqual([]);
    } finally {
      await historian.close();
    }
  });
});

describe('the permit register without a historian', () => {
  it('answers every request with ST_ERR_PERMIT_REGISTER_UNAVAILABLE (503) and has no current permits', async () => {
    const bus = new MessageBus<CoreTopics>();
    const register = await PermitRegister.open({ records: null, bus, journal: { append: async () => undefined }, lifecycle: lifecycleContext(), areaOf: () => null, logger: createLogger('silent') });
    const answers = [await register.create(hotWork('HW-1'), applicant, 'import'), await register.list({}, applicant), await register.get('HW-1', applicant), await register.step('HW-1', { action: 'submit' }, applicant)];
    expect(answers.map(code)).toEqual(answers.map(() => [503, 'ST_ERR_PERMIT_REGISTER_UNAVAILABLE']));
    expect(register.current()).toEqual([]);
    expect(await register.suspendByRule('HW-1', 'combustibleGasNearby', MONDAY_9AM)).toBe(false);
  });
});

describe('permit configuration', () => {
  it('keeps permits at least 6 years (2,196 days) and refuses a shorter period', () => {
    expect(defaultHistorianRetention().permitRecordsDays).toBe(2196);
    expect(HistorianRetentionSchema.safeParse({ permitRecordsDays: 2195 }).success).toBe(false);
    expect(HistorianRetentionSchema.parse({ permitRecordsDays: 3660 }).permitRecordsDays).toBe(3660);
  });

  it('makes Saturdays, Sundays and the listed holidays rest days, except the listed working weekend days (调休)', () => {
    // 2026-10-01 (Thu) National Day; 2026-10-10 (Sat) a working day in exchange.
    const calendar = siteCalendarOf(PermitsConfigSchema.parse({ holidays: ['2026-10-01'], workingWeekendDays: ['2026-10-10'] }));
    expect(['2026-09-30', '2026-10-01', '2026-10-03', '2026-10-04', '2026-10-10', '2026-10-11'].map((d) => calendar.isRestDay(d))).toEqual([false, true, true, true, false, true]);
    expect(siteCalendarOf(defaultPermitsConfig()).isRestDay('2026-12-07')).toBe(false);
    expect(PermitsConfigSchema.safeParse({ holidays: ['2026-13-01'] }).success).toBe(false);
  });
});
