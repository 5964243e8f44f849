import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS, rtlsTopic, type Checkpoint, type HazardTicketDetail, type InspectionPlan, type InspectionSlotView, type Point2 } from '../../main/contracts/index.js';
import { parseDemoHazardsFile } from '../../main/hazards/index.js';
import { DEMO_SCENE_PATH } from '../../main/platform/packageInfo.js';
import { launchChromium } from '../support/chromium.js';
import { loadDemoScene } from '../support/demoScene.js';
import { Mosquitto } from '../support/mosquitto.js';
import { REPO_ROOT, SAFETWIN_BIN, serve, type ServeProcess } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';
import { SHARED_MEDIA } from '../support/visionFixtures.js';
import { latinWords } from '../support/zhCnText.js';

/**
 * Issue 18 item 4's inspection round on the phone page (/report, 巡检 tab) in Chromium at a phone's viewport
 * (390×844, touch) against `safetwin serve --require-auth --historian embedded` on a Mosquitto broker, with the
 * demo plant's inspection plans (scenes/demo-plant/demo-hazards.json) filed through the API as the safety side
 * files plans. No simulator runs: the test is the RTLS system, publishing the inspector's badge to the scene's
 * RTLS topic, so nothing else moves it. An operator signs in on the phone, starts the due round of a plan with
 * their badge, tries to check in at the first checkpoint while the badge is 40 m away (refused, the distance in
 * words), the badge walks to the checkpoint, the check-in is verified, the checklist opens: a reading typed out
 * of range is marked abnormal at once and corrected, one judgement is 异常 with a real JPEG and an urgency, and
 * the results open a ticket, shown by number and followed to 我的上报. In zh-CN the round is walked to its end and
 * the plan's slot reads 已巡检. Screenshots in test-artifacts/e2e; the zh-CN page holds no English word.
 */
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'e2e');
const demo = loadDemoScene();
const USERS = { inspector: ['op.zhang', 'zhang-round-pass-1', 'operator'], commander: ['cmd.wu', 'wu-round-pass-1', 'commander'] } as const;
const PHOTO = path.join(SHARED_MEDIA, 'shwd_2_mixed_helmet_no_helmet.jpg');
/** How far from the checkpoint the badge first stands: the "no proxy check-ins" against a 5 m radius. */
const AWAY_M = 40;
/** The badge reports twice a second, as an RTLS system does (1–5 s); the core's check-in window is a minute. */
const BADGE_PERIOD_MS = 500;
const DAY_MS = 86_400_000;

const demoFile = (() => {
  const parsed = parseDemoHazardsFile(readFileSync(path.join(path.dirname(DEMO_SCENE_PATH), 'demo-hazards.json'), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.file;
})();

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true, timeout: 60_000 });
}

/** A reading inside an item's normal range: the middle of it, or half the upper bound, or above the lower. */
function normalReading(item: Extract<Checkpoint['items'][number], { kind: 'reading' }>): number {
  if (item.min !== undefined && item.max !== undefined) return (item.min + item.max) / 2;
  return item.max !== undefined ? item.max / 2 : item.min! + 1;
}

describe('an inspection round on the phone, en and zh-CN', () => {
  let broker: Mosquitto;
  let server: ServeProcess;
  let browser: Browser;
  let publisher: MqttClient;
  let url: string;
  const tokens: Record<string, string> = {};
  /** Where each badge is now: published every BADGE_PERIOD_MS until the test ends. */
  const badges = new Map<string, Point2>();
  let badgeTimer: ReturnType<typeof setInterval> | undefined;

  beforeAll(async () => {
    broker = await Mosquitto.start();
    const dataDir = makeTempDir('e2e-round-phone');
    for (const [name, password, role] of Object.values(USERS)) {
      const added = spawnSync(process.execPath, [SAFETWIN_BIN, 'users', 'add', name, '--role', role, '--password-stdin', '--data-dir', dataDir], { input: `${password}\n`, encoding: 'utf8' });
      expect(added.status, added.stderr).toBe(0);
    }
    server = serve(['--port', '0', '--mqtt-url', broker.url, '--data-dir', dataDir, '--require-auth', '--historian', 'embedded', '--no-record', '--log-level', 'warn']);
    url = await server.url;
    for (const [key, [name, password]] of Object.entries(USERS)) {
      const login = await fetch(new URL(API_PATHS.login, url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: name, password }) });
      tokens[key] = ((await login.json()) as { token: string }).token;
    }
    // The demo's plans, taking effect two days ago: today's slot of each is open (A daily, B every two days, C twice a week).
    const anchorDate = new Date(Date.now() - 2 * DAY_MS).toISOString().slice(0, 10);
    for (const { plan } of demoFile.inspectionPlans) await api('commander', 'PUT', `${API_PATHS.inspections}/plans/${plan.id}`, { ...plan, anchorDate });
    publisher = await connectAsync(broker.url, { clientId: 'round-phone-rtls', reconnectPeriod: 0 });
    badgeTimer = setInterval(publishBadges, BADGE_PERIOD_MS);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    clearInterval(badgeTimer);
    await publisher?.endAsync();
    await browser?.close();
    await server?.stop();
    await broker?.stop();
  });

  function publishBadges(): void {
    for (const [badgeId, [x, y]] of badges) publisher.publish(rtlsTopic(demo.site.id, badgeId), JSON.stringify({ x, y, floor: 0, ts: Date.now() }));
  }
  /** Moves a badge and publishes it at once. */
  function badgeAt(badgeId: string, at: Point2): void {
    badges.set(badgeId, at);
    publishBadges();
  }

  async function api<T>(user: keyof typeof USERS, method: 'GET' | 'POST' | 'PUT', apiPath: string, body?: unknown): Promise<T> {
    const response = await fetch(new URL(apiPath, url), { method, headers: { authorization: `Bearer ${tokens[user]}`, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    const text = await response.text();
    expect(response.ok, `${method} ${apiPath}: ${text}`).toBe(true);
    return JSON.parse(text) as T;
  }

  async function phonePage(language: 'en' | 'zh-CN'): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: language === 'en' ? 'en-US' : 'zh-CN' });
    await context.addInitScript((lang) => localStorage.setItem('safetwin.language', lang), language);
    return { context, page: await context.newPage() };
  }

  async function signIn(page: Page): Promise<void> {
    const [name, password] = USERS.inspector;
    await page.goto(new URL('/report', url).href);
    await page.locator('input[name=username]').waitFor({ timeout: 60_000 });
    await page.locator('input[name=username]').fill(name);
    await page.locator('input[name=password]').fill(password);
    await page.locator('button[type=submit]').click();
    await expect.poll(() => page.getByTestId('user-badge').textContent(), { timeout: 60_000 }).toContain(name);
  }

  /** Checks in at the checkpoint shown once the page sees the badge there (the core reads the same RTLS feed). */
  async function checkInHere(page: Page, checkpoint: Checkpoint, badgeId: string): Promise<void> {
    badgeAt(badgeId, checkpoint.point);
    const card = page.getByTestId('round-checkpoint');
    await expect.poll(() => card.getAttribute('data-checkpoint')).toBe(checkpoint.id);
    const place = (await card.locator('.report-place-words').textContent())!;
    await expect.poll(async () => (await page.getByTestId('round-badge-place').textContent())!.includes(place), { timeout: 15_000 }).toBe(true);
    await page.getByTestId('round-check-in').tap();
    await expect.poll(() => page.getByTestId('round-check-in-outcome').getAttribute('data-verified'), { timeout: 15_000 }).toBe('true');
  }

  /** Answers every item of a checkpoint as normal (readings inside their range) and sends them. */
  async function allNormal(page: Page, checkpoint: Checkpoint): Promise<void> {
    for (const item of checkpoint.items) {
      if (item.kind === 'reading') await page.getByTestId(`round-reading-${item.id}`).fill(String(normalReading(item)));
      else await page.getByTestId(`round-normal-${item.id}`).tap();
    }
    await page.getByTestId('round-submit').tap();
    await page.getByTestId('round-sent').waitFor({ timeout: 15_000 });
  }

  for (const [language, planId] of [
    ['en', 'XJ-A-01'],
    ['zh-CN', 'XJ-C-01'],
  ] as const) {
    it(`walks a round from the phone: refused 40 m away, checked in at the checkpoint, a finding with a photo opens a ticket (${language}, ${planId})`, async () => {
      const en = language === 'en';
      const { plan, inspector } = demoFile.inspectionPlans.find((p) => p.plan.id === planId)!;
      const badgeId = inspector.badgeId;
      const [first, ...rest] = plan.checkpoints as Checkpoint[];
      const reading = first!.items.find((i) => i.kind === 'reading') as Extract<Checkpoint['items'][number], { kind: 'reading' }>;
      const finding = first!.items.find((i) => i.kind === 'judgement')!;
      // 40 m south of the first checkpoint: on site, plainly not there.
      badgeAt(badgeId, [first!.point[0], first!.point[1] - AWAY_M]);

      const { context, page } = await phonePage(language);
      await signIn(page);
      await page.getByTestId('report-tab-rounds').tap();
      // The badge the page remembers (the report page's "my badge position" keeps the same one).
      await page.getByTestId('round-badge-id').fill(badgeId);
      const row = page.getByTestId(`round-plan-${planId}`);
      await row.waitFor({ timeout: 30_000 });
      expect(await row.getAttribute('data-status')).toBe('due');
      expect(await row.getByTestId('round-slot-status').textContent()).toMatch(en ? /^Due now · / : /^待巡检 · /);
      await shot(page, `round-phone-${language}-1-plans.png`);

      // The start button of the slot due now (at some hours of the day an earlier slot is overdue and has its own button).
      const startDue = row.locator(`[data-testid="round-start-${planId}"][data-slot-status="due"]`);
      await startDue.tap();
      const walk = page.getByTestId('round-walk');
      await walk.waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('round-progress').textContent()).toBe(en ? `0 of ${plan.checkpoints.length} checkpoints done` : `已完成 0 / ${plan.checkpoints.length} 个巡检点`);
      expect(await page.evaluate(() => localStorage.getItem('safetwin.reportBadge'))).toBe(badgeId);
      // The checkpoints in walking order, the first the next; the map is drawn; the badge is placed in words.
      expect(await walk.locator('[data-testid^="round-cp-"]').evaluateAll((items) => items.map((li) => li.getAttribute('data-testid')!.slice('round-cp-'.length)))).toEqual(plan.checkpoints.map((c) => c.id));
      expect(await page.getByTestId('round-checkpoint').getAttribute('data-checkpoint')).toBe(first!.id);
      await page.getByTestId('round-map').waitFor();
      await expect.poll(() => page.getByTestId('round-badge-place').textContent(), { timeout: 15_000 }).toMatch(en ? /^Your badge: / : /^您的定位卡：/);
      await shot(page, `round-phone-${language}-2-started.png`);

      // 到位签到 40 m away: recorded, refused as not there, with the distance in words; no checklist.
      await page.getByTestId('round-check-in').tap();
      const outcome = page.getByTestId('round-check-in-outcome');
      await expect.poll(() => outcome.getAttribute('data-verified'), { timeout: 15_000 }).toBe('false');
      expect(await outcome.textContent()).toBe(en ? `Your badge is ${AWAY_M} m from the checkpoint: not there yet` : `工牌距巡检点 ${AWAY_M} 米，未到位`);
      expect(await page.getByTestId('round-checklist').count()).toBe(0);
      expect(await page.getByTestId('round-check-in').textContent()).toBe(en ? 'Try again' : '再试一次');
      await shot(page, `round-phone-${language}-3-not-there.png`);

      // The badge walks to the checkpoint: the next try is verified and the checklist opens.
      await checkInHere(page, first!, badgeId);
      await page.getByTestId('round-checklist').waitFor();
      await shot(page, `round-phone-${language}-4-checked-in.png`);

      // A reading above its range is abnormal as soon as it is typed; corrected, it is normal again.
      const outOfRange = reading.max !== undefined ? reading.max + 1 : reading.min! - 1;
      await page.getByTestId(`round-reading-${reading.id}`).fill(String(outOfRange));
      await page.getByTestId(`round-out-of-range-${reading.id}`).waitFor();
      expect(await page.getByTestId(`round-item-${reading.id}`).getAttribute('data-standing')).toBe('abnormal');
      await shot(page, `round-phone-${language}-5-out-of-range.png`);
      await page.getByTestId(`round-reading-${reading.id}`).fill(String(normalReading(reading)));
      expect(await page.getByTestId(`round-item-${reading.id}`).getAttribute('data-standing')).toBe('normal');

      // One judgement abnormal: urgency 重大 (its note says why), a real photo; the other items normal.
      await page.getByTestId(`round-abnormal-${finding.id}`).tap();
      await page.getByTestId(`round-urgency-${finding.id}-major`).tap();
      await page.getByTestId(`round-photo-input-${finding.id}`).setInputFiles(PHOTO);
      await page.getByTestId(`round-photo-${finding.id}`).waitFor({ timeout: 30_000 });
      for (const item of first!.items) {
        if (item.id === reading.id || item.id === finding.id) continue;
        if (item.kind === 'reading') await page.getByTestId(`round-reading-${item.id}`).fill(String(normalReading(item)));
        else await page.getByTestId(`round-normal-${item.id}`).tap();
      }
      // Sent without the note a major finding needs: said, nothing sent.
      await page.getByTestId('round-submit').tap();
      await page.getByTestId(`round-problem-${finding.id}`).waitFor();
      const note = en ? '法兰处有滴漏，已通知班长（一）' : '法兰处有滴漏，已通知班长（二）';
      await page.getByTestId(`round-note-${finding.id}`).fill(note);
      await shot(page, `round-phone-${language}-6-finding.png`);
      await page.getByTestId('round-submit').tap();

      // The ticket it opened, by number, the finding's kind, grade, photo and place; the round moved on.
      const sent = page.getByTestId('round-sent');
      await sent.waitFor({ timeout: 15_000 });
      const numbers = await sent.getByTestId('round-ticket').allTextContents();
      expect(numbers).toHaveLength(1);
      expect(numbers[0]).toMatch(/^HD-\d{8}-\d{3}$/);
      const detail = await api<HazardTicketDetail>('commander', 'GET', `${API_PATHS.hazards}/${numbers[0]}`);
      expect(detail.ticket).toMatchObject({ state: 'reported', grade: 'major', majorBasis: note, kind: finding.hazardKind, reporter: USERS.inspector[0], source: { kind: 'inspection', planId, checkpointId: first!.id, itemId: finding.id }, location: { placedBy: 'checkpoint', point: first!.point } });
      expect(detail.ticket.media.map((m) => [m.kind, m.stage])).toEqual([['photo', 'report']]);
      expect(await page.getByTestId('round-progress').textContent()).toBe(en ? `1 of ${plan.checkpoints.length} checkpoints done` : `已完成 1 / ${plan.checkpoints.length} 个巡检点`);
      await shot(page, `round-phone-${language}-7-ticket.png`);

      // Followed in 我的上报, then back to the round where it was: at its next checkpoint.
      await sent.getByTestId('round-follow').tap();
      await page.getByTestId(`mine-${numbers[0]}`).waitFor({ timeout: 15_000 });
      await shot(page, `round-phone-${language}-8-mine.png`);
      await page.getByTestId('report-tab-rounds').tap();
      await expect.poll(() => page.getByTestId('round-checkpoint').getAttribute('data-checkpoint')).toBe(rest[0]!.id);

      if (!en) {
        // The rest of the round, every item normal: complete, and the plan's slot reads 已巡检 when the plans are read again.
        for (const [i, checkpoint] of rest.entries()) {
          await checkInHere(page, checkpoint, badgeId);
          await allNormal(page, checkpoint);
          expect(await page.getByTestId('round-sent').textContent()).toContain('各项正常，未生成隐患单');
          if (i < rest.length - 1) await page.getByTestId('round-next').tap();
        }
        await page.getByTestId('round-complete').waitFor();
        expect(await page.getByTestId('round-walk').getAttribute('data-complete')).toBe('true');
        await shot(page, `round-phone-${language}-9-complete.png`);
        expect(latinWords((await page.locator('body').innerText()).replaceAll(USERS.inspector[0], ' '), 'phone round page')).toEqual([]);
        await page.getByTestId('round-back').tap();
        await expect.poll(() => row.getAttribute('data-status'), { timeout: 15_000 }).toBe('done');
        expect(await row.getByTestId('round-slot-status').textContent()).toMatch(/^已巡检 · /);
        expect(await startDue.count()).toBe(0);
        await shot(page, `round-phone-${language}-10-plans-done.png`);
        expect(latinWords((await page.locator('body').innerText()).replaceAll(USERS.inspector[0], ' '), 'phone round plans')).toEqual([]);
        // As the core lists it.
        const now = Date.now();
        const listed = await api<{ plan: InspectionPlan; slots: InspectionSlotView[] }[]>('commander', 'GET', `${API_PATHS.inspections}?from=${now - 1}&to=${now}`);
        expect(listed.find((p) => p.plan.id === planId)!.slots.map((s) => s.status)).toEqual(['done']);
      }
      await context.close();
    });
  }
});
