import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS, type Alarm, type DispositionStats, type RosterDocument, type WarningView } from '../../main/contracts/index.js';
import { DEMO_SCENE_PATH } from '../../main/platform/packageInfo.js';
import { launchChromium } from '../support/chromium.js';
import { loadDemoScene } from '../support/demoScene.js';
import { Mosquitto } from '../support/mosquitto.js';
import { SAFETWIN_BIN, serve, type ServeProcess } from '../support/serveProcess.js';
import { signedInControlRoom } from '../support/signIn.js';
import { makeTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';
import { latinWords, type Finding } from '../support/zhCnText.js';

/**
 * Issue 19's control room in Chromium, zh-CN, at a desk (1920×1080) and a wall (3840×2160), against `safetwin serve
 * --require-auth --historian embedded` on a Mosquitto broker with no simulator: the test is the sump pit's O2
 * detector (its MQTT topic). Urgent warnings get 15 s to be acknowledged (config.dispatch.deadlines), so the
 * escalation comes within the test. The O2 low-low alarm's countdown shows beside it in the list and the banner and
 * ticks without the row moving or resizing; left unacknowledged it escalates to 值班长 (the chain's first post: the
 * owner post 一号装置内操 is not on it), then to 安全经理, and turns the alarm's priority colour; its warning shows owner, escalations and
 * a note added; acknowledged and cleared it waits in 待处置 and is disposed 真实报警 from the keyboard; the KPI view's
 * 平均确认时间 and 误报率 show numbers; the roster keeper's duty spreadsheet with a bad row is refused with that row's
 * line. No English word on the zh-CN views. Screenshots in /tmp/dispatch-shots.
 */
const SHOTS = '/tmp/dispatch-shots';
const demo = loadDemoScene();
const SUMP_O2 = demo.sensors.find((s) => s.id === 'O2-SUMP1-1')!;
const ALARM_ID = 'O2-SUMP1-1:lowLow';
const USERS = { operator: ['op.lin', 'lin-dispatch-pass-1'], manager: ['mgr.wu', 'wu-dispatch-pass-1'] } as const;
const USER_NAMES = new RegExp(Object.values(USERS).map(([name]) => name.replace('.', '\\.')).join('|'), 'g');
/** Time to acknowledge an urgent warning in this test: long enough to watch it count, short enough to see it escalate. */
const URGENT_ACK_MIN = 0.25;
const O2_PERIOD_MS = 1_000;
const NORMAL_O2 = 20.9;
/** Below the sump detectors' low-low limit (18 %vol). */
const DEFICIENT_O2 = 17.6;
const MMSS = /\d\d:\d\d/;

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, name), timeout: 60_000 });
}

/** English words on a zh-CN element's visible text, the sign-in names aside (shown as the accounts are named). */
async function latinIn(locator: Locator, where: string): Promise<Finding[]> {
  return latinWords((await locator.innerText()).replace(USER_NAMES, ' '), where);
}

describe('warning dispatch in the control room, zh-CN at a desk and on a wall', () => {
  let broker: Mosquitto;
  let server: ServeProcess;
  let browser: Browser;
  let publisher: MqttClient;
  let url: string;
  let o2 = NORMAL_O2;
  let timer: ReturnType<typeof setInterval> | undefined;
  const tokens = {} as Record<keyof typeof USERS, string>;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    broker = await Mosquitto.start();
    const dataDir = makeTempDir('e2e-dispatch-room');
    for (const [role, [user, password]] of Object.entries(USERS)) {
      const added = spawnSync(process.execPath, [SAFETWIN_BIN, 'users', 'add', user, '--role', role, '--password-stdin', '--data-dir', dataDir], { input: `${password}\n`, encoding: 'utf8' });
      expect(added.status, added.stderr).toBe(0);
    }
    const configFile = path.join(dataDir, 'config.json');
    // The demo's roster and owner rules (a served demo without its simulator does not load them by itself).
    const rosterFile = path.join(path.dirname(DEMO_SCENE_PATH), 'demo-roster.json');
    writeFileSync(configFile, JSON.stringify({ dispatch: { rosterFile, deadlines: { urgent: { ackWithinMin: URGENT_ACK_MIN, resolveWithinMin: 30 } } } }));
    server = serve(['--config', configFile, '--port', '0', '--mqtt-url', broker.url, '--data-dir', dataDir, '--require-auth', '--historian', 'embedded', '--no-record', '--log-level', 'warn']);
    url = await server.url;
    for (const [role, [username, password]] of Object.entries(USERS) as [keyof typeof USERS, readonly [string, string]][]) {
      const login = await fetch(new URL(API_PATHS.login, url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      tokens[role] = ((await login.json()) as { token: string }).token;
    }
    publisher = await connectAsync(broker.url, { clientId: 'dispatch-room-plant', reconnectPeriod: 0 });
    timer = setInterval(publishO2, O2_PERIOD_MS);
    publishO2();
    // Every other detector is silent and falls into comm loss 10 s after the start (a flood of high-priority
    // warnings, 5 min to acknowledge): the screens open once it has come, so the list's layout holds still.
    await waitUntil(async () => (await get<Alarm[]>('operator', API_PATHS.alarms)).some((a) => a.condition === 'commLoss'), 30_000, 'the comm-loss wave');
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    clearInterval(timer);
    await publisher?.endAsync();
    await browser?.close();
    await server?.stop();
    await broker?.stop();
  });

  function publishO2(): void {
    publisher.publish(SUMP_O2.mqttTopic, JSON.stringify({ v: o2, ts: Date.now() }));
  }

  async function get<T>(role: keyof typeof USERS, apiPath: string): Promise<T> {
    const response = await fetch(new URL(apiPath, url), { headers: { authorization: `Bearer ${tokens[role]}` } });
    const text = await response.text();
    expect(response.ok, `GET ${apiPath}: ${text}`).toBe(true);
    return JSON.parse(text) as T;
  }

  /** A signed-in control room with the flat alarm list (the demo's silent sensors flood it with comm-loss alarms). */
  async function room(role: keyof typeof USERS, widthPx: number, heightPx: number): Promise<Page> {
    const [name, password] = USERS[role];
    const page = await signedInControlRoom(browser, url, { name, password }, { language: 'zh-CN', widthPx, heightPx });
    // In the flood the list groups by incident: the operator's choice of the flat list holds from here on.
    await expect.poll(() => page.getByTestId('flood-indicator').count(), { timeout: 30_000 }).toBe(1);
    await page.getByTestId('group-toggle').uncheck();
    return page;
  }

  it('counts down beside the alarm, escalates it when nobody acknowledges, and takes it through acknowledgement and clearing to its disposition; the tiles show the numbers', async () => {
    const desk = await room('operator', 1920, 1080);
    const wall = await room('manager', 3840, 2160);
    try {
      // Nothing acknowledged yet on this fresh core: no mean time to acknowledge (the tile's "no data yet").
      expect((await get<DispositionStats>('operator', `${API_PATHS.warnings}/stats?from=${Date.now() - 3_600_000}&to=${Date.now() + 60_000}`)).mttaMs).toBeNull();
      o2 = DEFICIENT_O2;
      publishO2();
      const row = desk.locator(`tr[data-alarm-id="${ALARM_ID}"]`);
      const countdown = desk.getByTestId('alarm-table').getByTestId(`countdown-${ALARM_ID}`);
      await countdown.waitFor({ timeout: 30_000 });
      await row.scrollIntoViewIfNeeded();
      expect(await countdown.getAttribute('data-overdue')).toBe('false');
      expect(await countdown.innerText()).toMatch(/^确认剩余\s+\d\d:\d\d$/);

      // It ticks each second, and neither the countdown nor its row changes size as it does.
      const clock = countdown.getByTestId('countdown-clock');
      const before = { text: await clock.textContent(), countdown: await countdown.boundingBox(), row: await row.boundingBox() };
      await expect.poll(() => clock.textContent(), { timeout: 3_000 }).not.toBe(before.text);
      const after = { countdown: await countdown.boundingBox(), row: await row.boundingBox() };
      expect([after.countdown?.width, after.countdown?.height, after.row?.height]).toEqual([before.countdown?.width, before.countdown?.height, before.row?.height]);
      // ISA-101: on time it is grey, as the other on-time countdowns.
      const grey = await countdown.evaluate((e) => getComputedStyle(e).color);

      // The wall shows the same countdown in the list and in the banner.
      const wallCountdown = wall.getByTestId(`countdown-${ALARM_ID}`);
      await expect.poll(() => wallCountdown.count(), { timeout: 10_000 }).toBe(2);
      expect(await wall.getByTestId('alarm-banner').getByTestId(`countdown-${ALARM_ID}`).innerText()).toMatch(MMSS);
      await shot(desk, '1-countdown-desk-1920.png');
      await shot(wall, '2-countdown-wall-3840x2160.png');

      // Nobody acknowledges: past its 15 s it goes one post up, said with the post's name, in the alarm's colour, and
      // counts again to the next acknowledgement due (the desk escalates again each period without one).
      await expect.poll(() => countdown.getAttribute('data-level'), { timeout: 60_000 }).toBe('1');
      expect(await countdown.getByTestId('countdown-escalation').innerText()).toBe('已升级至 值班长 · 第1级');
      expect(await countdown.innerText()).toMatch(/^确认(剩余|超时)\s+\d\d:\d\d/);
      expect(await countdown.evaluate((e) => getComputedStyle(e).color)).not.toBe(grey);
      await expect.poll(() => wall.getByTestId('alarm-banner').getByTestId('countdown-escalation').count(), { timeout: 10_000 }).toBe(1);
      // Still nobody: one more period and it reaches the safety manager (the e2e: "escalates to the safety manager").
      await expect.poll(() => countdown.getAttribute('data-level'), { timeout: 60_000 }).toBe('2');
      expect(await countdown.getByTestId('countdown-escalation').innerText()).toBe('已升级至 安全经理 · 第2级');
      await row.scrollIntoViewIfNeeded();
      await shot(desk, '3-escalated-desk-1920.png');
      await wall.locator(`tr[data-alarm-id="${ALARM_ID}"]`).scrollIntoViewIfNeeded();
      await shot(wall, '4-escalated-wall-3840x2160.png');
      for (const [page, where] of [
        [desk, 'desk'],
        [wall, 'wall'],
      ] as const) {
        expect(await latinIn(page.locator('.alarm-panel'), `alarm list (${where})`)).toEqual([]);
        expect(await latinIn(page.getByTestId('alarm-banner'), `banner (${where})`)).toEqual([]);
      }

      // The warning from its countdown: owner post, the escalation on record, a note added.
      await countdown.click();
      const detail = desk.getByTestId('warning-detail');
      await detail.waitFor({ timeout: 10_000 });
      const warningId = (await detail.getAttribute('data-warning-id'))!;
      expect(await detail.getByTestId('warning-owner').innerText()).toBe('一号装置内操');
      expect(await detail.getByTestId('warning-escalations').innerText()).toMatch(/升级至 值班长[\s\S]*升级至 安全经理/);
      await desk.getByTestId('warning-note-text').fill('已通知外操到污水池检查通风');
      await desk.getByTestId('warning-note-add').click();
      await expect.poll(() => detail.getByTestId('warning-notes').innerText(), { timeout: 10_000 }).toContain('已通知外操到污水池检查通风');
      await shot(desk, '5-warning-detail-desk-1920.png');
      await desk.locator('.side-panel').screenshot({ path: path.join(SHOTS, '5b-warning-detail-panel-1920.png') });
      expect(await latinIn(desk.getByTestId('warnings-panel'), 'warning detail')).toEqual([]);

      // Acknowledged from the row, then the air is good again: cleared, it waits for the operator's disposition.
      await desk.getByTestId(`ack-${ALARM_ID}`).click();
      await expect.poll(async () => (await get<WarningView>('operator', `${API_PATHS.warnings}/${encodeURIComponent(warningId)}`)).state, { timeout: 15_000 }).toBe('acknowledged');
      o2 = NORMAL_O2;
      publishO2();
      await expect.poll(async () => (await get<WarningView>('operator', `${API_PATHS.warnings}/${encodeURIComponent(warningId)}`)).state, { timeout: 30_000 }).toBe('cleared');
      await desk.getByTestId('open-to-dispose').click();
      const disposeRow = desk.locator(`[data-testid="dispose-row"][data-warning-id="${warningId}"]`);
      await disposeRow.waitFor({ timeout: 15_000 });
      // From the keyboard: the form opens on the first kind (真实报警), Space chooses it, Enter records it.
      await disposeRow.getByTestId('dispose-start').click();
      await expect.poll(() => desk.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('real');
      await shot(desk, '6-dispose-desk-1920.png');
      await desk.locator('.side-panel').screenshot({ path: path.join(SHOTS, '6b-dispose-panel-1920.png') });
      expect(await latinIn(desk.getByTestId('warnings-panel'), 'to dispose')).toEqual([]);
      await desk.keyboard.press('Space');
      await desk.keyboard.press('Enter');
      await expect.poll(() => disposeRow.getByTestId('dispose-done').count(), { timeout: 15_000 }).toBe(1);
      expect(await disposeRow.getByTestId('dispose-done').innerText()).toBe('已处置：真实报警');
      const disposed = await get<WarningView>('operator', `${API_PATHS.warnings}/${encodeURIComponent(warningId)}`);
      expect(disposed).toMatchObject({ state: 'closed', disposition: { kind: 'real', by: USERS.operator[0], auto: false } });

      // The KPI view: mean time to acknowledge and the false-alarm rate are numbers now.
      await desk.goto(new URL('/?view=kpis', url).href);
      const mtta = desk.getByTestId('kpi-mtta');
      await mtta.waitFor({ timeout: 30_000 });
      await expect.poll(() => mtta.getAttribute('data-value'), { timeout: 15_000 }).toMatch(/^\d+:\d\d(:\d\d)?$/);
      expect(await desk.getByTestId('kpi-falseAlarmRate').getAttribute('data-value')).toBe('0.0 %');
      await shot(desk, '7-kpis-desk-1920.png');
      expect(await latinIn(desk.getByTestId('kpi-view'), 'KPI view')).toEqual([]);
    } finally {
      await desk.close();
      await wall.close();
    }
  }, 300_000);

  it('refuses a duty spreadsheet with a bad row and says which line, and an edit saved over a revision someone saved first (roster keeper, 3840×2160)', async () => {
    const wall = await room('manager', 3840, 2160);
    try {
      await wall.getByTestId('side-tab-warnings').click();
      await wall.getByTestId('warnings-section-roster').click();
      const editor = wall.getByTestId('roster-editor');
      await editor.waitFor({ timeout: 15_000 });
      await expect.poll(() => wall.getByTestId('roster-on-duty').locator('tr').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      const csv = ['日期,班次,岗位,人员,替班', '2026-12-08,day,shiftLead,p-lin-jing,', '2026-12-08,night,shiftLead,p-nobody,', ''].join('\n');
      await wall.getByTestId('roster-import').setInputFiles({ name: 'duty.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      const errors = wall.getByTestId('roster-csv-errors');
      await errors.waitFor({ timeout: 15_000 });
      expect(await errors.locator('li').allInnerTexts()).toEqual(['第 3 行内容无效']);
      expect(await wall.getByTestId('roster-outcome').getAttribute('data-outcome')).toBe('failed');
      await shot(wall, '8-roster-import-error-wall-3840x2160.png');
      await wall.locator('.side-panel').screenshot({ path: path.join(SHOTS, '8b-roster-panel-3840x2160.png') });
      expect(await latinIn(wall.getByTestId('warnings-panel'), 'roster')).toEqual([]);

      // An edit: tomorrow's day-shift lead is 李洋 with 林静 as deputy — but another keeper saves first.
      await wall.getByTestId('roster-next-day').click();
      const cell = wall.getByTestId('roster-cell-shiftLead-day');
      await cell.click();
      await wall.getByTestId('roster-person').selectOption('p-li-yang');
      await wall.getByTestId('roster-deputy-0').selectOption('p-lin-jing');
      await wall.getByTestId('roster-apply').click();
      expect(await cell.innerText()).toContain('李洋');
      expect(await wall.getByTestId('roster-unsaved').innerText()).toBe('1 处修改未保存');
      const current = await get<RosterDocument>('manager', `${API_PATHS.dispatch}/roster`);
      const { revision, savedAtMs: _s, savedBy: _b, ...roster } = current;
      const put = await fetch(new URL(`${API_PATHS.dispatch}/roster`, url), { method: 'PUT', headers: { authorization: `Bearer ${tokens.manager}`, 'content-type': 'application/json' }, body: JSON.stringify({ revision, roster }) });
      expect(put.status).toBe(200);
      await wall.getByTestId('roster-save').click();
      const outcome = wall.getByTestId('roster-outcome');
      await expect.poll(() => outcome.getAttribute('data-outcome'), { timeout: 10_000 }).toBe('conflict');
      expect(await outcome.innerText()).toContain(`已先保存了第 ${revision + 1} 版，你的修改未保存`);
      await shot(wall, '9-roster-conflict-wall-3840x2160.png');
      expect(await latinIn(wall.getByTestId('warnings-panel'), 'roster conflict')).toEqual([]);
      // Reloaded, made again and saved: the next revision, and the core has it.
      await wall.getByTestId('roster-reload').click();
      await expect.poll(() => wall.getByTestId('roster-editor').getAttribute('data-revision'), { timeout: 10_000 }).toBe(String(revision + 1));
      await cell.click();
      await wall.getByTestId('roster-person').selectOption('p-li-yang');
      await wall.getByTestId('roster-apply').click();
      await wall.getByTestId('roster-save').click();
      await expect.poll(() => outcome.getAttribute('data-outcome'), { timeout: 10_000 }).toBe('saved');
      expect(await outcome.innerText()).toBe(`已保存为第 ${revision + 2} 版`);
      const saved = await get<RosterDocument>('manager', `${API_PATHS.dispatch}/roster`);
      expect(saved.revision).toBe(revision + 2);
      expect(saved.assignments).toContainEqual(expect.objectContaining({ shiftId: 'day', postId: 'shiftLead', personId: 'p-li-yang' }));
      await wall.locator('.side-panel').screenshot({ path: path.join(SHOTS, '9b-roster-saved-panel-3840x2160.png') });
    } finally {
      await wall.close();
    }
  }, 180_000);
});
