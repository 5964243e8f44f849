import { execFileSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm } from '../../main/contracts/index.js';
import { launchChromium } from '../support/chromium.js';
import { Mosquitto } from '../support/mosquitto.js';
import { serve, type ServeProcess } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';

const GAS_TOPIC = 'safetwin/demo-plant/tankFarm/GD-T101-C1';
const ALARM_ID = 'GD-T101-C1:high';

describe('a gas alarm from the broker to the operator and back', () => {
  let broker: Mosquitto;
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    broker = await Mosquitto.start();
    server = serve(['--port', '0', '--data-dir', makeTempDir('e2e-live'), '--mqtt-url', broker.url, '--log-level', 'warn']);
    url = await server.url;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 900 }, locale: 'en-US' });
    await page.goto(url);
    await page.waitForFunction(() => (window.safetwinDiagnostics?.framesRendered() ?? 0) > 0, null, { timeout: 60_000 });
    await waitUntil(async () => (await page.getByTestId('mqtt-state').getAttribute('data-state')) === 'connected', 15_000, 'the MQTT link in the UI');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await broker?.stop();
  });

  it('shows the alarm in the list with its priority and value, and the live value on the twin', async () => {
    execFileSync('mosquitto_pub', ['-p', String(broker.port), '-t', GAS_TOPIC, '-m', JSON.stringify({ v: 31, ts: Date.now() })]);
    const row = page.locator(`tr[data-alarm-id="${ALARM_ID}"]`);
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 10_000 }).toBe('unacknowledged');
    expect(await row.locator('.priority').textContent()).toBe('▲ High');
    expect(await row.locator('.value').textContent()).toBe('31 %LEL');
    await expect.poll(() => page.locator('.value-tag').filter({ hasText: 'GD-T101-C1' }).textContent(), { timeout: 5_000 }).toContain('31.0 %LEL');
  });

  it('puts it in the banner, colours the marker, and "go to" flies the camera there', async () => {
    await expect.poll(() => page.getByTestId('alarm-banner').getAttribute('data-alarm-id'), { timeout: 5_000 }).toBe(ALARM_ID);
    const sceneJson = (await (await fetch(new URL('/api/scene', url))).json()) as { sensors: { id: string }[] };
    const index = sceneJson.sensors.findIndex((s) => s.id === 'GD-T101-C1');
    const live = await page.evaluate((i) => window.safetwinDiagnostics!.sensorLive(i), index);
    expect(live.value).toBe(31);
    expect(live.flags & 8).toBe(8); // SENSOR_FLAGS.alarmActive
    expect((live.flags >> 5) & 3).toBe(1); // priority high
    const before = await page.evaluate(() => window.safetwinDiagnostics!.cameraPosition());
    await page.getByTestId('alarm-banner').getByRole('button', { name: 'Go to source' }).click();
    await page.waitForTimeout(300);
    await page.waitForFunction(() => window.safetwinDiagnostics!.cameraAtRest(), null, { timeout: 30_000 });
    const after = await page.evaluate(() => window.safetwinDiagnostics!.cameraPosition());
    expect(Math.hypot(after[0] - before[0], after[1] - before[1], after[2] - before[2])).toBeGreaterThan(50);
    await expect.poll(() => page.getByTestId('info-title').textContent()).toBe('GD-T101-C1');
  });

  it('shows camera detections from an edge vision box as boxes on the tile and a ring on the ground', async () => {
    const payload = { ts: Date.now(), detections: [{ label: 'no_helmet', score: 0.91, box: [900, 520, 110, 300] }] };
    execFileSync('mosquitto_pub', ['-p', String(broker.port), '-t', 'safetwin/demo-plant/detections/CAM-07', '-m', JSON.stringify(payload)]);
    await expect.poll(() => page.evaluate(() => window.safetwinDiagnostics!.countObjects('detection')), { timeout: 30_000 }).toBe(1);
    const wall = await browser.newPage({ viewport: { width: 1600, height: 900 }, locale: 'en-US' });
    try {
      await wall.goto(new URL('/?view=cameras', url).href);
      await expect.poll(() => wall.getByTestId('camera-tile-CAM-07').getByTestId('detection-box').count(), { timeout: 15_000 }).toBe(1);
      expect(await wall.getByTestId('camera-tile-CAM-07').textContent()).toContain('No hard hat 91%');
      expect(await wall.locator('[data-testid^="camera-tile-"]').count()).toBe(12);
    } finally {
      await wall.close();
    }
  });

  it('acknowledges from the UI, and the core records who did it', async () => {
    await page.getByTestId(`ack-${ALARM_ID}`).click();
    await expect.poll(() => page.locator(`tr[data-alarm-id="${ALARM_ID}"]`).getAttribute('data-state'), { timeout: 10_000 }).toBe('acknowledged');
    const alarm = ((await (await fetch(new URL('/api/alarms', url))).json()) as Alarm[]).find((a) => a.alarmId === ALARM_ID)!;
    expect(alarm).toMatchObject({ state: 'acknowledged', acknowledged: true, acknowledgedBy: 'local-commander' });
  });

  it('shelves with a reason from the UI', async () => {
    await page.locator(`tr[data-alarm-id="${ALARM_ID}"] button`, { hasText: 'Shelve' }).click();
    await page.getByTestId('shelve-form').locator('input').fill('detector being recalibrated');
    await page.getByTestId('shelve-form').locator('button[type=submit]').click();
    await expect.poll(() => page.locator(`tr[data-alarm-id="${ALARM_ID}"]`).getAttribute('data-state'), { timeout: 10_000 }).toBe('shelved');
    const alarm = ((await (await fetch(new URL('/api/alarms?state=shelved', url))).json()) as Alarm[])[0]!;
    expect(alarm.alarmId).toBe(ALARM_ID);
    expect(alarm.shelvedUntilMs! - Date.now()).toBeGreaterThan(50 * 60_000);
  });
});
