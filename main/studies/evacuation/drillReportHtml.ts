import { createHash } from 'node:crypto';
import type { EvacuationRunReport } from '../../contracts/index.js';
import { formatReportDuration, localizedName, renderEvacuationReportHtml, type ReportLocale } from '../../evacuation/index.js';
import { REPORT_STRINGS } from '../../recording/index.js';

/** Trainer-console strings; zh-CN terms from the project glossary (应急演练, 演练复盘, 清点人数). */
const STRINGS = {
  en: {
    title: 'Team response (trainer console)',
    measure: 'Measure',
    target: 'Target',
    actual: 'Actual (from first drill alarm)',
    result: 'Result',
    met: 'met',
    missed: 'missed',
    pending: 'not done',
    total: (met: number, of: number) => `${met} of ${of} targets met`,
    missingAtConfirm: (n: number) => `Head count confirmed with ${n} people not at a muster point.`,
    alarms: 'Drill alarms (never sent to the real alarm system)',
    source: 'Source',
    raised: 'Raised',
    acknowledged: 'Acknowledged',
    measures: { acknowledge: 'Acknowledge the alarm', orderEvacuation: 'Order the evacuation', accountForEveryone: 'Account for everyone' },
  },
  'zh-CN': {
    title: '团队响应评分（培训员控制台）',
    measure: '考核项',
    target: '目标',
    actual: '实际用时（自首个演练报警起）',
    result: '结果',
    met: '达标',
    missed: '未达标',
    pending: '未完成',
    total: (met: number, of: number) => `${of} 项中 ${met} 项达标`,
    missingAtConfirm: (n: number) => `确认清点人数时仍有 ${n} 人未到达紧急集合点。`,
    alarms: '演练报警（不进入真实报警系统）',
    source: '来源',
    raised: '触发',
    acknowledged: '确认',
    measures: { acknowledge: '确认报警', orderEvacuation: '下达疏散命令', accountForEveryone: '清点全部人员' },
  },
} as const;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const row = (cells: string[]) => `<tr>${cells.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`;
const head = (cells: string[]) => `<thead><tr>${cells.map((c) => `<th>${escape(c)}</th>`).join('')}</tr></thead>`;

/**
 * The printable after-action report of a run: the engine's report page, plus for a drill the
 * trainer's score and the drill alarms, placed before the footer.
 */
export function renderRunReportHtml(report: EvacuationRunReport, locale: ReportLocale): string {
  const html = renderEvacuationReportHtml(report, locale);
  if (!report.drill) return html;
  const s = STRINGS[locale];
  const { score, alarms } = report.drill;
  const clock = (seconds: number | null) => (seconds === null ? '—' : formatReportDuration(seconds, locale));
  const scoreRows = score.items.map((i) => row([s.measures[i.measure], clock(i.targetS), clock(i.actualS), i.met === null ? s.pending : i.met ? s.met : s.missed]));
  const alarmRows = alarms.map((a) => row([`${localizedName(a.sourceName, a.sourceId, locale)} · ${REPORT_STRINGS[locale].conditions[a.condition]}`, clock(a.raisedAtS), clock(a.acknowledgedAtS)]));
  const section =
    `<section><h2>${escape(s.title)}</h2><p>${escape(s.total(score.met, score.of))}</p>` +
    `<table>${head([s.measure, s.target, s.actual, s.result])}<tbody>${scoreRows.join('')}</tbody></table>` +
    (score.missingAtConfirm ? `<p>${escape(s.missingAtConfirm(score.missingAtConfirm))}</p>` : '') +
    `</section><section><h2>${escape(s.alarms)}</h2><table>${head([s.source, s.raised, s.acknowledged])}<tbody>${alarmRows.join('')}</tbody></table></section>\n`;
  return html.replace('<footer>', `${section}<footer>`);
}

/**
 * The report page's own CSP: no scripts, nothing loaded, and only its one inline style block,
 * allowed by hash (the core's default CSP forbids inline styles).
 */
export function reportPageCsp(html: string): string {
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
  const hash = createHash('sha256').update(style, 'utf8').digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}
