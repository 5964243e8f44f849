import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scene } from '../../main/contracts/index.js';
import { launchChromium } from '../support/chromium.js';
import { REPO_ROOT, SAFETWIN_BIN, serve, type ServeProcess } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'e2e');
const scene = JSON.parse(readFileSync(path.join(REPO_ROOT, 'scenes', 'demo-plant', 'scene.json'), 'utf8')) as Scene;
const VIEWPORT = { width: 1600, height: 900 };

/** Luminance spread and colour count of a PNG: a blank or single-colour canvas has neither. */
function pixelStatistics(png: Buffer): { luminanceStdDev: number; distinctColours: number } {
  const image = PNG.sync.read(png);
  const colours = new Set<number>();
  let sum = 0;
  let sumSquares = 0;
  const pixels = image.width * image.height;
  for (let i = 0; i < image.data.length; i += 4) {
    const [r, g, b] = [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!];
    const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b; // ITU-R BT.709
    sum += luminance;
    sumSquares += luminance * luminance;
    colours.add((r << 16) | (g << 8) | b);
  }
  const mean = sum / pixels;
  return { luminanceStdDev: Math.sqrt(sumSquares / pixels - mean * mean), distinctColours: colours.size };
}

async function waitForTwin(page: Page): Promise<void> {
  await page.waitForFunction(() => (window.safetwinDiagnostics?.framesRendered() ?? 0) > 0, null, { timeout: 60_000 });
}

async function waitForCameraAtRest(page: Page): Promise<void> {
  await page.waitForFunction(() => window.safetwinDiagnostics!.cameraAtRest(), null, { timeout: 30_000 });
}

describe('control room in Chromium against safetwin serve', () => {
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = serve(['--port', '0', '--data-dir', makeTempDir('e2e'), '--log-level', 'warn']);
    const url = await server.url;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORT, locale: 'en-US' });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`));
    });
    await page.goto(url);
    await waitForTwin(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('draws the plant with WebGL: the canvas is not blank', async () => {
    const renderer = await page.evaluate(() => window.safetwinDiagnostics!.webglRenderer);
    expect(renderer).toMatch(/llvmpipe|SwiftShader|ANGLE/);
    const stats = pixelStatistics(await page.locator('canvas').screenshot());
    expect(stats.luminanceStdDev).toBeGreaterThan(8);
    expect(stats.distinctColours).toBeGreaterThan(200);
  });

  it('has exactly the equipment of the scene file in its scene graph', async () => {
    const ids = await page.evaluate(() => window.safetwinDiagnostics!.equipmentIds());
    expect(ids).toHaveLength(scene.equipment.length);
    expect([...ids].sort()).toEqual(scene.equipment.map((e) => e.id).sort());
    expect(await page.evaluate(() => window.safetwinDiagnostics!.countObjects('camera'))).toBe(scene.cameras.length);
  });

  it('orbits with the mouse and returns home with the H key', async () => {
    const before = await page.evaluate(() => window.safetwinDiagnostics!.cameraPosition());
    const box = (await page.locator('canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 200, box.y + box.height / 2, { steps: 10 });
    await page.mouse.up();
    await waitForCameraAtRest(page);
    const orbited = await page.evaluate(() => window.safetwinDiagnostics!.cameraPosition());
    expect(Math.hypot(orbited[0] - before[0], orbited[2] - before[2])).toBeGreaterThan(10);
    await page.keyboard.press('h');
    await page.waitForTimeout(300);
    await waitForCameraAtRest(page);
    const home = await page.evaluate(() => window.safetwinDiagnostics!.cameraPosition());
    // camera-controls eases in; within 2 % of the viewing distance is home
    expect(Math.hypot(home[0] - before[0], home[1] - before[1], home[2] - before[2])).toBeLessThan(0.02 * Math.hypot(...before));
  });

  it('selects a tank by clicking it in 3D and shows its data', async () => {
    const tank = scene.equipment.find((e) => e.id === 'T-101')!;
    const point = await page.evaluate(() => window.safetwinDiagnostics!.projectEquipment('T-101'));
    expect(point).not.toBeNull();
    await page.mouse.click(point!.x, point!.y);
    await expect.poll(() => page.getByTestId('info-title').textContent()).toBe(tank.name.en);
    expect(await page.getByTestId('info-substance').textContent()).toBe('Benzene');
    expect(await page.getByTestId('info-inventory').textContent()).toBe(`${(tank.inventoryKg! / 1000).toLocaleString('en', { maximumFractionDigits: 1 })} t`);
  });

  it('shows live values from the plant simulator on the embedded broker', async () => {
    await expect.poll(() => page.getByTestId('mqtt-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('connected');
    await page.getByRole('button', { name: /LT-T101/ }).click();
    await expect.poll(() => page.getByTestId('info-title').textContent()).toBe('LT-T101');
    await expect.poll(() => page.getByTestId('info-value').textContent(), { timeout: 15_000 }).toMatch(/^\d+(\.\d+)? %$/);
  });

  it('flies to equipment chosen in the list', async () => {
    await page.getByTestId('browse-S-203').click();
    await page.waitForTimeout(300);
    await waitForCameraAtRest(page);
    await expect.poll(() => page.getByTestId('info-title').textContent()).toBe('Ammonia sphere S-203');
    const point = (await page.evaluate(() => window.safetwinDiagnostics!.projectEquipment('S-203')))!;
    const box = (await page.locator('canvas').boundingBox())!;
    // after the fly-to the sphere sits in the middle of the view
    expect(Math.abs(point.x - (box.x + box.width / 2))).toBeLessThan(box.width * 0.1);
    expect(Math.abs(point.y - (box.y + box.height / 2))).toBeLessThan(box.height * 0.1);
  });

  it('switches the visible language between English and Chinese', async () => {
    expect(await page.locator('#alarm-title').textContent()).toContain('Alarms');
    await page.getByTestId('lang-zh-CN').click();
    await expect.poll(() => page.locator('#alarm-title').textContent()).toContain('报警');
    expect(await page.getByTestId('info-title').textContent()).toBe('液氨球罐S-203');
    expect(await page.getByTestId('connection-state').textContent()).toBe('已连接 SafeTwin 核心服务');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.screenshot({ path: path.join(ARTIFACTS, 'control-room-zh-CN.png') });
    await page.getByTestId('lang-en').click();
    await expect.poll(() => page.locator('#alarm-title').textContent()).toContain('Alarms');
  });

  it('shows one screen of a video-wall layout by URL, in large type, and its panels follow the language', async () => {
    const wall = await browser.newPage({ viewport: VIEWPORT, locale: 'en-US' });
    try {
      await wall.goto(new URL('/?layout=wall-3&screen=1', await server.url).href);
      await expect.poll(() => wall.locator('.control-room').getAttribute('data-view'), { timeout: 15_000 }).toBe('alarms');
      expect(await wall.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('22px');
      expect(await wall.locator('.twin-view').count()).toBe(0);
      await wall.goto(new URL('/?layout=wall-3&screen=2', await server.url).href);
      await expect.poll(() => wall.getByTestId('kpi-view').isVisible(), { timeout: 15_000 }).toBe(true);
      // A full-screen wall screen is a kiosk: no language buttons (issue 12.4); it reads in the language set on that PC.
      await expect.poll(() => wall.getByTestId('lang-zh-CN').isVisible(), { timeout: 10_000 }).toBe(false);
      await wall.evaluate(() => localStorage.setItem('safetwin.language', 'zh-CN'));
      await wall.reload();
      await expect.poll(() => wall.locator('#kpi-title').textContent(), { timeout: 15_000 }).toContain('报警系统性能');
      expect(await wall.getByTestId('alarm-banner').textContent()).toContain('消音');
      await wall.evaluate(() => localStorage.setItem('safetwin.language', 'en'));
    } finally {
      await wall.close();
    }
  });

  it('links the selection across the screens of one user (video wall)', async () => {
    const other = await browser.newPage({ viewport: VIEWPORT, locale: 'en-US' });
    try {
      await other.goto(await server.url);
      await other.waitForFunction(() => (window.safetwinDiagnostics?.framesRendered() ?? 0) > 0, null, { timeout: 60_000 });
      await page.getByTestId('browse-T-103').click();
      await expect.poll(() => other.getByTestId('info-title').textContent(), { timeout: 15_000 }).toBe('Methanol tank T-103');
    } finally {
      await other.close();
    }
  });

  it('saves a screenshot and logged no errors or CSP violations', async () => {
    // The README picture: the whole site from the home view with name labels on.
    await page.keyboard.press('Escape');
    await page.keyboard.press('h');
    await page.keyboard.press('l');
    await page.waitForTimeout(300);
    await waitForCameraAtRest(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'control-room.png') });
    expect(consoleErrors).toEqual([]);
  });
});

describe('sign-in in Chromium when the core requires it', () => {
  it('refuses a wrong password, lets a user with a role in, and follows a role change and a removal made with the CLI', async () => {
    const dataDir = makeTempDir('e2e-auth');
    const added = spawnSync(process.execPath, [SAFETWIN_BIN, 'users', 'add', 'zhang.min', '--role', 'commander', '--password-stdin', '--data-dir', dataDir], { input: 'drill-commander-1\n', encoding: 'utf8' });
    expect(added.status).toBe(0);
    const server = serve(['--port', '0', '--data-dir', dataDir, '--require-auth', '--log-level', 'warn']);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: VIEWPORT, locale: 'zh-CN' });
      await page.goto(await server.url);
      await page.locator('input[name=username]').fill('zhang.min');
      await page.locator('input[name=password]').fill('wrong-password');
      await page.locator('button[type=submit]').click();
      await expect.poll(() => page.getByTestId('sign-in-error').textContent()).toBe('用户名或密码错误');
      await page.locator('input[name=password]').fill('drill-commander-1');
      await page.locator('button[type=submit]').click();
      await expect.poll(() => page.getByTestId('user-badge').textContent(), { timeout: 30_000 }).toContain('zhang.min');
      expect(await page.getByTestId('user-badge').textContent()).toContain('应急指挥');
      await waitForTwin(page);
      writeFileSync(path.join(ARTIFACTS, 'signed-in.txt'), 'zhang.min signed in as commander\n');

      // Issue 13.3: an administrator changes the role while the screen is open; it follows at once (reconnects with the new role).
      const cli = (...args: string[]) => spawnSync(process.execPath, [SAFETWIN_BIN, 'users', ...args, '--data-dir', dataDir], { encoding: 'utf8' });
      expect(cli('role', 'zhang.min', 'viewer').status).toBe(0);
      await expect.poll(() => page.getByTestId('user-badge').textContent(), { timeout: 10_000 }).toContain('查看者');
      // Removed: the screen ends on the sign-in page and says why.
      expect(cli('remove', 'zhang.min').status).toBe(0);
      await expect.poll(() => page.getByTestId('sign-in-error').textContent(), { timeout: 10_000 }).toBe('您的会话已结束（已在别处退出或该用户已被删除），请重新登录。');
    } finally {
      await browser.close();
      await server.stop();
    }
  });
});

describe('site map in Chromium', () => {
  it('shows the site map with the risk heatmap, which can be switched off', async () => {
    const server = serve(['--port', '0', '--data-dir', makeTempDir('e2e-map'), '--log-level', 'warn', '--broker-port', '0']);
    const browser = await launchChromium();
    const map = await browser.newPage({ viewport: VIEWPORT, locale: 'en-US' });
    const errors: string[] = [];
    map.on('pageerror', (error) => errors.push(error.message));
    try {
      await map.goto(new URL('/?view=siteMap', await server.url).href);
      await expect.poll(() => map.getByTestId('site-map').locator('canvas').count(), { timeout: 15_000 }).toBe(1);
      await map.waitForTimeout(1500);
      const stats = pixelStatistics(await map.getByTestId('site-map').screenshot());
      expect(stats.distinctColours).toBeGreaterThan(50);
      expect(await map.getByTestId('heatmap-toggle').getAttribute('aria-pressed')).toBe('true');
      await map.getByTestId('heatmap-toggle').click();
      expect(await map.getByTestId('heatmap-toggle').getAttribute('aria-pressed')).toBe('false');
      await map.screenshot({ path: path.join(ARTIFACTS, 'site-map.png') });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await server.stop();
    }
  });
});
