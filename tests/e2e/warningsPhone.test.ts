import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS, rtlsTopic, type EvacuationNotice, type Point2, type RosterInput, type WarningView } from '../../main/contracts/index.js';
import { DEMO_SCENE_PATH } from '../../main/platform/packageInfo.js';
import { launchChromium } from '../support/chromium.js';
import { loadDemoScene } from '../support/demoScene.js';
import { Mosquitto } from '../support/mosquitto.js';
import { SAFETWIN_BIN, serve, type ServeProcess } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';
import { latinWords } from '../support/zhCnText.js';

/**
 * Issue 19 item 4 and its e2e: an O2 low-low alarm in the unit 1 sump pit while two badges are inside; their phone
 * pages (Chromium contexts at 390×844 with touch, one zh-CN and one en) show the evacuation notice; a third badge 15 m
 * outside gets none until it walks in while the warning is open. The owner (the unit 1 board operator on duty, one
 * of the two inside) answers 已撤离, finds the warning under 我的预警 and acknowledges it with a note. Against
 * `safetwin serve --require-auth --historian embedded` on a Mosquitto broker with no simulator: the test is the
 * RTLS system and the O2 detector (their MQTT topics). The duty roster is the demo's with the sump pit's owner post
 * held round the clock by the first person inside (so the owner does not depend on the hour the test runs), and the
 * three badges' people given accounts. The delay from the O2 sample to each notice is printed, not judged (a shared
 * machine); it is bounded at 10 s to prove the push (the issue asks for 2 s). Screenshots in /tmp/dispatch-phone-shots.
 */
const SHOTS = '/tmp/dispatch-phone-shots';
const demo = loadDemoScene();
const SUMP_O2 = demo.sensors.find((s) => s.id === 'O2-SUMP1-1')!;
/** Three demo badges, their people on the demo roster given accounts: two inside the sump pit, one 15 m east of it. */
const PEOPLE = {
  owner: { user: 'wk.luo', password: 'luo-evac-pass-1', role: 'operator', personId: 'p-luo-jing', badgeId: 'BDG-1001', at: [98, 172] as Point2, language: 'zh-CN' },
  inside: { user: 'wk.zhao', password: 'zhao-evac-pass-1', role: 'viewer', personId: 'p-zhao-na', badgeId: 'BDG-1002', at: [103, 176] as Point2, language: 'en' },
  outside: { user: 'wk.gao', password: 'gao-evac-pass-1', role: 'viewer', personId: 'p-gao-tao', badgeId: 'BDG-1003', at: [120, 172] as Point2, language: 'zh-CN' },
} as const;
type Who = keyof typeof PEOPLE;
/** RTLS reports twice a second; the O2 detector once a second (both as the plant's systems do, 1–5 s). */
const BADGE_PERIOD_MS = 500;
const O2_PERIOD_MS = 1_000;
const NORMAL_O2 = 20.9;
/** Below the sump detectors' low-low limit (18 %vol): oxygen deficiency, GB 8958-2006 §3.1's 19.5 %vol and below. */
const DEFICIENT_O2 = 17.6;
/** The 2 s, printed; a test on a shared machine only bounds it. */
const NOTICE_BOUND_MS = 10_000;

/** The demo roster with the sump pit's post (unit1Operator, the demo owner rules) held on every shift by the owner, and accounts for the three. */
function testRoster(): { roster: RosterInput; ownerRules: unknown[] } {
  const file = JSON.parse(readFileSync(path.join(path.dirname(DEMO_SCENE_PATH), 'demo-roster.json'), 'utf8')) as { roster: RosterInput; ownerRules: unknown[] };
  const users = new Map<string, string>(Object.values(PEOPLE).map((p) => [p.personId, p.user]));
  return {
    ownerRules: file.ownerRules,
    roster: {
      ...file.roster,
      people: file.roster.people.map((p) => (users.has(p.id) ? { ...p, userName: users.get(p.id)! } : p)),
      assignments: [...file.roster.assignments.filter((a) => a.postId !== 'unit1Operator'), { date: null, shiftId: '*', postId: 'unit1Operator', personId: PEOPLE.owner.personId, deputyIds: [] }],
    },
  };
}

describe('warnings on the phone: evacuation notices and my warnings', () => {
  let broker: Mosquitto;
  let server: ServeProcess;
  let browser: Browser;
  let publisher: MqttClient;
  let url: string;
  const tokens = {} as Record<Who, string>;
  const badges = new Map<string, Point2>(Object.values(PEOPLE).map((p) => [p.badgeId, p.at]));
  let o2 = NORMAL_O2;
  const timers: ReturnType<typeof setInterval>[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    broker = await Mosquitto.start();
    const dataDir = makeTempDir('e2e-warnings-phone');
    for (const { user, password, role } of Object.values(PEOPLE)) {
      const added = spawnSync(process.execPath, [SAFETWIN_BIN, 'users', 'add', user, '--role', role, '--password-stdin', '--data-dir', dataDir], { input: `${password}\n`, encoding: 'utf8' });
      expect(added.status, added.stderr).toBe(0);
    }
    const rosterFile = path.join(dataDir, 'roster.json');
    writeFileSync(rosterFile, JSON.stringify(testRoster()));
    const configFile = path.join(dataDir, 'config.json');
    writeFileSync(configFile, JSON.stringify({ dispatch: { rosterFile } }));
    server = serve(['--config', configFile, '--port', '0', '--mqtt-url', broker.url, '--data-dir', dataDir, '--require-auth', '--historian', 'embedded', '--no-record', '--log-level', 'warn']);
    url = await server.url;
    for (const [who, { user, password }] of Object.entries(PEOPLE) as [Who, (typeof PEOPLE)[Who]][]) {
      const login = await fetch(new URL(API_PATHS.login, url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password }) });
      tokens[who] = ((await login.json()) as { token: string }).token;
    }
    publisher = await connectAsync(broker.url, { clientId: 'warnings-phone-plant', reconnectPeriod: 0 });
    timers.push(setInterval(publishBadges, BADGE_PERIOD_MS), setInterval(publishO2, O2_PERIOD_MS));
    publishBadges();
    publishO2();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    timers.forEach(clearInterval);
    for (const context of contexts) await context.close();
    await publisher?.endAsync();
    await browser?.close();
    await server?.stop();
    await broker?.stop();
  });

  function publishBadges(): void {
    for (const [badgeId, [x, y]] of badges) publisher.publish(rtlsTopic(demo.site.id, badgeId), JSON.stringify({ x, y, floor: 0, ts: Date.now() }));
  }
  function publishO2(): void {
    publisher.publish(SUMP_O2.mqttTopic, JSON.stringify({ v: o2, ts: Date.now() }));
  }

  async function api<T>(who: Who, method: 'GET' | 'POST', apiPath: string): Promise<T> {
    const response = await fetch(new URL(apiPath, url), { method, headers: { authorization: `Bearer ${tokens[who]}` } });
    const text = await response.text();
    expect(response.ok, `${method} ${apiPath}: ${text}`).toBe(true);
    return JSON.parse(text) as T;
  }

  /** A phone's page at /report, signed in as the person, in their language. */
  async function phone(who: Who): Promise<Page> {
    const { user, password, language } = PEOPLE[who];
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: language === 'en' ? 'en-US' : 'zh-CN' });
    contexts.push(context);
    await context.addInitScript((lang) => localStorage.setItem('safetwin.language', lang), language);
    const page = await context.newPage();
    await page.goto(new URL('/report', url).href);
    await page.locator('input[name=username]').waitFor({ timeout: 60_000 });
    await page.locator('input[name=username]').fill(user);
    await page.locator('input[name=password]').fill(password);
    await page.locator('button[type=submit]').click();
    await expect.poll(() => page.getByTestId('user-badge').textContent(), { timeout: 60_000 }).toContain(user);
    await page.getByTestId('report-tab-warnings').waitFor();
    return page;
  }

  /** The page's text in zh-CN, the user's own (Latin) account name left out: no English word. */
  async function noEnglish(page: Page, who: Who, what: string): Promise<void> {
    const text = (await page.locator('body').innerText()).replaceAll(PEOPLE[who].user, ' ');
    expect(latinWords(text, what)).toEqual([]);
  }

  it('shows the evacuation notice on the phones of the two inside, not the one outside until it walks in; the owner is out, finds the warning and acknowledges it', async () => {
    const pages = { owner: await phone('owner'), inside: await phone('inside'), outside: await phone('outside') };
    await pages.owner.getByTestId('report-tab-warnings').tap();
    // Notifications on this phone: the push service worker registers for /report under the core's CSP; this core has
    // no Web Push configured (no VAPID keys), which the page says. (Headless Chromium reaches no real push service:
    // tests/integration/dispatchChannels.test.ts covers the protocol with a local receiver.)
    await pages.owner.context().grantPermissions(['notifications']);
    await pages.owner.getByTestId('warning-push-enable').tap();
    await expect.poll(() => pages.owner.getByTestId('warning-push-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('unavailable');
    expect(await pages.owner.evaluate(async () => (await navigator.serviceWorker.getRegistration('/report'))?.scope)).toBe(new URL('/report', url).href);
    // Two badges in the sump pit (a confined space) without a permit are already 闯入禁入区 warnings of its owner.
    await pages.owner.getByTestId('warning-list').waitFor({ timeout: 15_000 });
    await pages.owner.screenshot({ path: path.join(SHOTS, '1-owner-my-warnings-before-zh-CN.png') });
    // Every badge is where the test put it before the air goes bad (the core reads the same RTLS feed).
    await new Promise((resolve) => setTimeout(resolve, 3 * BADGE_PERIOD_MS));

    const shown = (page: Page) => page.getByTestId('evacuation-notice').first().waitFor({ timeout: 60_000 });
    const startMs = Date.now();
    const arrivals = Promise.all([shown(pages.owner).then(() => Date.now() - startMs), shown(pages.inside).then(() => Date.now() - startMs)]);
    o2 = DEFICIENT_O2;
    publishO2();
    const [ownerMs, insideMs] = await arrivals;
    console.log(`[warningsPhone] O2 ${DEFICIENT_O2} %vol published → evacuation notice shown: ${PEOPLE.owner.user} (zh-CN) ${ownerMs} ms, ${PEOPLE.inside.user} (en) ${insideMs} ms (issue: within 2 s)`);
    expect(ownerMs).toBeLessThan(NOTICE_BOUND_MS);
    expect(insideMs).toBeLessThan(NOTICE_BOUND_MS);

    // The notice says what to do, where from, why and where to: in Chinese with no English, and in English.
    const owner = pages.owner.getByTestId('evacuation-notice');
    expect(await owner.locator('h1').textContent()).toBe('立即撤离');
    expect(await owner.getByTestId('evacuation-area').textContent()).toBe('撤离 一号装置污水池');
    expect(await owner.getByTestId('evacuation-reason').textContent()).toBe(`氧含量低低报 ${DEFICIENT_O2} %vol`);
    // The muster points clear of the pit, nearest first (main/dispatchDesk safeMusterPoints: MP-1 west, MP-2 south, MP-3 east).
    expect(await owner.getByTestId('evacuation-muster').locator('li').allTextContents()).toEqual(['紧急集合点1（西）', '紧急集合点2（南）', '紧急集合点3（东）']);
    expect(await owner.getByTestId('evacuation-out').textContent()).toBe('已撤离');
    await noEnglish(pages.owner, 'owner', 'evacuation notice');
    const inside = pages.inside.getByTestId('evacuation-notice');
    expect(await inside.locator('h1').textContent()).toBe('EVACUATE NOW');
    expect(await inside.getByTestId('evacuation-area').textContent()).toBe('Leave Unit 1 sump pit');
    expect(await inside.getByTestId('evacuation-reason').textContent()).toBe(`Oxygen Low-low ${DEFICIENT_O2} %vol`);
    expect(await inside.getByTestId('evacuation-out').textContent()).toBe('I am out');
    await pages.owner.screenshot({ path: path.join(SHOTS, '2-owner-evacuate-zh-CN.png') });
    await pages.inside.screenshot({ path: path.join(SHOTS, '3-inside-evacuate-en.png') });
    // A phone that opens the page again (or reconnects) while the notice is unanswered shows it again.
    await pages.inside.reload();
    await shown(pages.inside);

    // The badge outside: no notice on its phone, none for its user at the core.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await pages.outside.getByTestId('evacuation-notice').count()).toBe(0);
    expect(await api<EvacuationNotice[]>('outside', 'GET', `${API_PATHS.warnings}/evacuations/mine`)).toEqual([]);
    await pages.outside.screenshot({ path: path.join(SHOTS, '4-outside-none-zh-CN.png') });
    const notices = await api<EvacuationNotice[]>('owner', 'GET', `${API_PATHS.warnings}/evacuations/mine`);
    const lowLow = notices.find((n) => n.condition === 'lowLow')!;
    expect(lowLow).toMatchObject({ areaId: 'sumpPit1', sensorId: 'O2-SUMP1-1', musterPointIds: ['MP-1', 'MP-2', 'MP-3'] });

    // It walks into the pit while the warning is open: told as it enters.
    const enterMs = Date.now();
    badges.set(PEOPLE.outside.badgeId, [100, 174]);
    publishBadges();
    await shown(pages.outside);
    console.log(`[warningsPhone] ${PEOPLE.outside.user}'s badge entered the pit → notice shown in ${Date.now() - enterMs} ms`);

    // The owner is out: 已撤离 for each notice (the low and the low-low alarm may both call for one), journaled at the core.
    for (let k = 0; k < 3 && (await owner.count()) > 0; k++) {
      const answered = await owner.first().getAttribute('data-warning');
      await owner.first().getByTestId('evacuation-out').tap();
      await expect.poll(async () => (await owner.count()) === 0 || (await owner.first().getAttribute('data-warning')) !== answered, { timeout: 15_000 }).toBe(true);
    }
    expect(await api<EvacuationNotice[]>('owner', 'GET', `${API_PATHS.warnings}/evacuations/mine`)).toEqual([]);

    // My warnings: the low-low warning is the owner's, with its grade as regulators write it, the map, the countdown.
    const mine = await api<WarningView[]>('owner', 'GET', `${API_PATHS.warnings}?mine=1&open=1`);
    const warning = mine.find((w) => w.alarmId === 'O2-SUMP1-1:lowLow')!;
    expect(warning).toBeDefined();
    expect(warning.evacuation?.badgeIds).toEqual(expect.arrayContaining([PEOPLE.owner.badgeId, PEOPLE.inside.badgeId, PEOPLE.outside.badgeId]));
    const card = pages.owner.getByTestId(`warning-${warning.alarmId}`);
    await card.waitFor({ timeout: 15_000 });
    const gradeWords = { 1: '一级(红色)预警', 2: '二级(橙色)预警', 3: '三级(黄色)预警', 4: '四级(蓝色)预警' } as const;
    expect(await card.getByTestId('warning-grade').textContent()).toBe(gradeWords[warning.grade]);
    expect(await card.getByTestId('warning-what').textContent()).toBe('氧含量低低报 O2-SUMP1-1');
    expect(await card.getByTestId('warning-clock').getAttribute('data-kind')).toBe('ack');
    await card.getByTestId('warning-map').waitFor();
    // The page said it was read (the desk journals the receipt and marks the deliveries read).
    await card.getByTestId('warning-note').fill('已撤离，现场氧含量低，已通知维修通风');
    await pages.owner.screenshot({ path: path.join(SHOTS, '5-owner-my-warnings-zh-CN.png'), fullPage: true });
    await noEnglish(pages.owner, 'owner', 'my warnings');
    await card.getByTestId('warning-acknowledge').tap();
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 15_000 }).toBe('acknowledged');
    const acknowledged = await api<WarningView>('owner', 'GET', `${API_PATHS.warnings}/${encodeURIComponent(warning.warningId)}`);
    expect(acknowledged).toMatchObject({ state: 'acknowledged', acknowledgedBy: PEOPLE.owner.user });
    expect(acknowledged.notes.map((n) => n.text)).toContain('已撤离，现场氧含量低，已通知维修通风');
    await pages.owner.screenshot({ path: path.join(SHOTS, '6-owner-acknowledged-zh-CN.png'), fullPage: true });
  }, 240_000);
});
