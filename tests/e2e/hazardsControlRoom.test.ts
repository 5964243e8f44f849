import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS, polygonCentroid, type HazardTicketDetail } from '../../main/contracts/index.js';
import { launchChromium } from '../support/chromium.js';
import { loadDemoScene } from '../support/demoScene.js';
import { REPO_ROOT, type ServeProcess } from '../support/serveProcess.js';
import { serveDemoRecords } from '../support/demoRecordsCore.js';
import { signedInControlRoom } from '../support/signIn.js';
import { SHARED_MEDIA } from '../support/visionFixtures.js';
import { latinWords, type Finding } from '../support/zhCnText.js';

/**
 * Issue 18's control-room side in Chromium against `safetwin serve --require-auth --historian embedded` (the
 * simulator and the demo's records on, so the demo's risk register and open tickets are there), en at 1920×1080 and zh-CN at 3840×1080:
 * a ticket filed through the API with a real JPEG is a pin on the twin and the site map and a row of the tab
 * as hazard:changed pushes it (the delays printed); the commander accepts and assigns it, the operator rectifies it with an after photo, the
 * commander verifies it — all through the UI, each refusal-free; the demo's overdue major ticket blinks; a gas
 * detector removed from service raises its area's grade and the area's panel says which and why. Screenshots in
 * test-artifacts/e2e; the zh-CN views hold no English word and no raw id.
 */
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'e2e');
const USERS = { commander: ['cmd.zhou', 'zhou-hazard-pass-1'], operator: ['op.lin', 'lin-hazard-pass-1'], viewer: ['wk.luo', 'luo-hazard-pass-1'] } as const;
const USER_NAMES = new RegExp(Object.values(USERS).map(([name]) => name.replace('.', '\\.')).join('|'), 'g');
const PHOTO = path.join(SHARED_MEDIA, 'shwd_2_mixed_helmet_no_helmet.jpg');
/**
 * The issue asks for a pin "within a second"; a test does not judge speed on a shared machine (the guide), so the
 * delays are printed and the bound proves the push: the screens re-read their whole list only every 60 s.
 */
const PUSHED_WITHIN_MS = 10_000;
/** The road loading bay: its worst risk point is 较大 (LEC 3 × 6 × 15 = 270); one of its gas detectors out of service raises it to 重大. */
const DETECTOR = 'GD-LB1-C1';
const demo = loadDemoScene();

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, name), timeout: 60_000 });
}

/** English words on a zh-CN element's visible text, sign-in names aside (names are shown as the API gives them). */
async function latinIn(locator: Locator, where: string): Promise<Finding[]> {
  return latinWords((await locator.innerText()).replace(USER_NAMES, ' '), where);
}

describe('hidden dangers in the control room, en and zh-CN', () => {
  let server: ServeProcess;
  let browser: Browser;
  let url: string;
  let tokens: Record<keyof typeof USERS, string>;

  beforeAll(async () => {
    ({ server, url, tokens } = await serveDemoRecords('e2e-hazards-room', USERS));
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function api<T>(who: keyof typeof USERS, pathAndQuery: string, body: unknown, contentType = 'application/json'): Promise<T> {
    const response = await fetch(new URL(pathAndQuery, url), {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': contentType },
      body: body instanceof Uint8Array ? Buffer.from(body) : JSON.stringify(body),
    });
    const answer = (await response.json()) as T;
    expect(response.status, JSON.stringify(answer)).toBeLessThan(300);
    return answer;
  }

  function signedIn(role: keyof typeof USERS, language: 'en' | 'zh-CN', widthPx: number): Promise<Page> {
    const [name, password] = USERS[role];
    return signedInControlRoom(browser, url, { name, password }, { language, widthPx });
  }

  async function openTab(page: Page): Promise<Locator> {
    await page.getByTestId('side-tab-hazards').click();
    const panel = page.getByTestId('hazards-panel');
    await panel.waitFor({ timeout: 30_000 });
    return panel;
  }

  async function openTicket(page: Page, number: string): Promise<void> {
    await openTab(page);
    await page.locator(`[data-testid="hazard-row"][data-number="${number}"]`).click();
    await page.locator(`[data-testid="hazard-detail"][data-number="${number}"]`).waitFor({ timeout: 10_000 });
  }

  /** Takes a step on the ticket shown: its button, what it asks for, then the explicit "sign"; the state it leads to. */
  async function step(page: Page, action: string, to: string, fill: { assignee?: string; note?: string; photo?: string } = {}): Promise<void> {
    await page.getByTestId(`hazard-step-${action}`).click();
    if (fill.assignee) await page.getByTestId('hazard-step-assignee').fill(fill.assignee);
    if (fill.photo) await page.getByTestId('hazard-step-photo').setInputFiles(fill.photo);
    if (fill.note) await page.getByTestId('hazard-step-note').fill(fill.note);
    await page.getByTestId('hazard-step-sign').click();
    await expect.poll(() => page.getByTestId('hazard-detail').getAttribute('data-state'), { timeout: 15_000 }).toBe(to);
    expect(await page.getByTestId('hazard-step-outcome').getAttribute('role')).toBe('status');
  }

  it('reports a hidden danger from an alarm row with the alarm prefilled, and rejects it as not a hidden danger (en, 1920×1080)', async () => {
    const commander = await signedIn('commander', 'en', 1920);
    try {
      // The demo's simulator raises alarms of its own (restricted-zone entries, overdue tickets): the first row's button.
      const first = commander.locator('[data-testid^="report-hazard-"]').first();
      await first.waitFor({ timeout: 60_000 });
      // By its own id from here on: new alarms may come in above it.
      const alarmId = (await first.getAttribute('data-testid'))!.slice('report-hazard-'.length);
      const button = commander.getByTestId(`report-hazard-${alarmId}`);
      expect(await button.getAttribute('aria-label')).toBe('Report hidden danger');
      await button.click();
      const form = commander.getByTestId('hazard-report-form');
      expect(await form.innerText()).toContain('From the alarm:');
      await commander.getByTestId('hazard-report-description').fill('Seen from the control room: gate left open');
      await commander.getByTestId('hazard-report-send').click();
      // Filed, the new ticket opens in the tab and the row's form closes.
      const detail = commander.getByTestId('hazard-detail');
      await detail.waitFor({ timeout: 10_000 });
      const number = (await detail.getAttribute('data-number'))!;
      expect(await form.count()).toBe(0);
      expect(await detail.innerText()).toMatch(/Came from\s+an alarm/);
      const ticket = (await (await fetch(new URL(`${API_PATHS.hazards}/${number}`, url), { headers: { authorization: `Bearer ${tokens.commander}` } })).json()) as HazardTicketDetail;
      expect(ticket.ticket.source).toEqual({ kind: 'alarm', alarmId });
      expect(ticket.ticket.location.placedBy).toBe('alarm');
      await expect.poll(() => commander.getByTestId(`hazard-pin-${number}`).count(), { timeout: PUSHED_WITHIN_MS }).toBe(1);

      await commander.getByTestId('hazard-step-reject').click();
      await commander.getByTestId('hazard-step-note').fill('The gate is closed on the camera: not a hidden danger');
      await commander.getByTestId('hazard-step-sign').click();
      await expect.poll(() => detail.getAttribute('data-state'), { timeout: 15_000 }).toBe('rejected');
      await expect.poll(() => commander.getByTestId(`hazard-pin-${number}`).count(), { timeout: 5_000 }).toBe(0);
      await shot(commander, 'hazards-room-from-alarm-en-1920.png');
    } finally {
      await commander.close();
    }
  }, 180_000);

  for (const [language, widthPx] of [
    ['en', 1920],
    ['zh-CN', 3840],
  ] as const) {
    it(`shows a filed ticket as pins and a row as soon as it is announced and takes it to closed through the UI (${language}, ${widthPx}×1080)`, async () => {
      const commander = await signedIn('commander', language, widthPx);
      const operator = await signedIn('operator', language, widthPx);
      try {
      await operator.getByTestId('show-site-map').click();
      await operator.getByTestId('site-map-canvas').waitFor();
      await openTab(commander);
      await expect.poll(() => commander.getByTestId('hazard-row').count(), { timeout: 30_000 }).toBeGreaterThan(0);

      // A plant worker's report with a real photo, through the API as the phone page files it.
      const media = await api<{ ref: string }>('viewer', `${API_PATHS.hazards}/media`, new Uint8Array(readFileSync(PHOTO)), 'image/jpeg');
      // In the warehouse, away from the demo's tags: the pin has room to be drawn and clicked.
      const [x, y] = polygonCentroid(demo.areas.find((a) => a.id === 'warehouse')!.polygon);
      const filed = await api<HazardTicketDetail>('viewer', API_PATHS.hazards, {
        source: { kind: 'phone' },
        location: { point: [x, y], floor: 0, placedBy: 'pin' },
        kind: 'housekeeping',
        description: language === 'en' ? 'Drums block the escape route of the warehouse' : '仓库逃生通道被空桶堵塞',
        media: [{ ref: media.ref, kind: 'photo', stage: 'report', takenAtMs: Date.now() - 60_000 }],
      });
      const number = filed.ticket.number;
      const filedAtMs = Date.now();
      const pin = commander.getByTestId(`hazard-pin-${number}`);
      const row = commander.locator(`[data-testid="hazard-row"][data-number="${number}"]`);
      // The twin's pin and the tab's row on one screen, the site map's pin on the other, pushed by hazard:changed.
      const appeared = async (shown: () => Promise<boolean>) => {
        while (!(await shown()) && Date.now() - filedAtMs < 2 * PUSHED_WITHIN_MS) await new Promise((resolve) => setTimeout(resolve, 25));
        return Date.now() - filedAtMs;
      };
      const mapPins = async () => (await operator.getByTestId('site-map-canvas').getAttribute('data-hazard-pins'))?.split(' ') ?? [];
      const delaysMs = await Promise.all([appeared(async () => (await pin.count()) + (await row.count()) === 2), appeared(async () => (await mapPins()).includes(number))]);
      console.info(`hazard pin latency (${language}, ${widthPx} px): twin pin and row ${delaysMs[0]} ms, site map pin ${delaysMs[1]} ms after the report's answer`);
      expect(delaysMs[0], `twin pin and row after ${delaysMs[0]} ms`).toBeLessThanOrEqual(PUSHED_WITHIN_MS);
      expect(delaysMs[1], `site map pin after ${delaysMs[1]} ms`).toBeLessThanOrEqual(PUSHED_WITHIN_MS);
      expect((await operator.getByTestId('site-map-canvas').getAttribute('data-layers'))?.split(' ')).toContain('hazards');
      // Newest first: the new report heads the list; a general danger, not overdue, is grey.
      expect(await commander.getByTestId('hazard-row').first().getAttribute('data-number')).toBe(number);
      expect(await pin.getAttribute('data-grade')).toBe('general');

      // The demo's major relief-valve ticket, returned for rework and past its 4 h: overdue, blinking, with its escalation level.
      const overdueRow = commander.locator('[data-testid="hazard-row"][data-overdue="true"]').first();
      const overdueNumber = (await overdueRow.getAttribute('data-number'))!;
      expect(await overdueRow.getByTestId('hazard-deadline').innerText()).toMatch(language === 'en' ? /overdue .* escalation level [1-3]/ : /已超期 .* [1-3] 级升级督办/);
      const overduePin = commander.getByTestId(`hazard-pin-${overdueNumber}`);
      expect(await overduePin.getAttribute('data-overdue')).toBe('true');
      expect(await overduePin.evaluate((b) => getComputedStyle(b).animationName)).toBe('hazard-pin-blink');
      // On the site map, a ring over the canvas at the pin blinks the same way.
      const mapRing = operator.locator(`[data-testid="hazard-map-blinks"] [data-number="${overdueNumber}"]`);
      await expect.poll(() => mapRing.count(), { timeout: 5_000 }).toBe(1);
      expect(await mapRing.evaluate((e) => getComputedStyle(e).animationName)).toBe('hazard-pin-blink');
      expect(await operator.getByTestId('hazard-map-blinks').locator('span').count()).toBe(await commander.locator('[data-testid="hazard-row"][data-overdue="true"]').count());
      const [urgent, grey] = await Promise.all([overdueRow.getByTestId('hazard-deadline').evaluate((e) => getComputedStyle(e).color), row.getByTestId('hazard-deadline').evaluate((e) => getComputedStyle(e).color)]);
      expect(urgent).not.toBe(grey);
      await shot(commander, `hazards-room-list-${language}-${widthPx}.png`);
      if (language === 'zh-CN') expect(await latinIn(commander.getByTestId('hazards-panel'), 'hazards tab')).toEqual([]);

      // The commander: the pin opens the ticket; accept and assign to the operator.
      await pin.click();
      await commander.locator(`[data-testid="hazard-detail"][data-number="${number}"]`).waitFor({ timeout: 10_000 });
      await expect.poll(() => commander.getByTestId('hazard-photo-report').count(), { timeout: 10_000 }).toBe(1);
      await step(commander, 'accept', 'accepted');
      await step(commander, 'assign', 'rectifying', { assignee: USERS.operator[0] });

      // The operator, on another screen: rectifies with an after photo.
      await operator.getByTestId('side-tab-hazards').click();
      await openTicket(operator, number);
      await step(operator, 'rectify', 'awaitingVerification', { note: language === 'en' ? 'Drums moved to the store, route clear' : '空桶已移至库房，通道畅通', photo: PHOTO });
      await expect.poll(() => operator.getByTestId('hazard-photo-rectification').count(), { timeout: 10_000 }).toBe(1);
      // Before and after side by side.
      const [before, after] = await Promise.all([operator.getByTestId('hazard-photo-report').boundingBox(), operator.getByTestId('hazard-photo-rectification').boundingBox()]);
      expect(after!.x).toBeGreaterThan(before!.x + before!.width / 2);
      expect(Math.abs(after!.y - before!.y)).toBeLessThan(5);
      await shot(operator, `hazards-room-rectified-${language}-${widthPx}.png`);

      // The commander verifies and closes it: the pin goes, the trail names each step.
      await expect.poll(() => commander.getByTestId('hazard-detail').getAttribute('data-state'), { timeout: 10_000 }).toBe('awaitingVerification');
      await step(commander, 'verify', 'closed');
      const trail = await commander.getByTestId('hazard-trail').innerText();
      expect(trail).toContain(USERS.operator[0]);
      expect(trail.split('\n')).toHaveLength(5);
      await expect.poll(() => pin.count(), { timeout: 5_000 }).toBe(0);
      await shot(commander, `hazards-room-closed-${language}-${widthPx}.png`);
      if (language === 'zh-CN') expect(await latinIn(commander.getByTestId('hazard-detail'), 'hazard detail')).toEqual([]);
      } finally {
        await Promise.all([commander.close(), operator.close()]);
      }
    }, 240_000);

    it(`raises an area's grade while its gas detector is out of service and says why (${language}, ${widthPx}×1080)`, async () => {
      const commander = await signedIn('commander', language, widthPx);
      const area = demo.areas.find((a) => a.id === 'loading')!;
      await commander.getByTestId('site-search-input').fill(area.name[language === 'en' ? 'en' : 'zh-CN'] ?? area.name.en);
      await commander.locator('[data-testid="site-search-results"] [data-kind="area"][data-id="loading"]').dispatchEvent('mousedown');
      const risk = commander.getByTestId('area-risk');
      await expect.poll(() => risk.getAttribute('data-grade'), { timeout: 30_000 }).toBe('large');
      expect(await risk.getAttribute('data-from-register')).toBe('true');

      const socket: Socket = io(url, { transports: ['websocket'], auth: { token: tokens.commander }, reconnection: false });
      try {
        await new Promise<void>((resolve, reject) => {
          socket.once('session:hello', () => resolve());
          socket.once('connect_error', reject);
        });
        expect(await socket.emitWithAck('player:command', { action: 'alarm', command: { action: 'removeFromService', target: DETECTOR, reason: language === 'en' ? 'calibration' : '标定' } })).toMatchObject({ ok: true, value: { errors: [] } });
        await expect.poll(() => risk.getAttribute('data-grade'), { timeout: 15_000 }).toBe('major');
        const causes = await commander.getByTestId('area-risk-causes').innerText();
        expect(causes).toContain(DETECTOR);
        expect(causes).toContain(language === 'en' ? 'is out of service' : '已停用');
        expect(await commander.getByTestId('area-risk-grade').innerText()).toContain(language === 'en' ? 'Major risk' : '重大风险');
        await shot(commander, `hazards-room-area-raised-${language}-${widthPx}.png`);
        if (language === 'zh-CN') expect(await latinIn(commander.getByTestId('area-risk'), 'area risk')).toEqual([]);
        expect(await socket.emitWithAck('player:command', { action: 'alarm', command: { action: 'returnToService', target: DETECTOR, reason: language === 'en' ? 'calibrated' : '标定完成' } })).toMatchObject({ ok: true, value: { errors: [] } });
        await expect.poll(() => risk.getAttribute('data-grade'), { timeout: 15_000 }).toBe('large');
      } finally {
        socket.disconnect();
        await commander.close();
      }
    }, 180_000);
  }
});
