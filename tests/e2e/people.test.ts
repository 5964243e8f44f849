import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm } from '../../main/contracts/index.js';
import { freeLoopbackPort } from '../../main/platform/network.js';
import { aBadgeOnSite } from '../support/badgeOnSite.js';
import { launchChromium } from '../support/chromium.js';
import { loadDemoScene } from '../support/demoScene.js';
import { REPO_ROOT, SAFETWIN_BIN, serve, type ServeProcess } from '../support/serveProcess.js';
import { searchAndFly, targetToPersonM, waitForFlight } from '../support/flyTo.js';
import { makeTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';

/**
 * People first (issue 12.2) in Chromium against the demo plant with its simulator: during a gas alarm
 * flood kept up by mosquitto_pub on every gas detector outside the chlorine yard, the simulator sends a
 * worker into the chlorine yard (`safetwin simulate inject restrictedEntry`). The people strip shows that
 * alarm within 2 s of the core raising it, and searching the worker's name flies the 3D view to them;
 * in en and zh-CN, at a desk size and a 3840×1080 wall size. Screenshots in test-artifacts/e2e.
 */
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'e2e');
const demo = loadDemoScene();
const YARD = 'chlorineYard';
const FLOOD_LEL = 70;
const FLOOD_PERIOD_MS = 1000;
const floodDetectors = demo.sensors.filter((s) => s.unit === '%LEL' && s.areaId !== YARD);
/** A tag id, a badge id or a unit: the only Latin text a zh-CN people strip may hold. */
const ALLOWED_LATIN = /\b(?:[A-Z]+-[A-Z0-9-]+|BDG-\d+|[A-Z]{1,3}-\d+)\b/g;

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, name) });
}

/** The colour on screen at the middle of a person icon's body. */
/**
 * The share of the 5×5 pixels around a person icon's centre (on screen, labels and all) that pass a
 * colour test: one pixel could fall on a neighbour's SOS ring or a gap; most of the patch is the body (at its
 * 22-px minimum a person's body is about 9 px wide at mid-height).
 */
async function iconColourShare(page: Page, badgeId: string, isColour: (r: number, g: number, b: number) => boolean): Promise<number> {
  const point = await page.evaluate((id) => window.safetwinDiagnostics!.projectWorker(id), badgeId);
  expect(point).not.toBeNull();
  const png = PNG.sync.read(await page.screenshot({ clip: { x: Math.round(point!.x) - 2, y: Math.round(point!.y) - 2, width: 5, height: 5 } }));
  let passing = 0;
  for (let i = 0; i < png.data.length; i += 4) if (isColour(png.data[i]!, png.data[i + 1]!, png.data[i + 2]!)) passing++;
  return passing / (png.data.length / 4);
}

describe('people first in an alarm flood', () => {
  let server: ServeProcess;
  let browser: Browser;
  let url: string;
  let brokerPort: number;
  let badgeId = '';
  let raisedAtMs = 0;
  const flood: ChildProcess[] = [];
  let floodTimer: NodeJS.Timeout | undefined;

  const alarmsNow = async () => (await (await fetch(new URL('/api/alarms', url))).json()) as Alarm[];
  const open = async (viewport: { width: number; height: number }, locale: string): Promise<Page> => {
    const page = await browser.newPage({ viewport, locale });
    await page.goto(url);
    await page.waitForFunction(() => (window.safetwinDiagnostics?.framesRendered() ?? 0) > 0, null, { timeout: 120_000 });
    return page;
  };
  beforeAll(async () => {
    brokerPort = await freeLoopbackPort();
    server = serve(['--port', '0', '--broker-port', String(brokerPort), '--data-dir', makeTempDir('e2e-people'), '--no-record', '--log-level', 'warn']);
    url = await server.url;
    browser = await launchChromium();
    await waitUntil(async () => (await fetch(new URL('/api/health', url))).ok, 30_000, 'the core');
  }, 120_000);

  afterAll(async () => {
    clearInterval(floodTimer);
    for (const child of flood) child.kill('SIGTERM');
    await browser?.close();
    await server?.stop();
  });

  it('shows a restricted entry in the people strip within 2 s of it being raised, however many gas alarms are active', async () => {
    const page = await open({ width: 1600, height: 900 }, 'en-US');
    // The flood: one long-lived mosquitto_pub per detector (-l: a message per stdin line), fed every
    // second, so the simulator's own normal readings never end it.
    for (const sensor of floodDetectors) {
      const child = spawn('mosquitto_pub', ['-p', String(brokerPort), '-t', sensor.mqttTopic, '-l'], { stdio: ['pipe', 'ignore', 'ignore'] });
      flood.push(child);
    }
    const feed = () => flood.forEach((child) => child.stdin!.write(`${JSON.stringify({ v: FLOOD_LEL, ts: Date.now() })}\n`));
    feed();
    floodTimer = setInterval(feed, FLOOD_PERIOD_MS);
    await waitUntil(async () => (await alarmsNow()).filter((a) => a.sourceKind === 'sensor' && a.active && a.condition === 'highHigh').length >= floodDetectors.length, 30_000, 'the gas flood');
    const gasAlarms = (await alarmsNow()).filter((a) => a.sourceKind === 'sensor' && a.active).length;
    expect(gasAlarms).toBeGreaterThanOrEqual(3 * floodDetectors.length); // pre-warning, H and HH per detector

    // Record, in the page, when each people-strip entry first appears (the page and the core share a clock here).
    await page.evaluate(() => {
      const seen: Record<string, number> = {};
      (window as unknown as { stripSeen: Record<string, number> }).stripSeen = seen;
      const strip = document.querySelector('[data-testid="people-strip"]')!;
      const record = () => strip.querySelectorAll('[data-testid="people-entry"]').forEach((entry) => (seen[entry.getAttribute('data-alarm-id')!] ??= Date.now()));
      new MutationObserver(record).observe(strip, { childList: true, subtree: true });
    });
    execFileSync(process.execPath, [SAFETWIN_BIN, 'simulate', 'inject', JSON.stringify({ scenario: 'restrictedEntry', areaId: YARD }), '--mqtt-url', `mqtt://127.0.0.1:${brokerPort}`]);
    // The simulator picks the nearest available worker, who walks there first: the alarm is raised when the badge enters the yard.
    const entrant = (alarms: Alarm[]) => alarms.find((a) => a.sourceKind === 'worker' && a.condition === 'restrictedEntry' && a.areaId === YARD && a.active);
    await waitUntil(async () => entrant(await alarmsNow()) !== undefined, 180_000, 'a worker in the chlorine yard');
    badgeId = entrant(await alarmsNow())!.sourceId;
    raisedAtMs = (await alarmsNow()).find((a) => a.alarmId === `${badgeId}:restrictedEntry`)!.raisedAtMs;
    const entry = page.locator(`[data-testid="people-entry"][data-alarm-id="${badgeId}:restrictedEntry"]`);
    await expect.poll(() => entry.count(), { timeout: 10_000 }).toBe(1);
    const seenAtMs = await page.evaluate((id) => (window as unknown as { stripSeen: Record<string, number> }).stripSeen[id], `${badgeId}:restrictedEntry`);
    expect(seenAtMs).toBeDefined();
    expect(seenAtMs! - raisedAtMs).toBeLessThan(2_000);

    // Who, what, where in words: the name (this console's role may see names), the kind, the area and a landmark.
    const name = demo.personnel.find((p) => p.badgeId === badgeId)!.displayName!;
    expect(await entry.getByTestId('people-who').textContent()).toBe(name);
    expect(await entry.textContent()).toContain('Restricted');
    // Where they are now, in words (area, then landmark): on a loaded machine the entrant may already have walked on out of the yard.
    expect(await entry.getByTestId('people-where').textContent()).toMatch(/^[A-Z][A-Za-z0-9 ,&()-]+ · (at .+|\d+ m [a-z-]+ of .+)$/);
    // Outside the scrolling alarm list, and the strip is in view with the flood in the list.
    expect(await page.locator('.alarm-panel [data-testid="people-strip"]').count()).toBe(0);
    expect(await entry.isVisible()).toBe(true);
    // The camera that saw the same person (the simulator's stand-in analytics, fused with the nearest badge): linked.
    await expect.poll(async () => (await alarmsNow()).some((a) => a.sourceKind === 'camera' && a.evidence?.badgeId === badgeId), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => entry.getByTestId('alarm-linked').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await shot(page, 'people-strip-flood-en.png');

    // A click on the entry flies to the person.
    await entry.locator('.people-entry-main').click();
    await waitForFlight(page);
    expect(await targetToPersonM(page, badgeId)).toBeLessThan(8);
    // The person's icon keeps its minimum size, and the worker card says where in words.
    expect(Math.round((await page.evaluate((id) => window.safetwinDiagnostics!.workerIconHeightPx(id), badgeId))!)).toBeGreaterThanOrEqual(22);
    await expect.poll(() => page.getByTestId('worker-position').textContent(), { timeout: 10_000 }).toMatch(/^[A-Z][A-Za-z0-9 ,&()-]+ · (at .+|\d+ m [a-z-]+ of .+)$/);
    // Drawn in the restricted entry's priority colour (high: orange) while that alarm is active, and in
    // its role's colour again once the entrant has walked out of the yard (on a loaded machine they may
    // have by now): the pixels on screen agree with the alarm's state, read together until they settle.
    const iconAgreesWithAlarm = async () => {
      const active = (await alarmsNow()).find((a) => a.alarmId === `${badgeId}:restrictedEntry`)?.active === true;
      const orange = (await iconColourShare(page, badgeId, (r, g, b) => r > g + 40 && g > b)) > 0.5;
      return active === orange;
    };
    await expect.poll(iconAgreesWithAlarm, { timeout: 10_000 }).toBe(true);
    await shot(page, 'people-fly-to-person-en.png');
    await page.close();
  }, 300_000);

  it('finds the worker by name and flies there, and the F key and Locate fly back to them (en, 1600×900)', async () => {
    const page = await open({ width: 1600, height: 900 }, 'en-US');
    const name = demo.personnel.find((p) => p.badgeId === badgeId)!.displayName!;
    // At the home view every person icon is still at least 22 px tall.
    const iconPx = await page.evaluate(() => Math.min(...['BDG-1001', 'BDG-1002', 'BDG-1003'].map((id) => window.safetwinDiagnostics!.workerIconHeightPx(id) ?? Infinity)));
    expect(Math.round(iconPx)).toBeGreaterThanOrEqual(22);
    await searchAndFly(page, name, badgeId);
    expect(await targetToPersonM(page, badgeId)).toBeLessThan(8);
    await expect.poll(() => page.getByTestId('info-title').textContent(), { timeout: 10_000 }).toBe(`${name} (${badgeId})`);
    // Home, then F flies back to the selected person.
    await page.keyboard.press('h');
    await waitForFlight(page);
    expect(await targetToPersonM(page, badgeId)).toBeGreaterThan(30);
    await page.keyboard.press('f');
    await waitForFlight(page);
    expect(await targetToPersonM(page, badgeId)).toBeLessThan(8);
    await page.keyboard.press('h');
    await waitForFlight(page);
    await page.getByTestId('info-fly-to').click();
    await waitForFlight(page);
    expect(await targetToPersonM(page, badgeId)).toBeLessThan(8);
    // Fly-to frames the surroundings: the camera stands well back from the person.
    const distanceM = await page.evaluate(() => {
      const d = window.safetwinDiagnostics!;
      const [p, t] = [d.cameraPosition(), d.cameraTarget()];
      return Math.hypot(p[0] - t[0], p[1] - t[1], p[2] - t[2]);
    });
    expect(distanceM).toBeGreaterThan(60);
    // Esc closes the search without picking; the slash key focuses it.
    await page.keyboard.press('/');
    await page.keyboard.type('T-101');
    expect(await page.getByTestId('site-search-results').locator('[role="option"]').first().getAttribute('data-id')).toBe('T-101');
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('site-search-results').count()).toBe(0);
    await page.close();
  }, 120_000);

  it('does the same in zh-CN, without English words or raw ids in the strip', async () => {
    const page = await open({ width: 1600, height: 900 }, 'zh-CN');
    await page.getByTestId('lang-zh-CN').click();
    const entry = page.locator(`[data-testid="people-entry"][data-alarm-id="${badgeId}:restrictedEntry"]`);
    await expect.poll(() => entry.count(), { timeout: 10_000 }).toBe(1);
    const name = demo.personnel.find((p) => p.badgeId === badgeId)!.displayName!;
    expect(await entry.getByTestId('people-who').textContent()).toBe(name);
    expect(await entry.textContent()).toContain('闯入禁入区');
    // Where they are now, in Chinese words (area, then landmark): by now the entrant may have walked on out of the yard.
    expect(await entry.getByTestId('people-where').textContent()).toMatch(/^[^A-Za-z]+ · .+(旁|侧 \d+ 米)$/);
    const stripText = (await page.getByTestId('people-strip').textContent())!;
    expect(stripText.replace(ALLOWED_LATIN, '')).not.toMatch(/[A-Za-z]{2,}/);
    await searchAndFly(page, name, badgeId);
    expect(await targetToPersonM(page, badgeId)).toBeLessThan(8);
    await expect.poll(() => page.getByTestId('worker-position').textContent(), { timeout: 10_000 }).toMatch(/^[^A-Za-z]+ · .+(旁|侧 \d+ 米)$/);
    await shot(page, 'people-search-zh-CN.png');
    await page.close();
  }, 120_000);

  it('keeps the strip and the search working on a 3840×1080 wall, in both languages', async () => {
    for (const locale of ['en-US', 'zh-CN']) {
      const page = await open({ width: 3840, height: 1080 }, locale);
      if (locale === 'zh-CN') await page.getByTestId('lang-zh-CN').click();
      const entry = page.locator(`[data-testid="people-entry"][data-alarm-id="${badgeId}:restrictedEntry"]`);
      await expect.poll(() => entry.count(), { timeout: 10_000 }).toBe(1);
      expect(await entry.isVisible()).toBe(true);
      const name = demo.personnel.find((p) => p.badgeId === badgeId)!.displayName!;
      await searchAndFly(page, name, badgeId);
      expect(await targetToPersonM(page, badgeId)).toBeLessThan(8);
      expect(Math.round((await page.evaluate((id) => window.safetwinDiagnostics!.workerIconHeightPx(id), badgeId))!)).toBeGreaterThanOrEqual(22);
      await shot(page, `people-wall-3840-${locale}.png`);
      await page.close();
    }
  }, 180_000);
});

describe('a man-down badge in the control room', () => {
  let server: ServeProcess;
  let browser: Browser;
  let url: string;
  /** The person the test puts down: named in the command, so others who stand still a while are not mistaken for them. */
  let downBadge: string;

  beforeAll(async () => {
    const dataDir = makeTempDir('e2e-people-man-down');
    const configFile = path.join(dataDir, 'config.json');
    // Man-down after 20 s still instead of 300 s, so the test need not wait five minutes.
    writeFileSync(configFile, JSON.stringify({ workers: { manDownAfterS: 20 } }));
    const brokerPort = await freeLoopbackPort();
    // A viewer's console: the core sends it no names (personnel:viewNames), so people are named by badge.
    server = serve(['--config', configFile, '--port', '0', '--broker-port', String(brokerPort), '--data-dir', dataDir, '--no-record', '--log-level', 'warn', '--local-role', 'viewer']);
    url = await server.url;
    browser = await launchChromium();
    const mqttUrl = `mqtt://127.0.0.1:${brokerPort}`;
    downBadge = await aBadgeOnSite(mqttUrl, demo.site.id);
    execFileSync(process.execPath, [SAFETWIN_BIN, 'simulate', 'inject', JSON.stringify({ scenario: 'manDown', badgeId: downBadge }), '--mqtt-url', mqttUrl]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('pulses an SOS ring under the person and shows them in the strip by badge for a viewer, in zh-CN', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN' });
    await page.goto(url);
    await page.waitForFunction(() => (window.safetwinDiagnostics?.framesRendered() ?? 0) > 0, null, { timeout: 120_000 });
    await page.getByTestId('lang-zh-CN').click();
    // Others standing still for 20 s may be down a while too, and get up again: follow the one put down.
    const badge = downBadge;
    const entry = page.locator(`[data-testid="people-entry"][data-alarm-id="${badge}:manDown"]`);
    await expect.poll(() => entry.count(), { timeout: 90_000 }).toBe(1);
    expect(await entry.textContent()).toContain('人员倒地');
    expect(await entry.getByTestId('people-who').textContent()).toBe(`工牌 ${badge}`);
    const name = demo.personnel.find((p) => p.badgeId === badge)!.displayName!;
    expect(await page.content()).not.toContain(name);
    await expect.poll(() => page.evaluate((id) => window.safetwinDiagnostics!.workerSosPulse(id), badge), { timeout: 10_000 }).toBe(true);
    // Others keep going down meanwhile; the strip holds its order under the pointer, new ones join at the end.
    await entry.hover();
    const ids = () => page.getByTestId('people-entry').evaluateAll((items) => items.map((item) => item.getAttribute('data-alarm-id')));
    const before = await ids();
    await page.waitForTimeout(3000);
    expect((await ids()).slice(0, before.length)).toEqual(before);
    await entry.locator('.people-entry-main').click();
    await waitForFlight(page);
    // Drawn in red on top of everything, a building's roof included (people are not depth-tested).
    await shot(page, 'people-man-down-zh-CN.png');
    // Read until it settles: the SOS ring's pulse and the strip reflowing as others go down can cross one screenshot.
    await expect.poll(() => iconColourShare(page, badge, (r, g, b) => r > g + 60 && r > b + 60), { timeout: 10_000 }).toBeGreaterThan(0.5);
    await page.close();
  }, 180_000);
});
