import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMULATED_FRIGATE_PREFIX } from '../../main/simulator/SimulatedCameraAnalytics.js';
import { boxStandingAt } from '../support/cameraBox.js';
import { launchChromium } from '../support/chromium.js';
import { freeLoopbackPort } from '../../main/platform/network.js';
import { loadDemoScene } from '../support/demoScene.js';
import { REPO_ROOT, serve, type ServeProcess } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';
import { GATE_CAMERA, MODEL_DIRS } from '../support/visionFixtures.js';

/**
 * Issue 7's "done": the demo plant with its simulator, and its gate camera CAM-01 fed by the shared CCTV
 * clip through the real person model. The camera tile shows live frames with boxes, a person at the gate
 * turnstile becomes a located intrusion alarm whose snapshot opens from the alarm list, and the simulator's
 * stand-in analytics (restricted-entry scenarios in areas with cameras on them) are labelled SIMULATED.
 */
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'e2e');
const CHLORINE_CAMERA = loadDemoScene().cameras.find((c) => c.id === 'CAM-06')!;
describe('camera AI from a video to the operator', () => {
  let server: ServeProcess;
  let browser: Browser;
  let wall: Page;
  let alarms: Page;
  let brokerPort: number;

  beforeAll(async () => {
    const dataDir = makeTempDir('e2e-camera-ai');
    const configFile = path.join(dataDir, 'config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        vision: {
          models: { person: MODEL_DIRS.person },
          fps: 2,
          previewFps: 1,
          pool: { workers: 1 },
          cameras: [GATE_CAMERA],
        },
      }),
    );
    brokerPort = await freeLoopbackPort();
    server = serve(['--config', configFile, '--port', '0', '--broker-port', String(brokerPort), '--data-dir', dataDir, '--log-level', 'warn']);
    const url = await server.url;
    browser = await launchChromium();
    wall = await browser.newPage({ viewport: { width: 1600, height: 1000 }, locale: 'en-US' });
    await wall.goto(new URL('/?view=cameras', url).href);
    alarms = await browser.newPage({ viewport: { width: 1600, height: 900 }, locale: 'en-US' });
    await alarms.goto(new URL('/?view=alarms', url).href);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows live frames of the analysed camera with its zone, detection boxes and health', async () => {
    const tile = wall.getByTestId('camera-tile-CAM-01');
    await expect.poll(() => tile.getByTestId('camera-frame').getAttribute('href'), { timeout: 30_000 }).toMatch(/^blob:/);
    await expect.poll(() => tile.getByTestId('detection-box').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await tile.getByTestId('vision-zone').count()).toBe(1);
    await expect.poll(() => tile.getByTestId('camera-health-CAM-01').textContent(), { timeout: 10_000 }).toMatch(/Running.*fps analysed/);
    // The picture is real pixels: the <image> decoded to the camera's frame size.
    const size = await tile.getByTestId('camera-frame').evaluate((el) => (el as SVGImageElement).getBBox().width);
    expect(size).toBe(1920);
  });

  it('raises a located intrusion alarm whose snapshot opens from the alarm list', async () => {
    const row = alarms.locator('tr[data-alarm-id="CAM-01:restrictedEntry"]');
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 45_000 }).toBe('unacknowledged');
    expect(await row.textContent()).toMatch(/Restricted-zone entry/);
    // Where it was seen in words, as the people strip says it: area and nearest landmark, never raw coordinates (issue 12.2).
    const where = (await row.getByTestId('alarm-location').textContent()) ?? '';
    expect(where).toMatch(/^[A-Z][\w -]+ · (\d+ m [a-z-]+ of |at ).+$/);
    expect(where).not.toMatch(/-?\d+, -?\d+/);
    await row.getByTestId('alarm-snapshot-CAM-01:restrictedEntry').click();
    const image = row.getByTestId('alarm-snapshot-image');
    await expect.poll(() => image.getAttribute('src'), { timeout: 10_000 }).toMatch(/^blob:/);
    await expect.poll(() => image.evaluate((el) => (el as HTMLImageElement).naturalWidth), { timeout: 10_000 }).toBeGreaterThan(300);
    mkdirSync(ARTIFACTS, { recursive: true });
    await alarms.screenshot({ path: path.join(ARTIFACTS, 'camera-ai-alarm.png') });
  });

  it('labels the simulator\'s stand-in analytics SIMULATED, on the tile and on the alarm', async () => {
    // What the demo simulator publishes when a badge holder it walks into a restricted area is in a
    // camera's view (main/simulator/SimulatedCameraAnalytics.ts, unit-tested there with the camera
    // projection): a Frigate-format event on the simulated prefix. Sent here directly, so the check does
    // not depend on who happens to be on shift at the hour the test runs.
    const nowS = Date.now() / 1000;
    const event = { type: 'new', after: { id: 'sim-e2e-1', camera: 'CAM-06', label: 'person', start_time: nowS, end_time: null, frame_time: nowS, box: boxStandingAt(CHLORINE_CAMERA, 360, 188, 60, 140), current_zones: ['chlorineYard'], entered_zones: ['chlorineYard'], has_snapshot: false, has_clip: false, false_positive: false } };
    execFileSync('mosquitto_pub', ['-p', String(brokerPort), '-t', `${SIMULATED_FRIGATE_PREFIX}/events`, '-m', JSON.stringify(event)]);
    const tile = wall.getByTestId('camera-tile-CAM-06');
    await expect.poll(() => tile.getByTestId('simulated-tag').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await tile.getByTestId('vision-event-box').first().textContent()).toBe('NVR event · SIMULATED');
    const row = alarms.locator('tr[data-alarm-id="CAM-06:restrictedEntry"]');
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 15_000 }).toBe('unacknowledged');
    expect(await row.getByTestId('simulated-tag').textContent()).toBe('SIMULATED');
    await wall.screenshot({ path: path.join(ARTIFACTS, 'camera-ai.png') });
  });
});
