import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS, type ContractorImportInput } from '../../main/contracts/index.js';
import { launchChromium } from '../support/chromium.js';
import { REPO_ROOT, SAFETWIN_BIN, serve, type ServeProcess } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';
import { latinWords } from '../support/zhCnText.js';

/**
 * Issue 17 item 3's contractors tab in Chromium against `safetwin serve --require-auth --historian embedded`, in
 * en and zh-CN: a manager imports the register through the API with their token; an operator (who may see
 * names) reads it in the tab, those needing attention first — a failed briefing, a company pending
 * pre-qualification, a welding card with 5 days left (the 7-day colour), an electrician's with 20 (the
 * 30-day colour) — and the manager's screen (no personnel:viewNames) shows the same without a name; a viewer
 * has no such tab. Screenshots in test-artifacts/e2e; the zh-CN panel holds no English word.
 */
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'e2e');
const USERS = { manager: ['mgr.chen', 'chen-contractor-pass-1'], operator: ['op.li', 'li-contractor-pass-1'], viewer: ['wall.view', 'wall-contractor-pass-1'] } as const;
const DAY_MS = 86_400_000;
/** A part of a day on top of whole days, so the days left read as whole days while the test runs. */
const SLACK_MS = 6 * 3_600_000;

function register(nowMs: number): ContractorImportInput {
  const card = (type: 'welding' | 'electrician' | 'watcher', number: string, days: number) => ({ type, number, validUntilMs: nowMs + days * DAY_MS + SLACK_MS });
  const briefed = (score: number) => ({ takenAtMs: nowMs - DAY_MS, score });
  return {
    companies: [
      { id: 'HDAZ', name: '华东安装公司', status: 'whitelisted' },
      { id: 'SHJX', name: '上海检修公司', status: 'pending' },
    ],
    people: [
      { id: 'P-0001', name: '张三', companyId: 'HDAZ', badgeId: 'CB-0001', briefing: briefed(92), certificates: [card('welding', 'T310101199001011234', 5)] },
      { id: 'P-0002', name: '李四', companyId: 'HDAZ', badgeId: 'CB-0002', briefing: briefed(70) },
      { id: 'P-0003', name: '王伟', companyId: 'SHJX', briefing: briefed(90), certificates: [card('watcher', 'W-1', 365)] },
      { id: 'P-0004', name: '赵六', companyId: 'HDAZ', badgeId: 'CB-0004', briefing: briefed(95), certificates: [card('electrician', 'E-1', 20)] },
      { id: 'P-0005', name: '钱七', companyId: 'HDAZ', badgeId: 'CB-0005', briefing: briefed(88), certificates: [card('welding', 'T2', 400)] },
    ],
  };
}

describe('the contractors tab, en and zh-CN', () => {
  let server: ServeProcess;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    const dataDir = makeTempDir('e2e-contractors');
    for (const [role, [name, password]] of Object.entries(USERS)) {
      const added = spawnSync(process.execPath, [SAFETWIN_BIN, 'users', 'add', name, '--role', role, '--password-stdin', '--data-dir', dataDir], { input: `${password}\n`, encoding: 'utf8' });
      expect(added.status, added.stderr).toBe(0);
    }
    server = serve(['--port', '0', '--broker-port', '0', '--data-dir', dataDir, '--require-auth', '--historian', 'embedded', '--no-record', '--log-level', 'warn']);
    url = await server.url;
    browser = await launchChromium();
    // The manager files the register through the API with a sign-in token, as a plant's contractor system would.
    const [name, password] = USERS.manager;
    const login = await fetch(new URL('/api/login', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: name, password }) });
    const { token } = (await login.json()) as { token: string };
    const imported = await fetch(new URL(`${API_PATHS.contractors}/import`, url), { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(register(Date.now())) });
    expect(imported.status, await imported.clone().text()).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signedIn(role: keyof typeof USERS, language: 'en' | 'zh-CN'): Promise<Page> {
    const [name, password] = USERS[role];
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: language === 'en' ? 'en-US' : 'zh-CN' });
    await page.addInitScript((lang) => localStorage.setItem('safetwin.language', lang), language);
    await page.goto(url);
    await page.locator('input[name=username]').fill(name);
    await page.locator('input[name=password]').fill(password);
    await page.locator('button[type=submit]').click();
    await expect.poll(() => page.getByTestId('user-badge').textContent(), { timeout: 60_000 }).toContain(name);
    return page;
  }

  async function openTab(page: Page) {
    await page.getByTestId('side-tab-contractors').click();
    const panel = page.getByTestId('contractors-panel');
    await panel.waitFor({ timeout: 30_000 });
    return panel;
  }
  const rows = (page: Page) => page.getByTestId('contractor-row').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-person'), (tr as HTMLElement).innerText.replace(/\s+/g, ' ').trim()]));

  for (const language of ['en', 'zh-CN'] as const) {
    it(`shows the register to the operator with names, those needing attention first, and to the manager without (${language})`, async () => {
      const operator = await signedIn('operator', language);
      const panel = await openTab(operator);
      const shown = await rows(operator);
      expect(shown.map(([id]) => id)).toEqual(['P-0002', 'P-0003', 'P-0001', 'P-0004', 'P-0005']);
      const text = Object.fromEntries(shown) as Record<string, string>;
      if (language === 'en') {
        expect(text['P-0002']).toContain('李四');
        expect(text['P-0002']).toContain('briefing exam below the pass mark (80)');
        expect(text['P-0003']).toMatch(/上海检修公司 · pending pre-qualification/);
        expect(text['P-0003']).toContain('company not whitelisted');
        expect(text['P-0003']).toContain('no badge');
        expect(text['P-0001']).toContain('welding and hot cutting certificate expires in 5 day(s)');
        expect(text['P-0004']).toContain('electrical work certificate expires in 20 day(s)');
        expect(text['P-0005']).toContain('may enter: briefed, company whitelisted');
      } else {
        expect(text['P-0002']).toContain('安全教育考试成绩低于合格分（80 分）');
        expect(text['P-0003']).toContain('资格预审中');
        expect(text['P-0001']).toContain('焊接与热切割作业操作证将于 5 天后到期');
        expect(text['P-0004']).toContain('电工作业操作证将于 20 天后到期');
        expect(latinWords(await panel.innerText(), 'contractors panel')).toEqual([]);
      }
      // ISA-101: grey when normal; the 7-day expiry and the problems in the medium colour, the 30-day one in the low.
      const colour = (person: string) => operator.locator(`[data-person="${person}"] [data-testid="contractor-standing"] div`).first().evaluate((el) => getComputedStyle(el).color);
      const [medium, low, normal] = await Promise.all([colour('P-0001'), colour('P-0004'), colour('P-0005')]);
      expect(new Set([medium, low, normal]).size).toBe(3);
      expect(await colour('P-0002')).toBe(medium);
      mkdirSync(ARTIFACTS, { recursive: true });
      await operator.screenshot({ path: path.join(ARTIFACTS, `contractors-${language}-1920.png`) });

      // The manager keeps the register but may not see names: none on the page.
      const manager = await signedIn('manager', language);
      await openTab(manager);
      await expect.poll(async () => (await rows(manager)).length, { timeout: 30_000 }).toBe(5);
      const page = await manager.content();
      for (const name of ['张三', '李四', '王伟', '赵六', '钱七']) expect(page).not.toContain(name);
      expect(await manager.getByTestId('contractor-row').first().innerText()).toContain(language === 'en' ? '(name withheld)' : '（姓名已隐去）');
      await Promise.all([operator.close(), manager.close()]);
    });
  }

  it('offers no contractors tab to a role that may not read the register (the wall\'s viewer)', async () => {
    const viewer = await signedIn('viewer', 'en');
    await viewer.getByTestId('side-tab-permits').waitFor({ timeout: 30_000 });
    expect(await viewer.getByTestId('side-tab-contractors').count()).toBe(0);
    await viewer.close();
  });
});
