import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS, type HotspotGrid } from '../../main/contracts/index.js';
import { migrateHistorian, openHistorianDb } from '../../main/historian/index.js';
import { generateDemoHistory, writeDemoHistory } from '../../scripts/demo-plant/demoHistory.js';
import { launchChromium } from '../support/chromium.js';
import { loadDemoScene } from '../support/demoScene.js';
import { serveDemoRecords } from '../support/demoRecordsCore.js';
import type { ServeProcess } from '../support/serveProcess.js';
import { signedInControlRoom } from '../support/signIn.js';
import { latinWords } from '../support/zhCnText.js';

/**
 * Issue 20 item 4 in Chromium, zh-CN: `safetwin serve --historian embedded` with 75 days of demo history (alarms,
 * camera detections) written before it starts. The manager view's hot-spot map opens on the last month of
 * accumulated risk; the manager picks the alarms layer and compares with the previous month; the cells drawn are
 * the API's for the same query; the seasonal view names the months without history, moved by the keyboard. No
 * English on the panel. Screenshots in /tmp/hotspot-shots (SAFETWIN_HOTSPOT_SHOTS to put them elsewhere).
 */
const SHOTS = process.env.SAFETWIN_HOTSPOT_SHOTS ?? '/tmp/hotspot-shots';
const USERS = { manager: ['mgr.he', 'he-hotspot-pass-1'] } as const;
const DAY_MS = 86_400_000;
const HISTORY_DAYS = 75;
const PLANT_UTC_OFFSET_MIN = 480;
const demo = loadDemoScene();
/** The workstation sits at the plant: the screen's calendar (the browser's) is the plant's, as the core's days are. */
const PLANT_TIME_ZONE = 'Asia/Shanghai';
const plantDay = (ms: number) => new Date(ms + PLANT_UTC_OFFSET_MIN * 60_000).toISOString().slice(0, 10);

describe('hot spots over time on the manager view (zh-CN)', () => {
  let server: ServeProcess;
  let browser: Browser;
  let url: string;
  let tokens: Record<keyof typeof USERS, string>;

  beforeAll(async () => {
    const backfill = async (dataDir: string) => {
      const historian = await openHistorianDb({ engine: 'sqlite', file: path.join(dataDir, 'historian.sqlite') });
      await migrateHistorian(historian.db, historian.engine);
      await writeDemoHistory(historian.db, generateDemoHistory(demo, { fromDay: plantDay(Date.now() - HISTORY_DAYS * DAY_MS), days: HISTORY_DAYS, seed: 4, utcOffsetMin: PLANT_UTC_OFFSET_MIN }));
      await historian.close();
    };
    ({ server, url, tokens } = await serveDemoRecords('e2e-hotspots', USERS, {}, backfill));
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const api = async (query: string): Promise<HotspotGrid> => {
    const response = await fetch(new URL(`${API_PATHS.hotspots}?${query}`, url), { headers: { authorization: `Bearer ${tokens.manager}` } });
    expect(response.status, `${query}: ${response.status === 200 ? "" : await response.clone().text()}`).toBe(200);
    return (await response.json()) as HotspotGrid;
  };
  const shot = async (page: Page, name: string) => {
    mkdirSync(SHOTS, { recursive: true });
    await page.getByTestId('manager-hotspots').screenshot({ path: path.join(SHOTS, name), timeout: 60_000 });
  };

  it('draws a month of hot spots, compares it with the month before, and shows the seasonal months', async () => {
    const [name, password] = USERS.manager;
    const page = await signedInControlRoom(browser, url, { name, password }, { language: 'zh-CN', widthPx: 1920, heightPx: 1080, timezoneId: PLANT_TIME_ZONE });
    try {
      await page.goto(new URL('/?view=manager', url).href);
      const section = page.getByTestId('manager-hotspots');
      await section.waitFor({ timeout: 60_000 });
      await section.scrollIntoViewIfNeeded();
      const controls = section.getByTestId('hotspot-controls');
      const canvas = section.getByTestId('site-map-canvas');
      const legend = section.getByTestId('hotspot-legend');

      // Opens on the period: a month (30 days to today) of accumulated risk, drawn through the risk heatmap.
      await section.locator('[data-testid="hotspot-controls"][data-state="ready"]').waitFor({ timeout: 30_000 });
      expect(await section.getByTestId('hotspot-preset-month').getAttribute('aria-pressed')).toBe('true');
      await expect.poll(async () => (await canvas.getAttribute('data-layers')) ?? '', { timeout: 10_000 }).toContain('hotspot-period');
      const from = (await legend.getAttribute('data-from'))!;
      const to = (await legend.getAttribute('data-to'))!;
      const risk = await api(`layer=risk&from=${from}&to=${to}&cellM=20`);
      expect(risk.cells.length).toBeGreaterThan(0);
      expect(Number(await legend.getAttribute('data-cells'))).toBe(risk.cells.length);
      await shot(page, 'hotspots-month-risk-1920x1080.png');

      // Alarms, compared with the 30 days before: the same cells as the API's, on the diverging squares.
      await section.getByTestId('hotspot-layer').selectOption('alarms');
      await section.getByTestId('hotspot-compare').selectOption('previous');
      await section.locator('[data-testid="hotspot-legend"][data-layer="alarms"][data-compare-from]').waitFor({ timeout: 30_000 });
      const compareFrom = (await legend.getAttribute('data-compare-from'))!;
      const compareTo = (await legend.getAttribute('data-compare-to'))!;
      expect(Date.parse(to) - Date.parse(from)).toBe(Date.parse(compareTo) - Date.parse(compareFrom));
      expect(Date.parse(from) - Date.parse(compareTo)).toBe(DAY_MS);
      const compared = await api(`layer=alarms&from=${from}&to=${to}&cellM=20&compareFrom=${compareFrom}&compareTo=${compareTo}`);
      expect(compared.compare!.days).toBe(30);
      expect(Number(await legend.getAttribute('data-cells'))).toBe(compared.cells.length);
      expect(compared.cells.some((c) => c.delta !== 0)).toBe(true);
      await expect.poll(async () => (await canvas.getAttribute('data-layers')) ?? '', { timeout: 10_000 }).toContain('hotspot-change');
      expect(await section.getByTestId('hotspot-compare-span').innerText()).toContain('按日均');
      expect(latinWords(await controls.innerText(), 'hot spots (compare)')).toEqual([]);
      await shot(page, 'hotspots-month-compare-1920x1080.png');

      // The seasonal view: 75 days of history cover three or four months of the year; the keyboard moves the slider
      // to a month the history does not cover, which says so.
      await section.getByTestId('hotspot-seasonal').check();
      const slider = section.getByTestId('hotspot-month');
      await slider.waitFor({ timeout: 30_000 });
      const monthText = section.getByTestId('hotspot-month-text');
      expect(Number(await monthText.getAttribute('data-years'))).toBeGreaterThan(0);
      await slider.focus();
      // Six months on from a covered month is never covered by 75 days.
      for (let i = 0; i < 6; i += 1) await page.keyboard.press((Number(await slider.inputValue()) <= 6 ? 'ArrowRight' : 'ArrowLeft'));
      await expect.poll(async () => await monthText.getAttribute('data-years')).toBe('0');
      expect(await monthText.innerText()).toContain('暂无历史数据');
      expect(latinWords(await controls.innerText(), 'hot spots (seasonal)')).toEqual([]);
      await shot(page, 'hotspots-seasonal-1920x1080.png');
    } finally {
      await page.close();
    }
  }, 180_000);
});
