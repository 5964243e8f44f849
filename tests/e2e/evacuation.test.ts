import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { expectModeMarks } from '../support/modeMarks.js';
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
  const dataDir = makeTempDir('e2e-evac');

  beforeAll(async () => {
    server = serve(['--port', '0', '--broker-port', '0', '--data-dir', dataDir, '--log-level', 'warn']);
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
    await drillAlarmLifecycle();
    // The console's button acknowledges whatever drill alarm still waits (detectors the cloud reached meanwhile).
    if (await page.getByTestId('drill-acknowledge').isEnabled()) await page.getByTestId('drill-acknowledge').click();
    // Ordering the evacuation asks first; Cancel changes nothing.
    await page.getByTestId('drill-order').click();
    await expect.poll(() => page.getByTestId('drill-order-confirm').textContent()).toContain('Order the evacuation in the drill?');
    await page.getByTestId('drill-order-cancel').click();
    expect(await page.getByTestId('drill-clock').textContent()).toContain('alarm');
    await page.getByTestId('drill-order').click();
    await page.getByTestId('drill-order-yes').click();
    await expect.poll(() => page.getByTestId('drill-clock').textContent(), { timeout: 10_000 }).toContain('evacuating');
    await page.getByTestId('drill-speed').selectOption('20');
    await expect.poll(() => page.getByTestId('headcount').textContent(), { timeout: 20_000 }).toMatch(/Accounted for: \d+ of 60/);
    // Part of the way: people on the move, the board filling. The picture for the record.
    await expect.poll(async () => Number(/Accounted for: (\d+)/.exec((await page.getByTestId('headcount').textContent()) ?? '')?.[1] ?? 0), { timeout: 60_000 }).toBeGreaterThan(10);
    // The drill's cloud reaches muster point 3: the board flags it at once and sends everyone elsewhere.
    await expect.poll(() => page.getByTestId('threat-musters').textContent(), { timeout: 60_000 }).toContain('Muster point 3');
    expect(await page.getByTestId('muster-MP-3').getAttribute('data-threatened')).toBe('true');
    await expect.poll(() => page.evaluate(() => window.safetwinDiagnostics!.countObjects('evacThreatenedMuster')), { timeout: 5_000 }).toBe(1);
    expect(await page.getByTestId('threat-advice').textContent()).toMatch(/^Send everyone to .*Muster point 1/);
    // ETAs are durations, never m:ss that reads as a time of day.
    expect(await page.getByTestId('muster-board').textContent()).not.toMatch(/\b\d{1,2}:\d\d\b/);
    await page.getByTestId('drill-speed').selectOption('1');
    await page.waitForTimeout(1_500);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'evacuation-drill.png') });
    expect(await page.evaluate(() => window.safetwinDiagnostics!.countObjects('evacRoutes'))).toBe(1);
    // Paused while other checks look at the screen: the team's score counts drill time, not test time.
    await page.getByTestId('drill-play').click();
    await expect.poll(() => page.getByTestId('drill-play').textContent()).toBe('Play');
  });

  /**
   * Issue 15: the screen that started the drill shows the drill's player — its alarm list and banner are
   * the drill's own alarm engine's, acknowledged and shelved with the plant's lifecycle — and none of it
   * reaches the real alarm list or the journal of real alarm actions.
   */
  async function drillAlarmLifecycle(): Promise<void> {
    const releaseId = 'chlorineYard:releaseReported';
    const row = page.locator(`tr[data-alarm-id="${releaseId}"]`);
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 20_000 }).toBe('unacknowledged');
    await expect.poll(() => page.getByTestId('banner-drill').textContent()).toBe('DRILL ALARM');
    await page.getByTestId(`ack-${releaseId}`).click();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 10_000 }).toBe('acknowledged');
    await row.locator('button', { hasText: /^Shelve$/ }).click();
    await page.getByTestId('shelve-form').locator('input').fill('演练');
    await page.getByTestId('shelve-form').locator('button[type=submit]').click();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 10_000 }).toBe('shelved');
    expect(await row.getByTestId('shelve-info').textContent()).toContain('演练');
    // The plant's alarm list and the journal of real alarm actions never hear of it; the drill's journal does.
    const realAlarms = (await (await fetch(new URL('/api/alarms', url))).json()) as { alarmId: string }[];
    expect(realAlarms.some((a) => a.alarmId === releaseId)).toBe(false);
    const journal = readFileSync(path.join(dataDir, 'audit', 'journal.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { kind: string; data: Record<string, unknown> });
    expect(journal.some((e) => JSON.stringify(e).includes(releaseId) && e.kind !== 'note')).toBe(false);
    expect(journal.filter((e) => e.kind === 'note' && typeof e.data.action === 'string' && e.data.action.startsWith('drill.alarm.')).map((e) => e.data.action)).toEqual(['drill.alarm.acknowledge', 'drill.alarm.shelve']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'drill-alarm-shelved.png') });
  }

  it('marks the drill on every screen: DRILL frame and watermark on the twin and on a wall screen (en and zh-CN), the drill cloud hatched with its own DRILL legend, the real alarms in a strip', async () => {
    // Issue 12.6: the drill cloud is drawn as a drill (hatched, dashed outlines) and keyed apart from real clouds.
    expect(await page.evaluate(() => window.safetwinDiagnostics!.countObjects('drillPlume'))).toBe(1);
    await expect.poll(() => page.getByTestId('drill-cloud-legend').textContent(), { timeout: 10_000 }).toContain('Drill cloud: simulated, not a release');
    expect(await page.getByTestId('plume-legend').count()).toBe(0);
    await expect.poll(() => page.getByTestId('live-alarm-strip').textContent(), { timeout: 10_000 }).toContain('Real alarms (not the drill)');
    await expectModeMarks(page, 'drill', 'DRILL', path.join(ARTIFACTS, 'drill-marks-twin-en.png'));
    // Video-wall screens (wall-3 screen 1: the alarm list), the camera wall and the site map, each in its own browser window.
    const screens = [
      ['/?layout=wall-3&screen=1', 'wall-alarms', 'en-US', 'DRILL'],
      ['/?layout=wall-3&screen=1', 'wall-alarms', 'zh-CN', '演练'],
      ['/?view=cameras', 'cameras', 'en-US', 'DRILL'],
      ['/?view=siteMap', 'site-map', 'zh-CN', '演练'],
    ] as const;
    for (const [address, name, locale, word] of screens) {
      const screen = await browser.newPage({ viewport: { width: 1600, height: 900 }, locale });
      await screen.goto(new URL(address, url).toString());
      // Connected first (a wall page starts slowly on a loaded machine); the drill status comes with the connection.
      await screen.getByTestId('mode-badge').waitFor({ timeout: 60_000 });
      await expectModeMarks(screen, 'drill', word, path.join(ARTIFACTS, `drill-marks-${name}-${locale}.png`));
      await expect.poll(() => screen.getByTestId('live-alarm-strip').count(), { timeout: 10_000 }).toBe(1);
      await screen.close();
    }
    // The twin in Chinese: the same page, switched.
    await page.getByTestId('lang-zh-CN').click();
    await expect.poll(() => page.getByTestId('drill-cloud-legend').textContent(), { timeout: 10_000 }).toContain('演练气云');
    await expectModeMarks(page, 'drill', '演练', path.join(ARTIFACTS, 'drill-marks-twin-zh-CN.png'));
    expect(await page.getByTestId('live-alarm-strip').textContent()).toContain('真实报警（非演练）');
    await page.getByTestId('lang-en').click();
    await expect.poll(() => page.getByTestId('drill-cloud-legend').textContent()).toContain('Drill cloud');
  });

  it('fills the muster board, scores the team and opens the printable report', async () => {
    // A speed chosen at once, before the screen shows the drill running: it changes only the speed (it
    // once sent the playing state the screen still held and paused the drill again).
    await page.getByTestId('drill-play').click();
    await page.getByTestId('drill-speed').selectOption('20');
    await expect.poll(() => page.getByTestId('drill-play').textContent(), { timeout: 10_000 }).toBe('Pause');
    await expect.poll(() => page.getByTestId('headcount').textContent(), { timeout: 90_000, interval: 1_000 }).toBe('Accounted for: 60 of 60');
    expect(await page.getByTestId('muster-table').locator('tbody tr').count()).toBe(3);
    await page.getByTestId('drill-confirm').click();
    await expect.poll(() => page.getByTestId('drill-score').textContent(), { timeout: 10_000 }).toContain('3 of 3 targets met');
    await page.getByTestId('drill-end').click();
    await expect.poll(() => page.getByTestId('drill-end-confirm').textContent()).toContain('End the drill?');
    await page.getByTestId('drill-end-yes').click();
    await expect.poll(() => page.getByTestId('drill-banner').count(), { timeout: 10_000 }).toBe(0);
    // The marks go with the drill.
    await expect.poll(() => page.getByTestId('mode-marks').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => page.evaluate(() => window.safetwinDiagnostics!.countObjects('plumeCloud')), { timeout: 10_000 }).toBe(0);
    const link = page.locator('[data-testid^="report-html-drill-"]').first();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const report = await browser.newPage();
    await report.setContent(readFileSync((await download.path())!, 'utf8'));
    expect(await report.locator('h1').textContent()).toContain('DRILL · Chlorine release at B-301');
    expect(await report.locator('h1').textContent()).toContain('Evacuation drill after-action report');
    expect(await report.textContent('body')).toContain('Muster point 3 (east)');
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
    expect(await panel.textContent()).toContain('事后复盘报告');
    expect(await page.getByTestId('side-tab-evacuation').textContent()).toContain('疏散');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid^="report-html-drill-"]').first().click()]);
    expect(download.suggestedFilename()).toMatch(/-report-zh-CN\.html$/);
    expect(readFileSync((await download.path())!, 'utf8')).toContain('演练');
    await page.evaluate(() => localStorage.setItem('safetwin.language', 'en'));
  });

  it('orders and stands down a live evacuation only after confirming each', async () => {
    await page.reload();
    await page.waitForFunction(() => (window.safetwinDiagnostics?.framesRendered() ?? 0) > 0, null, { timeout: 60_000 });
    await page.getByTestId('side-tab-evacuation').click();
    await page.getByTestId('live-start').click();
    await expect.poll(() => page.getByTestId('live-start-confirm').textContent()).toContain('Order a live evacuation of the whole site?');
    await page.getByTestId('live-start-cancel').click();
    await page.waitForTimeout(500);
    expect(await page.getByTestId('evacuation-banner').count()).toBe(0);
    await page.getByTestId('live-start').click();
    await page.getByTestId('live-start-yes').click();
    await expect.poll(() => page.getByTestId('evacuation-banner').textContent(), { timeout: 20_000 }).toMatch(/EVACUATION · \d+ s since the order/);
    await expect.poll(() => page.getByTestId('live-evacuation').textContent(), { timeout: 20_000 }).toMatch(/accounted for \d+ of \d+/);
    await page.getByTestId('live-stop').click();
    await expect.poll(() => page.getByTestId('live-stop-confirm').textContent()).toMatch(/Stand down the evacuation\? \d+ people are not accounted for/);
    await page.getByTestId('live-stop-yes').click();
    await expect.poll(() => page.getByTestId('evacuation-banner').count(), { timeout: 10_000 }).toBe(0);
  });
});
