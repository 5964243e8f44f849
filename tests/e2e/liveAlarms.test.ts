import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm } from '../../main/contracts/index.js';
import { launchChromium } from '../support/chromium.js';
import { Mosquitto } from '../support/mosquitto.js';
import { REPO_ROOT, serve, type ServeProcess } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';

const GAS_TOPIC = 'safetwin/demo-plant/tankFarm/GD-T101-C1';
const ALARM_ID = 'GD-T101-C1:high';
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'e2e');

describe('a gas alarm from the broker to the operator and back', () => {
  let broker: Mosquitto;
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  let url: string;
  let keepAlive: NodeJS.Timeout | undefined;
  const publishGas = () => execFile('mosquitto_pub', ['-p', String(broker.port), '-t', GAS_TOPIC, '-m', JSON.stringify({ v: 31, ts: Date.now() })]);

  beforeAll(async () => {
    broker = await Mosquitto.start();
    server = serve(['--port', '0', '--data-dir', makeTempDir('e2e-live'), '--mqtt-url', broker.url, '--log-level', 'warn']);
    url = await server.url;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 900 }, locale: 'en-US' });
    await page.goto(url);
    await page.waitForFunction(() => (window.safetwinDiagnostics?.framesRendered() ?? 0) > 0, null, { timeout: 60_000 });
    await waitUntil(async () => (await page.getByTestId('mqtt-state').getAttribute('data-state')) === 'connected', 15_000, 'the MQTT link in the UI');
    // Every silent sensor of the demo goes into comm loss 10 s after the start (a flood): let that pass
    // first, so the gas alarm below is the newest, and keep the flat list.
    await waitUntil(async () => ((await (await fetch(new URL('/api/alarms', url))).json()) as Alarm[]).some((a) => a.alarmId === 'GD-T101-C2:commLoss'), 30_000, 'the comm-loss wave');
    await page.getByTestId('group-toggle').check();
    await page.getByTestId('group-toggle').uncheck();
  });

  afterAll(async () => {
    clearInterval(keepAlive);
    await browser?.close();
    await server?.stop();
    await broker?.stop();
  });

  it('shows the alarm in the list with its priority and value, and the live value on the twin', async () => {
    publishGas();
    // The detector keeps reporting (a silent one would fall into comm loss after 10 s).
    keepAlive = setInterval(publishGas, 2_000);
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
    // Silent demo sensors fall into comm loss meanwhile and may take the banner: the one under the pointer is held.
    await page.getByTestId('alarm-banner').hover();
    const held = (await page.getByTestId('alarm-banner').getAttribute('data-alarm-id'))!;
    await page.getByTestId('alarm-banner').getByRole('button', { name: 'Go to source' }).click();
    await page.waitForTimeout(300);
    await page.waitForFunction(() => window.safetwinDiagnostics!.cameraAtRest(), null, { timeout: 30_000 });
    const after = await page.evaluate(() => window.safetwinDiagnostics!.cameraPosition());
    expect(Math.hypot(after[0] - before[0], after[1] - before[1], after[2] - before[2])).toBeGreaterThan(50);
    await expect.poll(() => page.getByTestId('info-title').textContent()).toBe(held.split(':')[0]);
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

/** Tank-farm and compressor-house %LEL detectors (H 25, HH 50, pre-warning 10) a gas cloud reaches one after another. */
const FLOOD_DETECTORS = ['GD-T101-C1', 'GD-T101-C2', 'GD-T102-C1', 'GD-T102-C2', 'GD-T103-C1', 'GD-T103-C2', 'GD-K101-C1', 'GD-K101-C2'];
const LATE_DETECTOR = 'GD-T104-C1';

describe('an alarm flood (ISA-18.2 / EEMUA 191): suppression, incidents, a banner that holds, confirmations, shelving in Chinese, out of service', () => {
  let broker: Mosquitto;
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  let url: string;
  let dataDir: string;
  let topics: Map<string, string>;
  let sensorIndex: Map<string, number>;
  const publishLel = (sensorId: string, value: number) =>
    execFileSync('mosquitto_pub', ['-p', String(broker.port), '-t', topics.get(sensorId)!, '-m', JSON.stringify({ v: value, ts: Date.now() })]);
  const alarmsNow = async () => (await (await fetch(new URL('/api/alarms', url))).json()) as Alarm[];
  const alarmNow = async (id: string) => (await alarmsNow()).find((a) => a.alarmId === id);
  const shot = async (name: string) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, name) });
  };

  beforeAll(async () => {
    broker = await Mosquitto.start();
    dataDir = makeTempDir('e2e-flood');
    server = serve(['--port', '0', '--data-dir', dataDir, '--mqtt-url', broker.url, '--log-level', 'warn']);
    url = await server.url;
    const scene = (await (await fetch(new URL('/api/scene', url))).json()) as { sensors: { id: string; mqttTopic: string }[] };
    topics = new Map(scene.sensors.map((s) => [s.id, s.mqttTopic]));
    sensorIndex = new Map(scene.sensors.map((s, i) => [s.id, i]));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'en-US' });
    await page.goto(new URL('/?view=alarms', url).href);
    await waitUntil(async () => (await page.getByTestId('mqtt-state').getAttribute('data-state')) === 'connected', 60_000, 'the MQTT link in the UI');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await broker?.stop();
  });

  it('raises one annunciated alarm per detector: the H and pre-warning are suppressed by state and nested under the HH', async () => {
    for (const id of FLOOD_DETECTORS) publishLel(id, 60);
    await waitUntil(async () => (await alarmNow('GD-K101-C2:highHigh'))?.state === 'unacknowledged', 15_000, 'the last HH');
    expect(await alarmNow('GD-T101-C1:high')).toMatchObject({ state: 'suppressed', suppressedBy: 'GD-T101-C1:highHigh', active: true });
    expect((await alarmNow('GD-T101-C1:gasWarning'))?.suppressedBy).toBe('GD-T101-C1:highHigh');
    // A worker walks into the chlorine yard during the flood (restricted entry).
    execFileSync('mosquitto_pub', ['-p', String(broker.port), '-t', 'safetwin/demo-plant/rtls/BDG-1001', '-m', JSON.stringify({ x: 345, y: 190, ts: Date.now() })]);
    // The flood layout: the indicator is on and the tank farm is one incident with its worst priority.
    await expect.poll(() => page.getByTestId('flood-indicator').isVisible(), { timeout: 15_000 }).toBe(true);
    // Alarms about people are pinned above every incident, open, however many gas alarms there are.
    const firstGroup = page.locator('tbody.incident').first();
    await expect.poll(() => firstGroup.getAttribute('data-incident-kind'), { timeout: 10_000 }).toBe('people');
    await expect.poll(() => firstGroup.locator('tr[data-alarm-id="BDG-1001:restrictedEntry"]').count(), { timeout: 10_000 }).toBe(1);
    const tankFarm = page.locator('tbody.incident', { hasText: 'Tank farm' }).first();
    await expect.poll(() => tankFarm.locator('.incident-header').textContent(), { timeout: 10_000 }).toContain('Urgent');
    await tankFarm.locator('.incident-toggle').click();
    await page.getByTestId('nested-toggle-GD-T101-C1:highHigh').click();
    const nested = page.locator('tr[data-nested-under="GD-T101-C1:highHigh"]');
    expect((await nested.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-alarm-id')))).sort()).toEqual(['GD-T101-C1:gasWarning', 'GD-T101-C1:high']);
    // No row of their own: each lower alarm appears once, nested.
    expect(await page.locator('tr[data-alarm-id="GD-T101-C1:high"]').count()).toBe(1);
    // Its source in words beside the tag.
    const hhRow = page.locator('tr[data-alarm-id="GD-T101-C1:highHigh"]');
    expect(await hhRow.getByTestId('source-description').textContent()).toBe('Gas detector (Benzene) · Benzene tank T-101');
    expect(await hhRow.getByTestId('source-area').textContent()).toBe('Tank farm');
    await shot('alarm-flood-incidents.png');
  });

  it('lists unacknowledged alarms first: an acknowledged HH drops below every unacknowledged one', async () => {
    await page.getByTestId('group-toggle').uncheck();
    await page.getByTestId('ack-GD-T101-C2:highHigh').click();
    await expect.poll(() => page.locator('tr[data-alarm-id="GD-T101-C2:highHigh"]').getAttribute('data-state'), { timeout: 10_000 }).toBe('acknowledged');
    const states = await page.locator('[data-testid="alarm-table"] tbody tr:not([data-nested-under])').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')));
    const lastUnacknowledged = Math.max(states.lastIndexOf('unacknowledged'), states.lastIndexOf('returnedUnacknowledged'));
    expect(lastUnacknowledged).toBeGreaterThan(0);
    expect(states.slice(0, lastUnacknowledged + 1)).not.toContain('acknowledged');
    expect(states.indexOf('acknowledged')).toBeGreaterThan(lastUnacknowledged);
  });

  it('holds the banner while the pointer is over it, and acknowledges exactly the alarm it names even when a newer one arrives', async () => {
    const banner = page.getByTestId('alarm-banner');
    await banner.hover();
    const shown = (await banner.getAttribute('data-alarm-id'))!;
    const shownAlarm = (await alarmNow(shown))!;
    expect(shownAlarm.priority).toBe('urgent');
    expect(await banner.getAttribute('data-held')).toBe('true');
    // The button names the alarm it acts on (an area vote by its area name).
    const label = await page.getByTestId('banner-ack').getAttribute('aria-label');
    expect(label).toBe(shownAlarm.sourceKind === 'sensor' ? `Acknowledge ${shownAlarm.sourceId} High-high` : expect.stringMatching(/^Acknowledge (Tank farm|Unit 1 compressor house) Area gas alarm \(voting\)$/));
    expect(await page.getByTestId('banner-ack').getAttribute('data-alarm-id')).toBe(shown);
    // A newer, equally urgent alarm arrives while the operator reads.
    publishLel(LATE_DETECTOR, 60);
    await waitUntil(async () => (await alarmNow(`${LATE_DETECTOR}:highHigh`))?.state === 'unacknowledged', 10_000, 'the newer HH');
    await expect.poll(() => page.getByTestId('banner-held').textContent(), { timeout: 10_000 }).toMatch(/\d+ newer alarms? waiting/);
    expect(await banner.getAttribute('data-alarm-id')).toBe(shown);
    await shot('alarm-banner-held.png');
    await page.getByTestId('banner-ack').click();
    await waitUntil(async () => (await alarmNow(shown))?.acknowledged === true, 10_000, 'the named alarm acknowledged');
    expect(await alarmNow(`${LATE_DETECTOR}:highHigh`)).toMatchObject({ acknowledged: false, state: 'unacknowledged' });
    // Released, the banner moves on to the newest most urgent unacknowledged alarm.
    await page.mouse.move(5, 1075);
    await expect.poll(() => banner.getAttribute('data-held'), { timeout: 10_000 }).toBe('false');
    await expect.poll(async () => (await alarmNow((await banner.getAttribute('data-alarm-id'))!))?.state, { timeout: 10_000 }).toBe('unacknowledged');
    expect(await banner.getAttribute('data-alarm-id')).not.toBe(shown);
  });

  it('holds the banner while keyboard focus is inside it, and releases it when focus leaves', async () => {
    const banner = page.getByTestId('alarm-banner');
    await page.mouse.move(5, 1075);
    const insideBanner = () => page.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="alarm-banner"]')));
    await page.getByTestId('lang-en').focus();
    for (let i = 0; i < 20 && !(await insideBanner()); i++) await page.keyboard.press('Tab');
    expect(await insideBanner()).toBe(true);
    await expect.poll(() => banner.getAttribute('data-held'), { timeout: 5_000 }).toBe('true');
    const shown = (await banner.getAttribute('data-alarm-id'))!;
    publishLel('GD-T104-C3', 60);
    await waitUntil(async () => (await alarmNow('GD-T104-C3:highHigh'))?.state === 'unacknowledged', 10_000, 'a newer HH');
    await expect.poll(() => page.getByTestId('banner-held').textContent(), { timeout: 10_000 }).toMatch(/newer alarms? waiting/);
    expect(await banner.getAttribute('data-alarm-id')).toBe(shown);
    // Focus leaves the banner (the alarm list's sort box): released, the newest urgent alarm shows.
    await page.getByTestId('alarm-sort').focus();
    await expect.poll(() => banner.getAttribute('data-held'), { timeout: 5_000 }).toBe('false');
    await expect.poll(() => banner.getAttribute('data-alarm-id'), { timeout: 10_000 }).toBe('GD-T104-C3:highHigh');
  });

  it('"Acknowledge all" asks first, with the count, and acknowledges exactly those counted', async () => {
    const button = page.getByTestId('ack-all');
    await button.click();
    const dialog = page.getByTestId('ack-all-confirm');
    const count = Number(/Acknowledge all (\d+) unacknowledged alarms\?/.exec((await dialog.textContent())!)![1]);
    expect(count).toBeGreaterThan(1);
    expect(await page.getByTestId('ack-all-yes').textContent()).toBe(`Acknowledge ${count}`);
    await shot('alarm-ack-all-confirm.png');
    // Nothing was acknowledged by asking.
    expect((await alarmNow(`${LATE_DETECTOR}:highHigh`))?.acknowledged).toBe(false);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await dialog.count()).toBe(0);
    expect((await alarmNow(`${LATE_DETECTOR}:highHigh`))?.acknowledged).toBe(false);
    await button.click();
    // An alarm arriving while the question is open is not among those counted.
    publishLel('GD-T104-C2', 60);
    await waitUntil(async () => (await alarmNow('GD-T104-C2:highHigh'))?.state === 'unacknowledged', 10_000, 'an HH raised during the question');
    await expect.poll(() => page.locator('tr[data-alarm-id="GD-T104-C2:highHigh"]').count(), { timeout: 10_000 }).toBe(1);
    await page.getByTestId('ack-all-yes').click();
    for (const id of [`${LATE_DETECTOR}:highHigh`, 'GD-K101-C1:highHigh', 'tankFarm:areaVoting']) {
      await waitUntil(async () => (await alarmNow(id))?.acknowledgedBy === 'local-commander', 15_000, `${id} acknowledged`);
    }
    expect(await alarmNow('GD-T104-C2:highHigh')).toMatchObject({ acknowledged: false, state: 'unacknowledged' });
  });

  it('shelves with the reason 维修 and shows reason, user and expiry on the row', async () => {
    const id = 'GD-T102-C1:highHigh';
    await page.locator(`tr[data-alarm-id="${id}"] button`, { hasText: /^Shelve$/ }).click();
    await page.getByTestId('shelve-form').locator('input').fill('维修');
    await page.getByTestId('shelve-form').locator('button[type=submit]').click();
    await expect.poll(() => page.locator(`tr[data-alarm-id="${id}"]`).getAttribute('data-state'), { timeout: 10_000 }).toBe('shelved');
    const alarm = (await alarmNow(id))!;
    expect(alarm).toMatchObject({ shelveReason: '维修', shelvedBy: 'local-commander' });
    const until = new Date(alarm.shelvedUntilMs!).toLocaleTimeString('en-US', { hour12: false });
    expect(await page.locator(`tr[data-alarm-id="${id}"]`).getByTestId('shelve-info').textContent()).toBe(`by local session (Commander) until ${until} · 维修`);
    await shot('alarm-shelved-chinese-reason.png');
  });

  it('removes a detector from service with a reason: journaled, listed apart, and marked on the twin', async () => {
    await page.getByTestId('remove-GD-T103-C1:highHigh').click();
    await page.getByTestId('remove-form').locator('input').fill('标定');
    await page.getByTestId('remove-form').locator('button[type=submit]').click();
    await waitUntil(async () => (await alarmNow('GD-T103-C1:highHigh'))?.outOfService === true, 10_000, 'the detector out of service');
    const section = page.getByTestId('out-of-service-section');
    await section.locator('summary').click();
    expect(await section.locator('tr[data-alarm-id="GD-T103-C1:highHigh"]').getByTestId('out-of-service-info').textContent()).toBe('by local session (Commander) · 标定');
    const journal = readFileSync(path.join(dataDir, 'audit', 'journal.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { kind: string; by: string; data: Record<string, unknown> });
    expect(journal.some((e) => e.kind === 'alarmAction' && e.by === 'local-commander' && e.data.alarmId === 'GD-T103-C1:highHigh' && e.data.action === 'removeFromService' && e.data.reason === '标定')).toBe(true);
    await page.goto(new URL('/', url).href);
    await page.waitForFunction(() => (window.safetwinDiagnostics?.framesRendered() ?? 0) > 0, null, { timeout: 60_000 });
    const index = sensorIndex.get('GD-T103-C1')!;
    await expect.poll(async () => (await page.evaluate((i) => window.safetwinDiagnostics!.sensorLive(i), index)).flags & 128, { timeout: 10_000 }).toBe(128); // SENSOR_FLAGS.outOfService
    await expect.poll(() => page.locator('.value-tag.value-out-of-service').filter({ hasText: 'GD-T103-C1' }).count(), { timeout: 10_000 }).toBe(1);
    // From the list's out-of-service section to the sensor: its details say so too.
    await page.getByTestId('out-of-service-section').locator('summary').click();
    await page.getByTestId('out-of-service-section').locator('tr[data-alarm-id="GD-T103-C1:highHigh"] button.tag').click();
    await expect.poll(() => page.getByTestId('info-out-of-service').textContent(), { timeout: 10_000 }).toBe('Out of service');
    await shot('alarm-out-of-service-twin.png');
  });

  it('names sources in zh-CN by area name, never by raw area id', async () => {
    await page.goto(new URL('/?view=alarms', url).href);
    await page.getByTestId('lang-zh-CN').click({ timeout: 60_000 });
    await page.getByTestId('group-toggle').uncheck();
    const vote = page.locator('tr[data-alarm-id="unit1Zone1:areaVoting"]');
    // The page reloads into zh-CN with the whole flood: on a loaded machine the list takes a while to fill.
    await expect.poll(() => vote.getByTestId('source-description').textContent(), { timeout: 30_000 }).toBe('一号装置压缩机房');
    expect(await vote.locator('td.source').textContent()).not.toContain('unit1Zone1');
    const scene = (await (await fetch(new URL('/api/scene', url))).json()) as { areas: { id: string }[] };
    const tableText = (await page.getByTestId('alarm-table').innerText()) + (await page.getByTestId('alarm-banner').innerText());
    for (const area of scene.areas) expect(tableText, area.id).not.toMatch(new RegExp(`\\b${area.id}\\b`));
    expect(await page.locator('tr[data-alarm-id="GD-T101-C1:highHigh"]').getByTestId('source-area').textContent()).toBe('罐区');
    await shot('alarm-list-zh-CN.png');
  });
});
