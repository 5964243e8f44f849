import type { AreaRiskGrade, HazardMonthlyAnalysis, HotspotGrid, IndexConfig, IndexId, Scene } from '../contracts/index.js';
import type { JournalSink } from '../audit/index.js';
import type { EmailChannelConfig } from '../dispatch/index.js';
import { sendReportMail } from '../dispatchDesk/index.js';
import type { RunningHistorian } from '../historian/index.js';
import type { CodedResult } from '../http/index.js';
import { DEFAULT_INDEX_CONFIGS, indicatorById } from '../indicators/index.js';
import { PdfPrinter } from './PdfPrinter.js';
import { ReportDesk, type ReportDeskOptions } from './ReportDesk.js';
import type { ReportSources } from './reportModel.js';
import type { ReportsConfig } from './reportsConfig.js';

/** Stored indicator rows one report reads: 13 months of every indicator at site level is ~9,000. */
const MAX_INDICATOR_ROWS = 200_000;
/** Incidents one report reads (it prints REPORT_MAX_INCIDENTS of them and counts the rest). */
const MAX_INCIDENTS_READ = 2_000;
/** The report map's cells: 10 m, a process unit's equipment row (the screen's map offers 5–100 m). */
const HOT_SPOT_CELL_M = 10;

export type ReportDeskParts = {
  dataDir: string;
  historian: RunningHistorian | null;
  journal: JournalSink;
  scene: Pick<Scene, 'site' | 'areas'>;
  config: ReportsConfig;
  utcOffsetMin: number;
  reviewOverdueAfterMs: number;
  hazards: { analysis(month: { year: number; month: number }): CodedResult<HazardMonthlyAnalysis> } | null;
  risks: { available: boolean; areas(): AreaRiskGrade[] } | null;
  /** The site map's hot spots over a period (indicatorDesk HotspotMap): the report's heat map; null without it. */
  hotspots: { grid(query: { layer: 'risk'; fromDay: string; toDay: string; cellM: number }): Promise<CodedResult<HotspotGrid>> } | null;
  /** The indices' weights the indicator book uses (config.indicators.indexFile); the defaults otherwise. */
  indexConfigs?: Record<IndexId, IndexConfig>;
  /** The dispatch e-mail relay (config.dispatch.channels.email) and its timeout; absent: reports are not mailed. */
  email?: { config: EmailChannelConfig; timeoutMs: number; env: NodeJS.ProcessEnv };
  problems: NonNullable<ReportDeskOptions['onProblem']>;
  log: ReportDeskOptions['log'];
  nowMs?: () => number;
};

/**
 * The report desk as the core runs it: its sources read from the historian (indicator days, alarm KPIs and
 * counts per area, permit statistics, incidents) and the double-prevention registers, Chromium from
 * config.reports.chromiumPath, the schedule started, scheduled reports mailed to config.reports.mailTo.
 */
export function startReportDesk(parts: ReportDeskParts): ReportDesk {
  const { historian } = parts;
  const sources: ReportSources = {
    indicatorDays: async (fromDay, toDay) => (historian ? historian.indicators.days({ fromDay, toDay, dimension: 'site', key: 'site', limit: MAX_INDICATOR_ROWS }) : null),
    indexConfigs: parts.indexConfigs ?? DEFAULT_INDEX_CONFIGS,
    alarmKpis: async (range) => (historian ? historian.kpis(range) : null),
    alarmsByArea: async (range) => (historian ? (await historian.alarms({ ...range, limit: 1 })).activations.byArea : null),
    hazardAnalysis: (month) => {
      const result = parts.hazards?.analysis(month);
      return result?.ok ? result.value : null;
    },
    permitStats: async (range) => (historian ? historian.permitStats({ ...range, asOfMs: Math.min(range.toMs, (parts.nowMs ?? Date.now)()), utcOffsetMin: parts.utcOffsetMin, reviewOverdueAfterMs: parts.reviewOverdueAfterMs }) : null),
    riskAreas: () => (parts.risks?.available ? parts.risks.areas() : null),
    incidents: async (range) => (historian ? historian.indicators.incidents({ ...range, limit: MAX_INCIDENTS_READ }) : null),
    hotSpotGrid: async (fromDay, toDay) => {
      const result = await parts.hotspots?.grid({ layer: 'risk', fromDay, toDay, cellM: HOT_SPOT_CELL_M });
      return result?.ok ? result.value : null;
    },
  };
  const { mailTo } = parts.config;
  const email = parts.email;
  if (mailTo.length > 0 && !email) parts.log.warn('reports: reports.mailTo is set but dispatch.channels.email is not configured: reports are archived, not mailed');
  const desk = new ReportDesk({
    dataDir: parts.dataDir,
    records: historian?.indicators ?? null,
    journal: parts.journal,
    printer: new PdfPrinter({ chromiumPath: parts.config.chromiumPath }),
    sources,
    scene: () => parts.scene,
    indicatorName: (id) => indicatorById(id)?.name,
    utcOffsetMin: parts.utcOffsetMin,
    schedule: { ...parts.config.schedule, locales: parts.config.locales },
    ...(email && mailTo.length > 0 && {
      mail: (record, pdf, subject) => sendReportMail(email.config, email, { to: mailTo, subject, text: `${subject}\nSHA-256 ${record.sha256}`, attachment: { filename: `${record.reportId}.pdf`, content: pdf } }),
    }),
    onProblem: parts.problems,
    log: parts.log,
    ...(parts.nowMs && { nowMs: parts.nowMs }),
  });
  // The schedule needs the archive to know what it made: without a historian it would print the same reports at every start.
  if (historian) desk.start();
  else parts.log.warn('reports: no historian, so no scheduled reports (on-demand reports are made)');
  return desk;
}
