import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { API_PATHS, ReportRequestSchema, type LocalizedText, type ReportRecord, type ReportRequest } from '../contracts/index.js';
import type { JournalSink } from '../audit/index.js';
import type { IndicatorRecords, StoredReport } from '../historian/index.js';
import type { CodedResult } from '../http/index.js';
import { dayNumber, dayOf } from '../indicators/index.js';
import { ensurePrivateDir, openPrivateFile } from '../platform/index.js';
import { PdfPrintError, type PdfPrinter } from './PdfPrinter.js';
import { renderReportHtml, type ReportScene } from './reportHtml.js';
import { buildReportModel, type ReportSources } from './reportModel.js';
import { dueReports, type ScheduleSettings } from './reportSchedule.js';
import { REPORT_WORDS } from './reportWords.js';

/** The archive's folder in the data directory. */
export const REPORTS_DIR = 'reports';
/** The longest period one report covers (a year and a leap day: a yearly report fits). */
export const MAX_REPORT_DAYS = 366;
/** Reports listed by GET /api/reports and kept in memory without a historian. */
export const MAX_REPORTS_LISTED = 500;
/** The first schedule check after the start. */
export const FIRST_CHECK_DELAY_MS = 120_000;
const REPORT_ID = /^[a-z]+-\d{8}-\d{8}-(zh-CN|en)-[0-9a-f]{8}$/;

export type ReportMailer = (record: ReportRecord, pdf: Buffer, subject: string) => Promise<void>;

export type ReportDeskOptions = {
  dataDir: string;
  /** The historian's archive rows; null: reports are kept in memory for this run (and said so in the log). */
  records: IndicatorRecords | null;
  journal: JournalSink | null;
  printer: PdfPrinter;
  sources: ReportSources;
  scene: () => ReportScene;
  indicatorName: (id: string) => LocalizedText | undefined;
  utcOffsetMin: number;
  schedule: Omit<ScheduleSettings, 'utcOffsetMin'>;
  /** Mails a scheduled report (config.reports.mailTo through the dispatch e-mail relay); absent: not mailed. */
  mail?: ReportMailer;
  onProblem?: (code: 'ST_ERR_REPORT_MAIL' | 'ST_ERR_REPORT_PRINT' | 'ST_ERR_REPORT_NO_BROWSER', message: string | null) => void;
  log: { info(message: string): void; warn(message: string): void };
  nowMs?: () => number;
};

const refused = (status: 400 | 404 | 503, code: string, message: string): CodedResult<never> => ({ ok: false, status, problem: { code, severity: status === 503 ? 'warning' : 'info', message } });

function validDay(day: string): boolean {
  return dayOf(dayNumber(day)) === day;
}

/**
 * Makes, archives and lists the safety operations reports (docs/reports.md): the model from the sources, HTML in
 * the report's language, a PDF printed by Chromium, written 0600 to <dataDir>/reports/<id>.pdf, its SHA-256 and
 * size journaled and its row kept in the historian. The schedule (runDue) makes the monthly and weekly reports
 * that are due and not archived yet, and mails them when a mailer is set.
 */
export class ReportDesk {
  private readonly memory: StoredReport[] = [];
  private scheduleRun: Promise<ReportRecord[]> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly nowMs: () => number;

  constructor(private readonly options: ReportDeskOptions) {
    this.nowMs = options.nowMs ?? Date.now;
    if (!options.records) options.log.warn('reports: no historian, archived reports are listed for this run only (their files stay in the data directory)');
  }

  /**
   * Checks the schedule every minute, the first time FIRST_CHECK_DELAY_MS after the start (a missed due time is
   * made up then): printing waits until the core is up and its screens are served.
   */
  start(): void {
    this.timer = setTimeout(() => {
      void this.runDue();
      this.timer = setInterval(() => void this.runDue(), 60_000);
      this.timer.unref();
    }, FIRST_CHECK_DELAY_MS);
    this.timer.unref();
  }

  /** The due reports made by this check (one check at a time; a check while one runs joins it). */
  runDue(): Promise<ReportRecord[]> {
    this.scheduleRun ??= this.makeDue().finally(() => {
      this.scheduleRun = null;
    });
    return this.scheduleRun;
  }

  private async makeDue(): Promise<ReportRecord[]> {
    const archived = await this.stored(MAX_REPORTS_LISTED);
    const due = dueReports(this.nowMs(), { ...this.options.schedule, utcOffsetMin: this.options.utcOffsetMin }, archived);
    const made: ReportRecord[] = [];
    for (const request of due) {
      const result = await this.generate(request, 'reports');
      if (!result.ok) {
        this.options.log.warn(`reports: the scheduled ${request.kind} report ${request.fromDay}..${request.toDay} (${request.locale}) was not made: ${result.problem.message}`);
        break;
      }
      made.push(result.value);
      if (this.options.mail) await this.mail(result.value);
    }
    return made;
  }

  private async mail(record: ReportRecord): Promise<void> {
    const subject = `${REPORT_WORDS[record.locale].title[record.kind]} ${record.fromDay} – ${record.toDay}`;
    try {
      const pdf = await readFile(this.fileOf(record.reportId));
      await this.options.mail!(record, pdf, subject);
      this.options.onProblem?.('ST_ERR_REPORT_MAIL', null);
    } catch (error) {
      const message = `reports: ${record.reportId} could not be mailed: ${(error as Error).message}`.slice(0, 400);
      this.options.log.warn(message);
      this.options.onProblem?.('ST_ERR_REPORT_MAIL', message);
    }
  }

  /** Makes one report now (POST /api/reports, the schedule): answered when its PDF is archived. */
  async generate(body: unknown, by: string): Promise<CodedResult<ReportRecord>> {
    const parsed = ReportRequestSchema.safeParse(body);
    if (!parsed.success) return refused(400, 'ST_ERR_REPORT_INVALID', parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).slice(0, 5).join('; '));
    const request: ReportRequest = parsed.data;
    if (!validDay(request.fromDay) || !validDay(request.toDay)) return refused(400, 'ST_ERR_REPORT_INVALID', 'fromDay, toDay: not calendar days');
    const span = dayNumber(request.toDay) - dayNumber(request.fromDay);
    if (span < 0 || span >= MAX_REPORT_DAYS) return refused(400, 'ST_ERR_REPORT_INVALID', `fromDay must not be after toDay, and a report covers at most ${MAX_REPORT_DAYS} days`);
    const createdAtMs = this.nowMs();
    const model = await buildReportModel(this.options.sources, request, { utcOffsetMin: this.options.utcOffsetMin, nowMs: createdAtMs });
    const html = renderReportHtml(model, this.options.scene(), request.locale, this.options.indicatorName);
    let printed: { pdf: Buffer; pages: number };
    try {
      printed = await this.options.printer.print(html);
      this.options.onProblem?.('ST_ERR_REPORT_NO_BROWSER', null);
    } catch (error) {
      const code = error instanceof PdfPrintError ? error.code : 'ST_ERR_REPORT_PRINT';
      const message = (error as Error).message.slice(0, 400);
      if (code !== 'ST_ERR_REPORT_BUSY') this.options.onProblem?.(code, message);
      return refused(503, code, message);
    }
    const reportId = `${request.kind.toLowerCase()}-${request.fromDay.replaceAll('-', '')}-${request.toDay.replaceAll('-', '')}-${request.locale}-${randomBytes(4).toString('hex')}`;
    const file = `${reportId}.pdf`;
    const dir = path.join(this.options.dataDir, REPORTS_DIR);
    await ensurePrivateDir(dir);
    const handle = await openPrivateFile(path.join(dir, file), 'wx');
    try {
      await handle.writeFile(printed.pdf);
      await handle.sync();
    } finally {
      await handle.close();
    }
    const stored: StoredReport = { reportId, kind: request.kind, fromDay: request.fromDay, toDay: request.toDay, locale: request.locale, createdAtMs, createdBy: by, bytes: printed.pdf.length, sha256: createHash('sha256').update(printed.pdf).digest('hex'), pages: printed.pages, file };
    // The digest on the journal's chain first: an archived file without its entry would be unverifiable.
    await this.options.journal?.append({ kind: 'note', by, atMs: createdAtMs, data: { what: 'reportArchived', reportId, kind: stored.kind, fromDay: stored.fromDay, toDay: stored.toDay, locale: stored.locale, file: `${REPORTS_DIR}/${file}`, bytes: stored.bytes, sha256: stored.sha256, pages: stored.pages } });
    if (this.options.records) await this.options.records.addReport(stored);
    else {
      this.memory.unshift(stored);
      this.memory.length = Math.min(this.memory.length, MAX_REPORTS_LISTED);
    }
    this.options.log.info(`reports: ${file} archived (${stored.pages} pages, ${stored.bytes} bytes) for ${by}`);
    return { ok: true, value: viewOf(stored) };
  }

  private async stored(limit: number): Promise<StoredReport[]> {
    return this.options.records ? this.options.records.reports(limit) : this.memory.slice(0, limit);
  }

  /** The newest archived reports first. */
  async list(limit = MAX_REPORTS_LISTED): Promise<ReportRecord[]> {
    return (await this.stored(Math.min(limit, MAX_REPORTS_LISTED))).map(viewOf);
  }

  /** An archived report's PDF (GET /api/reports/<id>.pdf). */
  async pdf(reportId: string): Promise<CodedResult<{ record: ReportRecord; bytes: Buffer }>> {
    if (!REPORT_ID.test(reportId)) return refused(404, 'ST_ERR_REPORT_NOT_FOUND', 'no archived report with this id');
    const record = this.options.records ? await this.options.records.report(reportId) : this.memory.find((r) => r.reportId === reportId);
    if (!record) return refused(404, 'ST_ERR_REPORT_NOT_FOUND', 'no archived report with this id');
    try {
      return { ok: true, value: { record: viewOf(record), bytes: await readFile(this.fileOf(reportId)) } };
    } catch {
      return refused(404, 'ST_ERR_REPORT_NOT_FOUND', 'the archived report file is missing from the data directory');
    }
  }

  private fileOf(reportId: string): string {
    return path.join(this.options.dataDir, REPORTS_DIR, `${reportId}.pdf`);
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.scheduleRun?.catch(() => undefined);
    await this.options.printer.close();
  }
}

function viewOf(stored: StoredReport): ReportRecord {
  const { file: _file, ...record } = stored;
  return { ...record, href: `${API_PATHS.reports}/${stored.reportId}.pdf` };
}
