import { spawnSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { polygonCentroid } from '../../main/contracts/index.js';
import { freeLoopbackPort } from '../../main/platform/network.js';
import { launchChromium } from '../support/chromium.js';
import { loadDemoScene } from '../support/demoScene.js';
import { SAFETWIN_BIN, serve, type ServeProcess } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';
import { latinWords } from '../support/zhCnText.js';

/**
 * Issue 17 item 1's other operations from the UI: in zh-CN a commander files a confined-space draft (受限空间作业)
 * and a lifting draft (吊装作业) in the permits panel's one form, its type-specific part switched by the type;
 * a 50 t lift left at 三级 is refused in the form with the grade marked (GB 30871-2022 §9.1), corrected, and
 * both drafts stand in the list with their type and grade in Chinese, their pages with their own fields in words. The form holds no English word.
 */
const demo = loadDemoScene();
const USER = ['cmd.li', 'li-permit-types-1'] as const;

describe('permits of other types from the draft form, zh-CN', () => {
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const dataDir = makeTempDir('e2e-permit-types');
    const added = spawnSync(process.execPath, [SAFETWIN_BIN, 'users', 'add', USER[0], '--role', 'commander', '--password-stdin', '--data-dir', dataDir], { input: `${USER[1]}\n`, encoding: 'utf8' });
    expect(added.status, added.stderr).toBe(0);
    const brokerPort = await freeLoopbackPort();
    server = serve(['--port', '0', '--broker-port', String(brokerPort), '--data-dir', dataDir, '--require-auth', '--historian', 'embedded', '--no-record', '--log-level', 'warn']);
    const url = await server.url;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    await page.addInitScript(() => localStorage.setItem('safetwin.language', 'zh-CN'));
    await page.goto(url);
    await page.locator('input[name=username]').fill(USER[0]);
    await page.locator('input[name=password]').fill(USER[1]);
    await page.locator('button[type=submit]').click();
    await page.getByTestId('user-badge').filter({ hasText: USER[0] }).waitFor({ timeout: 60_000 });
    await page.locator('body').press('p');
    await page.getByTestId('permits-panel').waitFor({ timeout: 60_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Opens a new draft of the type and fills the shared fields; the caller fills the type's own. */
  async function draftOf(type: string, number: string) {
    await page.getByTestId('permit-new').click();
    const form = page.getByTestId('permit-draft-form');
    await form.getByTestId('permit-form-type').selectOption(type);
    await expect.poll(() => form.getAttribute('data-type')).toBe(type);
    const [x, y] = polygonCentroid(demo.areas[0]!.polygon);
    await form.getByTestId('permit-form-number').fill(number);
    await form.getByTestId('permit-form-x').fill(x.toFixed(1));
    await form.getByTestId('permit-form-y').fill(y.toFixed(1));
    await form.getByTestId('permit-form-description').fill(type === 'lifting' ? '吊装换热器管束' : '清理污水池');
    await form.getByTestId('permit-form-watcherBadge').fill(demo.personnel[0]!.badgeId);
    await form.getByTestId('permit-form-watcherName').fill('王伟');
    await form.getByTestId('permit-form-entrants').fill(demo.personnel[1]!.badgeId);
    await form.getByTestId('permit-form-issuingUnit').fill('一车间');
    return form;
  }

  /** Files the draft and expects its page (a refusal fails with its words). */
  async function file(number: string) {
    await page.getByTestId('permit-form-create').click();
    await page.locator('[data-testid="permit-detail"], [data-testid="permit-form-problem"]').first().waitFor({ timeout: 30_000 });
    // The refusal's words only when there is one: reading a missing element's text would wait out its timeout.
    const problem = page.getByTestId('permit-form-problem');
    if ((await problem.count()) > 0) throw new Error(`the draft was refused: ${await problem.textContent()}`);
    await expect.poll(() => page.getByTestId('permit-detail').getAttribute('data-permit-number'), { timeout: 30_000 }).toBe(number);
  }

  it('files a confined-space and a lifting draft and lists both, in Chinese', async () => {
    const confined = await draftOf('confinedSpace', 'SX-E2E-1');
    await confined.getByTestId('permit-form-spaceName').fill('污水池');
    await confined.getByTestId('permit-form-formerContents').fill('含油污水');
    expect(latinWords(await confined.innerText(), 'confined-space form')).toEqual([]);
    await file('SX-E2E-1');
    expect(await page.getByTestId('permit-doc-formerContents').textContent()).toBe('含油污水');
    await page.getByTestId('permit-back').click();

    const lifting = await draftOf('lifting', 'DZ-E2E-1');
    await lifting.getByTestId('permit-form-loadMassT').fill('50');
    await lifting.getByTestId('permit-form-signallerName').fill('刘强');
    expect(latinWords(await lifting.innerText(), 'lifting form')).toEqual([]);
    // 50 t left at 三级 and no plan: refused in the form, the grade marked, in Chinese.
    await lifting.getByTestId('permit-form-create').click();
    await expect.poll(() => page.getByTestId('permit-form-problem').textContent()).toMatch(/[\u4e00-\u9fff]/);
    expect(await lifting.getByTestId('permit-form-grade').getAttribute('aria-invalid')).toBe('true');
    await lifting.getByTestId('permit-form-grade').selectOption('second');
    await lifting.getByTestId('permit-form-liftPlanApproved').press('Space');
    await file('DZ-E2E-1');
    // The permit's page shows the type's own fields in words: the mass with its unit, the box as 是.
    expect(await page.getByTestId('permit-doc-loadMassT').textContent()).toBe('50 吨');
    expect(await page.getByTestId('permit-doc-liftPlanApproved').textContent()).toBe('是');
    await page.getByTestId('permit-back').click();

    const rows = page.getByTestId('permit-list');
    await expect.poll(() => rows.locator('[data-permit-number="SX-E2E-1"]').textContent(), { timeout: 30_000 }).toContain('受限空间作业');
    const liftRow = (await rows.locator('[data-permit-number="DZ-E2E-1"]').textContent()) ?? '';
    expect(liftRow).toContain('吊装作业');
    expect(liftRow).toContain('二级');
    expect(await rows.locator('[data-permit-number="DZ-E2E-1"]').getAttribute('data-state')).toBe('draft');
  }, 180_000);
});
