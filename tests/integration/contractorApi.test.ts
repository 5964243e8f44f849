import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAsync, type MqttClient } from 'mqtt';
import { UserStore } from '../../main/auth/index.js';
import { resolveServeConfig } from '../../main/config/config.js';
import { startCore, type CoreHandle } from '../../main/core/startCore.js';
import { API_PATHS, rtlsTopic, type Alarm, type ContractorListView, type PermitInput, type PersonView, type Qualification, type Role } from '../../main/contracts/index.js';
import { createLogger } from '../../main/log/index.js';
import { companyInput, personInput } from '../support/contractorFixtures.js';
import { Mosquitto } from '../support/mosquitto.js';
import { HOUR_MS, MINUTE_MS, permitInput } from '../support/permitFixtures.js';
import { makeTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';

/**
 * The contractor register against a running core (issue 17 item 3): sign-in required, real user store and API
 * tokens, the embedded historian, a real Mosquitto carrying the badges' positions. The routes' roles and codes,
 * names withheld from a role without personnel:viewNames, and the live alarms of a contractor badge as the
 * plant's RTLS reports it.
 */
describe('the contractor API and live checks of a running core', () => {
  let broker: Mosquitto;
  let core: CoreHandle;
  let publisher: MqttClient;
  const tokens: Partial<Record<'manager' | 'operator' | 'viewer', string>> = {};
  const streams: NodeJS.Timeout[] = [];

  beforeAll(async () => {
    broker = await Mosquitto.start();
    const dataDir = makeTempDir('contractor-api');
    const users = await UserStore.open(dataDir);
    const people: [keyof typeof tokens, string, Role][] = [
      ['manager', 'chen.jing', 'manager'],
      ['operator', 'li.ming', 'operator'],
      ['viewer', 'wall', 'viewer'],
    ];
    for (const [key, name, role] of people) {
      await users.upsertUser(name, role, `${name}-pass-phrase-1`);
      tokens[key] = await users.issueToken(name, 'contractor test');
    }
    // No simulator: the test's badge positions are the only ones.
    const resolved = resolveServeConfig({ cli: { port: 0, dataDir, mqttUrl: broker.url, simulate: false, record: false, historian: 'embedded', requireAuth: true }, env: {} });
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
    core = await startCore({ config: resolved.config, logger: createLogger('silent') });
    publisher = await connectAsync(broker.url, { clientId: 'contractor-api-test', reconnectPeriod: 0 });
  });
  afterAll(async () => {
    for (const stream of streams) clearInterval(stream);
    await publisher?.endAsync();
    await core?.close();
    await broker?.stop();
  });

  const request = (method: string, pathAndQuery: string, who: keyof typeof tokens | null, body?: unknown, contentType = 'application/json') =>
    fetch(new URL(pathAndQuery, core.url), {
      method,
      headers: { ...(who && { authorization: `Bearer ${tokens[who]}` }), ...(body !== undefined && { 'content-type': contentType }) },
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  const call = async <T>(method: string, pathAndQuery: string, who: keyof typeof tokens, body?: unknown): Promise<T> => {
    const response = await request(method, pathAndQuery, who, body);
    if (!response.ok) throw new Error(`${method} ${pathAndQuery}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const refusal = async (method: string, pathAndQuery: string, who: keyof typeof tokens | null, body?: unknown, contentType?: string) => {
    const response = await request(method, pathAndQuery, who, body, contentType);
    const answer = (await response.json().catch(() => ({}))) as { problem?: { code: string } };
    return [response.status, answer.problem?.code];
  };
  const base = API_PATHS.contractors;
  /** A contractor's badge, issued at the gate: in the register, not in the scene (the ingest takes it because the register knows it). */
  const BADGE = 'CB-0001';
  const alarm = async (alarmId: string) => (await call<Alarm[]>('GET', API_PATHS.alarms, 'viewer')).find((a) => a.alarmId === alarmId);
  /** Publishes a badge's position every 200 ms until the test ends (positions go stale otherwise); move by changing `at`. */
  function badge(badgeId: string, at: { x: number; y: number }): void {
    const send = () => publisher.publish(rtlsTopic(core.scene.site.id, badgeId), JSON.stringify({ x: at.x, y: at.y, floor: 0, ts: Date.now() }));
    send();
    streams.push(setInterval(send, 200));
  }

  it('takes imports and changes from contractor:manage only, reads by contractor:read, withholds names without personnel:viewNames, and refuses bad input with codes', async () => {
    const nowMs = Date.now();
    // A welder without the 高处作业 card, briefed, authorised in process unit 1 for the day.
    const welder = personInput({ badgeId: BADGE, briefing: { takenAtMs: nowMs - HOUR_MS, score: 86 }, certificates: [{ type: 'welding', number: 'T310101199001011234', validUntilMs: nowMs + 400 * 24 * HOUR_MS }], authorisations: [{ areaIds: ['unit1'], fromMs: nowMs - HOUR_MS, toMs: nowMs + 8 * HOUR_MS }] });
    expect(await refusal('POST', `${base}/import`, null, { companies: [companyInput()] })).toEqual([401, expect.any(String)]);
    expect((await refusal('POST', `${base}/import`, 'operator', { companies: [companyInput()] }))[0]).toBe(403);
    expect((await refusal('GET', base, 'viewer'))[0]).toBe(403);
    expect(await call('POST', `${base}/import`, 'manager', { companies: [companyInput()], people: [welder] })).toEqual({ companies: 1, people: 1 });

    const operatorView = await call<ContractorListView>('GET', base, 'operator');
    expect(operatorView.people.map((p) => [p.person.id, p.person.name, p.namesWithheld])).toEqual([['P-0001', '张三', false]]);
    const managerView = await call<PersonView>('GET', `${base}/people/P-0001`, 'manager');
    expect(managerView).toMatchObject({ namesWithheld: true, person: { id: 'P-0001', name: '', badgeId: BADGE } });
    expect(managerView.person.certificates.every((c) => c.number === '')).toBe(true);

    expect(await refusal('POST', `${base}/people`, 'manager', { ...personInput({ id: 'P-0002', badgeId: 'B-002' }), briefing: { takenAtMs: nowMs, score: 'high' } })).toEqual([400, 'ST_ERR_CONTRACTOR_INVALID']);
    expect(await refusal('POST', `${base}/people`, 'manager', personInput({ id: 'P-0002', badgeId: BADGE }))).toEqual([409, 'ST_ERR_CONTRACTOR_CONFLICT']);
    expect((await refusal('POST', `${base}/import`, 'manager', '{"companies": [', 'application/json'))[0]).toBe(400);
    expect(await refusal('PUT', `${base}/people/P-0009`, 'manager', personInput())).toEqual([400, 'ST_ERR_CONTRACTOR_INVALID']);
    expect(await refusal('DELETE', `${base}/companies/HDAZ`, 'manager')).toEqual([409, 'ST_ERR_CONTRACTOR_CONFLICT']);
    expect(await refusal('GET', `${base}/people/P-4040`, 'operator')).toEqual([404, 'ST_ERR_CONTRACTOR_NOT_FOUND']);
    expect(await refusal('GET', `${base}/people/bad%20code`, 'operator')).toEqual([400, 'ST_ERR_CONTRACTOR_INVALID']);
    const created = await call<{ company: { id: string }; revision: number }>('PUT', `${base}/companies/SHJX`, 'manager', companyInput({ id: 'SHJX', name: '上海检修公司', status: 'suspended' }));
    expect(created).toMatchObject({ company: { id: 'SHJX' }, revision: 1 });
    expect(await call('DELETE', `${base}/companies/SHJX`, 'manager')).toEqual({ id: 'SHJX' });
  });

  it('answers a qualification question and raises the live alarms of a contractor badge as it moves', async () => {
    const nowMs = Date.now();
    const signed = (action: string, from: string, to: string, user: string, role: Role, atMs: number, more: Record<string, unknown> = {}) => ({ action, from, to, user, role, atMs, ...more });
    // A height job in process unit 1, in work, on which the welder holds no 高处作业 card.
    const job: PermitInput = permitInput('workAtHeight', {
      number: 'GC-LIVE-1',
      location: { kind: 'point', point: [60, 200], zoneRadiusM: 5 },
      entrantBadgeIds: [BADGE],
      window: { startMs: nowMs - 30 * MINUTE_MS, endMs: nowMs + 3 * HOUR_MS },
      state: 'inWork',
      signatures: [
        signed('submit', 'draft', 'submitted', 'li.ming', 'operator', nowMs - 40 * MINUTE_MS),
        signed('approve', 'submitted', 'approved', 'zhang.wei', 'commander', nowMs - 35 * MINUTE_MS, { authority: 'baseUnit' }),
        signed('start', 'approved', 'inWork', 'li.ming', 'operator', nowMs - 20 * MINUTE_MS),
      ],
    });
    await call('POST', API_PATHS.permits, 'operator', job);
    const answer = await call<Qualification>('GET', `${base}/people/P-0001/qualification?permit=GC-LIVE-1&role=entrant`, 'operator');
    expect(answer).toEqual({ qualified: false, problems: [{ code: 'certificateMissing', certificateType: 'workAtHeight' }] });

    const at = { x: 61, y: 200 };
    badge(BADGE, at);
    await waitUntil(async () => (await alarm('GC-LIVE-1:unqualifiedInPermitZone'))?.active === true, 15_000, 'the unqualified-person alarm');
    expect(await alarm('GC-LIVE-1:unqualifiedInPermitZone')).toMatchObject({ sourceKind: 'permit', permitType: 'workAtHeight', priority: 'high', areaId: 'unit1' });
    expect((await alarm(`${BADGE}:contractorOutsideAuthorisation`))?.active ?? false).toBe(false);

    // Into the tank farm: out of the job's zone and outside the authorised area.
    Object.assign(at, { x: 250, y: 200 });
    await waitUntil(async () => (await alarm(`${BADGE}:contractorOutsideAuthorisation`))?.active === true, 15_000, 'the outside-authorisation alarm');
    expect(await alarm(`${BADGE}:contractorOutsideAuthorisation`)).toMatchObject({ sourceKind: 'worker', priority: 'medium', areaId: 'tankFarm', location: { x: 250, y: 200 } });
    await waitUntil(async () => (await alarm('GC-LIVE-1:unqualifiedInPermitZone'))?.active === false, 15_000, 'the permit alarm cleared');
  });
});
