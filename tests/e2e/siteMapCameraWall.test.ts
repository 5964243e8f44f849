import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMULATED_FRIGATE_PREFIX } from '../../main/simulator/SimulatedCameraAnalytics.js';
import { freeLoopbackPort } from '../../main/platform/network.js';
import { boxStandingAt } from '../support/cameraBox.js';
import { launchChromium } from '../support/chromium.js';
import { loadDemoScene } from '../support/demoScene.js';
import { REPO_ROOT, SAFETWIN_BIN, serve, type ServeProcess } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * Issue 12.8 in Chromium against the demo plant with its simulator: during a chlorine leak study and a
 * man-down, the site map draws the cloud and its zones, names, muster points and gates, wind, scale,
 * north and person icons with an SOS pulse; the camera wall shows a virtual view (the twin from the
 * camera's pose) for every camera without video, frames a camera in alarm in its priority colour, and a
 * click on a tile opens its panel with the event. In en and zh-CN, at desk (1600×900) and wall (3840×1080) sizes.
 */
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'e2e');
const DESK = { width: 1600, height: 900 };
const WALL = { width: 3840, height: 1080 };
const demo = loadDemoScene();

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, name) });
}

/** Layers the map draws with data (SiteMapView keeps their ids on its canvas container). */
const mapLayers = async (page: Page) => ((await page.getByTestId('site-map-canvas').getAttribute('data-layers')) ?? '').split(' ');

/**
 * Pixels of the map in threat-zone colours (the urgent red and high orange over the dark ground), with
 * the risk heatmap off so its own reds cannot count.
 */
async function threatPixels(page: Page): Promise<number> {
  const box = (await page.getByTestId('site-map-canvas').boundingBox())!;
  const png = PNG.sync.read(await page.screenshot({ clip: box }));
  let count = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! > 140 && png.data[i + 1]! < 120 && png.data[i + 2]! < 90) count++;
  return count;
}

describe('site map and camera wall in an incident', () => {
  let server: ServeProcess;
  let browser: Browser;
  let url: string;
  let brokerPort: number;

  const open = async (view: string, viewport: { width: number; height: number }, language: 'en' | 'zh-CN'): Promise<Page> => {
    const page = await browser.newPage({ viewport, locale: language === 'en' ? 'en-US' : 'zh-CN' });
    await page.addInitScript((lang) => localStorage.setItem('safetwin.language', lang), language);
    await page.goto(new URL(`/?view=${view}`, url).href);
    return page;
  };

  beforeAll(async () => {
    const dataDir = makeTempDir('e2e-sitemap-cameras');
    const configFile = path.join(dataDir, 'config.json');
    // Man-down after 20 s still instead of 300 s, so the test need not wait five minutes.
    writeFileSync(configFile, JSON.stringify({ workers: { manDownAfterS: 20 } }));
    brokerPort = await freeLoopbackPort();
    server = serve(['--config', configFile, '--port', '0', '--broker-port', String(brokerPort), '--data-dir', dataDir, '--no-record', '--log-level', 'warn', '--local-role', 'trainer']);
    url = await server.url;
    browser = await launchChromium();
    execFileSync(process.execPath, [SAFETWIN_BIN, 'simulate', 'inject', JSON.stringify({ scenario: 'manDown' }), '--mqtt-url', `mqtt://127.0.0.1:${brokerPort}`]);
    // A chlorine what-if study at the bullet B-301, started as an operator would, from the equipment panel.
    const desk = await browser.newPage({ viewport: DESK, locale: 'en-US' });
    await desk.goto(url);
    await desk.waitForFunction(() => (window.safetwinDiagnostics?.framesRendered() ?? 0) > 0, null, { timeout: 60_000 });
    await desk.getByTestId('browse-B-301').click();
    await desk.getByTestId('leak-hole-mm').fill('10');
    await desk.getByTestId('leak-start').click();
    await desk.waitForFunction(() => window.safetwinDiagnostics!.countObjects('plumeCloud') === 1, null, { timeout: 30_000 });
    await desk.close();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('draws the cloud, zones, names, muster points, gates, people with an SOS pulse, wind, scale and north on the site map', async () => {
    const page = await open('siteMap', DESK, 'en');
    await expect.poll(() => mapLayers(page), { timeout: 30_000 }).toEqual(expect.arrayContaining(['plume-cloud', 'plume-zones', 'area-names', 'muster-points', 'muster-names', 'gates', 'gate-names', 'people', 'people-names']));
    // The man-down badge: a pulsing ring and an SOS label (manDownAfterS 20 s).
    await expect.poll(() => mapLayers(page), { timeout: 90_000 }).toEqual(expect.arrayContaining(['sos-pulse', 'sos-labels']));
    await expect.poll(() => page.getByTestId('map-wind').textContent(), { timeout: 15_000 }).toMatch(/^Wind \d+\.\d m\/s from \d+°$/);
    expect(await page.getByTestId('map-scale').textContent()).toMatch(/^\d+ (m|km)$/);
    const scaleBarPx = await page.locator('.map-scale-bar').evaluate((el) => el.getBoundingClientRect().width);
    expect(scaleBarPx).toBeGreaterThan(40);
    expect(scaleBarPx).toBeLessThanOrEqual(140);
    expect(await page.getByTestId('map-north').textContent()).toBe('N');
    await shot(page, 'site-map-incident-en-desk.png');
    await page.getByTestId('heatmap-toggle').click();
    await expect.poll(() => threatPixels(page), { timeout: 10_000 }).toBeGreaterThan(300);
    // Zooming in changes the scale bar's length to another 1-2-5 step and brings in the equipment names.
    const before = await page.getByTestId('map-scale').textContent();
    const box = (await page.getByTestId('site-map-canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 2; i++) await page.mouse.wheel(0, -200);
    await expect.poll(() => page.getByTestId('map-scale').textContent(), { timeout: 10_000 }).not.toBe(before);
    await expect.poll(() => mapLayers(page), { timeout: 10_000 }).toContain('equipment-names');
    await shot(page, 'site-map-incident-en-zoomed.png');
    await page.close();
  });

  it('reads in Chinese on a wall screen', async () => {
    const page = await open('siteMap', WALL, 'zh-CN');
    await expect.poll(() => mapLayers(page), { timeout: 60_000 }).toEqual(expect.arrayContaining(['plume-cloud', 'area-names', 'people', 'sos-pulse']));
    await expect.poll(() => page.getByTestId('map-wind').textContent(), { timeout: 15_000 }).toMatch(/^风速 \d+\.\d m\/s，风向 \d+°$/);
    expect(await page.getByTestId('map-scale').textContent()).toMatch(/^\d+ (米|千米)$/);
    expect(await page.getByTestId('map-north').textContent()).toBe('北');
    await page.waitForTimeout(1500);
    await shot(page, 'site-map-incident-zh-wall.png');
    await page.close();
  });

  it('shows a virtual view for every camera without video, frames the camera in alarm and opens its panel on a click', async () => {
    const page = await open('cameras', DESK, 'en');
    const cameraIds = demo.cameras.map((c) => c.id);
    await expect.poll(() => page.locator('[data-testid^="camera-virtual-CAM"]').count(), { timeout: 30_000 }).toBe(cameraIds.length);
    expect(await page.getByTestId('camera-virtual-label').first().textContent()).toBe('virtual view (no video)');
    await expect.poll(() => page.getByTestId(`camera-virtual-${cameraIds.at(-1)}`).getAttribute('data-renders'), { timeout: 30_000 }).toMatch(/^[1-9]/);
    // The demo's workers walk the site: some camera has one in view, drawn in its virtual picture.
    const peopleInViews = () => page.locator('[data-testid^="camera-virtual-CAM"]').evaluateAll((canvases) => canvases.reduce((n, c) => n + Number((c as HTMLCanvasElement).dataset['peopleInView'] ?? 0), 0));
    await expect.poll(peopleInViews, { timeout: 30_000 }).toBeGreaterThan(0);
    await shot(page, 'camera-wall-virtual-en-desk.png');
    // Each tile's canvas holds a rendered picture of the twin: many pixels away from the background, in many shades.
    for (const id of cameraIds) {
      await expect
        .poll(
          () =>
            page.getByTestId(`camera-virtual-${id}`).evaluate((canvas) => {
              const c = canvas as HTMLCanvasElement;
              if (c.width === 0 || Number(c.dataset['renders'] ?? 0) === 0) return 'not rendered yet';
              const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
              const shades = new Set<number>();
              let drawn = 0;
              for (let i = 0; i < data.length; i += 4) {
                if (Math.abs(data[i]! - 0x1d) + Math.abs(data[i + 1]! - 0x20) + Math.abs(data[i + 2]! - 0x23) > 24) drawn++;
                shades.add((data[i]! >> 4) * 256 + (data[i + 1]! >> 4) * 16 + (data[i + 2]! >> 4));
              }
              const share = drawn / (data.length / 4);
              return share > 0.2 && shades.size > 4 ? 'a picture' : `blank: ${share.toFixed(2)} drawn, ${shades.size} shades`;
            }),
          { timeout: 20_000 },
        )
        .toBe('a picture');
    }
    // A person in the chlorine yard seen by CAM-06 (the simulator's stand-in analytics, as in cameraAi.test.ts).
    const nowS = Date.now() / 1000;
    const event = { type: 'new', after: { id: 'sim-e2e-wall-1', camera: 'CAM-06', label: 'person', start_time: nowS, end_time: null, frame_time: nowS, box: boxStandingAt(demo.cameras.find((c) => c.id === 'CAM-06')!, 360, 188, 30, 50), current_zones: ['chlorineYard'], entered_zones: ['chlorineYard'], has_snapshot: false, has_clip: false, false_positive: false } };
    execFileSync('mosquitto_pub', ['-p', String(brokerPort), '-t', `${SIMULATED_FRIGATE_PREFIX}/events`, '-m', JSON.stringify(event)]);
    const tile = page.getByTestId('camera-tile-CAM-06');
    await expect.poll(() => tile.getAttribute('data-alarm-priority'), { timeout: 20_000 }).toMatch(/^(urgent|high|medium|low)$/);
    const priority = (await tile.getAttribute('data-alarm-priority'))!;
    const colour = { urgent: 'rgb(229, 50, 45)', high: 'rgb(242, 140, 40)', medium: 'rgb(242, 208, 36)', low: 'rgb(79, 163, 224)' }[priority];
    expect(await page.getByTestId('camera-open-CAM-06').evaluate((el) => getComputedStyle(el).outlineColor)).toBe(colour);
    expect(await page.getByTestId('camera-open-CAM-01').evaluate((el) => getComputedStyle(el).outlineColor)).not.toBe(colour);
    expect(await tile.getByTestId('camera-alarm-tag').textContent()).toMatch(/in alarm · (Urgent|High|Medium|Low)$/);
    // A 30×50 px box in a 1920 px picture on a small tile is grown to at least 24 px on screen, its label at least 13 px.
    const eventBox = tile.getByTestId('vision-event-box').first();
    await expect.poll(() => eventBox.count(), { timeout: 10_000 }).toBe(1);
    const rect = await eventBox.locator('rect').boundingBox();
    expect(Math.min(rect!.width, rect!.height)).toBeGreaterThanOrEqual(23.5);
    expect(await eventBox.locator('text').evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThanOrEqual(13);
    await shot(page, 'camera-wall-incident-en-desk.png');
    // A click on the tile opens the camera's panel with its event timeline.
    await page.getByTestId('camera-open-CAM-06').click();
    const panel = page.getByTestId('camera-wall-panel');
    await expect.poll(() => panel.count(), { timeout: 5_000 }).toBe(1);
    expect(await panel.locator('h3').textContent()).toBe('Camera CAM-06');
    await expect.poll(() => panel.locator('[data-testid="vision-event"][data-event-id]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // Where each event was seen, in words as the people strip says it (issue 12.2), never coordinates: CAM-06 watches the chlorine yard.
    expect(await panel.getByTestId('vision-event-where').first().textContent()).toMatch(/^Chlorine storage \(restricted\) · (at .+|\d+ m [a-z-]+ of .+)$/);
    await expect.poll(() => panel.getByTestId('camera-virtual-CAM-06').getAttribute('data-renders'), { timeout: 30_000 }).toMatch(/^[1-9]/);
    await shot(page, 'camera-wall-panel-en-desk.png');
    await page.getByTestId('camera-wall-panel-close').click();
    expect(await panel.count()).toBe(0);
    await page.close();
  });

  it('labels the virtual views in Chinese on a wall screen', async () => {
    const page = await open('cameras', WALL, 'zh-CN');
    await expect.poll(() => page.getByTestId('camera-virtual-label').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('camera-virtual-label').first().textContent()).toBe('虚拟视图（无视频）');
    await expect.poll(() => page.getByTestId('camera-virtual-CAM-01').getAttribute('data-renders'), { timeout: 20_000 }).toMatch(/^[1-9]/);
    await page.getByTestId('camera-open-CAM-06').click();
    expect(await page.getByTestId('camera-wall-panel').locator('h3').textContent()).toBe('摄像机 CAM-06');
    // Every view drawn at least once (the shared renderer takes them in turn, slower on a loaded machine) before the picture for the record.
    await expect
      .poll(() => page.locator('canvas[data-testid^="camera-virtual-"]').evaluateAll((all) => all.every((c) => Number((c as HTMLCanvasElement).dataset['renders'] ?? 0) > 0)), { timeout: 60_000 })
      .toBe(true);
    await shot(page, 'camera-wall-incident-zh-wall.png');
    await page.close();
  });
});
