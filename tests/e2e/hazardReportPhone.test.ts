import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS, describePosition, type HazardChange, type HazardTicketDetail, type HazardTicketView, type Point2 } from '../../main/contracts/index.js';
import { freeLoopbackPort } from '../../main/platform/network.js';
import { mapFrame, plantBounds, zoomedBounds } from '../../renderer/src/hazards/report/reportModel.js';
import { aBadgeOnSite } from '../support/badgeOnSite.js';
import { launchChromium } from '../support/chromium.js';
import { loadDemoScene } from '../support/demoScene.js';
import { REPO_ROOT, SAFETWIN_BIN, serve, type ServeProcess } from '../support/serveProcess.js';
import type { CoreSocket } from '../support/socketRequest.js';
import { makeTempDir } from '../support/tempDir.js';
import { SHARED_MEDIA } from '../support/visionFixtures.js';
import { latinWords } from '../support/zhCnText.js';

/**
 * Issue 18 item 2's phone report page in Chromium at a phone's viewport (390×844, touch) against `safetwin serve
 * --require-auth --historian embedded` (its MQTT broker, the demo plant and its simulator), in en and zh-CN: a
 * plant worker (a viewer account) opens http://<core>/report, signs in, picks the kind, describes the danger,
 * takes two photos (real JPEGs through the file input, the larger downscaled to 1600 px in the browser), records a voice note (Chromium's fake microphone, en round)
 * and places a pin on the small site map (tapped, zoomed in around it, tapped again), and sends it. The screens'
 * `hazard:changed` announces it (the delay printed), and the control room at 1920×1080 (a commander, another browser
 * context) shows its pin where the renderer has pins. The commander accepts and assigns it, the operator
 * rectifies it with an after photo, the commander verifies and closes it (all through the API, as the control
 * room's screens do); the reporter's page shows each step as it happens, then the before and after photos.
 * What the worker types is Chinese in both rounds. Screenshots at each step in test-artifacts/e2e; the zh-CN page
 * holds no English word and no raw id.
 */
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'e2e');
const demo = loadDemoScene();
const USERS = { worker: ['wang.fang', 'wang-hazard-pass-1', 'viewer'], commander: ['cmd.zhang', 'zhang-hazard-pass-1', 'commander'], operator: ['op.li', 'li-hazard-pass-1', 'operator'] } as const;
const PHOTO = path.join(SHARED_MEDIA, 'shwd_2_mixed_helmet_no_helmet.jpg');
/** 2121×1414: larger than the 1600 px the page sends, so the browser downscales it (to 1600×1067). */
const LARGE_PHOTO = path.join(SHARED_MEDIA, 'shwd_4_workers_helmets_vests.jpg');
/** 4 m south of pump P-201: the pin's target in plant metres, and the landmark the page names it by. */
const pump = demo.equipment.find((e) => e.id === 'P-201')!;
const TARGET: Point2 = [pump.position.x, pump.position.y - 4];
const targetLandmark = describePosition(demo, TARGET[0], TARGET[1]).landmark!.id;
/**
 * Issue 18: "appears as a pin on the wall within a second". A test does not judge speed on a shared machine (the
 * guide): the delays are printed, and the bound proves the push (the screens re-read their lists only every 60 s).
 */
const PUSHED_WITHIN_MS = 10_000;
/** The reporter's page follows each step: a re-read on `hazard:changed`, a few round trips. */
const STEP_SHOWN_MS = 5_000;

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true, timeout: 60_000 });
}

describe('the phone report page, en and zh-CN', () => {
  let server: ServeProcess;
  let browser: Browser;
  let url: string;
  let brokerPort: number;
  const tokens: Record<string, string> = {};
  let socket: CoreSocket;
  const changes: { change: HazardChange; atMs: number }[] = [];
  /** The built renderer draws hazard pins (the control room's views are built beside this page). */
  const bundleHasPins = readdirSync(path.join(REPO_ROOT, 'dist', 'renderer', 'assets')).some((file) => file.endsWith('.js') && readFileSync(path.join(REPO_ROOT, 'dist', 'renderer', 'assets', file), 'utf8').includes('hazard-pin-'));

  beforeAll(async () => {
    const dataDir = makeTempDir('e2e-hazard-phone');
    for (const [name, password, role] of Object.values(USERS)) {
      const added = spawnSync(process.execPath, [SAFETWIN_BIN, 'users', 'add', name, '--role', role, '--password-stdin', '--data-dir', dataDir], { input: `${password}\n`, encoding: 'utf8' });
      expect(added.status, added.stderr).toBe(0);
    }
    brokerPort = await freeLoopbackPort();
    server = serve(['--port', '0', '--broker-port', String(brokerPort), '--data-dir', dataDir, '--require-auth', '--historian', 'embedded', '--no-record', '--log-level', 'warn']);
    url = await server.url;
    for (const [key, [name, password]] of Object.entries(USERS)) {
      const login = await fetch(new URL(API_PATHS.login, url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: name, password }) });
      tokens[key] = ((await login.json()) as { token: string }).token;
    }
    socket = io(url, { transports: ['websocket'], auth: { token: tokens.commander }, reconnection: false });
    socket.on('hazard:changed', (change) => changes.push({ change, atMs: Date.now() }));
    await new Promise<void>((resolve, reject) => {
      socket.once('session:hello', () => resolve());
      socket.once('connect_error', reject);
    });
    // A fake microphone (a tone), granted without a prompt: the voice note is recorded for real by MediaRecorder.
    browser = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);
  }, 120_000);

  afterAll(async () => {
    socket?.close();
    await browser?.close();
    await server?.stop();
  });

  async function api<T>(user: keyof typeof USERS, method: 'GET' | 'POST', apiPath: string, body?: unknown, type = 'application/json'): Promise<T> {
    const response = await fetch(new URL(apiPath, url), {
      method,
      headers: { authorization: `Bearer ${tokens[user]}`, ...(body !== undefined && { 'content-type': type }) },
      ...(body !== undefined && { body: body instanceof Uint8Array ? Buffer.from(body) : JSON.stringify(body) }),
    });
    const text = await response.text();
    expect(response.ok, `${method} ${apiPath}: ${text}`).toBe(true);
    return JSON.parse(text) as T;
  }

  async function signIn(page: Page, user: keyof typeof USERS): Promise<void> {
    const [name, password] = USERS[user];
    await page.locator('input[name=username]').fill(name);
    await page.locator('input[name=password]').fill(password);
    await page.locator('button[type=submit]').click();
    await expect.poll(() => page.getByTestId('user-badge').textContent(), { timeout: 60_000 }).toContain(name);
  }

  async function phonePage(language: 'en' | 'zh-CN'): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: language === 'en' ? 'en-US' : 'zh-CN' });
    await context.addInitScript((lang) => localStorage.setItem('safetwin.language', lang), language);
    return { context, page: await context.newPage() };
  }

  /** Taps the map where `target` is drawn at the map's present zoom, the pin (if any) its centre. */
  async function tapMap(page: Page, target: Point2, zoom: number, pin: Point2 | null): Promise<void> {
    const canvas = page.getByTestId('report-map');
    await expect.poll(() => canvas.getAttribute('data-zoom')).toBe(String(zoom));
    const box = (await canvas.boundingBox())!;
    const bounds = plantBounds(demo.areas.map((a) => a.polygon))!;
    const [x, y] = mapFrame(zoomedBounds(bounds, zoom, pin), box.width, box.height).toPx(target);
    await canvas.tap({ position: { x, y } });
  }

  /** The step shown as where the report stands now on the reporter's page, and the steps shown done. */
  const stepsShown = (page: Page, number: string) =>
    page
      .getByTestId(`mine-${number}`)
      .locator('[data-testid^="mine-step-"]')
      .evaluateAll((items) => items.map((li) => `${li.getAttribute('data-testid')!.slice('mine-step-'.length)}:${li.getAttribute('data-status')}`).join(' '));

  for (const language of ['en', 'zh-CN'] as const) {
    it(`reports from a phone with two photos and a pin, the control room sees it as it is announced, and the reporter follows it to closed (${language})`, async () => {
      const en = language === 'en';
      // The page is served at /report, as a phone opens it.
      const served = await fetch(new URL('/report', url));
      expect(served.status).toBe(200);
      expect(await served.text()).toContain('<div id="root">');

      const { context: phoneContext, page: phone } = await phonePage(language);
      await phone.goto(new URL('/report', url).href);
      await phone.locator('input[name=username]').waitFor({ timeout: 60_000 });
      if (en) await shot(phone, 'hazard-phone-en-0-sign-in.png');
      await signIn(phone, 'worker');
      await phone.getByTestId('report-form').waitFor({ timeout: 60_000 });

      // The control room, signed in as the commander, on its own browser context at a desk's size.
      const roomContext = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: en ? 'en-US' : 'zh-CN' });
      await roomContext.addInitScript((lang) => localStorage.setItem('safetwin.language', lang), language);
      const room = await roomContext.newPage();
      await room.goto(url);
      await signIn(room, 'commander');

      // An empty form says what is missing, without sending.
      await phone.getByTestId('report-send').tap();
      await phone.getByTestId('report-missing-kind').waitFor();
      expect(await phone.getByTestId('report-missing-place').count()).toBe(1);

      await phone.getByTestId('report-kind-leak').tap();
      // What the worker types is Chinese in both rounds, as at a Chinese plant: the zh-CN list shows the en round's report too.
      const description = `P-201 出口法兰滴漏，泵下有积液（${en ? '一' : '二'}）`;
      await phone.getByTestId('report-description').fill(description);
      // Two photos at once, as a phone's picker gives them.
      await phone.getByTestId('report-photo-input').setInputFiles([PHOTO, LARGE_PHOTO]);
      const photos = phone.getByTestId('report-photo');
      await expect.poll(() => photos.evaluateAll((items) => items.map((li) => li.getAttribute('data-state')).join(' ')), { timeout: 30_000 }).toBe('sent sent');
      // Downscaled in the browser: each thumbnail is the JPEG sent, the large one at 1600 px on its long side.
      const sizes = await photos.locator('img').evaluateAll((imgs) => imgs.map((img) => [(img as HTMLImageElement).naturalWidth, (img as HTMLImageElement).naturalHeight]));
      expect(sizes).toEqual([
        [800, 533],
        [1600, 1067],
      ]);

      if (en) {
        await phone.getByTestId('report-voice-record').tap();
        await phone.getByTestId('report-voice-stop').waitFor();
        await phone.waitForTimeout(1_500);
        await phone.getByTestId('report-voice-stop').tap();
        await expect.poll(() => phone.getByTestId('report-voice-status').textContent(), { timeout: 30_000 }).toMatch(/sent/);
      }

      // The pin: tapped on the whole plant, zoomed in twice around it (4×), tapped again on the target.
      await tapMap(phone, TARGET, 1, null);
      await phone.getByTestId('report-place-words').waitFor();
      await phone.getByTestId('report-place').screenshot({ path: path.join(ARTIFACTS, `hazard-phone-${language}-1a-map.png`) });
      const firstPin = (await phone.getByTestId('report-map').getAttribute('data-pin'))!.split(',').map(Number) as Point2;
      expect(Math.hypot(firstPin[0] - TARGET[0], firstPin[1] - TARGET[1])).toBeLessThan(3);
      await phone.getByTestId('report-map-zoom-in').tap();
      await phone.getByTestId('report-map-zoom-in').tap();
      // Zoomed in around the pin as placed: the second tap puts it within a metre.
      await tapMap(phone, TARGET, 4, firstPin);
      expect(await phone.getByTestId('report-place-words').textContent()).toContain(targetLandmark);
      await shot(phone, `hazard-phone-${language}-1-form.png`);

      // The control room's next new pin, watched from before the tap (every 50 ms), so its time is the page's own.
      const pinsBefore = await room.locator('[data-testid^="hazard-pin-"]').evaluateAll((pins) => pins.map((pin) => pin.getAttribute('data-testid')!));
      const newPin = bundleHasPins
        ? room
            .waitForFunction((before) => [...document.querySelectorAll('[data-testid^="hazard-pin-"]')].map((pin) => pin.getAttribute('data-testid')!).find((id) => !before.includes(id)) ?? false, pinsBefore, { polling: 50, timeout: 30_000 })
            .then(async (found) => ({ id: (await found.jsonValue()) as string, atMs: Date.now() }))
        : null;
      const sentAtMs = Date.now();
      await phone.getByTestId('report-send').tap();
      await phone.getByTestId('report-number').waitFor({ timeout: 30_000 });
      const number = (await phone.getByTestId('report-number').textContent())!.trim();
      expect(number).toMatch(/^HD-\d{8}-\d{3}$/);
      await shot(phone, `hazard-phone-${language}-2-reported.png`);

      // The screens hear of it by hazard:changed, and the register has it as sent.
      await expect.poll(() => changes.find((c) => c.change.number === number && c.change.change === 'report'), { timeout: 10_000 }).toBeDefined();
      const announced = changes.find((c) => c.change.number === number)!;
      console.info(`hazard report latency (${language}): announced ${announced.atMs - sentAtMs} ms after the tap`);
      expect(announced.atMs - sentAtMs).toBeLessThan(PUSHED_WITHIN_MS);
      const detail = await api<HazardTicketDetail>('commander', 'GET', `${API_PATHS.hazards}/${number}`);
      expect(detail.ticket).toMatchObject({ state: 'reported', kind: 'leak', grade: 'general', description, reporter: USERS.worker[0], source: { kind: 'phone' }, location: { placedBy: 'pin', areaId: pump.areaId } });
      expect(Math.hypot(detail.ticket.location.point[0] - TARGET[0], detail.ticket.location.point[1] - TARGET[1])).toBeLessThan(1);
      expect(detail.ticket.media.map((m) => m.kind)).toEqual(en ? ['photo', 'photo', 'voice'] : ['photo', 'photo']);
      // The control room's pin, where this build has the control room's hidden-danger views.
      if (newPin) {
        const pin = await newPin;
        expect(pin.id).toBe(`hazard-pin-${number}`);
        console.info(`hazard report latency (${language}): control-room pin ${pin.atMs - sentAtMs} ms after the tap`);
        expect(pin.atMs - sentAtMs).toBeLessThan(PUSHED_WITHIN_MS);
      }
      await shot(room, `hazard-phone-${language}-3-control-room.png`);

      // The reporter follows it: each step shows as it happens.
      await phone.getByTestId('report-tab-mine').tap();
      await phone.getByTestId(`mine-${number}`).waitFor({ timeout: 30_000 });
      expect(await stepsShown(phone, number)).toBe('reported:current accepted:todo rectifying:todo awaitingVerification:todo closed:todo');
      await shot(phone, `hazard-phone-${language}-4-mine-reported.png`);

      await api('commander', 'POST', `${API_PATHS.hazards}/${number}/steps`, { action: 'accept', grade: 'general' });
      await expect.poll(() => stepsShown(phone, number), { timeout: STEP_SHOWN_MS }).toBe('reported:done accepted:current rectifying:todo awaitingVerification:todo closed:todo');
      await phone.getByTestId(`mine-${number}`).getByTestId('mine-deadline').waitFor();
      await shot(phone, `hazard-phone-${language}-5-accepted.png`);

      await api('commander', 'POST', `${API_PATHS.hazards}/${number}/steps`, { action: 'assign', assignee: USERS.operator[0] });
      await expect.poll(() => stepsShown(phone, number), { timeout: STEP_SHOWN_MS }).toBe('reported:done accepted:done rectifying:current awaitingVerification:todo closed:todo');
      await shot(phone, `hazard-phone-${language}-6-rectifying.png`);

      const after = await api<{ ref: string }>('operator', 'POST', `${API_PATHS.hazards}/media`, readFileSync(PHOTO), 'image/jpeg');
      await api('operator', 'POST', `${API_PATHS.hazards}/${number}/steps`, { action: 'rectify', note: '更换法兰垫片，试压无泄漏', media: [{ ref: after.ref, kind: 'photo', stage: 'rectification', takenAtMs: Date.now() }] });
      await expect.poll(() => stepsShown(phone, number), { timeout: STEP_SHOWN_MS }).toBe('reported:done accepted:done rectifying:done awaitingVerification:current closed:todo');
      await shot(phone, `hazard-phone-${language}-7-awaiting-verification.png`);

      await api('commander', 'POST', `${API_PATHS.hazards}/${number}/steps`, { action: 'verify', note: '现场复查合格' });
      await expect.poll(() => stepsShown(phone, number), { timeout: STEP_SHOWN_MS }).toBe('reported:done accepted:done rectifying:done awaitingVerification:done closed:done');
      // The before and after photos, fetched with the reporter's token.
      const report = phone.getByTestId(`mine-${number}`);
      await expect.poll(() => report.locator('img[data-testid="hazard-photo-report"]').evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth)), { timeout: 30_000 }).toEqual([800, 1600]);
      await expect.poll(() => report.locator('img[data-testid="hazard-photo-rectification"]').evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 30_000 }).toBeGreaterThan(0);
      if (en) expect(await report.getByTestId('hazard-voice').count()).toBe(1);
      await report.scrollIntoViewIfNeeded();
      await shot(phone, `hazard-phone-${language}-8-closed.png`);

      // The reporter's own list, as the page read it: only theirs, names of the others withheld.
      const mine = await api<HazardTicketView[]>('worker', 'GET', `${API_PATHS.hazards}?mine=1`);
      expect(mine.map((v) => v.ticket.number)).toContain(number);
      if (!en) {
        const text = (await phone.locator('body').innerText()).replaceAll(USERS.worker[0], ' ');
        expect(latinWords(text, 'phone report page')).toEqual([]);
      }
      await Promise.all([phoneContext.close(), roomContext.close()]);
    });
  }

  it("places a report by the reporter's badge, live from the simulator, and shows its rejection with the reason (zh-CN)", async () => {
    const { context, page: phone } = await phonePage('zh-CN');
    await phone.goto(new URL('/report?x=1', url).href);
    await signIn(phone, 'worker');
    await phone.getByTestId('report-form').waitFor({ timeout: 60_000 });
    await phone.getByTestId('report-kind-housekeeping').tap();
    await phone.getByTestId('report-description').fill('消防通道被物料堵塞');
    await phone.getByTestId('report-grade-major').tap();
    await phone.getByTestId('report-major-basis').fill('消防通道堵塞，影响应急疏散');
    await phone.getByTestId('report-place-badge').tap();
    const badge = await aBadgeOnSite(`mqtt://127.0.0.1:${brokerPort}`, demo.site.id);
    await phone.getByTestId('report-badge-id').fill(badge);
    // The badge's first live fix may come a moment after the page connects: asked again until it has one.
    await expect
      .poll(
        async () => {
          await phone.getByTestId('report-use-badge').tap();
          return phone.getByTestId('report-place-words').count();
        },
        { timeout: 30_000 },
      )
      .toBe(1);
    expect(await phone.getByTestId('report-place-words').textContent()).toMatch(/^工牌位置：/);
    await shot(phone, 'hazard-phone-zh-CN-9-badge.png');
    await phone.getByTestId('report-send').tap();
    const number = (await phone.getByTestId('report-number').textContent({ timeout: 30_000 }))!.trim();
    const detail = await api<HazardTicketDetail>('commander', 'GET', `${API_PATHS.hazards}/${number}`);
    expect(detail.ticket).toMatchObject({ grade: 'major', majorBasis: '消防通道堵塞，影响应急疏散', badgeId: badge, location: { placedBy: 'badge' } });
    const bounds = plantBounds(demo.areas.map((a) => a.polygon))!;
    const [x, y] = detail.ticket.location.point;
    expect(x >= bounds.minX - 50 && x <= bounds.maxX + 50 && y >= bounds.minY - 50 && y <= bounds.maxY + 50).toBe(true);

    await phone.getByTestId('report-tab-mine').tap();
    await phone.getByTestId(`mine-${number}`).waitFor({ timeout: 30_000 });
    await api('commander', 'POST', `${API_PATHS.hazards}/${number}/steps`, { action: 'reject', reason: 'invalid', note: '该处为临时堆放区，已按规定设置' });
    await expect.poll(() => stepsShown(phone, number), { timeout: STEP_SHOWN_MS }).toBe('reported:done rejected:done');
    expect(await phone.getByTestId(`mine-${number}`).getByTestId('mine-rejection').textContent()).toBe('不属于隐患 · 该处为临时堆放区，已按规定设置');
    await phone.getByTestId(`mine-${number}`).scrollIntoViewIfNeeded();
    await shot(phone, 'hazard-phone-zh-CN-10-rejected.png');
    expect(latinWords((await phone.locator('body').innerText()).replaceAll(USERS.worker[0], ' '), 'phone report page')).toEqual([]);
    await context.close();
  });
});
