import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditJournal } from '../../main/audit/index.js';
import { UserStore } from '../../main/auth/index.js';
import { resolveServeConfig } from '../../main/config/config.js';
import { API_PATHS, type IndicatorValue, type ReportRecord, type Role } from '../../main/contracts/index.js';
import { startCore, type CoreHandle } from '../../main/core/startCore.js';
import { sendReportMail } from '../../main/dispatchDesk/index.js';
import { emptyBatch } from '../../main/historian/historianBatch.js';
import { IndicatorRecords, migrateHistorian, openHistorianDb, parseHistorianLocation } from '../../main/historian/index.js';
import { SensorKeys, writeBatch } from '../../main/historian/writeBatch.js';
import { DEFAULT_INDEX_CONFIGS, indicatorById } from '../../main/indicators/index.js';
import { createLogger } from '../../main/log/index.js';
import { PdfPrinter, ReportDesk, type ReportSources } from '../../main/reports/index.js';
import { alarmHistory } from '../support/alarmHistory.js';
import { CHROMIUM_PATH } from '../support/chromium.js';
import { startSmtpReceiver } from '../support/smtpReceiver.js';
import { makeTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';

const run = promisify(execFile);
const DAY_MS = 86_400_000;
const MIN_MS = 60_000;
const CST_MIN = 480;

/** The plant-local month before the one `nowMs` falls in (UTC+8), as days and instants. */
function previousMonth(nowMs: number) {
  const local = new Date(nowMs + CST_MIN * MIN_MS);
  const start = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 1, 1));
  const end = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 0));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return { fromDay: day(start), toDay: day(end), fromMs: start.getTime() - CST_MIN * MIN_MS, days: end.getUTCDate() };
}

/** Page 1 as pdftoppm renders it at 50 dpi: its pixels' darkness by row. */
async function renderFirstPage(pdfFile: string) {
  const prefix = `${pdfFile}.page`;
  await run('pdftoppm', ['-r', '50', '-f', '1', '-l', '1', '-png', '-singlefile', pdfFile, prefix]);
  const png = PNG.sync.read(readFileSync(`${prefix}.png`));
  const inkByRow: number[] = [];
  for (let y = 0; y < png.height; y++) {
    let ink = 0;
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      if (png.data[i]! + png.data[i + 1]! + png.data[i + 2]! < 3 * 200) ink++;
    }
    inkByRow.push(ink / png.width);
  }
  return { width: png.width, height: png.height, inkByRow };
}

describe('safety operations reports on a running core', () => {
  let core: CoreHandle;
  let dataDir: string;
  const month = previousMonth(Date.now());
  const tokens: Partial<Record<'manager' | 'commander' | 'viewer', string>> = {};

  beforeAll(async () => {
    dataDir = makeTempDir('reports');
    const users = await UserStore.open(dataDir);
    const people: [keyof typeof tokens, string, Role][] = [
      ['manager', 'chen.jing', 'manager'],
      ['commander', 'zhao.lei', 'commander'],
      ['viewer', 'wang.wei', 'viewer'],
    ];
    for (const [key, name, role] of people) {
      await users.upsertUser(name, role, `${name}-pass-phrase-1`);
      tokens[key] = await users.issueToken(name, 'reports test');
    }
    // The month back-filled into the embedded historian before the core starts, as `history import` leaves it.
    const historian = await openHistorianDb(parseHistorianLocation(undefined, dataDir));
    await migrateHistorian(historian.db, historian.engine);
    await writeBatch(historian.db, { ...emptyBatch(), alarms: alarmHistory(month.fromMs - 31 * DAY_MS, month.fromMs + month.days * DAY_MS, month.fromMs) }, new SensorKeys());
    await new IndicatorRecords(historian.db).addIncident({ id: 'inc-1', occurredAtMs: month.fromMs + 12 * DAY_MS, severity: 'firstAid', areaId: 'unit1', title: '取样时手部轻微烫伤', recordedAtMs: month.fromMs + 12 * DAY_MS, recordedBy: 'chen.jing' });
    await historian.close();

    const resolved = resolveServeConfig({ cli: { port: 0, dataDir, simulate: false, brokerPort: 0, record: false, historian: 'embedded', requireAuth: true }, env: {} });
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
    resolved.config.indicators.backfillDaysPerSecond = 1000;
    resolved.config.reports.chromiumPath = CHROMIUM_PATH;
    core = await startCore({ config: resolved.config, logger: createLogger('silent') });
  }, 60_000);
  afterAll(async () => {
    await core?.close();
  });

  const request = (method: string, pathAndQuery: string, who: keyof typeof tokens, body?: unknown) =>
    fetch(new URL(pathAndQuery, core.url), { method, headers: { authorization: `Bearer ${tokens[who]}`, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });

  it('prints the back-filled month as 《安全运行月报》: a PDF with real Chinese text, its charts on page 1, archived and journaled with its digest', async () => {
    // The indicator book back-fills the month's days from the alarm history first.
    await waitUntil(async () => {
      const response = await request('GET', `/api/indicators/values?from=${month.fromDay}&to=${month.toDay}&dimension=site&ids=alarmRatePer10Min`, 'commander');
      if (response.status !== 200) return false;
      const values = (await response.json()) as IndicatorValue[];
      return values.some((v) => v.value !== null);
    }, 60_000);

    expect((await request('POST', API_PATHS.reports, 'commander', { kind: 'monthly', fromDay: month.fromDay, toDay: month.toDay, locale: 'zh-CN' })).status).toBe(403);
    const startedMs = Date.now();
    const created = await request('POST', API_PATHS.reports, 'manager', { kind: 'monthly', fromDay: month.fromDay, toDay: month.toDay, locale: 'zh-CN', notes: '本月重点：一号装置可燃气体报警治理' });
    expect(created.status).toBe(201);
    const record = (await created.json()) as ReportRecord;
    expect(Date.now() - startedMs).toBeLessThan(30_000);
    expect(record).toMatchObject({ kind: 'monthly', fromDay: month.fromDay, toDay: month.toDay, locale: 'zh-CN', createdBy: 'chen.jing', href: `${API_PATHS.reports}/${record.reportId}.pdf` });
    expect(record.pages).toBeGreaterThanOrEqual(2);

    expect((await request('GET', API_PATHS.reports, 'viewer')).status).toBe(403);
    const listed = (await (await request('GET', API_PATHS.reports, 'commander')).json()) as ReportRecord[];
    expect(listed.map((r) => r.reportId)).toEqual([record.reportId]);
    expect((await request('GET', `${API_PATHS.reports}/nope.pdf`, 'commander')).status).toBe(404);

    const download = await request('GET', record.href, 'commander');
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await download.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBe(record.bytes);
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(record.sha256);

    // The archive: 0600 in the data dir, the digest on the audit journal's chain.
    const file = path.join(dataDir, 'reports', `${record.reportId}.pdf`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const journal = readFileSync(path.join(dataDir, 'audit', 'journal.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('reportArchived'))
      .map((line) => JSON.parse(line) as { by: string; data: Record<string, unknown> });
    expect(journal).toEqual([expect.objectContaining({ by: 'chen.jing', data: expect.objectContaining({ reportId: record.reportId, sha256: record.sha256, bytes: record.bytes }) })]);

    // Real text: the title, an indicator's Chinese name, the area named on the map, the manager's notes.
    const { stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', file, '-']);
    for (const words of ['安全运行月报', '每操作岗位报警率', '安全健康指数', '一号装置', '本月重点：一号装置可燃气体报警治理', '取样时手部轻微烫伤', '暂无数据']) expect(text).toContain(words);
    const { stdout: info } = await run('pdfinfo', [file]);
    expect(info).toMatch(new RegExp(`Pages:\\s+${record.pages}\\b`));
    // Every font embedded (Chromium's Skia writes the CFF-flavoured Noto CJK as Type 3 glyph outlines) with a
    // ToUnicode map: the columns 'emb' and 'uni' of pdffonts say yes on each font's line.
    const { stdout: fonts } = await run('pdffonts', [file]);
    const fontLines = fonts.split('\n').slice(2).filter((l) => l.trim() !== '');
    expect(fontLines.length).toBeGreaterThan(0);
    for (const line of fontLines) expect(line).toMatch(/\byes\s+(yes|no)\s+yes\s+\d+\s+\d+\s*$/);

    // Page 1 rendered: not blank, and the index chart's band (between the title block and the explanation) has ink.
    const page = await renderFirstPage(file);
    const rows = page.inkByRow;
    const ink = rows.reduce((a, b) => a + b, 0) / rows.length;
    expect(ink).toBeGreaterThan(0.01);
    expect(ink).toBeLessThan(0.5);
    // The chart's axes and grid: rows in the top half with ink over at least half the page width are the chart's and the tables' lines.
    const longLines = rows.slice(0, Math.floor(page.height / 2)).filter((share) => share > 0.5).length;
    expect(longLines).toBeGreaterThanOrEqual(3);
  }, 120_000);

  it('prints the English version of the same month', async () => {
    const created = await request('POST', API_PATHS.reports, 'manager', { kind: 'monthly', fromDay: month.fromDay, toDay: month.toDay, locale: 'en' });
    expect(created.status).toBe(201);
    const record = (await created.json()) as ReportRecord;
    const { stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', path.join(dataDir, 'reports', `${record.reportId}.pdf`), '-']);
    for (const words of ['Monthly safety operations report', 'Alarm rate per operator position', 'Safety health index', 'No data yet']) expect(text).toContain(words);
  }, 60_000);

  it('refuses a period that runs backwards or is longer than a year', async () => {
    const backwards = await request('POST', API_PATHS.reports, 'manager', { kind: 'onDemand', fromDay: month.toDay, toDay: month.fromDay, locale: 'zh-CN' });
    expect(backwards.status).toBe(400);
    expect(((await backwards.json()) as { problem: { code: string } }).problem.code).toBe('ST_ERR_REPORT_INVALID');
    expect((await request('POST', API_PATHS.reports, 'manager', { kind: 'onDemand', fromDay: '2020-01-01', toDay: '2022-01-01', locale: 'zh-CN' })).status).toBe(400);
  });
});

describe('the report schedule', () => {
  it('makes the month due at 08:00 plant time on the 1st in each language, mails each with its PDF attached, and makes it once', async () => {
    const smtp = await startSmtpReceiver({ user: 'safetwin', password: 'relay-pass' });
    const dataDir = makeTempDir('report-schedule');
    const journal = await AuditJournal.open(path.join(dataDir, 'audit'));
    let nowMs = Date.parse('2026-11-30T23:59:00Z'); // 07:59 on 1 December in the plant
    const empty: ReportSources = {
      indicatorDays: async () => null,
      indexConfigs: DEFAULT_INDEX_CONFIGS,
      alarmKpis: async () => null,
      alarmsByArea: async () => null,
      hazardAnalysis: () => null,
      permitStats: async () => null,
      riskAreas: () => null,
      incidents: async () => null,
      hotSpotGrid: async () => null,
    };
    const email = { host: '127.0.0.1', port: smtp.port, secure: false, user: 'safetwin', password: 'relay-pass', from: 'safetwin@plant.example' };
    const desk = new ReportDesk({
      dataDir,
      records: null,
      journal,
      printer: new PdfPrinter({ chromiumPath: CHROMIUM_PATH }),
      sources: empty,
      scene: () => ({ site: { name: { en: 'Demo plant', 'zh-CN': '示范化工厂' } }, areas: [] }),
      indicatorName: (id) => indicatorById(id)?.name,
      utcOffsetMin: CST_MIN,
      schedule: { monthly: true, weekly: false, hourLocal: 8, locales: ['zh-CN', 'en'] },
      mail: (record, pdf, subject) => sendReportMail(email as Parameters<typeof sendReportMail>[0], { env: {}, timeoutMs: 10_000 }, { to: ['anquan@plant.example'], subject, text: subject, attachment: { filename: `${record.reportId}.pdf`, content: pdf } }),
      log: { info: () => undefined, warn: () => undefined },
      nowMs: () => nowMs,
    });
    try {
      // Before 08:00 on the 1st: October is the month due (the core was off then), made up now.
      const madeUp = await desk.runDue();
      expect(madeUp.map((r) => [r.kind, r.fromDay, r.toDay, r.locale, r.createdBy])).toEqual([
        ['monthly', '2026-10-01', '2026-10-31', 'zh-CN', 'reports'],
        ['monthly', '2026-10-01', '2026-10-31', 'en', 'reports'],
      ]);
      nowMs += 60_000; // 08:00
      const made = await desk.runDue();
      expect(made.map((r) => [r.fromDay, r.toDay, r.locale])).toEqual([
        ['2026-11-01', '2026-11-30', 'zh-CN'],
        ['2026-11-01', '2026-11-30', 'en'],
      ]);
      nowMs += 60_000;
      expect(await desk.runDue()).toEqual([]);

      const mails = await smtp.waitFor(4);
      expect(mails.map((m) => m.subject)).toEqual(['安全运行月报 2026-10-01 – 2026-10-31', 'Monthly safety operations report 2026-10-01 – 2026-10-31', '安全运行月报 2026-11-01 – 2026-11-30', 'Monthly safety operations report 2026-11-01 – 2026-11-30']);
      expect(mails[2]!.to).toEqual(['anquan@plant.example']);
      // The attachment: the archived PDF, byte for byte.
      const raw = mails[2]!.raw;
      expect(raw).toContain(`Content-Type: application/pdf;\r\n name=${made[0]!.reportId}.pdf`);
      const base64 = raw.split(/Content-Disposition: attachment[^\r]*\r\n(?:[^\r]+\r\n)*\r\n/)[1]!.split('\r\n--')[0]!.replaceAll(/\s/g, '');
      const attached = Buffer.from(base64, 'base64');
      expect(createHash('sha256').update(attached).digest('hex')).toBe(made[0]!.sha256);
    } finally {
      await desk.close();
      await journal.close();
      await smtp.close();
    }
  }, 120_000);
});
