import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm } from '../../main/contracts/index.js';
import { freeLoopbackPort } from '../../main/platform/network.js';
import { launchChromium } from '../support/chromium.js';
import { REPO_ROOT, SAFETWIN_BIN, serve, type ServeProcess } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';

/**
 * The operator's view of a frozen transmitter (issue 14.15) in Chromium against the demo plant and its
 * simulator: `safetwin simulate inject sensorStuck` freezes LT-T101; the low-priority stuck alarm is in
 * the alarm list under its name, and the sensor panel shows the data-quality score and its reason, in en
 * and zh-CN (no raw condition id). Flat-line time 15 s for levels through --config.
 */
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'e2e');
const ALARM_ID = 'LT-T101:stuck';

describe('a stuck transmitter in the control room', () => {
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    const dataDir = makeTempDir('e2e-data-quality');
    const configFile = path.join(dataDir, 'config.json');
    writeFileSync(configFile, JSON.stringify({ alarms: { dataQuality: { flatLine: { timeMs: { level: 15_000 } } } } }));
    const brokerPort = await freeLoopbackPort();
    server = serve(['--port', '0', '--broker-port', String(brokerPort), '--data-dir', dataDir, '--config', configFile, '--no-record', '--log-level', 'warn']);
    url = await server.url;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 900 }, locale: 'en-US' });
    await page.goto(url);
    await page.waitForFunction(() => (window.safetwinDiagnostics?.framesRendered() ?? 0) > 0, null, { timeout: 60_000 });
    await promisify(execFile)(process.execPath, [SAFETWIN_BIN, 'simulate', 'inject', JSON.stringify({ scenario: 'sensorStuck', sensorId: 'LT-T101' }), '--mqtt-url', `mqtt://127.0.0.1:${brokerPort}`]);
    const alarms = async () => (await (await fetch(new URL('/api/alarms', url))).json()) as Alarm[];
    await waitUntil(async () => (await alarms()).some((a) => a.alarmId === ALARM_ID && a.active), 45_000, 'the stuck alarm');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the stuck alarm by name and shows the score and reason in the sensor panel, in en and zh-CN', async () => {
    const row = page.locator(`tr[data-alarm-id="${ALARM_ID}"]`);
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 10_000 }).toBe('unacknowledged');
    expect(await row.textContent()).toContain('Value frozen (stuck)');
    expect(await row.locator('.priority').textContent()).toContain('Low');
    // Through the equipment list and the tank's instruments: the alarm table may re-sort under the pointer
    // as the demo's other alarms come and go.
    await page.getByTestId('browse-T-101').click();
    await page.getByTestId('info-panel').getByRole('button', { name: /LT-T101/ }).click();
    await expect.poll(() => page.getByTestId('info-title').textContent()).toBe('LT-T101');
    const quality = page.getByTestId('info-data-quality');
    await expect.poll(() => quality.getAttribute('data-score'), { timeout: 10_000 }).toBe('0.5');
    expect(await quality.textContent()).toBe('50 % — Value frozen (stuck)');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'data-quality-stuck-en.png') });

    await page.getByTestId('lang-zh-CN').click();
    await expect.poll(() => quality.textContent()).toBe('50 % — 数值冻结');
    expect(await row.textContent()).toContain('数值冻结');
    expect(await row.textContent()).not.toContain('stuck');
    await page.screenshot({ path: path.join(ARTIFACTS, 'data-quality-stuck-zh-CN.png') });
  });
});
