import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { REPO_ROOT, serve, type ServeProcess } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * Issue 5's "done": a commander starts a leak at a tank of the demo plant (embedded broker and
 * simulator, live wind from its weather station) and sees the threat zones on the twin, the
 * legend, the zone table with the people inside, and the detectors the model expects to alarm.
 * Issue 12.5: the study never touches the plant (no real alarm follows it); a trainer's simulated
 * release is a separate button, labelled on screen, and the plant's detectors do alarm for it.
 * The console's user is a trainer, who may do both.
 */
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'e2e');

describe('a leak study from the equipment panel to the twin', () => {
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  const dataDir = makeTempDir('e2e-leak');

  beforeAll(async () => {
    server = serve(['--port', '0', '--broker-port', '0', '--data-dir', dataDir, '--log-level', 'warn', '--local-role', 'trainer']);
    const url = await server.url;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 900 }, locale: 'en-US' });
    await page.goto(url);
    await page.waitForFunction(() => (window.safetwinDiagnostics?.framesRendered() ?? 0) > 0, null, { timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('starts a chlorine leak at a bullet and draws the cloud, the zone outlines and the legend', async () => {
    await page.getByTestId('browse-B-301').click();
    await page.getByTestId('leak-hole-mm').fill('10');
    await page.getByTestId('leak-start').click();
    await expect.poll(() => page.getByTestId('side-tab-leak').getAttribute('aria-selected'), { timeout: 10_000 }).toBe('true');
    await expect.poll(() => page.evaluate(() => window.safetwinDiagnostics!.countObjects('plumeCloud')), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => page.evaluate(() => window.safetwinDiagnostics!.countObjects('threatZoneOutline')), { timeout: 20_000 }).toBeGreaterThan(0);
    const legend = await page.getByTestId('plume-legend').textContent();
    expect(legend).toContain('AEGL-3');
    expect(legend).toMatch(/Wind \d+(\.\d)? m\/s from \d+°/);
    expect(await page.getByTestId('side-tab-leak').textContent()).toContain('1');
    expect(await page.getByTestId('leak-panel').getByTestId('leak-kind-study').textContent()).toBe('WHAT-IF STUDY');
    // Let the cloud travel for a few seconds before the picture for the record.
    await page.waitForTimeout(8_000);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'leak-study.png') });
  });

  it('lists the zones with their reach, and the model’s leak and detector predictions', async () => {
    const panel = page.getByTestId('leak-panel');
    await expect.poll(() => panel.getByTestId('zone-table').locator('tbody tr').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    const text = (await panel.textContent())!;
    expect(text).toContain('Chlorine');
    expect(text).toContain('Dense gas (Britter–McQuaid, continuous)');
    expect(text).toMatch(/AEGL-3.*ppm.*m/s);
    expect(await panel.getByTestId('predicted-detectors').count()).toBe(1);
    // B-301's chlorine cells read 0–3 ppm: a detector in the cloud reads full scale, over range (before: hundreds of thousands of ppm).
    const predicted = (await panel.getByTestId('predicted-detectors').textContent())!;
    expect(predicted).toMatch(/GD-B301-T\d over range \(≥ 3 ppm\)/);
  });

  it('raises no real alarm for the study: the plant and the simulator are untouched', async () => {
    // Before issue 12.5 the study also made the demo simulator leak, and B-301's detectors alarmed within seconds.
    await page.waitForTimeout(10_000);
    const alarms = await page.evaluate(async () => (await (await fetch('/api/alarms')).json()) as { sourceId: string; active: boolean }[]);
    expect(alarms.filter((a) => a.active && a.sourceId.startsWith('GD-B301'))).toEqual([]);
  });

  it('reads in Chinese too', async () => {
    await page.evaluate(() => localStorage.setItem('safetwin.language', 'zh-CN'));
    await page.reload();
    await page.waitForFunction(() => (window.safetwinDiagnostics?.framesRendered() ?? 0) > 0, null, { timeout: 60_000 });
    await page.getByTestId('side-tab-leak').click();
    await expect.poll(() => page.getByTestId('leak-panel').textContent(), { timeout: 10_000 }).toContain('危险区域');
    expect(await page.getByTestId('plume-legend').textContent()).toContain('风速');
    await page.evaluate(() => localStorage.setItem('safetwin.language', 'en'));
  });

  it('stops the leak from the panel', async () => {
    await page.reload();
    await page.waitForFunction(() => (window.safetwinDiagnostics?.framesRendered() ?? 0) > 0, null, { timeout: 60_000 });
    await page.getByTestId('side-tab-leak').click();
    const stop = page.locator('[data-testid^="leak-stop-"]');
    await expect.poll(() => stop.count(), { timeout: 10_000 }).toBe(1);
    await stop.click();
    await expect.poll(() => stop.count(), { timeout: 10_000 }).toBe(0);
    expect(await page.getByTestId('leak-panel').textContent()).toContain('ended');
  });

  it('simulates a release on the demo plant as a separate, labelled act, and the plant’s detectors alarm', async () => {
    await page.getByTestId('browse-B-302').click();
    await page.getByTestId('leak-hole-mm').fill('10');
    await page.getByTestId('leak-simulate-release').click();
    await expect.poll(() => page.getByTestId('leak-panel').getByTestId('leak-kind-simulated').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId('leak-panel').getByTestId('leak-kind-simulated').textContent()).toBe('SIMULATED RELEASE');
    const activeB302 = () => page.evaluate(async () => ((await (await fetch('/api/alarms')).json()) as { sourceId: string; active: boolean }[]).filter((a) => a.active && a.sourceId.startsWith('GD-B302')).length);
    await expect.poll(activeB302, { timeout: 30_000 }).toBeGreaterThan(0);
    // Both acts are on the record, each for what it is.
    const journal = () => readFileSync(path.join(dataDir, 'audit', 'journal.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { kind: string; data: Record<string, unknown> });
    await expect.poll(() => journal().filter((e) => e.kind === 'note' && e.data.action === 'simulatedRelease' && e.data.equipmentId === 'B-302').length, { timeout: 10_000 }).toBe(1);
    expect(journal().filter((e) => e.kind === 'note' && e.data.action === 'leakStudyStarted' && e.data.equipmentId === 'B-301')).toHaveLength(1);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'leak-simulated-release.png') });
  });
});
