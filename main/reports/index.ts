/**
 * Safety operations reports (issue 20 item 5, docs/reports.md): 《安全运行月报》, the weekly report and on-demand
 * reports for any period, in zh-CN and en, built from the indicators, the registers and the historian, printed to
 * PDF by headless Chromium, archived in the data directory with their digest journaled, scheduled, and mailed.
 */
export { DEFAULT_CHROMIUM_PATH, PdfPrinter, PdfPrintError, pdfPageCount, PRINT_TIMEOUT_MS } from './PdfPrinter.js';
export { buildReportModel, dayStartMs, previousPeriod, REPORT_MAX_INCIDENTS, REPORT_TOP_ROWS, type HistoryKpis, type IndicatorRow, type MsRange, type ReportModel, type ReportPeriod, type ReportSources } from './reportModel.js';
export { renderReportHtml, type ReportScene } from './reportHtml.js';
export { REPORT_WORDS } from './reportWords.js';
export { dueReports, type ArchivedPeriod, type ScheduleSettings } from './reportSchedule.js';
export { FIRST_CHECK_DELAY_MS, MAX_REPORT_DAYS, MAX_REPORTS_LISTED, ReportDesk, REPORTS_DIR, type ReportDeskOptions, type ReportMailer } from './ReportDesk.js';
export { registerReportRoutes, reportCapability } from './reportCapability.js';
export { defaultReportsConfig, ReportsConfigSchema, type ReportsConfig } from './reportsConfig.js';
export { startReportDesk, type ReportDeskParts } from './startReportDesk.js';
