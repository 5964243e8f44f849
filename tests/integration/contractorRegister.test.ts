import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultAlarmConfig, AlarmEngine } from '../../main/alarms/index.js';
import { AUDIT_JOURNAL_FILE, AuditJournal, parseEntryLine } from '../../main/audit/index.js';
import { MessageBus, type CoreTopics } from '../../main/bus/index.js';
import type { Permit, Role, Scene, SessionUser } from '../../main/contracts/index.js';
import { ContractorRegister, ContractorWatch, type ContractorResult } from '../../main/contractors/index.js';
import { ContractorRecords, migrateHistorian, type HistorianDb } from '../../main/historian/index.js';
import { LiveHub } from '../../main/live/index.js';
import { createLogger } from '../../main/log/index.js';
import { CoreMetrics } from '../../main/metrics/index.js';
import { defaultWorkerSafetyConfig, WorkerSafetyMonitor } from '../../main/personnel/index.js';
import { PersonalData } from '../../main/privacy/index.js';
import { companyInput, DAY_MS, personInput } from '../support/contractorFixtures.js';
import { loadDemoScene } from '../support/demoScene.js';
import { historianTestEngines } from '../support/historianEngines.js';
import { MemoryActivePermits } from '../support/memoryActivePermits.js';
import { HOUR_MS, MONDAY_9AM, permitOf } from '../support/permitFixtures.js';
import { makeTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';

const person = (name: string, role: Role): SessionUser => ({ name, role, implicit: false });
/** Keeps the register (contractor:manage) but may not see names (no personnel:viewNames). */
const manager = person('chen.jing', 'manager');
/** Reads the register with names (contractor:read and personnel:viewNames). */
const operator = person('li.ming', 'operator');
const NOW = MONDAY_9AM + HOUR_MS;

function value<T>(result: ContractorResult<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.problem.code} ${result.problem.message}`);
  return result.value;
}
const code = (result: ContractorResult<unknown>) => (result.ok ? 'accepted' : [result.status, result.problem.code]);

/** Two contractors and three of their people: a welder (B-001), a helper (B-002) and a watcher (B-900). */
const turnaround = () => ({
  companies: [companyInput(), companyInput({ id: 'SHJX', name: '上海检修公司', status: 'pending' })],
  people: [
    personInput(),
    personInput({ id: 'P-0002', name: '李四', badgeId: 'B-002', certificates: [] }),
    personInput({ id: 'P-0900', name: '王伟', badgeId: 'B-900', companyId: 'SHJX' }),
  ],
});

describe.each(historianTestEngines())('the contractor register on $name', (engine) => {
  afterAll(() => engine.dispose());
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  /** A register over a fresh migrated database and a real audit journal; the clock and the permits are the test's. */
  async function fixture(permits = new MemoryActivePermits()) {
    const { open } = await engine.fresh();
    const historian = await open();
    await migrateHistorian(historian.db, historian.engine);
    const dir = makeTempDir('contractor-register');
    const journal = await AuditJournal.open(dir);
    const clock = { nowMs: NOW };
    const personalData = new PersonalData(loadDemoScene(), { journal, nowMs: () => clock.nowMs });
    const options = { records: new ContractorRecords(historian.db), journal, permits, personalData, logger: createLogger('silent'), nowMs: () => clock.nowMs };
    const register = await ContractorRegister.open(options);
    cleanups.push(async () => {
      await journal.close().catch(() => undefined);
      await historian.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    });
    const journalText = () => readFileSync(path.join(dir, AUDIT_JOURNAL_FILE), 'utf8');
    const journalEntries = () => journalText().trim().split('\n').map(parseEntryLine);
    const journalNotes = () => journalEntries().filter((e) => e!.kind === 'note');
    const namesViewed = () => journalEntries().filter((e) => e!.kind === 'personalDataViewed');
    return { historian, register, clock, permits, journalText, journalNotes, namesViewed, reopen: () => ContractorRegister.open(options) };
  }
  const rowCounts = async (historian: HistorianDb) => ({
    companies: (await historian.db.selectFrom('contractor_companies').select('id').execute()).length,
    people: (await historian.db.selectFrom('contractor_people').select('id').execute()).length,
  });

  it('imports companies and people whole, keeps them over a restart, and shows names only to roles that may see them', async () => {
    const { historian, register, journalNotes, journalText, namesViewed, reopen } = await fixture();
    expect(value(await register.import(turnaround(), manager))).toEqual({ companies: 2, people: 3 });
    expect(await rowCounts(historian)).toEqual({ companies: 2, people: 3 });

    const withNames = value(register.list(operator));
    expect(withNames.people.map((p) => [p.person.id, p.person.name, p.namesWithheld, p.revision])).toEqual([
      ['P-0001', '张三', false, 1],
      ['P-0002', '李四', false, 1],
      ['P-0900', '王伟', false, 1],
    ]);
    expect(withNames.people[0]!.person.certificates[0]!.number).toBe('T310101199001011234');
    // Where each stands, whatever the job: the watcher's company is only pending whitelisting.
    expect(withNames.people.map((p) => p.standing)).toEqual([
      { problems: [], expiry: null },
      { problems: [], expiry: null },
      { problems: [{ code: 'companyNotWhitelisted' }], expiry: null },
    ]);
    // The manager keeps the register but may not see names: names and certificate numbers (an ID number) withheld.
    const withheld = value(register.list(manager));
    expect(withheld.people.every((p) => p.namesWithheld && p.person.name === '' && p.person.certificates.every((c) => c.number === ''))).toBe(true);
    expect(withheld.people[0]!.person).toMatchObject({ id: 'P-0001', badgeId: 'B-001', companyId: 'HDAZ', briefing: { score: 92 } });
    expect(withheld.companies.map((c) => [c.company.id, c.company.status, c.company.safetyRecord.incidents])).toEqual([
      ['HDAZ', 'whitelisted', 0],
      ['SHJX', 'pending', 0],
    ]);
    expect(value(register.getPerson('P-0900', manager)).person.name).toBe('');
    // Who was shown names is journaled (PIPL), once per user per 10 minutes: the operator's read, not the manager's.
    value(register.getPerson('P-0900', operator));
    await waitUntil(() => namesViewed().length > 0, 5_000, 'the personal-data view journaled');
    expect(namesViewed().map((e) => [e!.by, e!.data])).toEqual([['li.ming', { role: 'operator', implicit: false, via: 'http', what: 'contractorNames' }]]);

    // A restart reads the same register, the badge bindings with it.
    const again = await reopen();
    expect(value(again.list(operator))).toEqual(withNames);
    expect(again.personByBadge('B-900')?.id).toBe('P-0900');

    // Journaled by code: who imported which records, never a name or a certificate number.
    expect(journalNotes().map((e) => [e!.by, e!.data])).toEqual([['chen.jing', { action: 'contractorImport', companies: ['HDAZ', 'SHJX'], people: ['P-0001', 'P-0002', 'P-0900'] }]]);
    expect(journalText()).not.toMatch(/张三|李四|王伟|T310101199001011234/);
  });

  it('refuses bad input and contradictions with coded errors, writing nothing', async () => {
    const { historian, register, journalNotes } = await fixture();
    value(await register.import(turnaround(), manager));
    const before = await rowCounts(historian);
    const refusals = [
      code(await register.savePerson(personInput({ id: 'P-0003', badgeId: 'B-003', briefing: { takenAtMs: NOW, score: 120 } }), manager, 'create')),
      code(await register.savePerson({ ...personInput({ id: 'P-0003', badgeId: 'B-003' }), idCardNo: '310101199001011234' }, manager, 'create')),
      code(await register.savePerson(personInput({ id: 'P 3', badgeId: 'B-003' }), manager, 'create')),
      code(await register.savePerson(personInput({ id: 'P-0003', badgeId: 'B-003', authorisations: [{ areaIds: ['unit1'], fromMs: NOW, toMs: NOW }] }), manager, 'create')),
      code(await register.savePerson(personInput({ id: 'P-0003', badgeId: 'B-003', companyId: 'NOBODY' }), manager, 'create')),
      code(await register.savePerson(personInput({ id: 'P-0003', badgeId: 'B-001' }), manager, 'create')),
      code(await register.savePerson(personInput({ id: 'P-0001' }), manager, 'create')),
      code(await register.savePerson(personInput({ id: 'P-0003', badgeId: 'B-003' }), manager, 'put', 'P-0004')),
      code(await register.import({ people: [personInput({ id: 'P-0003', badgeId: 'B-007' }), personInput({ id: 'P-0004', badgeId: 'B-007' })] }, manager)),
      code(await register.import({ people: [personInput({ id: 'P-0003', badgeId: 'B-003' }), personInput({ id: 'P-0003', badgeId: 'B-004' })] }, manager)),
      code(await register.import('not an import', manager)),
      code(await register.deleteCompany('HDAZ', manager)),
      code(await register.deletePerson('P-4040', manager)),
      code(await register.saveCompany(companyInput({ id: 'NEW' }), { name: 'local', role: 'manager', implicit: true }, 'create')),
    ];
    expect(refusals).toEqual([
      [400, 'ST_ERR_CONTRACTOR_INVALID'],
      [400, 'ST_ERR_CONTRACTOR_INVALID'],
      [400, 'ST_ERR_CONTRACTOR_INVALID'],
      [400, 'ST_ERR_CONTRACTOR_INVALID'],
      [409, 'ST_ERR_CONTRACTOR_CONFLICT'],
      [409, 'ST_ERR_CONTRACTOR_CONFLICT'],
      [409, 'ST_ERR_CONTRACTOR_CONFLICT'],
      [400, 'ST_ERR_CONTRACTOR_INVALID'],
      [409, 'ST_ERR_CONTRACTOR_CONFLICT'],
      [400, 'ST_ERR_CONTRACTOR_INVALID'],
      [400, 'ST_ERR_CONTRACTOR_INVALID'],
      [409, 'ST_ERR_CONTRACTOR_CONFLICT'],
      [404, 'ST_ERR_CONTRACTOR_NOT_FOUND'],
      [403, 'ST_ERR_CONTRACTOR_NAMED_USER'],
    ]);
    const score = await register.savePerson(personInput({ id: 'P-0003', badgeId: 'B-003', briefing: { takenAtMs: NOW, score: 120 } }), manager, 'create');
    expect(!score.ok && score.problem.message).toBe('briefing.score: Too big: expected number to be <=100');
    const badge = await register.savePerson(personInput({ id: 'P-0003', badgeId: 'B-001' }), manager, 'create');
    expect(!badge.ok && badge.problem.message).toBe('badge B-001 is bound to person P-0001');
    expect(await rowCounts(historian)).toEqual(before);
    expect(journalNotes()).toHaveLength(1);
    // Without a historian the register keeps nothing and says so.
    const none = await ContractorRegister.open({ records: null, journal: { append: async () => undefined } as never, permits: new MemoryActivePermits(), logger: createLogger('silent') });
    expect(code(none.list(operator))).toEqual([503, 'ST_ERR_CONTRACTOR_REGISTER_UNAVAILABLE']);
    expect(code(await none.import(turnaround(), manager))).toEqual([503, 'ST_ERR_CONTRACTOR_REGISTER_UNAVAILABLE']);
  });

  it('creates, replaces and deletes records one at a time; a badge moves between people only once released, or within one import', async () => {
    const { historian, register, journalNotes, reopen } = await fixture();
    expect(value(await register.saveCompany(companyInput(), manager, 'create'))).toMatchObject({ company: { id: 'HDAZ' }, revision: 1 });
    value(await register.savePerson(personInput(), manager, 'create'));
    const replaced = value(await register.savePerson(personInput({ briefing: { takenAtMs: NOW, score: 88 } }), operator, 'put', 'P-0001'));
    expect(replaced).toMatchObject({ revision: 2, namesWithheld: false, person: { name: '张三', briefing: { score: 88 } } });
    expect(code(await register.savePerson(personInput({ id: 'P-0002', name: '李四' }), manager, 'create'))).toEqual([409, 'ST_ERR_CONTRACTOR_CONFLICT']);
    // The badge released by the first person, then bound to the second.
    value(await register.savePerson(personInput({ badgeId: undefined }), manager, 'put', 'P-0001'));
    value(await register.savePerson(personInput({ id: 'P-0002', name: '李四' }), manager, 'create'));
    expect(register.personByBadge('B-001')?.id).toBe('P-0002');
    // Within one import a badge may move from one person to another (the store releases first).
    value(await register.import({ people: [personInput({ id: 'P-0002', name: '李四', badgeId: 'B-002' }), personInput({ badgeId: 'B-001' })] }, manager));
    expect([register.personByBadge('B-001')?.id, register.personByBadge('B-002')?.id]).toEqual(['P-0001', 'P-0002']);
    const restarted = await reopen();
    expect([restarted.personByBadge('B-001')?.id, restarted.personByBadge('B-002')?.id]).toEqual(['P-0001', 'P-0002']);
    // Deleting a person releases their badge; a company goes once it has nobody left.
    value(await register.deletePerson('P-0001', manager));
    value(await register.deletePerson('P-0002', manager));
    expect(register.personByBadge('B-001')).toBeUndefined();
    expect(value(await register.deleteCompany('HDAZ', manager))).toEqual({ id: 'HDAZ' });
    expect(await rowCounts(historian)).toEqual({ companies: 0, people: 0 });
    expect(journalNotes().map((e) => e!.data.action)).toEqual([
      'contractorCompanySaved',
      'contractorPersonSaved',
      'contractorPersonSaved',
      'contractorPersonSaved',
      'contractorPersonSaved',
      'contractorImport',
      'contractorPersonDeleted',
      'contractorPersonDeleted',
      'contractorCompanyDeleted',
    ]);
    expect(journalNotes()[2]!.data).toEqual({ action: 'contractorPersonSaved', id: 'P-0001', companyId: 'HDAZ', badgeId: 'B-001', active: true, revision: 2 });
  });

  it('answers whether a person qualifies for a role on a current permit', async () => {
    const permits = new MemoryActivePermits([{ ...permitOf('workAtHeight', { number: 'GC-1' }), state: 'inWork' }]);
    const { register, clock } = await fixture(permits);
    value(await register.import(turnaround(), manager));
    expect(value(register.qualification('P-0001', 'GC-1', 'entrant'))).toEqual({ qualified: true, problems: [] });
    expect(value(register.qualification('P-0002', 'GC-1', 'entrant'))).toEqual({ qualified: false, problems: [{ code: 'certificateMissing', certificateType: 'workAtHeight' }] });
    expect(value(register.qualification('P-0900', 'GC-1', 'watcher')).problems).toEqual([{ code: 'companyNotWhitelisted' }]);
    clock.nowMs = NOW + 90 * DAY_MS;
    expect(value(register.qualification('P-0001', 'GC-1', 'entrant')).problems).toEqual([{ code: 'certificateExpired', certificateType: 'workAtHeight' }]);
    expect(code(register.qualification('P-0001', 'NO-SUCH', 'entrant'))).toEqual([404, 'ST_ERR_CONTRACTOR_NOT_FOUND']);
  });

  it('raises the live alarms on the plant engine, located, and clears them as people move and records change', async () => {
    const scene: Scene = loadDemoScene();
    // A height job in process unit 1, in work; the welder (B-001) on it lacks the 高处作业 card at first.
    const job: Permit = { ...permitOf('workAtHeight', { number: 'GC-7', location: { kind: 'point', point: [60, 200], zoneRadiusM: 5 }, entrantBadgeIds: ['B-001'] }), state: 'inWork' };
    const permits = new MemoryActivePermits([job]);
    const { register, clock } = await fixture(permits);
    const welder = personInput({ certificates: [{ type: 'welding', number: 'T1', validUntilMs: NOW + 5 * DAY_MS }], authorisations: [{ areaIds: ['unit1'], fromMs: NOW - HOUR_MS, toMs: NOW + 8 * HOUR_MS }] });
    value(await register.import({ companies: [companyInput()], people: [welder] }, manager));
    const bus = new MessageBus<CoreTopics>();
    const alarmEngine = new AlarmEngine(scene, defaultAlarmConfig(), NOW);
    const logger = createLogger('silent');
    const hub = new LiveHub({ scene, alarms: alarmEngine, workerSafety: new WorkerSafetyMonitor(scene, defaultWorkerSafetyConfig(), NOW), bus, metrics: new CoreMetrics(), logger, staleAfterMs: () => 30_000, nowMs: () => clock.nowMs });
    const watch = new ContractorWatch({ book: register, permits, scene, hub, logger, nowMs: () => clock.nowMs, tickMs: 3_600_000, expiryEveryMs: 3_600_000 });
    cleanups.push(() => watch.stop());
    hub.worker({ badgeId: 'B-001', x: 61, y: 200, floor: 0, tsMs: NOW });
    watch.start();

    expect(alarmEngine.alarm('GC-7:unqualifiedInPermitZone')).toMatchObject({ sourceKind: 'permit', permitType: 'workAtHeight', priority: 'high', active: true, areaId: 'unit1', location: { x: 61, y: 200 }, value: 1 });
    expect(alarmEngine.alarm('P-0001:certificateExpiresWithin7Days')).toMatchObject({ sourceKind: 'person', priority: 'medium', active: true, areaId: 'unit1', location: { x: 61, y: 200 }, value: 5, unit: 'd' });
    expect(alarmEngine.alarm('B-001:contractorOutsideAuthorisation')).toBeUndefined();
    expect(value(register.getPerson('P-0001', operator)).standing.expiry).toEqual({ condition: 'certificateExpiresWithin7Days', certificateType: 'welding', daysLeft: 5 });

    // Out of the cordon into the tank farm: the permit alarm clears, the contractor is outside their area.
    clock.nowMs += 1_000;
    hub.worker({ badgeId: 'B-001', x: 250, y: 200, floor: 0, tsMs: clock.nowMs });
    watch.evaluate();
    expect(alarmEngine.alarm('GC-7:unqualifiedInPermitZone')).toMatchObject({ active: false });
    expect(alarmEngine.alarm('B-001:contractorOutsideAuthorisation')).toMatchObject({ sourceKind: 'worker', priority: 'medium', active: true, areaId: 'tankFarm', location: { x: 250, y: 200 } });

    // The card renewed and the authorisation widened: the register's change clears both at once (no tick).
    clock.nowMs += 1_000;
    const renewed = { ...welder, certificates: [{ type: 'welding', number: 'T2', validUntilMs: NOW + 400 * DAY_MS }], authorisations: [{ areaIds: ['unit1', 'tankFarm'], fromMs: NOW - HOUR_MS, toMs: NOW + 8 * HOUR_MS }] };
    value(await register.savePerson(renewed, manager, 'put', 'P-0001'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(alarmEngine.alarm('B-001:contractorOutsideAuthorisation')).toMatchObject({ active: false });
    expect(alarmEngine.alarm('P-0001:certificateExpiresWithin7Days')).toMatchObject({ active: false });
    expect(watch.counts.ruleErrors).toBe(0);
  });
});
