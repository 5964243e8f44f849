import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserStore } from '../../main/auth/index.js';
import { resolveServeConfig } from '../../main/config/config.js';
import { startCore, type CoreHandle } from '../../main/core/startCore.js';
import { API_PATHS, type PermitDetail, type PermitRecordView, type Role } from '../../main/contracts/index.js';
import { createLogger } from '../../main/log/index.js';
import { AUDIT_JOURNAL_FILE, parseEntryLine } from '../../main/audit/index.js';
import { auditDirOf, verifyAuditJournal } from '../../main/recording/index.js';
import { PERMIT_BODY_LIMIT_BYTES } from '../../main/workPermits/index.js';
import { MINUTE_MS, HOUR_MS, permitInput } from '../support/permitFixtures.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * The permit write API of a real core (issue 17: "imported through a write API, token-authenticated";
 * "bad input on the write API: clear coded errors, nothing half-written"): a running `startCore` with the
 * embedded historian, sign-in required, users and API tokens from the real user store.
 */
describe('the permit API of a running core (POST /api/permits, token-authenticated)', () => {
  let core: CoreHandle;
  let dataDir: string;
  const tokens: Partial<Record<'operator' | 'commander' | 'viewer', string>> = {};

  beforeAll(async () => {
    dataDir = makeTempDir('permit-api');
    const users = await UserStore.open(dataDir);
    const people: [keyof typeof tokens, string, Role][] = [
      ['operator', 'li.ming', 'operator'],
      ['commander', 'zhang.wei', 'commander'],
      ['viewer', 'wall', 'viewer'],
    ];
    for (const [key, name, role] of people) {
      await users.upsertUser(name, role, `${name}-pass-phrase-1`);
      tokens[key] = await users.issueToken(name, 'permit system');
    }
    const resolved = resolveServeConfig({ cli: { port: 0, dataDir, simulate: true, brokerPort: 0, record: false, historian: 'embedded', requireAuth: true }, env: {} });
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
    core = await startCore({ config: resolved.config, logger: createLogger('silent') });
  });
  afterAll(() => core?.close());

  const call = (method: 'GET' | 'POST', pathAndQuery: string, who?: keyof typeof tokens, body?: string) =>
    fetch(new URL(pathAndQuery, core.url), {
      method,
      headers: { ...(who && { authorization: `Bearer ${tokens[who]}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body }),
    });
  const problemOf = async (response: Response) => [response.status, ((await response.json()) as { problem: { code: string } }).problem.code];
  const listed = async () => (await (await call('GET', API_PATHS.permits, 'viewer')).json()) as PermitRecordView[];

  /** A 二级 hot-work import whose window is open now, with a passing gas test 5 minutes old. */
  const nowHotWork = (number: string) => {
    const nowMs = Date.now();
    return permitInput('hotWork', {
      number,
      window: { startMs: nowMs - 10 * MINUTE_MS, endMs: nowMs + 3 * HOUR_MS },
      gasTests: [{ takenAtMs: nowMs - 5 * MINUTE_MS, oxygenPct: 20.9, combustibleLelPct: 0, analystName: '赵敏' }],
    });
  };

  it('refuses bad input with coded errors and writes nothing', async () => {
    const good = JSON.stringify(nowHotWork('HW-API-BAD'));
    // Not signed in; a role that may not file permits.
    expect((await call('POST', API_PATHS.permits, undefined, good)).status).toBe(401);
    expect(await problemOf(await call('POST', API_PATHS.permits, 'viewer', good))).toEqual([403, 'ST_ERR_AUTH_FORBIDDEN']);
    // Not JSON; a body over the limit (refused before it is parsed).
    expect((await call('POST', API_PATHS.permits, 'operator', '{"number": "HW-')).status).toBe(400);
    const huge = JSON.stringify({ ...nowHotWork('HW-API-HUGE'), description: 'x'.repeat(PERMIT_BODY_LIMIT_BYTES) });
    expect([400, 413]).toContain((await call('POST', API_PATHS.permits, 'operator', huge)).status);
    // Fields the schema refuses, named in the message.
    const badGrade = await call('POST', API_PATHS.permits, 'operator', JSON.stringify({ ...nowHotWork('HW-API-GRADE'), grade: 'fifth' }));
    expect(badGrade.status).toBe(400);
    expect(((await badGrade.json()) as { problem: { code: string; message: string } }).problem).toMatchObject({ code: 'ST_ERR_PERMIT_INVALID', message: expect.stringContaining('grade') });
    // An import whose signatures do not form one trail from the draft.
    const brokenTrail = { ...nowHotWork('HW-API-TRAIL'), state: 'approved', signatures: [{ action: 'approve', from: 'submitted', to: 'approved', user: 'zhang.wei', role: 'commander', atMs: Date.now() - HOUR_MS, authority: 'baseUnit' }] };
    expect(await problemOf(await call('POST', API_PATHS.permits, 'operator', JSON.stringify(brokenTrail)))).toEqual([400, 'ST_ERR_PERMIT_INVALID']);
    // A draft entered in SafeTwin comes without signatures.
    expect(await problemOf(await call('POST', `${API_PATHS.permits}?source=ui`, 'operator', JSON.stringify(brokenTrail)))).toEqual([400, 'ST_ERR_PERMIT_INVALID']);
    expect(await problemOf(await call('POST', `${API_PATHS.permits}?source=paper`, 'operator', good))).toEqual([400, 'ST_ERR_PERMIT_INVALID']);
    // Bad filters and numbers on the reads.
    expect(await problemOf(await call('GET', `${API_PATHS.permits}?state=burning`, 'viewer'))).toEqual([400, 'ST_ERR_PERMIT_INVALID']);
    expect(await problemOf(await call('GET', `${API_PATHS.permits}?from=yesterday`, 'viewer'))).toEqual([400, 'ST_ERR_PERMIT_INVALID']);
    expect(await problemOf(await call('GET', `${API_PATHS.permits}/NO-SUCH`, 'viewer'))).toEqual([404, 'ST_ERR_PERMIT_NOT_FOUND']);
    expect(await listed()).toEqual([]);
  });

  it('files an import, refuses its number twice, and takes it through the lifecycle and a gas test over HTTP, each step journaled', async () => {
    const body = JSON.stringify(nowHotWork('HW-API-0001'));
    const created = await call('POST', API_PATHS.permits, 'operator', body);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ revision: 1, source: 'import', createdBy: 'li.ming', permit: { number: 'HW-API-0001', state: 'draft' } });
    expect(await problemOf(await call('POST', API_PATHS.permits, 'operator', body))).toEqual([409, 'ST_ERR_PERMIT_DUPLICATE']);

    const step = (who: keyof typeof tokens, request: unknown) => call('POST', `${API_PATHS.permits}/HW-API-0001/steps`, who, JSON.stringify(request));
    expect((await step('operator', { action: 'submit' })).status).toBe(200);
    // Two persons: the applicant may not approve; an unknown action is refused by the schema.
    expect(await problemOf(await step('operator', { action: 'approve', authority: 'plantLeadership' }))).toEqual([403, 'ST_ERR_PERMIT_FORBIDDEN']);
    expect(await problemOf(await step('commander', { action: 'ignite' }))).toEqual([400, 'ST_ERR_PERMIT_INVALID']);
    // Plant leadership satisfies any hot-work grade, whatever the night or holiday upgrade at the hour this runs.
    expect((await step('commander', { action: 'approve', authority: 'plantLeadership' })).status).toBe(200);
    expect((await step('operator', { action: 'start' })).status).toBe(200);
    expect((await step('operator', { action: 'suspend', reasonCode: 'weather', note: '阵风 6 级' })).status).toBe(200);
    // A gas test: a viewer may not add one; the operator does.
    const test = { takenAtMs: Date.now(), oxygenPct: 20.8, combustibleLelPct: 0, analystName: '赵敏' };
    expect(await problemOf(await call('POST', `${API_PATHS.permits}/HW-API-0001/gas-tests`, 'viewer', JSON.stringify(test)))).toEqual([403, 'ST_ERR_AUTH_FORBIDDEN']);
    expect((await call('POST', `${API_PATHS.permits}/HW-API-0001/gas-tests`, 'operator', JSON.stringify(test))).status).toBe(201);
    expect((await step('operator', { action: 'resume', note: '风力减弱，复测合格' })).status).toBe(200);
    const closed = (await (await step('operator', { action: 'close' })).json()) as PermitDetail;
    expect(closed.trace.map((t) => `${t.step.action}:${t.step.user}`)).toEqual(['submit:li.ming', 'approve:zhang.wei', 'start:li.ming', 'suspend:li.ming', 'resume:li.ming', 'close:li.ming']);
    expect(closed.permit.gasTests).toHaveLength(2);

    // The wall's viewer reads it without names.
    const forViewer = (await (await call('GET', `${API_PATHS.permits}/HW-API-0001`, 'viewer')).json()) as PermitDetail;
    expect(forViewer).toMatchObject({ namesWithheld: true, permit: { watcher: { name: '' } } });
    expect(forViewer.permit.gasTests.every((t) => t.analystName === '')).toBe(true);
    expect((await listed()).map((p) => [p.permit.number, p.permit.state])).toEqual([['HW-API-0001', 'closed']]);
    expect(await (await call('GET', `${API_PATHS.permits}?state=inWork,suspended`, 'viewer')).json()).toEqual([]);

    // The journal holds the filing, every step and the gas test, and its chain verifies.
    const journalFile = path.join(auditDirOf(dataDir), AUDIT_JOURNAL_FILE);
    const permitEntries = readFileSync(journalFile, 'utf8')
      .trim()
      .split('\n')
      .map(parseEntryLine)
      .filter((e) => e !== null && e.data.number === 'HW-API-0001')
      .map((e) => `${String(e!.data.action)}:${String(e!.data.step ?? '')}:${e!.by}`);
    expect(permitEntries).toEqual([
      'permitCreated::li.ming',
      'permitStep:submit:li.ming',
      'permitStep:approve:zhang.wei',
      'permitStep:start:li.ming',
      'permitStep:suspend:li.ming',
      'permitGasTest::li.ming',
      'permitStep:resume:li.ming',
      'permitStep:close:li.ming',
    ]);
    const report = await verifyAuditJournal(journalFile);
    expect(report).toMatchObject({ ok: true, problems: [] });
  });
});
