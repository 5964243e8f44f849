import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { REPORT_KINDS, roleMay, type ReportKind, type ReportRecord, type ReportRequest } from '@contracts';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { saveFile } from '../connection/saveFile.js';
import { formatDateTime } from '../panels/trendChart.js';
import { MANAGER_API } from './managerApi.js';
import { dayString, periodStartOf, tilePeriods } from './managerModel.js';

/** Reports listed: the newest; a year of monthly and weekly ones is 64. */
const LISTED_REPORTS = 64;

/** The period a report kind covers by default: the last whole month or ISO week; on demand, this month so far. */
function defaultDays(kind: ReportKind, today: Date): { fromDay: string; toDay: string } {
  if (kind === 'monthly') return tilePeriods(today, 'month').previous;
  if (kind === 'weekly') return tilePeriods(today, 'week').previous;
  return { fromDay: dayString(periodStartOf(today, 'month')), toDay: dayString(today) };
}

/**
 * The archived reports (GET /api/reports) with their download, and "generate now" for a period (POST
 * /api/reports, indicators:manage): the request runs while the core renders the PDF, so the time it has taken
 * is shown until the answer comes.
 */
export function ReportsList() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const client = useCoreClient();
  const user = useCoreState((s) => s.user);
  const mayGenerate = user === null || roleMay(user.role, 'indicators:manage');
  const [reports, setReports] = useState<ReportRecord[] | null>(null);
  const [kind, setKind] = useState<ReportKind>('monthly');
  const [days, setDays] = useState(() => defaultDays('monthly', new Date()));
  const [locale, setLocale] = useState<'zh-CN' | 'en'>(language === 'en' ? 'en' : 'zh-CN');
  const [notes, setNotes] = useState('');
  const [startedMs, setStartedMs] = useState<number | null>(null);
  const [nowMs, setNowMs] = useState(Date.now());
  const [status, setStatus] = useState<{ kind: 'error' | 'done'; text: string } | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let current = true;
    void client.getJson<ReportRecord[]>(MANAGER_API.reports).then((list) => current && setReports(list ? [...list].sort((a, b) => b.createdAtMs - a.createdAtMs).slice(0, LISTED_REPORTS) : []));
    return () => {
      current = false;
    };
  }, [client, reload]);

  useEffect(() => {
    if (startedMs === null) return;
    const timer = setInterval(() => setNowMs(Date.now()), 500);
    return () => clearInterval(timer);
  }, [startedMs]);

  const size = (bytes: number) => t('manager.reports.kiB', { value: Math.max(1, Math.round(bytes / 1024)).toLocaleString(language) });
  const generate = async (event: FormEvent) => {
    event.preventDefault();
    const request: ReportRequest = { kind, ...days, locale, ...(notes.trim() && { notes: notes.trim() }) };
    setStatus(null);
    setStartedMs(Date.now());
    setNowMs(Date.now());
    const answer = await client.postApi<ReportRecord>(MANAGER_API.reports, request);
    setStartedMs(null);
    if (!answer.ok) return setStatus({ kind: 'error', text: answer.message });
    setStatus({ kind: 'done', text: t('manager.reports.generated', { pages: answer.value.pages, size: size(answer.value.bytes) }) });
    setReload((n) => n + 1);
  };
  const download = async (report: ReportRecord) => {
    const file = await client.getBlob(report.href);
    if (!file) return setStatus({ kind: 'error', text: t('manager.reports.downloadFailed') });
    saveFile(`${report.kind}-${report.fromDay}-${report.toDay}-${report.locale}.pdf`, file, 'application/pdf');
  };

  return (
    <section className="manager-panel manager-reports" aria-labelledby="manager-reports-title" data-testid="manager-reports">
      <h2 id="manager-reports-title">{t('manager.reports.title')}</h2>
      {mayGenerate && (
        <form className="manager-form" onSubmit={(e) => void generate(e)} data-testid="manager-report-form">
          <label>
            {t('manager.reports.kindLabel')}
            <select
              value={kind}
              onChange={(e) => {
                const next = e.target.value as ReportKind;
                setKind(next);
                setDays(defaultDays(next, new Date()));
              }}
              data-testid="manager-report-kind"
            >
              {REPORT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`manager.reports.kind.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('manager.reports.from')}
            <input type="date" required value={days.fromDay} max={days.toDay} onChange={(e) => setDays({ ...days, fromDay: e.target.value })} data-testid="manager-report-from" />
          </label>
          <label>
            {t('manager.reports.to')}
            <input type="date" required value={days.toDay} min={days.fromDay} onChange={(e) => setDays({ ...days, toDay: e.target.value })} data-testid="manager-report-to" />
          </label>
          <label>
            {t('manager.reports.language')}
            <select value={locale} onChange={(e) => setLocale(e.target.value as 'zh-CN' | 'en')}>
              {(['zh-CN', 'en'] as const).map((l) => (
                <option key={l} value={l}>
                  {t(`manager.reports.languages.${l}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="wide">
            {t('manager.reports.notes')}
            <textarea rows={2} maxLength={4000} value={notes} onChange={(e) => setNotes(e.target.value)} />
          </label>
          <button type="submit" disabled={startedMs !== null} data-testid="manager-report-generate">
            {t('manager.reports.generate')}
          </button>
          {startedMs !== null && (
            <p className="manager-progress" role="status" data-testid="manager-report-progress">
              <progress />
              {t('manager.reports.generating', { seconds: Math.max(0, Math.floor((nowMs - startedMs) / 1000)) })}
            </p>
          )}
          {status && (
            <p className={status.kind === 'error' ? 'form-error' : 'manager-muted'} role="status" data-testid="manager-report-status">
              {status.text}
            </p>
          )}
        </form>
      )}
      {reports === null ? (
        <p className="manager-muted">{t('manager.loading')}</p>
      ) : reports.length === 0 ? (
        <p className="manager-muted">{t('manager.reports.empty')}</p>
      ) : (
        <table className="manager-table" data-testid="manager-report-list">
          <thead>
            <tr>
              <th scope="col">{t('manager.reports.kindLabel')}</th>
              <th scope="col">{t('manager.reports.period')}</th>
              <th scope="col">{t('manager.reports.created')}</th>
              <th scope="col">{t('manager.reports.pages')}</th>
              <th scope="col">{t('manager.reports.size')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {reports.map((report) => (
              <tr key={report.reportId} data-id={report.reportId} data-kind={report.kind}>
                <td>
                  {t(`manager.reports.kind.${report.kind}`)} <span className="manager-muted">({t(`manager.reports.languages.${report.locale}`)})</span>
                </td>
                <td className="number">{t('manager.period.span', { from: report.fromDay, to: report.toDay })}</td>
                <td className="number">{formatDateTime(report.createdAtMs, language)}</td>
                <td className="number">{report.pages}</td>
                <td className="number">{size(report.bytes)}</td>
                <td>
                  <button type="button" onClick={() => void download(report)} data-testid="manager-report-download">
                    {t('manager.reports.download')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
