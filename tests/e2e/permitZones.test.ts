import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserStore } from '../../main/auth/index.js';
import { API_PATHS } from '../../main/contracts/index.js';
import { freeLoopbackPort } from '../../main/platform/network.js';
import { launchChromium } from '../support/chromium.js';
import { loadDemoScene } from '../support/demoScene.js';
import { HOUR_MS, MINUTE_MS, permitInput } from '../support/permitFixtures.js';
import { REPO_ROOT, serve, type ServeProcess } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';
import { latinWords } from '../support/zhCnText.js';

/**
 * Issue 17 item 2 in Chromium: "every active permit is a zone on the 3D view and site map with its type
 * symbol, grade colour and countdown; its covering cameras are one click away". A core with the embedded
 * historian takes permits imported through POST /api/permits with an API token; the control room (the
 * implicit local user) draws them on the twin and the site map, in en and zh-CN, at 1920×1080 and the
 * 3840×1080 wall. A permit filed or closed while the page is open appears or leaves; a click on a zone's tag
 * or on the zone opens the cameras that see it.
 */
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'e2e');
const DESK = { width: 1920, height: 1080 };
const WALL = { width: 3840, height: 1080 };
const demo = loadDemoScene();

/** Hot work at the LPG spheres, in work (its watcher's badge is nowhere: the live checks raise watcherAway). */
const HOT_WORK = 'DH-2026-0042';
/** Confined-space entry in unit 2, approved and waiting to start: a normal, grey zone. */
const CONFINED = 'SX-2026-0007';
/** Work at height at the utilities, suspended for the weather. */
const HEIGHT = 'GC-2026-0013';
/** A road closure filed while the page is open, then closed. */
const ROAD = 'DL-2026-0003';

/** An imported permit's signed trail from the draft, one step every half hour up to now (the register checks it is one trail). */
function signed(steps: ('submit' | 'approve' | 'start' | 'suspend')[], nowMs: number, authority = 'baseUnit') {
  const to = { submit: 'submitted', approve: 'approved', start: 'inWork', suspend: 'suspended' } as const;
  let from = 'draft';
  return steps.map((action, i) => {
    const step = {
      action,
      from,
      to: to[action],
      user: action === 'approve' ? 'zhou.qiang' : 'sun.li',
      role: action === 'approve' ? 'commander' : 'operator',
      atMs: nowMs - (steps.length - i) * 30 * MINUTE_MS,
      ...(action === 'approve' && { authority }),
      ...(action === 'suspend' && { reasonCode: 'weather', note: '阵风六级' }),
    };
    from = to[action];
    return step;
  });
}

describe('permit zones on the twin and the site map', () => {
  let server: ServeProcess;
  let browser: Browser;
  let url: string;
  let token: string;

  const file = async (body: unknown) => {
    const response = await fetch(new URL(API_PATHS.permits, url), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status, await response.clone().text()).toBe(201);
  };
  const step = async (number: string, body: unknown) => {
    const response = await fetch(new URL(`${API_PATHS.permits}/${number}/steps`, url), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status, await response.clone().text()).toBe(200);
  };

  /** Permits the register holds in a drawn state now (the demo plant files its own too): what the views must draw. */
  const drawable = async () => {
    const response = await fetch(new URL(`${API_PATHS.permits}?state=approved,inWork,suspended,resumed`, url), { headers: { authorization: `Bearer ${token}` } });
    return ((await response.json()) as unknown[]).length;
  };

  const open = async (viewport: { width: number; height: number }, language: 'en' | 'zh-CN'): Promise<Page> => {
    const page = await browser.newPage({ viewport, locale: language === 'en' ? 'en-US' : 'zh-CN' });
    await page.addInitScript((lang) => localStorage.setItem('safetwin.language', lang), language);
    await page.goto(url);
    await page.waitForFunction(() => (window.safetwinDiagnostics?.framesRendered() ?? 0) > 0, null, { timeout: 120_000 });
    return page;
  };
  const shot = async (page: Page, name: string) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, name) });
  };
  const zoneCount = (page: Page) => page.evaluate(() => window.safetwinDiagnostics!.countObjects('permitZone'));
  const tag = (page: Page, number: string) => page.getByTestId(`permit-zone-tag-${number}`);
  const edgeColour = (page: Page, number: string) => tag(page, number).evaluate((el) => getComputedStyle(el).borderTopColor);
  /** Latin words in what this layer shows (the tags, the cameras card): text and labels; the site map's own text is drawn on its canvas. */
  const latinInPermitViews = async (page: Page) => {
    const texts = await page.locator('.permit-zone-tag, [data-testid="permit-cameras"]').evaluateAll((elements) =>
      elements.flatMap((el) => [el.textContent ?? '', ...[...el.querySelectorAll('[aria-label], [title]'), el].flatMap((e) => [e.getAttribute('aria-label') ?? '', e.getAttribute('title') ?? ''])]),
    );
    return texts.flatMap((text) => latinWords(text, 'permit zones'));
  };
  const mapLayers = async (page: Page) => ((await page.getByTestId('site-map-canvas').getAttribute('data-layers')) ?? '').split(' ');

  /** Where a plant point is on the site map as it opens (SiteMapView: the whole plant fitted at 90 %, plant north up). */
  async function mapPoint(page: Page, [x, y]: [number, number]): Promise<{ x: number; y: number }> {
    const box = (await page.getByTestId('site-map-canvas').boundingBox())!;
    const xs = demo.site.boundary.map((p) => p[0]);
    const ys = demo.site.boundary.map((p) => p[1]);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const scale = Math.min(box.width / (maxX - minX), box.height / (maxY - minY)) * 0.9;
    return { x: box.x + box.width / 2 + (x - (minX + maxX) / 2) * scale, y: box.y + box.height / 2 - (y - (minY + maxY) / 2) * scale };
  }

  beforeAll(async () => {
    const dataDir = makeTempDir('e2e-permit-zones');
    // The demo's own permits stay out: their tags would crowd this test's at the LPG spheres (they have their own test).
    const configFile = path.join(dataDir, 'config.json');
    writeFileSync(configFile, JSON.stringify({ permits: { demoPermits: false } }));
    const users = await UserStore.open(dataDir);
    await users.upsertUser('permit.sync', 'admin', 'permit-sync-pass-phrase-1');
    token = await users.issueToken('permit.sync', 'plant permit system');
    server = serve(['--config', configFile, '--port', '0', '--broker-port', String(await freeLoopbackPort()), '--data-dir', dataDir, '--historian', 'embedded', '--no-record', '--log-level', 'warn']);
    url = await server.url;
    browser = await launchChromium();
    const nowMs = Date.now();
    await file(
      permitInput('hotWork', {
        number: HOT_WORK,
        grade: 'first',
        location: { kind: 'point', point: [258, 262], zoneRadiusM: 8 },
        window: { startMs: nowMs - HOUR_MS, endMs: nowMs + 3 * HOUR_MS },
        gasTests: [{ takenAtMs: nowMs - 70 * MINUTE_MS, oxygenPct: 20.9, combustibleLelPct: 0, analystName: '赵敏' }],
        state: 'inWork',
        signatures: signed(['submit', 'approve', 'start'], nowMs, 'safetyDepartment'),
      }),
    );
    await file(
      permitInput('confinedSpace', {
        number: CONFINED,
        location: { kind: 'polygon', polygon: [[152, 222], [168, 222], [168, 238], [152, 238]] },
        window: { startMs: nowMs + 30 * MINUTE_MS, endMs: nowMs + 8 * HOUR_MS },
        state: 'approved',
        signatures: signed(['submit', 'approve'], nowMs),
      }),
    );
    await file(
      permitInput('workAtHeight', {
        number: HEIGHT,
        location: { kind: 'point', point: [300, 110], zoneRadiusM: 6 },
        window: { startMs: nowMs - 2 * HOUR_MS, endMs: nowMs + 5 * HOUR_MS },
        state: 'suspended',
        signatures: signed(['submit', 'approve', 'start', 'suspend'], nowMs),
      }),
    );
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('draws each active permit on the twin with its symbol, grade, state and countdown, grey when normal, in colour when not (en, 1920×1080)', async () => {
    const page = await open(DESK, 'en');
    const shown = await drawable();
    expect(shown).toBeGreaterThanOrEqual(3);
    await expect.poll(() => zoneCount(page), { timeout: 30_000 }).toBe(shown);
    await expect.poll(() => tag(page, HOT_WORK).textContent(), { timeout: 30_000 }).toMatch(/^Hot work permit DH-2026-0042Grade 1 · In work · \d+:\d\d:\d\d left.*Permit alarm$/);
    expect(await tag(page, HOT_WORK).locator('[data-permit-symbol]').getAttribute('data-permit-symbol')).toBe('hotWork');
    expect(await tag(page, CONFINED).textContent()).toMatch(/^Confined-space entry permit SX-2026-0007Approved · /);
    expect(await tag(page, HEIGHT).textContent()).toMatch(/^Work at height permit GC-2026-0013Grade II · Suspended · \d+:\d\d:\d\d left.*Work suspended$/);
    // ISA-101: the approved permit's edge is grey; the suspended one's and the one in alarm's in the alarm palette.
    const [r, g, b] = (await edgeColour(page, CONFINED)).match(/\d+/g)!.map(Number);
    expect(Math.max(r!, g!, b!) - Math.min(r!, g!, b!)).toBeLessThan(30);
    expect(await edgeColour(page, HEIGHT)).toBe('rgb(242, 140, 40)');
    // The countdown runs.
    const before = await tag(page, HOT_WORK).locator('.permit-zone-countdown').textContent();
    await expect.poll(() => tag(page, HOT_WORK).locator('.permit-zone-countdown').textContent(), { timeout: 5_000 }).not.toBe(before);
    await shot(page, 'permit-zones-twin-en-1920.png');

    // Filed and closed while the page is open: the zone appears and leaves (permit:changed).
    const nowMs = Date.now();
    await file(permitInput('roadClosure', { number: ROAD, location: { kind: 'polygon', polygon: [[200, 140], [230, 140], [230, 150], [200, 150]] }, window: { startMs: nowMs, endMs: nowMs + 4 * HOUR_MS }, state: 'approved', signatures: signed(['submit', 'approve'], nowMs, 'specialistDepartment') }));
    await expect.poll(() => zoneCount(page), { timeout: 10_000 }).toBe(shown + 1);
    await step(ROAD, { action: 'close' });
    await expect.poll(() => zoneCount(page), { timeout: 10_000 }).toBe(shown);

    // One click on the tag: the cameras that see the hot work, live tiles; a click on one opens that camera.
    await tag(page, HOT_WORK).click();
    const card = page.getByTestId('permit-cameras');
    await expect.poll(() => card.getAttribute('data-permit-number')).toBe(HOT_WORK);
    await expect.poll(() => card.locator('[data-testid^="camera-tile-"]').evaluateAll((tiles) => tiles.map((t) => t.getAttribute('data-testid')))).toEqual(['camera-tile-CAM-04', 'camera-tile-CAM-07']);
    expect(await card.textContent()).toMatch(/Permit watcher away from the work/);
    await page.waitForTimeout(1500);
    await shot(page, 'permit-zones-twin-en-1920-cameras.png');
    // A zone no camera sees says so.
    await page.getByTestId('permit-cameras-close').click();
    await tag(page, HEIGHT).click();
    await expect.poll(() => card.getAttribute('data-permit-number')).toBe(HEIGHT);
    expect(await card.getByTestId('permit-cameras-none').textContent()).toBe('No camera covers this work zone');
    // A click on a covering camera's tile opens that camera (its details beside the view).
    await page.getByTestId('permit-cameras-close').click();
    await tag(page, HOT_WORK).click();
    await card.getByTestId('camera-open-CAM-04').click();
    await expect.poll(() => page.getByTestId('info-panel').getByTestId('camera-tile-CAM-04').count(), { timeout: 10_000 }).toBe(1);
    await page.close();
  }, 240_000);

  for (const [language, viewport, size] of [
    ['zh-CN', WALL, '3840'],
    ['zh-CN', DESK, '1920'],
    ['en', WALL, '3840'],
  ] as const) {
    it(`shows the zones on the twin and the site map in ${language} at ${size}×1080`, async () => {
      const page = await open(viewport, language);
      await expect.poll(async () => (await zoneCount(page)) === (await drawable()), { timeout: 30_000 }).toBe(true);
      if (language === 'zh-CN') {
        await expect.poll(() => tag(page, HOT_WORK).textContent(), { timeout: 30_000 }).toMatch(/^动火作业票 DH-2026-0042一级 · 作业中 · 剩余 \d+:\d\d:\d\d.*作业票报警$/);
        expect(await tag(page, CONFINED).textContent()).toMatch(/^受限空间作业票 SX-2026-0007已审批 · \d+:\d\d:\d\d 后开始$/);
        expect(await tag(page, HEIGHT).textContent()).toMatch(/^高处作业票 GC-2026-0013Ⅱ级 · 已暂停 · 剩余 .*作业已暂停$/);
      } else {
        await expect.poll(() => tag(page, HOT_WORK).textContent(), { timeout: 30_000 }).toMatch(/Permit alarm$/);
      }
      await page.waitForTimeout(1000);
      await shot(page, `permit-zones-twin-${language}-${size}.png`);
      await tag(page, HOT_WORK).click();
      await expect.poll(() => page.getByTestId('permit-cameras').locator('[data-testid^="camera-tile-"]').count()).toBe(2);
      if (language === 'zh-CN') {
        expect(await page.getByTestId('permit-cameras').textContent()).toMatch(/覆盖作业区的摄像机/);
        expect(await latinInPermitViews(page)).toEqual([]);
      }
      await page.waitForTimeout(1000);
      await shot(page, `permit-zones-twin-${language}-${size}-cameras.png`);
      await page.getByTestId('permit-cameras-close').click();

      // The site map: the zones, their symbols and labels; a click on the hot work's zone opens its cameras.
      await page.getByTestId('show-site-map').click();
      await expect.poll(() => mapLayers(page), { timeout: 60_000 }).toEqual(expect.arrayContaining(['permit-zones', 'permit-symbols', 'permit-labels']));
      await page.waitForTimeout(1500);
      await shot(page, `permit-zones-map-${language}-${size}.png`);
      const at = await mapPoint(page, [258, 262]);
      await page.mouse.click(at.x, at.y);
      await expect.poll(() => page.getByTestId('permit-cameras').getAttribute('data-permit-number'), { timeout: 15_000 }).toBe(HOT_WORK);
      if (language === 'zh-CN') expect(await latinInPermitViews(page)).toEqual([]);
      await page.waitForTimeout(1000);
      await shot(page, `permit-zones-map-${language}-${size}-cameras.png`);
      await page.close();
    }, 240_000);
  }
});
