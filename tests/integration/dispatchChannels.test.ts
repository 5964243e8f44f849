import { createHmac } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageBus, type CoreTopics } from '../../main/bus/index.js';
import type { DutyPost, Problem, RosterPerson } from '../../main/contracts/index.js';
import { ChannelsConfigSchema, type ChannelsConfigInput } from '../../main/dispatch/index.js';
import { createChannels, messageNames, Outbox, PushSubscriptionBook, VAPID_KEYS_FILE, type DeliveryReport, type OutboundMessage } from '../../main/dispatchDesk/index.js';
import { DispatchDeliveryRecords, migrateHistorian, type HistorianDb } from '../../main/historian/index.js';
import { createLogger } from '../../main/log/index.js';
import { loadDemoScene } from '../support/demoScene.js';
import { historianTestEngines } from '../support/historianEngines.js';
import { startSmtpReceiver } from '../support/smtpReceiver.js';
import { makeTempDir } from '../support/tempDir.js';
import { browserPushKeys, verifyVapid, type BrowserPushKeys } from '../support/webPushReceiver.js';

// Secrets the test's "environment" holds; none may appear in a channel status, a problem or a delivery report.
const HOOK_SECRET = 'hook-secret-5f1c';
const SMTP_PASSWORD = 'smtp-pass-77ab';
const SMS_API_KEY = 'sms-key-31d0';
const WECOM_KEY = 'wecom-key-9e2a';
const DING_TOKEN = 'ding-token-c4b8';
const DING_SECRET = 'SECding-secret-0a7f';
const ENV = { TEST_HOOK_SECRET: HOOK_SECRET, TEST_SMTP_PASSWORD: SMTP_PASSWORD, TEST_SMS_KEY: SMS_API_KEY };
const SECRETS = [HOOK_SECRET, SMTP_PASSWORD, SMS_API_KEY, WECOM_KEY, DING_TOKEN, DING_SECRET];

const wang: RosterPerson = { id: 'p-wang', name: '王伟', userName: 'wang', email: 'wang@plant.example', phone: '13800000001', wecomUserId: 'wangwei', locale: 'zh-CN' };
const smith: RosterPerson = { id: 'p-smith', name: 'Sam Smith', userName: 'smith', email: 'smith@plant.example', phone: '+447700900001', locale: 'en' };
const PEOPLE = new Map([wang, smith].map((p) => [p.id, p]));
const POSTS: DutyPost[] = [{ id: 'shiftLead', name: { en: 'Shift lead', 'zh-CN': '值班长' } }];
const UTC_OFFSET_MIN = 480;
const scene = loadDemoScene();

/** An urgent O2 low-low in the demo plant's unit 1 sump pit (its zh-CN name 一号装置污水池; the detector has no name). */
function warningMessages(n: number, createdAtMs = Date.now()): OutboundMessage[] {
  const base = { kind: 'assigned' as const, warningId: `O2-SUMP1-1.lowLow@${n}`, grade: 1 as const, priority: 'urgent' as const, alarmId: 'O2-SUMP1-1.lowLow', condition: 'lowLow' as const, sourceKind: 'sensor' as const, areaId: 'sumpPit1', sourceId: 'O2-SUMP1-1', value: 18.2, unit: '%vol', level: 0, postId: 'shiftLead', deadlineMs: createdAtMs + 120_000, createdAtMs };
  return [
    { ...base, messageId: `w${n}:assigned:group`, personId: null, mentionPersonIds: ['p-wang'] },
    { ...base, messageId: `w${n}:assigned:p-wang`, personId: 'p-wang' },
    { ...base, messageId: `w${n}:assigned:p-smith`, personId: 'p-smith' },
  ];
}

type Hit = { path: string; url: URL; headers: IncomingMessage['headers']; body: Buffer; json?: unknown };

/** Reads a request whole (the receivers are the test's own: small bodies). */
async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function listen(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The receivers a site's channels post to, as one HTTP server that checks each the way the real one does: the
 * webhook's HMAC (recomputed here from the shared secret), WeCom's documented body and key, DingTalk's documented
 * body and 加签 signature, the SMS gateway's API key and JSON, and push services that verify VAPID and decrypt the
 * aes128gcm payload with the browser's private key. A refused request is answered as the real service would.
 */
async function startReceivers() {
  const hits: Hit[] = [];
  const pushKeys = new Map<string, BrowserPushKeys>();
  const failNext = { sms: 0 };
  const refusals: string[] = [];
  const answer = (response: ServerResponse, status: number, body: unknown = '') => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const server = createServer((request, response) => {
    void (async () => {
      const body = await bodyOf(request);
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const hit: Hit = { path: url.pathname, url, headers: request.headers, body };
      if (url.pathname === '/hook') {
        const timestamp = String(request.headers['x-safetwin-timestamp']);
        const expected = `sha256=${createHmac('sha256', HOOK_SECRET).update(`${timestamp}.${body.toString('utf8')}`).digest('hex')}`;
        if (request.headers['x-safetwin-signature'] !== expected || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) {
          refusals.push('hook signature');
          return answer(response, 401, { error: 'bad signature' });
        }
        hits.push({ ...hit, json: JSON.parse(body.toString('utf8')) });
        return answer(response, 204);
      }
      if (url.pathname === '/cgi-bin/webhook/send') {
        if (url.searchParams.get('key') !== WECOM_KEY) return answer(response, 200, { errcode: 93000, errmsg: 'invalid webhook url' });
        const json = JSON.parse(body.toString('utf8')) as { msgtype?: string; text?: { content?: unknown; mentioned_list?: unknown; mentioned_mobile_list?: unknown } };
        const ok = json.msgtype === 'text' && typeof json.text?.content === 'string' && Buffer.byteLength(json.text.content) <= 2048 && Array.isArray(json.text.mentioned_list) && Array.isArray(json.text.mentioned_mobile_list);
        if (!ok) {
          refusals.push('wecom body');
          return answer(response, 200, { errcode: 40008, errmsg: 'invalid message type' });
        }
        hits.push({ ...hit, json });
        return answer(response, 200, { errcode: 0, errmsg: 'ok' });
      }
      if (url.pathname === '/robot/send') {
        const timestamp = url.searchParams.get('timestamp') ?? '';
        const sign = createHmac('sha256', DING_SECRET).update(`${timestamp}\n${DING_SECRET}`).digest('base64');
        if (url.searchParams.get('access_token') !== DING_TOKEN || url.searchParams.get('sign') !== sign || Math.abs(Date.now() - Number(timestamp)) > 3_600_000) {
          refusals.push('dingtalk sign');
          return answer(response, 200, { errcode: 310000, errmsg: 'sign not match' });
        }
        const json = JSON.parse(body.toString('utf8')) as { msgtype?: string; markdown?: { title?: unknown; text?: unknown }; at?: { atMobiles?: unknown } };
        if (json.msgtype !== 'markdown' || typeof json.markdown?.title !== 'string' || typeof json.markdown.text !== 'string' || !Array.isArray(json.at?.atMobiles)) {
          refusals.push('dingtalk body');
          return answer(response, 200, { errcode: 40035, errmsg: 'missing parameter' });
        }
        hits.push({ ...hit, json });
        return answer(response, 200, { errcode: 0, errmsg: 'ok' });
      }
      if (url.pathname === '/sms') {
        if (failNext.sms > 0) {
          failNext.sms -= 1;
          return answer(response, 503, { error: 'gateway busy' });
        }
        if (request.headers['x-api-key'] !== SMS_API_KEY || !String(request.headers['content-type']).startsWith('application/json')) return answer(response, 401, { error: 'unauthorised' });
        hits.push({ ...hit, json: JSON.parse(body.toString('utf8')) });
        return answer(response, 200, { code: 'OK' });
      }
      if (url.pathname.startsWith('/push/')) {
        const keys = pushKeys.get(url.pathname.slice('/push/'.length));
        if (!keys) return answer(response, 410);
        try {
          const vapid = verifyVapid(request.headers.authorization, `http://127.0.0.1:${port}`, Date.now() / 1000);
          if (request.headers['content-encoding'] !== 'aes128gcm' || !request.headers.ttl) throw new Error('not an aes128gcm push with a TTL');
          hits.push({ ...hit, json: { payload: JSON.parse(keys.decrypt(body)), vapidKey: vapid.publicKey, sub: vapid.sub, urgency: request.headers.urgency } });
          return answer(response, 201);
        } catch (error) {
          refusals.push(`push: ${(error as Error).message}`);
          return answer(response, 400);
        }
      }
      return answer(response, 404);
    })();
  });
  const port = await listen(server);
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    hits,
    refusals,
    failNext,
    of: (p: string) => hits.filter((h) => h.path === p || (p === '/push' && h.path.startsWith('/push/'))),
    /** A browser subscribing: its own keys, an endpoint at this push service. */
    subscription(id: string) {
      const keys = browserPushKeys();
      pushKeys.set(id, keys);
      return { endpoint: `${base}/push/${id}`, expirationTime: null, keys: { p256dh: keys.p256dh, auth: keys.auth } };
    },
    close: () => closeServer(server),
  };
}

describe('warning channels against real receivers', () => {
  const engine = historianTestEngines()[0]!;
  const logger = createLogger('silent');
  const cleanups: (() => Promise<void> | void)[] = [];
  let receivers: Awaited<ReturnType<typeof startReceivers>>;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let historian: HistorianDb;

  beforeAll(async () => {
    receivers = await startReceivers();
    smtp = await startSmtpReceiver({ user: 'alarms', password: SMTP_PASSWORD });
    const { open } = await engine.fresh();
    historian = await open();
    await migrateHistorian(historian.db, historian.engine);
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await receivers?.close();
    await smtp?.close();
    await historian?.close();
    await engine.dispose();
  });

  /** An outbox with real channels on the embedded historian; everything it tells is kept for the test. */
  async function openOutbox(channels: ChannelsConfigInput, options: { dataDir?: string; book?: PushSubscriptionBook; maxPending?: number } = {}) {
    const config = ChannelsConfigSchema.parse({ retry: { firstDelayS: 0.2, maxDelayS: 1, timeoutS: 3 }, ...channels });
    const records = new DispatchDeliveryRecords(historian.db);
    const book = options.book ?? (await PushSubscriptionBook.open(records, logger));
    const setup = await createChannels(config, { env: ENV, dataDir: options.dataDir ?? makeTempDir('dispatch-data'), subscriptions: book });
    const bus = new MessageBus<CoreTopics>();
    const problems: Problem[] = [];
    const cleared: { code: string; location?: string | undefined }[] = [];
    bus.subscribe('problem', (p) => problems.push(p));
    bus.subscribe('problemCleared', (p) => cleared.push(p));
    const reports: DeliveryReport[] = [];
    const outbox = await Outbox.open({
      config,
      setup,
      records,
      people: (id) => PEOPLE.get(id),
      names: (locale) => messageNames(scene, () => POSTS, locale),
      utcOffsetMin: UTC_OFFSET_MIN,
      bus,
      logger,
      onDelivery: (report) => reports.push(report),
      ...(options.maxPending !== undefined && { maxPending: options.maxPending }),
    });
    cleanups.push(() => outbox.close());
    const latest = (deliveryId: string) => reports.filter((r) => r.deliveryId === deliveryId).at(-1);
    return { outbox, setup, book, records, problems, cleared, reports, latest, sentIds: () => new Set(reports.filter((r) => r.status === 'sent').map((r) => r.deliveryId)) };
  }

  it('delivers a warning on every channel, each as its receiver documents it, in the reader’s language', async () => {
    const dataDir = makeTempDir('dispatch-vapid');
    const { outbox, setup, book, reports, sentIds, problems } = await openOutbox(
      {
        webhook: { url: `${receivers.base}/hook`, secretEnv: 'TEST_HOOK_SECRET' },
        email: { host: '127.0.0.1', port: smtp.port, user: 'alarms', passwordEnv: 'TEST_SMTP_PASSWORD', from: '"SafeTwin 预警" <alarms@plant.example>' },
        wecom: { webhookUrl: `${receivers.base}/cgi-bin/webhook/send?key=${WECOM_KEY}` },
        dingtalk: { webhookUrl: `${receivers.base}/robot/send?access_token=${DING_TOKEN}`, secret: DING_SECRET },
        sms: { url: `${receivers.base}/sms`, headersEnv: { 'x-api-key': 'TEST_SMS_KEY' } },
        webPush: { vapidSubject: 'mailto:ops@plant.example' },
      },
      { dataDir },
    );
    // The generated VAPID pair is kept private in the data directory and used for every push.
    expect(statSync(path.join(dataDir, VAPID_KEYS_FILE)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path.join(dataDir, VAPID_KEYS_FILE), 'utf8')).publicKey).toBe(setup.vapidPublicKey);
    expect(await book.add('wang', receivers.subscription('wang-phone'))).toBe(true);
    expect(await book.add('smith', receivers.subscription('smith-phone'))).toBe(true);

    const createdAtMs = Date.UTC(2026, 11, 7, 6, 3); // 14:03 at UTC+8
    outbox.enqueue(warningMessages(1, createdAtMs));
    // Group: webhook, WeCom, DingTalk; each person: e-mail, SMS (grade 1 ≤ its default 2), Web Push.
    await until('nine deliveries sent', () => sentIds().size === 9);
    expect(receivers.refusals).toEqual([]);
    expect(problems).toEqual([]);

    const [hook] = receivers.of('/hook');
    expect(hook!.json).toMatchObject({ version: 1, kind: 'assigned', grade: 1, locale: 'zh-CN', title: '【一级(红色)预警】一号装置污水池 O2-SUMP1-1 低低报', mentionPersonIds: ['p-wang'], warning: { warningId: 'O2-SUMP1-1.lowLow@1', areaId: 'sumpPit1', value: 18.2 } });
    expect((hook!.json as { text: string }).text).toContain('请于 14:05 前确认。');
    expect(hook!.headers['x-safetwin-delivery']).toBe('w1:assigned:group/webhook');

    const [wecom] = receivers.of('/cgi-bin/webhook/send');
    expect(wecom!.json).toEqual({
      msgtype: 'text',
      text: { content: expect.stringContaining('一级(红色)预警：一号装置污水池 O2-SUMP1-1 低低报，读数 18.2 %vol。'), mentioned_list: ['wangwei'], mentioned_mobile_list: [] },
    });
    expect((wecom!.json as { text: { content: string } }).text.content).toContain('责任岗位：值班长');

    const [ding] = receivers.of('/robot/send');
    expect(ding!.json).toMatchObject({ msgtype: 'markdown', markdown: { title: '【一级(红色)预警】一号装置污水池 O2-SUMP1-1 低低报' }, at: { atMobiles: ['13800000001'], isAtAll: false } });
    expect((ding!.json as { markdown: { text: string } }).markdown.text).toMatch(/^### 【一级\(红色\)预警】.*\n\n@13800000001$/s);

    const mails = await smtp.waitFor(2);
    const mailTo = (address: string) => mails.find((m) => m.to.includes(address))!;
    expect(mailTo('wang@plant.example')).toMatchObject({ user: 'alarms', from: 'alarms@plant.example', subject: '【一级(红色)预警】一号装置污水池 O2-SUMP1-1 低低报' });
    expect(mailTo('wang@plant.example').text).toBe('【一级(红色)预警】一号装置污水池 O2-SUMP1-1 低低报\n一级(红色)预警：一号装置污水池 O2-SUMP1-1 低低报，读数 18.2 %vol。\n报警时间：14:03\n责任岗位：值班长\n请于 14:05 前确认。\n预警编号：O2-SUMP1-1.lowLow@1');
    expect(mailTo('wang@plant.example').headers.get('x-safetwin-warning')).toBe('O2-SUMP1-1.lowLow@1');
    expect(mailTo('smith@plant.example').subject).toBe('[Level 1 (red) warning] Low-low: O2-SUMP1-1, Unit 1 sump pit');
    expect(mailTo('smith@plant.example').text).toContain('Owner post: Shift lead\nAcknowledge by 14:05.');

    const sms = receivers.of('/sms').map((h) => h.json as { phone: string; text: string });
    expect(sms.find((s) => s.phone === '13800000001')!.text).toMatch(/^【一级\(红色\)预警】一号装置污水池 O2-SUMP1-1 低低报\n/);
    expect(sms.find((s) => s.phone === '+447700900001')!.text).toMatch(/^\[Level 1 \(red\) warning\] Low-low: O2-SUMP1-1, Unit 1 sump pit\n/);
    expect(sms.every((s) => Array.from(s.text).length <= 210)).toBe(true);

    const pushes = receivers.of('/push').map((h) => ({ path: h.path, ...(h.json as { payload: { title: string; body: string; warningId: string; tag: string }; vapidKey: string; sub: string; urgency: string }) }));
    expect(pushes).toHaveLength(2);
    for (const push of pushes) {
      expect(push.vapidKey).toBe(setup.vapidPublicKey);
      expect(push.sub).toBe('mailto:ops@plant.example');
      expect(push.urgency).toBe('high');
      expect(push.payload).toMatchObject({ warningId: 'O2-SUMP1-1.lowLow@1', tag: 'O2-SUMP1-1.lowLow@1' });
    }
    expect(pushes.find((p) => p.path === '/push/wang-phone')!.payload.title).toBe('【一级(红色)预警】一号装置污水池 O2-SUMP1-1 低低报');
    expect(pushes.find((p) => p.path === '/push/smith-phone')!.payload.body).toContain('Acknowledge by 14:05.');

    // Each delivery told the desk it was queued, then sent; the channels' health shows no secret.
    expect(reports.filter((r) => r.status === 'queued')).toHaveLength(9);
    expect(new Set(reports.map((r) => r.warningId))).toEqual(new Set(['O2-SUMP1-1.lowLow@1']));
    const status = outbox.channelStatus();
    expect(status.map((s) => [s.channel, s.active, s.healthy, s.queued])).toEqual([
      ['webhook', true, true, 0],
      ['email', true, true, 0],
      ['wecom', true, true, 0],
      ['dingtalk', true, true, 0],
      ['sms', true, true, 0],
      ['webPush', true, true, 0],
    ]);
    for (const secret of SECRETS) expect(JSON.stringify([status, reports])).not.toContain(secret);
  });

  it('keeps messages while a channel is down (server closed, gateway 503), raises the problem, and delivers all when it is back', async () => {
    const hookServer = createServer((request, response) => {
      void bodyOf(request).then((body) => {
        hookBodies.push(JSON.parse(body.toString('utf8')) as { deliveryId: string });
        response.writeHead(204).end();
      });
    });
    const hookBodies: { deliveryId: string }[] = [];
    const port = await listen(hookServer);
    await closeServer(hookServer); // nothing listens: connections are refused
    receivers.failNext.sms = 2;
    const { outbox, problems, cleared, latest, sentIds } = await openOutbox({
      webhook: { url: `http://127.0.0.1:${port}/hook` },
      sms: { url: `${receivers.base}/sms`, headersEnv: { 'x-api-key': 'TEST_SMS_KEY' } },
    });
    const smsBefore = receivers.of('/sms').length;
    outbox.enqueue([...warningMessages(21), ...warningMessages(22), ...warningMessages(23)]);
    const hookIds = [21, 22, 23].map((n) => `w${n}:assigned:group/webhook`);

    await until('the webhook and SMS raised as down', () => problems.length === 2);
    expect(problems.map((p) => [p.code, p.location])).toEqual(
      expect.arrayContaining([
        ['ST_ERR_DISPATCH_CHANNEL_DOWN', 'dispatch/webhook'],
        ['ST_ERR_DISPATCH_CHANNEL_DOWN', 'dispatch/sms'],
      ]),
    );
    expect(problems.find((p) => p.location === 'dispatch/webhook')!.message).toContain('cannot connect (ECONNREFUSED)');
    expect(problems.find((p) => p.location === 'dispatch/sms')!.message).toContain('HTTP 503');
    await until('a webhook retry reported', () => latest(hookIds[0]!)?.status === 'retrying' && latest(hookIds[0]!)!.attempts >= 2);
    expect(outbox.channelStatus().find((s) => s.channel === 'webhook')).toMatchObject({ healthy: false, queued: 3, lastError: 'cannot connect (ECONNREFUSED)' });

    await listen(hookServer, port); // the receiver is back on its address
    cleanups.push(() => closeServer(hookServer));
    await until('every webhook message delivered', () => hookIds.every((id) => sentIds().has(id)));
    await until('every SMS delivered', () => receivers.of('/sms').length - smsBefore === 6);
    expect(new Set(hookBodies.map((b) => b.deliveryId))).toEqual(new Set(hookIds));
    expect(hookBodies).toHaveLength(3);
    expect(cleared).toEqual(
      expect.arrayContaining([
        { code: 'ST_ERR_DISPATCH_CHANNEL_DOWN', location: 'dispatch/webhook' },
        { code: 'ST_ERR_DISPATCH_CHANNEL_DOWN', location: 'dispatch/sms' },
      ]),
    );
    expect(latest(hookIds[0]!)).toMatchObject({ status: 'sent', channel: 'webhook', personId: null, kind: 'assigned' });
    expect(latest(hookIds[0]!)!.attempts).toBeGreaterThan(2);
    expect(latest(hookIds[0]!)!.error).toBeUndefined();
    expect(outbox.channelStatus().filter((s) => s.active).every((s) => s.healthy && s.queued === 0)).toBe(true);
  });

  it('resumes the deliveries pending at a stop when the outbox opens again on the same historian, sending none twice', async () => {
    const hookBodies: string[] = [];
    const hookServer = createServer((request, response) => {
      void bodyOf(request).then((body) => {
        hookBodies.push((JSON.parse(body.toString('utf8')) as { deliveryId: string }).deliveryId);
        response.writeHead(204).end();
      });
    });
    const port = await listen(hookServer);
    await closeServer(hookServer);
    const channels = { webhook: { url: `http://127.0.0.1:${port}/hook` } };
    const first = await openOutbox(channels);
    const messages = [...warningMessages(31), ...warningMessages(32)];
    first.outbox.enqueue(messages);
    await until('a failed attempt stored', async () => (await first.records.unfinished()).some((r) => r.attempts > 0));
    await first.outbox.close();
    const pending = await first.records.unfinished();
    expect(pending.map((r) => [r.deliveryId, r.status])).toEqual([
      ['w31:assigned:group/webhook', 'queued'],
      ['w32:assigned:group/webhook', 'queued'],
    ]);

    await listen(hookServer, port);
    cleanups.push(() => closeServer(hookServer));
    const second = await openOutbox(channels);
    await until('both resumed and sent', () => second.sentIds().size === 2);
    expect(hookBodies.sort()).toEqual(['w31:assigned:group/webhook', 'w32:assigned:group/webhook']);
    expect(second.latest('w31:assigned:group/webhook')).toMatchObject({ warningId: 'O2-SUMP1-1.lowLow@31', status: 'sent' });
    expect(second.latest('w31:assigned:group/webhook')!.attempts).toBeGreaterThanOrEqual(2);
    await until('nothing left unfinished', async () => (await second.records.unfinished()).length === 0);
    // The desk handing the same messages again (after its own restart) sends nothing twice.
    second.outbox.enqueue(messages);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hookBodies).toHaveLength(2);
    expect(second.outbox.stats.duplicates).toBe(2);
  });

  it('fails, and reports, the pending messages of a channel taken out of the configuration before a restart', async () => {
    const closed = createServer();
    const port = await listen(closed);
    await closeServer(closed);
    const first = await openOutbox({ webhook: { url: `http://127.0.0.1:${port}/hook` } });
    first.outbox.enqueue(warningMessages(51));
    await until('a failed attempt stored', async () => (await first.records.unfinished()).some((r) => r.deliveryId === 'w51:assigned:group/webhook' && r.attempts > 0));
    await first.outbox.close();
    const second = await openOutbox({ sms: { url: `${receivers.base}/sms`, headersEnv: { 'x-api-key': 'TEST_SMS_KEY' } } });
    expect(second.latest('w51:assigned:group/webhook')).toMatchObject({ status: 'failed', error: 'channel webhook is no longer configured' });
    await until('nothing left unfinished', async () => (await second.records.unfinished()).length === 0);
  });

  it('refuses and counts messages beyond its bound while a channel is down, and says so until it drains', async () => {
    const hookServer = createServer((request, response) => void bodyOf(request).then(() => response.writeHead(204).end()));
    const port = await listen(hookServer);
    await closeServer(hookServer);
    const { outbox, problems, cleared, sentIds, latest } = await openOutbox({ webhook: { url: `http://127.0.0.1:${port}/hook` } }, { maxPending: 4 });
    outbox.enqueue([61, 62, 63, 64, 65, 66].flatMap((n) => warningMessages(n).slice(0, 1)));
    expect(outbox.stats.rejected).toBe(2);
    expect(latest('w66:assigned:group/webhook')).toMatchObject({ status: 'failed', error: 'the outbox is full', attempts: 0 });
    expect(problems.filter((p) => p.code === 'ST_ERR_DISPATCH_OUTBOX_FULL')).toHaveLength(1);
    await listen(hookServer, port);
    cleanups.push(() => closeServer(hookServer));
    await until('the four kept delivered', () => sentIds().size === 4);
    expect(cleared).toContainEqual({ code: 'ST_ERR_DISPATCH_OUTBOX_FULL', location: 'dispatch/outbox' });
  });

  it('folds a flood into one digest at the window’s end, kept across a restart inside the window', async () => {
    const digestChannels = { webhook: { url: `${receivers.base}/hook`, secret: HOOK_SECRET }, digest: { windowS: 5, maxPerRecipient: 2 } };
    const before = receivers.of('/hook').length;
    const first = await openOutbox(digestChannels);
    const flood = [41, 42, 43, 44, 45, 46].flatMap((n) => warningMessages(n).slice(0, 1));
    flood[5] = { ...flood[5]!, kind: 'escalated', grade: 2, priority: 'high', level: 1 };
    first.outbox.enqueue(flood);
    await until('two sent at once', () => first.sentIds().size === 2);
    await until('four held stored', async () => (await first.records.unfinished()).filter((r) => r.status === 'held').length === 4);
    await first.outbox.close();

    const second = await openOutbox(digestChannels);
    await until('the digest sent', () => receivers.of('/hook').length - before === 3, 12_000);
    const digest = receivers.of('/hook').at(-1)!.json as { kind: string; title: string; text: string; digest: { count: number; byGrade: Record<string, number>; byKind: Record<string, number> } };
    expect(digest).toMatchObject({ kind: 'digest', grade: 1, title: '【汇总通知】另有 4 条预警消息', digest: { count: 4, byGrade: { 1: 3, 2: 1, 3: 0, 4: 0 }, byKind: { assigned: 3, escalated: 1 } } });
    expect(digest.text).toContain('按等级：一级(红色)预警 3 条，二级(橙色)预警 1 条。');
    // The folded messages are reported sent with their digest.
    await until('the folded deliveries reported sent', () => [43, 44, 45, 46].every((n) => second.latest(`w${n}:assigned:group/webhook`)?.status === 'sent'));
    await until('nothing left unfinished', async () => (await second.records.unfinished()).length === 0);
  }, 30_000);
});

describe.each(historianTestEngines())('the outbox table on $name', (engine) => {
  afterAll(() => engine.dispose());

  it('stores deliveries and push subscriptions, reads back what is unfinished, prunes what is done', async () => {
    const { open } = await engine.fresh();
    const historian = await open();
    try {
      await migrateHistorian(historian.db, historian.engine);
      const records = new DispatchDeliveryRecords(historian.db);
      const row = (id: string, status: 'queued' | 'held' | 'sent', updatedMs: number) => ({
        deliveryId: id,
        messageId: id.split('/')[0]!,
        warningId: 'w@1',
        channel: 'sms',
        personId: 'p-wang',
        kind: 'assigned',
        status,
        attempts: 0,
        queuedAtMs: 1_700_000_000_000,
        nextAttemptMs: 1_700_000_000_000,
        sentAtMs: null,
        lastError: null,
        digestId: null,
        updatedMs,
        messageJson: '{"messageId":"m"}',
      });
      await records.write([row('a/sms', 'queued', 10), row('b/sms', 'held', 10), row('c/sms', 'sent', 10)], []);
      // Inserting an id again leaves the stored row as it is.
      await records.write([{ ...row('a/sms', 'sent', 99), attempts: 7 }], [{ ...row('b/sms', 'queued', 20), attempts: 2, lastError: 'HTTP 503', nextAttemptMs: 1_700_000_005_000 }]);
      expect(await records.unfinished()).toEqual([row('a/sms', 'queued', 10), { ...row('b/sms', 'queued', 20), attempts: 2, lastError: 'HTTP 503', nextAttemptMs: 1_700_000_005_000 }]);
      expect(await records.existing(['a/sms', 'x/sms'])).toEqual(new Set(['a/sms']));
      expect(await records.pruneFinished(11)).toBe(1);
      expect(await records.existing(['c/sms'])).toEqual(new Set());

      const keys = browserPushKeys();
      await records.putPushSubscription({ endpoint: 'https://push.example/1', expirationTime: null, keys: { p256dh: keys.p256dh, auth: keys.auth }, userName: 'wang', updatedMs: 5 });
      await records.putPushSubscription({ endpoint: 'https://push.example/1', expirationTime: 1_800_000_000_000, keys: { p256dh: keys.p256dh, auth: keys.auth }, userName: 'smith', updatedMs: 6 });
      expect(await records.pushSubscriptions()).toEqual([{ endpoint: 'https://push.example/1', expirationTime: 1_800_000_000_000, keys: { p256dh: keys.p256dh, auth: keys.auth }, userName: 'smith', updatedMs: 6 }]);
      await records.deletePushSubscription('https://push.example/1');
      expect(await records.pushSubscriptions()).toEqual([]);
    } finally {
      await historian.close();
    }
  });
});
