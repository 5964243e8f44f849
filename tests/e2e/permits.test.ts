import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_JOURNAL_FILE, parseEntryLine } from '../../main/audit/index.js';
import { distanceToPolygonM, isPointInPolygon, polygonCentroid, type Point2 } from '../../main/contracts/index.js';
import { freeLoopbackPort } from '../../main/platform/network.js';
import { auditDirOf } from '../../main/recording/index.js';
import { launchChromium } from '../support/chromium.js';
import { loadDemoScene } from '../support/demoScene.js';
import { REPO_ROOT, SAFETWIN_BIN, serve, type ServeProcess } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';
import { latinWords, type Finding } from '../support/zhCnText.js';

/**
 * Issue 17's permit screens in Chromium against `safetwin serve --require-auth --historian embedded` with the
 * demo plant and its simulator, in en and zh-CN: a commander files a hot-work draft in the permits panel
 * (reached with the P key) and submits it; approving it themself is refused with the two-person rule's code;
 * a manager approves it on another screen (where the watcher's name is withheld: managers may not see names);
 * the commander starts the work. In the first round the commander suspends it for the weather with a note; in
 * the second, gas published on a combustible detector 3 m from the work (mosquitto_pub) makes the live rule
 * suspend it, signed by the system with the rule as the reason, and the commander enters a new gas test before
 * resuming (GB 30871-2022 §6.5). The strip beside the alarm banner shows the suspension and why on the
 * manager's screen and the permit's zone on the twin says it; the permit is resumed and closed. The step buttons stay where they are while another
 * user's step arrives. Afterwards the audit journal holds the filing and every step
 * of both permits in order, and `safetwin audit verify` passes. What users type (the work, units, notes) is
 * Chinese in both rounds, as at a Chinese plant: the zh-CN screen shows the other user's entries too. Screenshots at 1920×1080 and 3840×1080 in
 * both languages in test-artifacts/e2e; the zh-CN panels hold no English word and no raw id.
 */
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'e2e');
const demo = loadDemoScene();
const USERS = { commander: ['cmd.zhang', 'zhang-permit-pass-1'], manager: ['mgr.chen', 'chen-permit-pass-1'] } as const;
/** Sign-in names are identifiers the user types, like badge ids: blanked before the zh-CN text is read. */
const USER_NAMES = new RegExp(Object.values(USERS).map(([name]) => name.replace('.', '\\.')).join('|'), 'g');

/**
 * A point for the hot work inside a named area and more than 20 m from every combustible-gas detector, so
 * the simulator's normal readings never stop it (the live rule's 15 m, GB 30871-2022 §5.2.4): the live-rule
 * path is tested in the core's integration tests; here the suspension is the operator's.
 */
function quietPoint(): { point: Point2; areaName: { en: string; 'zh-CN'?: string | undefined } | undefined } {
  const detectors = demo.sensors.filter((s) => s.unit === '%LEL').map((s): Point2 => [s.position.x, s.position.y]);
  for (const area of demo.areas) {
    const point = polygonCentroid(area.polygon);
    const clear = detectors.every(([x, y]) => Math.hypot(x - point[0], y - point[1]) > 20);
    if (clear && isPointInPolygon(point, area.polygon) && distanceToPolygonM(point, area.polygon) === 0) return { point, areaName: area.name };
  }
  throw new Error('the demo plant has no area clear of combustible detectors');
}

/** The second round's hot work: 3 m from a combustible detector (within the live rule's 15 m), in its area. */
const gasDetector = demo.sensors.find((s) => s.unit === '%LEL' && s.areaId !== undefined)!;
function nearDetector(): { point: Point2; areaName: { en: string; 'zh-CN'?: string | undefined } | undefined } {
  const point: Point2 = [gasDetector.position.x + 3, gasDetector.position.y];
  return { point, areaName: demo.areas.find((a) => isPointInPolygon(point, a.polygon))?.name };
}
/** Well above any combustible detector's pre-warning (%LEL). */
const GAS_LEL = 80;
/** Readings every 200 ms: the simulator's own normal readings in between do not end the gas. */
const GAS_PERIOD_MS = 200;

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, name), timeout: 60_000 });
}

/** English words on a zh-CN element's visible text, sign-in names aside. */
async function latinIn(locator: Locator, where: string): Promise<Finding[]> {
  return latinWords((await locator.innerText()).replace(USER_NAMES, ' '), where);
}

describe('special-operation permits in the control room, en and zh-CN', () => {
  let server: ServeProcess;
  let browser: Browser;
  let url: string;
  let dataDir: string;
  let brokerPort: number;
  let gas: ChildProcess | undefined;
  let gasTimer: NodeJS.Timeout | undefined;
  const stopGas = () => {
    clearInterval(gasTimer);
    gas?.kill('SIGTERM');
    gas = undefined;
  };
  const watcher = demo.personnel[0]!;
  const entrants = demo.personnel.slice(1, 3).map((p) => p.badgeId);

  beforeAll(async () => {
    dataDir = makeTempDir('e2e-permits');
    for (const [role, [name, password]] of Object.entries(USERS)) {
      const added = spawnSync(process.execPath, [SAFETWIN_BIN, 'users', 'add', name, '--role', role, '--password-stdin', '--data-dir', dataDir], { input: `${password}\n`, encoding: 'utf8' });
      expect(added.status, added.stderr).toBe(0);
    }
    brokerPort = await freeLoopbackPort();
    server = serve(['--port', '0', '--broker-port', String(brokerPort), '--data-dir', dataDir, '--require-auth', '--historian', 'embedded', '--no-record', '--log-level', 'warn']);
    url = await server.url;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    stopGas();
    await browser?.close();
    await server?.stop();
  });

  async function signedIn(role: keyof typeof USERS, language: 'en' | 'zh-CN', query = ''): Promise<Page> {
    const [name, password] = USERS[role];
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: language === 'en' ? 'en-US' : 'zh-CN' });
    await page.addInitScript((lang) => localStorage.setItem('safetwin.language', lang), language);
    await page.goto(`${url}${query}`);
    await page.locator('input[name=username]').fill(name);
    await page.locator('input[name=password]').fill(password);
    await page.locator('button[type=submit]').click();
    await expect.poll(() => page.getByTestId('user-badge').textContent(), { timeout: 60_000 }).toContain(name);
    if (query !== '') return page;
    // The permits panel by keyboard: P, from anywhere outside a text field.
    await page.locator('body').press('p');
    await page.getByTestId('permits-panel').waitFor({ timeout: 60_000 });
    return page;
  }

  /** Takes a step on the permit shown: its button, what it asks for, then the explicit "sign". */
  async function step(page: Page, action: string, fill: { authority?: string; reason?: string; note?: string } = {}): Promise<void> {
    await page.getByTestId(`permit-step-${action}`).click();
    if (fill.authority) await page.getByTestId('permit-step-authority').selectOption(fill.authority);
    if (fill.reason) await page.getByTestId('permit-step-reason').selectOption(fill.reason);
    if (fill.note) await page.getByTestId('permit-step-note').fill(fill.note);
    await page.getByTestId('permit-step-sign').click();
  }
  const stateOf = (page: Page) => page.getByTestId('permit-detail').getAttribute('data-state');
  const stepBoxes = (page: Page) => page.locator('[data-testid^="permit-step-"]').evaluateAll((buttons) => buttons.filter((b) => b.tagName === 'BUTTON' && b.closest('.permit-step-buttons')).map((b) => JSON.stringify(b.getBoundingClientRect())));

  for (const [language, other] of [
    ['en', 'zh-CN'],
    ['zh-CN', 'en'],
  ] as const) {
    const byRule = language === 'zh-CN';
    it(`files, approves, starts, suspends (${byRule ? 'gas near the work' : 'weather'}), resumes and closes a hot-work permit (commander in ${language}, manager in ${other})`, async () => {
      const number = `DH-E2E-${language === 'en' ? 'EN' : 'ZH'}`;
      const { point, areaName } = byRule ? nearDetector() : quietPoint();
      const commander = await signedIn('commander', language);
      const manager = await signedIn('manager', other);
      const zhPage = language === 'zh-CN' ? commander : manager;
      const findings: Finding[] = [];

      // The draft, filed in the commander's panel.
      await commander.getByTestId('permit-new').click();
      const form = commander.getByTestId('permit-draft-form');
      await form.getByTestId('permit-form-number').fill(number);
      if (language === 'en') {
        // The point from a selected piece of equipment: selecting it shows its details; back on the permits tab
        // the half-filled draft is still there and takes the equipment's position.
        const equipment = demo.equipment[0]!;
        await commander.getByTestId(`browse-${equipment.id}`).click();
        await commander.getByTestId('side-tab-permits').click();
        expect(await form.getByTestId('permit-form-number').inputValue()).toBe(number);
        await form.getByTestId('permit-form-from-selection').click();
        expect(Number(await form.getByTestId('permit-form-x').inputValue())).toBeCloseTo(equipment.position.x, 1);
        expect(Number(await form.getByTestId('permit-form-y').inputValue())).toBeCloseTo(equipment.position.y, 1);
        // Or a click on the site map: the middle of the drawn site is a point inside its boundary.
        await form.getByTestId('permit-form-pick-on-map').click();
        const map = commander.getByTestId('site-map-canvas');
        await map.waitFor({ timeout: 30_000 });
        const box = (await map.boundingBox())!;
        await commander.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
        await expect.poll(async () => Number(await form.getByTestId('permit-form-x').inputValue()), { timeout: 30_000 }).not.toBeCloseTo(equipment.position.x, 1);
        const picked: Point2 = [Number(await form.getByTestId('permit-form-x').inputValue()), Number(await form.getByTestId('permit-form-y').inputValue())];
        expect(isPointInPolygon(picked, demo.site.boundary)).toBe(true);
        await commander.locator('.view-toggle button').first().click();
      }
      await form.getByTestId('permit-form-grade').selectOption('second');
      await form.getByTestId('permit-form-x').fill(point[0].toFixed(1));
      await form.getByTestId('permit-form-y').fill(point[1].toFixed(1));
      await form.getByTestId('permit-form-description').fill('焊接管托支架');
      await form.getByTestId('permit-form-watcherBadge').fill(watcher.badgeId);
      await form.getByTestId('permit-form-watcherName').fill('王伟');
      await form.getByTestId('permit-form-entrants').fill(entrants.join(', '));
      await form.getByTestId('permit-form-issuingUnit').fill('一车间');
      await form.getByTestId('permit-form-oxygen').fill('20.9');
      await form.getByTestId('permit-form-combustible').fill('0');
      await form.getByTestId('permit-form-analyst').fill('赵敏');
      if (language === 'zh-CN') findings.push(...(await latinIn(form, 'draft form')));
      await shot(commander, `permits-draft-form-${language}-1920.png`);
      await form.getByTestId('permit-form-create').click();
      // Filed: the permit's page; refused: the form says why (shown here so a failure names it).
      const filed = commander.locator('[data-testid="permit-detail"], [data-testid="permit-form-problem"]');
      await filed.first().waitFor({ timeout: 30_000 });
      // The refusal's words only when there is one: reading a missing element's text would wait out its 30 s timeout.
      const problem = commander.getByTestId('permit-form-problem');
      if ((await problem.count()) > 0) throw new Error(`the draft was refused: ${await problem.textContent()}`);
      await expect.poll(() => stateOf(commander), { timeout: 30_000 }).toBe('draft');
      const detail = commander.getByTestId('permit-detail');
      if (areaName) expect(await detail.textContent()).toContain(language === 'en' ? areaName.en : (areaName['zh-CN'] ?? areaName.en));

      // Submitted; the applicant's own approval is refused by the two-person rule, by its code.
      await step(commander, 'submit');
      await expect.poll(() => stateOf(commander), { timeout: 30_000 }).toBe('submitted');
      await step(commander, 'approve', { authority: 'plantLeadership' });
      const refusal = commander.getByTestId('permit-step-problem');
      await expect.poll(() => refusal.textContent(), { timeout: 30_000 }).toMatch(language === 'en' ? /may not approve/ : /双人原则/);
      await commander.getByTestId('permit-step-cancel').click();

      // The manager finds it in the list and opens it: names withheld (managers may not see names), said so.
      const row = manager.locator(`[data-testid="permit-row"][data-permit-number="${number}"]`);
      await expect.poll(() => row.getAttribute('data-state'), { timeout: 30_000 }).toBe('submitted');
      await row.click();
      await expect.poll(() => stateOf(manager), { timeout: 30_000 }).toBe('submitted');
      expect(await manager.getByTestId('permit-watcher').textContent()).toContain(other === 'en' ? `name withheld (${watcher.badgeId})` : `姓名已隐去（${watcher.badgeId}）`);
      expect(await manager.content()).not.toContain('王伟');

      // The manager approves (for plant leadership: that meets a night or rest-day upgrade too, §5.1.1); the
      // commander's step buttons do not move when the change arrives on their screen.
      const boxesBefore = await stepBoxes(commander);
      expect(boxesBefore.length).toBe(8);
      await step(manager, 'approve', { authority: 'plantLeadership', note: '同意' });
      await expect.poll(() => stateOf(commander), { timeout: 30_000 }).toBe('approved');
      expect(await stepBoxes(commander)).toEqual(boxesBefore);

      // Work starts, then stops for the weather with a note; the manager's screen shows the suspension and why.
      await step(commander, 'start');
      await expect.poll(() => stateOf(commander), { timeout: 30_000 }).toBe('inWork');
      // On the twin: the permit's zone with its tag (PermitZoneParts), in work.
      const zoneTag = commander.getByTestId(`permit-zone-tag-${number}`);
      await expect.poll(() => zoneTag.textContent(), { timeout: 30_000 }).toContain(language === 'en' ? 'In work' : '作业中');
      if (byRule) {
        // Gas at the detector 3 m away: the live rule stops the work, signed by the system, the rule as the reason.
        gas = spawn('mosquitto_pub', ['-p', String(brokerPort), '-t', gasDetector.mqttTopic, '-l'], { stdio: ['pipe', 'ignore', 'ignore'] });
        const feed = () => gas?.stdin!.write(`${JSON.stringify({ v: GAS_LEL, ts: Date.now() })}\n`);
        feed();
        gasTimer = setInterval(feed, GAS_PERIOD_MS);
        await expect.poll(() => stateOf(commander), { timeout: 60_000 }).toBe('suspended');
        stopGas();
        expect(await commander.getByTestId('permit-detail-suspension').textContent()).toContain('已暂停：动火点附近可燃气体超预警（系统）');
      } else {
        await step(commander, 'suspend', { reason: 'weather', note: '阵风六级' });
        await expect.poll(() => stateOf(commander), { timeout: 30_000 }).toBe('suspended');
        expect(await commander.getByTestId('permit-detail-suspension').textContent()).toContain('Suspended: Weather');
      }
      await expect.poll(() => zoneTag.textContent(), { timeout: 30_000 }).toContain(language === 'en' ? 'Suspended' : '已暂停');
      const stripEntry = manager.locator(`[data-testid="permit-strip-suspended"][data-permit-number="${number}"]`);
      await expect.poll(() => stripEntry.textContent(), { timeout: 30_000 }).toContain(byRule ? 'Suspended: Gas near hot work (System)' : '已暂停：恶劣天气');
      for (const page of [commander, manager]) {
        const lang = page === commander ? language : other;
        const name = `permits-suspended${byRule ? '-by-rule' : ''}-${lang}`;
        await shot(page, `${name}-1920.png`);
        await page.setViewportSize({ width: 3840, height: 1080 });
        await shot(page, `${name}-3840.png`);
        await page.setViewportSize({ width: 1920, height: 1080 });
      }
      findings.push(...(await latinIn(zhPage.getByTestId('permit-strip'), 'suspension strip')));
      if (language === 'en') {
        // Every screen: a wall showing only the alarm list has the strip too.
        const wall = await signedIn('manager', 'zh-CN', '?view=alarms');
        await expect.poll(() => wall.locator(`[data-testid="permit-strip-suspended"][data-permit-number="${number}"]`).textContent(), { timeout: 30_000 }).toContain('恶劣天气');
        await shot(wall, 'permits-suspended-alarm-wall-zh-CN-1920.png');
        await wall.close();
      }

      if (byRule) {
        // After a suspension for gas, work resumes only after a new passing test (§6.5): entered on the permit's page.
        await commander.getByTestId('gas-entry-open').click();
        await commander.getByTestId('gas-entry-oxygen').fill('20.9');
        await commander.getByTestId('gas-entry-combustible').fill('0');
        await commander.getByTestId('gas-entry-analyst').fill('赵敏');
        await commander.getByTestId('gas-entry-save').click();
        await expect.poll(() => commander.locator('[data-testid="permit-gas-tests"] tbody tr').count(), { timeout: 30_000 }).toBe(2);
      }
      // Resumed with a note (the strip says so in grey), then closed.
      await step(commander, 'resume', { note: '风力降至五级以下' });
      await expect.poll(() => stateOf(commander), { timeout: 30_000 }).toBe('resumed');
      await expect.poll(() => manager.locator(`[data-testid="permit-strip-resumed"][data-permit-number="${number}"]`).count(), { timeout: 30_000 }).toBe(1);
      await step(commander, 'close');
      await expect.poll(() => stateOf(commander), { timeout: 30_000 }).toBe('closed');

      // The complete signed trace, on both screens.
      for (const page of [commander, manager]) {
        await expect.poll(() => page.locator('[data-testid="permit-trace-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action'))), { timeout: 30_000 }).toEqual(['submit', 'approve', 'start', 'suspend', 'resume', 'close']);
      }
      const trace = await commander.getByTestId('permit-trace').innerText();
      expect(trace).toContain(USERS.manager[0]);
      expect(trace).toContain(language === 'en' ? 'for Plant leadership' : '代表主管领导');
      await commander.getByTestId('permit-trace').scrollIntoViewIfNeeded();
      await shot(commander, `permits-trace-${language}-1920.png`);
      await commander.setViewportSize({ width: 3840, height: 1080 });
      await shot(commander, `permits-trace-${language}-3840.png`);
      findings.push(...(await latinIn(zhPage.getByTestId('permit-detail'), 'permit detail')));

      // Back to the list: the closed permit has left the current permits.
      await zhPage.getByTestId('permit-back').click();
      await expect.poll(() => zhPage.locator(`[data-testid="permit-row"][data-permit-number="${number}"]`).count(), { timeout: 30_000 }).toBe(0);
      // The register's history by the filters: closed hot work lists it, closed confined-space entry does not.
      const filters = zhPage.getByTestId('permits-panel');
      await filters.getByTestId('permits-filter-state').selectOption('closed');
      await expect.poll(() => zhPage.locator(`[data-testid="permit-row"][data-permit-number="${number}"]`).getAttribute('data-state'), { timeout: 30_000 }).toBe('closed');
      await filters.getByTestId('permits-filter-type').selectOption('confinedSpace');
      await expect.poll(() => zhPage.locator(`[data-testid="permit-row"][data-permit-number="${number}"]`).count(), { timeout: 30_000 }).toBe(0);
      await filters.getByTestId('permits-filter-type').selectOption('hotWork');
      await expect.poll(() => zhPage.locator(`[data-testid="permit-row"][data-permit-number="${number}"]`).count(), { timeout: 30_000 }).toBe(1);
      findings.push(...(await latinIn(zhPage.getByTestId('permits-panel'), 'permit list')));
      await filters.getByTestId('permits-filter-state').selectOption('current');
      await filters.getByTestId('permits-filter-type').selectOption('any');
      if (findings.length > 0) console.error(findings.map((f) => `"${f.word}" in ${f.where}: …${f.context}…`).join('\n'));
      expect(findings.map((f) => `${f.word} (${f.where})`)).toEqual([]);
      await commander.close();
      await manager.close();
    }, 600_000);
  }

  it('journals the filing and every step of both permits, and the journal verifies', async () => {
    await server.stop();
    const entries = readFileSync(path.join(auditDirOf(dataDir), AUDIT_JOURNAL_FILE), 'utf8')
      .trim()
      .split('\n')
      .map(parseEntryLine)
      .filter((e) => e?.kind === 'note' && typeof e.data.number === 'string');
    const [commander, manager] = [USERS.commander[0], USERS.manager[0]];
    const ofPermit = (number: string) => entries.filter((e) => e!.data.number === number).map((e) => [e!.by, e!.data.action, e!.data.step ?? null]);
    const filedToStart = [
      [commander, 'permitCreated', null],
      [commander, 'permitStep', 'submit'],
      [manager, 'permitStep', 'approve'],
      [commander, 'permitStep', 'start'],
    ];
    expect(ofPermit('DH-E2E-EN')).toEqual([...filedToStart, [commander, 'permitStep', 'suspend'], [commander, 'permitStep', 'resume'], [commander, 'permitStep', 'close']]);
    // The live rule's suspension signed by the system; the gas test entered before the resumption.
    expect(ofPermit('DH-E2E-ZH')).toEqual([...filedToStart, ['system', 'permitStep', 'suspend'], [commander, 'permitGasTest', null], [commander, 'permitStep', 'resume'], [commander, 'permitStep', 'close']]);
    const suspension = (number: string) => entries.find((e) => e!.data.number === number && e!.data.step === 'suspend')!.data;
    expect(suspension('DH-E2E-EN')).toMatchObject({ from: 'inWork', to: 'suspended', role: 'commander', reasonCode: 'weather', note: '阵风六级' });
    expect(suspension('DH-E2E-ZH')).toMatchObject({ from: 'inWork', to: 'suspended', role: 'system', reasonCode: 'combustibleGasNearby' });
    const verified = spawnSync(process.execPath, [SAFETWIN_BIN, 'audit', 'verify', '-d', dataDir], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(verified.status, `${verified.stdout}\n${verified.stderr}`).toBe(0);
  }, 120_000);
});
