import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAsync, type MqttClient } from 'mqtt';
import { io } from 'socket.io-client';
import { UserStore } from '../../main/auth/index.js';
import { resolveServeConfig } from '../../main/config/config.js';
import { startCore, type CoreHandle } from '../../main/core/startCore.js';
import { API_PATHS, type AreaRiskGrade, type HazardChange, type HazardMonthlyAnalysis, type HazardTicketDetail, type HazardTicketView, type RiskPointEntryInput, type RiskPointView, type Role } from '../../main/contracts/index.js';
import { createLogger } from '../../main/log/index.js';
import { Mosquitto } from '../support/mosquitto.js';
import type { CoreSocket } from '../support/socketRequest.js';
import { makeTempDir } from '../support/tempDir.js';
import { SHARED_MEDIA } from '../support/visionFixtures.js';
import { waitUntil } from '../support/waitUntil.js';

/**
 * Double prevention through a real core (issue 18 tests: "a detector put out of service re-grades its area's
 * risk and shows the reason"), and the hidden-danger loop over the HTTP API: a real Mosquitto feeding the
 * area's detectors, a core with the embedded historian and sign-in, the screens' socket for `risk:areas` and
 * `hazard:changed`, a real JPEG from the site media as the photos.
 */
describe('double prevention in a running core', () => {
  let broker: Mosquitto;
  let core: CoreHandle;
  let publisher: MqttClient;
  let socket: CoreSocket;
  const tokens: Partial<Record<'operator' | 'commander' | 'viewer', string>> = {};
  const riskMaps: AreaRiskGrade[][] = [];
  const hazardChanges: HazardChange[] = [];
  const streams = new Map<string, NodeJS.Timeout>();
  const photo = readFileSync(path.join(SHARED_MEDIA, 'shwd_2_mixed_helmet_no_helmet.jpg'));

  beforeAll(async () => {
    broker = await Mosquitto.start();
    const dataDir = makeTempDir('double-prevention');
    const users = await UserStore.open(dataDir);
    const people: [keyof typeof tokens, string, Role][] = [
      ['operator', 'li.ming', 'operator'],
      ['commander', 'zhang.wei', 'commander'],
      ['viewer', 'wang.fang', 'viewer'],
    ];
    for (const [key, name, role] of people) {
      await users.upsertUser(name, role, `${name}-pass-phrase-1`);
      tokens[key] = await users.issueToken(name, 'double prevention test');
    }
    const resolved = resolveServeConfig({ cli: { port: 0, dataDir, mqttUrl: broker.url, simulate: false, record: false, historian: 'embedded', requireAuth: true }, env: {} });
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
    core = await startCore({ config: resolved.config, logger: createLogger('silent') });
    publisher = await connectAsync(broker.url, { clientId: 'double-prevention-test', reconnectPeriod: 0 });
    socket = io(core.url, { transports: ['websocket'], auth: { token: tokens.commander }, reconnection: false });
    socket.on('risk:areas', (areas) => riskMaps.push(areas));
    socket.on('hazard:changed', (change) => hazardChanges.push(change));
    await new Promise<void>((resolve, reject) => {
      socket.once('session:hello', () => resolve());
      socket.once('connect_error', reject);
    });
  });
  afterAll(async () => {
    for (const stream of streams.values()) clearInterval(stream);
    socket?.disconnect();
    await publisher?.endAsync();
    await core?.close();
    await broker?.stop();
  });

  async function call<T>(method: 'GET' | 'POST' | 'PUT', pathAndQuery: string, who: keyof typeof tokens, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: T }> {
    const response = await fetch(new URL(pathAndQuery, core.url), {
      method,
      headers: { authorization: `Bearer ${tokens[who]}`, ...(body !== undefined && { 'content-type': contentType }) },
      ...(body !== undefined && { body: body instanceof Uint8Array ? Buffer.from(body) : JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  }
  const ok = async <T,>(pending: Promise<{ status: number; body: T }>): Promise<T> => {
    const answer = await pending;
    if (answer.status >= 300) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };

  /** A detector reporting a clean reading every 200 ms, as its gateway would. */
  function feed(sensorId: string): void {
    const sensor = core.scene.sensors.find((s) => s.id === sensorId)!;
    const publish = () => publisher.publish(sensor.mqttTopic, JSON.stringify({ v: 0, ts: Date.now() }));
    publish();
    streams.set(sensorId, setInterval(publish, 200));
  }
  const areaGrade = (areaId: string) => riskMaps.at(-1)?.find((a) => a.areaId === areaId);

  it('raises an area one grade while a gas detector of it is out of service or silent, and says which and why', async () => {
    const detector = core.scene.sensors.find((s) => s.id === 'GD-T101-C1')!;
    const areaId = detector.areaId!;
    const areaDetectors = core.scene.sensors.filter((s) => s.kind === 'gas' && s.areaId === areaId);
    for (const d of areaDetectors) feed(d.id);
    // LEC: L 3 (possible, not often) × E 6 (daily exposure) × C 7 (serious injury) = 126, 一般 (70–160).
    const point: RiskPointEntryInput = {
      id: 'RP-TANKS-1',
      name: '苯储罐区',
      areaId,
      hazards: [{ accident: 'poisoningAsphyxiation', description: '苯泄漏中毒' }],
      controls: [{ kind: 'engineering', description: '可燃/有毒气体检测报警', sensorIds: [detector.id] }],
      responsible: { name: 'zhang.wei', level: 'workshop' },
      assessment: { method: 'lec', likelihood: 3, exposure: 6, consequence: 7 },
      assessedAtMs: Date.now() - 86_400_000,
      assessedBy: 'zhang.wei',
    };
    expect((await call('PUT', `${API_PATHS.riskPoints}/RP-TANKS-1`, 'viewer', point)).status).toBe(403);
    const saved = await ok(call<RiskPointView>('PUT', `${API_PATHS.riskPoints}/RP-TANKS-1`, 'commander', point));
    expect(saved).toMatchObject({ assessed: 'general', score: 126 });
    // Once the feeds have come through (a slow start may have left the detectors in comm loss for a moment): 一般, no cause.
    await waitUntil(() => areaGrade(areaId)?.grade === 'general' && areaGrade(areaId)?.causes.length === 0, 15_000);

    const removed = await socket.emitWithAck('player:command', { action: 'alarm', command: { action: 'removeFromService', target: detector.id, reason: '标定' } });
    expect(removed).toMatchObject({ ok: true });
    await waitUntil(() => areaGrade(areaId)?.grade === 'large', 10_000);
    expect(areaGrade(areaId)).toMatchObject({ assessed: 'general', causes: [{ kind: 'detectorOutOfService', sensorId: detector.id, areaId }], riskPointIds: ['RP-TANKS-1'] });
    const [listed] = (await ok(call<RiskPointView[]>('GET', API_PATHS.riskPoints, 'viewer'))).filter((p) => p.point.id === 'RP-TANKS-1');
    expect(listed).toMatchObject({ grade: 'large', assessed: 'general', causes: [{ kind: 'detectorOutOfService', sensorId: detector.id }] });

    expect(await socket.emitWithAck('player:command', { action: 'alarm', command: { action: 'returnToService', target: detector.id, reason: '标定完成' } })).toMatchObject({ ok: true });
    await waitUntil(() => areaGrade(areaId)?.grade === 'general', 10_000);

    // Its gateway falls silent: after the gas detectors' 10 s comm-loss timeout the area is raised again, for that reason.
    clearInterval(streams.get(detector.id));
    await waitUntil(() => areaGrade(areaId)?.grade === 'large', 20_000);
    expect(areaGrade(areaId)?.causes).toEqual([{ kind: 'detectorCommLoss', sensorId: detector.id, areaId }]);
    const map = await ok(call<AreaRiskGrade[]>('GET', `${API_PATHS.riskPoints}/areas`, 'viewer'));
    expect(map.find((a) => a.areaId === areaId)).toMatchObject({ grade: 'large', causes: [{ kind: 'detectorCommLoss', sensorId: detector.id }] });
  }, 60_000);

  it('takes a report with a photo from anyone to closed: accepted, assigned, rectified with an after photo, verified by another person; the reporter follows it without others\' names', async () => {
    const media = await ok(call<{ ref: string; kind: string }>('POST', `${API_PATHS.hazards}/media`, 'viewer', new Uint8Array(photo), 'image/jpeg'));
    expect(media.kind).toBe('photo');
    expect((await call('POST', `${API_PATHS.hazards}/media`, 'viewer', new Uint8Array([1, 2, 3]), 'application/octet-stream')).status).toBe(415);
    const stored = await fetch(new URL(`${API_PATHS.hazards}/media/${media.ref}`, core.url), { headers: { authorization: `Bearer ${tokens.viewer}` } });
    expect(stored.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await stored.arrayBuffer()).equals(photo)).toBe(true);

    const valve = core.scene.equipment.find((e) => e.id === 'T-101')!;
    const report = {
      source: { kind: 'phone' },
      location: { point: [valve.position.x + 2, valve.position.y], floor: 0, placedBy: 'pin' },
      kind: 'leak',
      description: '储罐 T-101 根部阀法兰滴漏',
      media: [{ ref: media.ref, kind: 'photo', stage: 'report', takenAtMs: Date.now() - 60_000 }],
    };
    const filed = await ok(call<HazardTicketDetail>('POST', API_PATHS.hazards, 'viewer', report));
    const number = filed.ticket.number;
    expect(filed).toMatchObject({ mine: true, ticket: { state: 'reported', grade: 'general', reporter: 'wang.fang', location: { areaId: valve.areaId } }, steps: [] });
    expect(filed.timing.deadlineMs - filed.ticket.reportedAtMs).toBe(24 * 3_600_000);
    await waitUntil(() => hazardChanges.some((c) => c.number === number && c.change === 'report'), 5_000);

    // The same drip seen by a second person a few metres away is flagged to the acceptor as a likely duplicate.
    const second = await ok(call<HazardTicketDetail>('POST', API_PATHS.hazards, 'operator', { ...report, media: [], location: { ...report.location, point: [valve.position.x + 5, valve.position.y] } }));
    expect(second.likelyDuplicates).toEqual([expect.objectContaining({ number, distanceM: 3 })]);
    await ok(call('POST', `${API_PATHS.hazards}/${second.ticket.number}/steps`, 'commander', { action: 'reject', reason: 'duplicate', duplicateOf: number }));

    expect((await call('POST', `${API_PATHS.hazards}/${number}/steps`, 'viewer', { action: 'accept', grade: 'general' })).status).toBe(403);
    await ok(call('POST', `${API_PATHS.hazards}/${number}/steps`, 'commander', { action: 'accept', grade: 'general' }));
    await ok(call('POST', `${API_PATHS.hazards}/${number}/steps`, 'commander', { action: 'assign', assignee: 'li.ming' }));
    const after = await ok(call<{ ref: string }>('POST', `${API_PATHS.hazards}/media`, 'operator', new Uint8Array(photo), 'image/jpeg'));
    await ok(call('POST', `${API_PATHS.hazards}/${number}/steps`, 'operator', { action: 'rectify', note: '更换法兰垫片，试压无泄漏', media: [{ ref: after.ref, kind: 'photo', stage: 'rectification', takenAtMs: Date.now() }] }));
    // Whoever rectified may not verify.
    expect((await call<{ problem: { code: string } }>('POST', `${API_PATHS.hazards}/${number}/steps`, 'operator', { action: 'verify' })).body.problem.code).toBe('ST_ERR_HAZARD_FORBIDDEN');
    const closed = await ok(call<HazardTicketDetail>('POST', `${API_PATHS.hazards}/${number}/steps`, 'commander', { action: 'verify', note: '现场复查合格' }));
    expect(closed.ticket.state).toBe('closed');
    expect(closed.ticket.media.map((m) => m.stage)).toEqual(['report', 'rectification']);

    // The reporter's list: their report and each step, the others' names withheld, their own kept.
    const mine = await ok(call<HazardTicketView[]>('GET', `${API_PATHS.hazards}?mine=1`, 'viewer'));
    expect(mine.map((v) => v.ticket.number)).toEqual([number]);
    expect(mine[0]!.namesWithheld).toBe(true);
    expect(mine[0]!.ticket.signatures.map((s) => [s.action, s.user])).toEqual([
      ['report', 'wang.fang'],
      ['accept', ''],
      ['assign', ''],
      ['rectify', ''],
      ['verify', ''],
    ]);
    expect(mine[0]!.ticket.assignee).toBe('');
    expect(hazardChanges.filter((c) => c.number === number).map((c) => c.change)).toEqual(['report', 'accept', 'assign', 'rectify', 'verify']);
    const open = await ok(call<HazardTicketView[]>('GET', `${API_PATHS.hazards}?state=reported,accepted,rectifying`, 'commander'));
    expect(open.map((v) => v.ticket.number)).not.toContain(number);

    // The month's analysis: two reports, one closed of one accepted, the duplicate rejected.
    const month = new Date(Date.now() + 480 * 60_000).toISOString().slice(0, 7);
    const analysis = await ok(call<HazardMonthlyAnalysis>('GET', `${API_PATHS.hazards}/analysis?month=${month}`, 'viewer'));
    expect(analysis).toMatchObject({ reported: { total: 2, byKind: { leak: 2 } }, rejected: { duplicate: 1, invalid: 0 }, closure: { accepted: 1, closed: 1, rate: 1 } });
    expect((await call('GET', `${API_PATHS.hazards}/analysis?month=2026-13`, 'viewer')).status).toBe(400);
    // Participation: the valid report earns its 5 points; the viewer sees their own name only.
    const board = await ok(call<{ reporter: string; points: number }[]>('GET', `${API_PATHS.hazards}/leaderboard?from=${Date.now() - 3_600_000}&to=${Date.now() + 1}`, 'viewer'));
    expect(board).toEqual([{ reporter: 'wang.fang', points: 5, validReports: 1 }]);

    // 隐患排查治理台账 for a spreadsheet: UTF-8 with its mark, in Chinese, the viewer's copy without the rectifier's name.
    const ledger = await fetch(new URL(`${API_PATHS.hazards}?format=csv&lang=zh-CN`, core.url), { headers: { authorization: `Bearer ${tokens.viewer}` } });
    expect(ledger.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const ledgerBytes = Buffer.from(await ledger.arrayBuffer());
    expect([...ledgerBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [head, ...rows] = ledgerBytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(head!.split(',').slice(0, 4)).toEqual(['序号', '隐患编号', '发现时间', '所在区域']);
    const row = rows.find((r) => r.includes(number))!;
    expect(row).toContain('跑冒滴漏');
    expect(row).toContain('已销号');
    expect(row).toContain('（已隐去）');
    expect(row).not.toContain('li.ming');
    // 风险分级管控清单: the risk point with its measures and its responsible person (the commander may see names).
    const list = await (await fetch(new URL(`${API_PATHS.riskPoints}?format=csv&lang=zh-CN`, core.url), { headers: { authorization: `Bearer ${tokens.commander}` } })).text();
    expect(list).toContain('风险点编号');
    expect(list).toMatch(/RP-TANKS-1,苯储罐区,[^,]+,苯泄漏中毒,作业条件危险性分析法（LEC）,L=3 E=6 C=7,126,一般风险/);
    expect(list).toContain('zhang.wei');
  }, 30_000);

  it('refuses what it must not keep: an oversized photo, a malformed report, an unknown ticket', async () => {
    expect((await call<{ problem: { code: string } }>('POST', `${API_PATHS.hazards}/media`, 'viewer', new Uint8Array(5 * 1024 * 1024), 'image/jpeg')).status).toBe(413);
    // Bytes that are not what their type says are not kept.
    expect((await call<{ problem: { code: string } }>('POST', `${API_PATHS.hazards}/media`, 'viewer', new TextEncoder().encode('<script>alert(1)</script>'), 'image/jpeg')).body.problem.code).toBe('ST_ERR_HAZARD_MEDIA');
    expect((await call<{ problem: { code: string } }>('POST', API_PATHS.hazards, 'viewer', { source: { kind: 'phone' }, kind: 'leak' })).body.problem.code).toBe('ST_ERR_HAZARD_INVALID');
    expect((await call<{ problem: { code: string } }>('GET', `${API_PATHS.hazards}/HD-19990101-001`, 'viewer')).status).toBe(404);
    expect((await call<{ problem: { code: string } }>('GET', `${API_PATHS.hazards}/media/m-none`, 'viewer')).status).toBe(404);
    // The core is still serving.
    expect((await fetch(new URL(API_PATHS.health, core.url))).ok).toBe(true);
  });
});
