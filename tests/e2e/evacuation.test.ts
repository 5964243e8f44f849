import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { REPO_ROOT, serve, type ServeProcess } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * Issue 6's "done": a commander starts a drill on the demo plant, sees DRILL on the screen, the
 * people walking on the twin round the drill's cloud, the muster board fill, and opens the
 * after-action report.
 */
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'e2e');

describe('an emergency drill from the evacuation tab to the report', () => {
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    server = serve(['--port', '0', '--broker-port', '0', '--data-dir', makeTempDir('e2e-evac'), '--log-level', 'warn']);
    url = await server.url;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 900 }, locale: 'en-US' });
    page.on('pageerror', (error) => console.error('PAGEERROR', error.message));
    page.on('console', (m) => m.type() === 'error' && console.error('CONSOLE', m.text()));
    await page.goto(url);
    await page.waitForFunction(() => (window.safetwinDiagnostics?.framesRendered() ?? 0) > 0, null, { timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('starts a drill: DRILL banner, agents, routes and the drill cloud on the twin, drill alarms apart from the real list', async () => {
    await page.getByTestId('side-tab-evacuation').click();
    await expect.poll(() => page.getByTestId('drill-scenario').locator('option').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await page.getByTestId('drill-scenario').selectOption('chlorine-b301-day');
    await page.getByTestId('drill-start').click();
    await expect.poll(() => page.getByTestId('drill-banner').textContent(), { timeout: 20_000 }).toContain('DRILL · Chlorine release at B-301');
    await expect.poll(() => page.evaluate(() => window.safetwinDiagnostics!.countObjects('evacAgents')), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.evaluate(() => window.safetwinDiagnostics!.countObjects('plumeCloud')), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('drill-alarms').textContent(), { timeout: 20_000 }).toContain('DRILL');
    await page.getByTestId('drill-acknowledge').click();
    await page.getByTestId('drill-order').click();
    await page.getByTestId('drill-speed').selectOption('20');
    await expect.poll(() => page.getByTestId('headcount').textContent(), { timeout: 20_000 }).toMatch(/Accounted for: \d+ of 60/);
    // Part of the way: people on the move, the board filling. The picture for the record.
    await expect.poll(async () => Number(/Accounted for: (\d+)/.exec((await page.getByTestId('headcount').textContent()) ?? '')?.[1] ?? 0), { timeout: 60_000 }).toBeGreaterThan(10);
    await page.getByTestId('drill-speed').selectOption('1');
    await page.waitForTimeout(1_500);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'evacuation-drill.png') });
    expect(await page.evaluate(() => window.safetwinDiagnostics!.countObjects('evacRoutes'))).toBe(1);
  });

  it('fills the muster board, scores the team and opens the printable report', async () => {
    await page.getByTestId('drill-speed').selectOption('20');
    await expect.poll(() => page.getByTestId('headcount').textContent(), { timeout: 90_000, interval: 1_000 }).toBe('Accounted for: 60 of 60');
    expect(await page.getByTestId('muster-table').locator('tbody tr').count()).toBe(3);
    await page.getByTestId('drill-confirm').click();
    await expect.poll(() => page.getByTestId('drill-score').textContent(), { timeout: 10_000 }).toContain('3 of 3 targets met');
    await page.getByTestId('drill-end').click();
    await expect.poll(() => page.getByTestId('drill-banner').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => page.evaluate(() => window.safetwinDiagnostics!.countObjects('plumeCloud')), { timeout: 10_000 }).toBe(0);
    const link = page.locator('[data-testid^="report-html-drill-"]').first();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const report = await browser.newPage();
    await report.setContent(readFileSync((await download.path())!, 'utf8'));
    expect(await report.locator('h1').textContent()).toContain('DRILL · Chlorine release at B-301');
    expect(await report.textContent('body')).toContain('Team response (trainer console)');
    await report.close();
  });

  it('reads in Chinese too', async () => {
    await page.evaluate(() => localStorage.setItem('safetwin.language', 'zh-CN'));
    await page.reload();
    await page.waitForFunction(() => (window.safetwinDiagnostics?.framesRendered() ?? 0) > 0, null, { timeout: 60_000 });
    await page.getByTestId('side-tab-evacuation').click();
    const panel = page.getByTestId('evacuation-panel');
    await expect.poll(() => panel.textContent(), { timeout: 10_000 }).toContain('应急演练');
    expect(await panel.textContent()).toContain('演练复盘报告');
    expect(await page.getByTestId('side-tab-evacuation').textContent()).toContain('疏散');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid^="report-html-drill-"]').first().click()]);
    expect(download.suggestedFilename()).toMatch(/-report-zh-CN\.html$/);
    expect(readFileSync((await download.path())!, 'utf8')).toContain('演练');
    await page.evaluate(() => localStorage.setItem('safetwin.language', 'en'));
  });
});
