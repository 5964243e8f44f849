import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { API_PATHS, HAZARD_TICKET_GRADES, type ClientScene, type HazardMonthlyAnalysis } from '@contracts';
import { useCoreClient } from '../connection/CoreClientContext.js';
import { saveFile } from '../connection/saveFile.js';
import { createStore, useStore } from '../state/createStore.js';
import { analysisAreaText, countRows, hoursText, leaderName, localMonth, monthText, percentText, recentMonths } from './monthlyAnalysisText.js';
import './hazards.css';

/** Months the picker offers: this one and the eleven before (a year of monthly reviews). */
const PICKER_MONTHS = 12;

/** Whether the analysis is open over the screen (from the hidden-danger tab's button). */
export const monthlyAnalysisStore = createStore<{ open: boolean }>({ open: false });

type LeaderboardRow = { reporter: string; points: number; validReports: number };

/**
 * The monthly hidden-danger analysis (月度隐患分析, issue 18 item 5) for the safety manager, opened large over the
 * screen: a month picker (this local month by default), the month's figures in words and tables
 * (monthlyHazardAnalysis, docs/hazards.md §3), the two spreadsheets (隐患排查治理台账, 风险分级管控清单) and the
 * participation leaderboard where the site keeps one. Tables rather than charts: the counts are few and exact.
 */
export function MonthlyAnalysis({ scene }: { scene: ClientScene }) {
  const open = useStore(monthlyAnalysisStore, (s) => s.open);
  return open ? <AnalysisDialog scene={scene} /> : null;
}

function AnalysisDialog({ scene }: { scene: ClientScene }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const client = useCoreClient();
  const [month, setMonth] = useState(() => localMonth(Date.now()));
  const [analysis, setAnalysis] = useState<HazardMonthlyAnalysis | null | 'failed'>(null);
  const [leaders, setLeaders] = useState<LeaderboardRow[] | null>(null);
  const [downloadFailed, setDownloadFailed] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const close = () => monthlyAnalysisStore.set({ open: false });
  useEffect(() => root.current?.focus(), []);
  useEffect(() => {
    let current = true;
    setAnalysis(null);
    setLeaders(null);
    void client.getJson<HazardMonthlyAnalysis>(`${API_PATHS.hazards}/analysis?month=${month}`).then(async (a) => {
      if (!current) return;
      setAnalysis(a ?? 'failed');
      if (!a) return;
      // The month's leaderboard; a site that switched it off answers 404 and the table is left out.
      const rows = await client.getJson<LeaderboardRow[]>(`${API_PATHS.hazards}/leaderboard?from=${a.startMs}&to=${a.endMs}`);
      if (current) setLeaders(rows);
    });
    return () => {
      current = false;
    };
  }, [client, month]);
  const lang = language === 'zh-CN' ? 'zh-CN' : 'en';
  const download = async (path: string, name: string) => {
    const file = await client.getBlob(`${path}?format=csv&lang=${lang}`);
    setDownloadFailed(file === null);
    if (file) saveFile(`${name}-${new Date().toISOString().slice(0, 10)}.csv`, file, 'text/csv');
  };
  return (
    <div className="hazard-analysis-backdrop">
      <div
        className="hazard-analysis"
        role="dialog"
        aria-modal="true"
        aria-labelledby="hazard-analysis-title"
        data-testid="hazard-analysis"
        data-month={month}
        ref={root}
        tabIndex={-1}
        onKeyDown={(e) => e.key === 'Escape' && close()}
      >
        <header className="hazard-analysis-head">
          <h2 id="hazard-analysis-title">{t('hazards.analysis.title')}</h2>
          <label>
            {t('hazards.analysis.month')}{' '}
            <select value={month} onChange={(e) => setMonth(e.target.value)} data-testid="hazard-analysis-month">
              {recentMonths(localMonth(Date.now()), PICKER_MONTHS).map((m) => (
                <option key={m} value={m}>
                  {monthText(m, language)}
                </option>
              ))}
            </select>
          </label>
          {analysis !== null && analysis !== 'failed' && (
            <span className="muted" data-testid="hazard-analysis-complete" data-complete={String(analysis.complete)}>
              {analysis.complete ? t('hazards.analysis.complete') : t('hazards.analysis.soFar', { when: new Date(analysis.asOfMs).toLocaleString(language, { hour12: false }) })}
            </span>
          )}
          <span className="hazard-analysis-actions">
            <button type="button" onClick={() => void download(API_PATHS.hazards, t('hazards.analysis.hazardFile'))} data-testid="hazard-analysis-download-hazards">
              {t('hazards.analysis.downloadHazards')}
            </button>
            <button type="button" onClick={() => void download(API_PATHS.riskPoints, t('hazards.analysis.riskFile'))} data-testid="hazard-analysis-download-risks">
              {t('hazards.analysis.downloadRisks')}
            </button>
            <button type="button" onClick={close} data-testid="hazard-analysis-close">
              {t('hazards.analysis.close')}
            </button>
          </span>
        </header>
        {downloadFailed && (
          <p className="form-error" role="alert">
            {t('hazards.analysis.downloadFailed')}
          </p>
        )}
        {analysis === null ? (
          <p className="empty">{t('hazards.room.loading')}</p>
        ) : analysis === 'failed' ? (
          <p className="form-error">{t('hazards.room.unavailable')}</p>
        ) : (
          <AnalysisBody scene={scene} analysis={analysis} leaders={leaders} />
        )}
      </div>
    </div>
  );
}

function CountTable({ caption, head, rows, testId }: { caption: string; head: string; rows: { key: string; label: string; count: number }[]; testId: string }) {
  const { t } = useTranslation();
  return (
    <table className="hazard-analysis-table" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          <th scope="col">{t('hazards.analysis.count')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={2} className="muted">
              {t('hazards.analysis.noneReported')}
            </td>
          </tr>
        ) : (
          rows.map((r) => (
            <tr key={r.key} data-key={r.key}>
              <th scope="row">{r.label}</th>
              <td>{r.count}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

function Figure({ label, value, testId, abnormal }: { label: string; value: ReactNode; testId: string; abnormal?: boolean }) {
  return (
    <div className="hazard-analysis-figure">
      <dt>{label}</dt>
      <dd data-testid={testId} className={abnormal ? 'hazard-overdue' : undefined}>
        {value}
      </dd>
    </div>
  );
}

function AnalysisBody({ scene, analysis, leaders }: { scene: ClientScene; analysis: HazardMonthlyAnalysis; leaders: LeaderboardRow[] | null }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const { reported, rejected, closure, rectification, overdue, repeats, carriedOver } = analysis;
  const noArea = t('hazards.analysis.noArea');
  const date = (ms: number) => new Date(ms).toLocaleString(language, { hour12: false, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  const areaRows = reported.byArea.map((a) => ({ key: a.areaId, label: analysisAreaText(scene, a.areaId, language, noArea), count: a.count }));
  if (reported.otherAreas.tickets > 0) areaRows.push({ key: 'others', label: t('hazards.analysis.otherAreas', { count: reported.otherAreas.areas }), count: reported.otherAreas.tickets });
  const overdueTotal = overdue.general + overdue.major;
  return (
    <div className="hazard-analysis-body">
      <dl className="hazard-analysis-figures">
        <Figure label={t('hazards.analysis.reported')} value={reported.total} testId="hazard-analysis-total" />
        <Figure label={t('hazards.analysis.rejectedDuplicate')} value={rejected.duplicate} testId="hazard-analysis-duplicate" />
        <Figure label={t('hazards.analysis.rejectedInvalid')} value={rejected.invalid} testId="hazard-analysis-invalid" />
        <Figure label={t('hazards.analysis.closureRate')} value={percentText(closure.rate, language)} testId="hazard-analysis-closure" />
        <Figure label={t('hazards.analysis.closureOf')} value={t('hazards.analysis.closedOfAccepted', { closed: closure.closed, accepted: closure.accepted })} testId="hazard-analysis-closure-counts" />
        <Figure label={t('hazards.analysis.overdue')} value={overdueTotal} testId="hazard-analysis-overdue" abnormal={overdueTotal > 0} />
        <Figure label={t('hazards.analysis.repeats')} value={repeats.count} testId="hazard-analysis-repeats" />
        <Figure label={t('hazards.analysis.carriedOver')} value={t('hazards.analysis.carriedOverCount', { count: carriedOver.count, overdue: carriedOver.overdue })} testId="hazard-analysis-carried" abnormal={carriedOver.overdue > 0} />
      </dl>
      <div className="hazard-analysis-tables">
        <table className="hazard-analysis-table wide" data-testid="hazard-analysis-grades">
          <caption>{t('hazards.analysis.byGrade')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('hazards.analysis.grade')}</th>
              <th scope="col">{t('hazards.analysis.reported')}</th>
              <th scope="col">{t('hazards.analysis.closed')}</th>
              <th scope="col">{t('hazards.analysis.meanHours')}</th>
              <th scope="col">{t('hazards.analysis.overdue')}</th>
            </tr>
          </thead>
          <tbody>
            {HAZARD_TICKET_GRADES.map((g) => (
              <tr key={g} data-key={g}>
                <th scope="row">{t(`hazards.grade.${g}`)}</th>
                <td>{reported.byGrade[g]}</td>
                <td>{rectification[g].closed}</td>
                <td>{hoursText(rectification[g].meanHours, language)}</td>
                <td className={overdue[g] > 0 ? 'hazard-overdue' : undefined}>{overdue[g]}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <CountTable caption={t('hazards.analysis.byKind')} head={t('hazards.analysis.kind')} testId="hazard-analysis-kinds" rows={countRows(reported.byKind).map((r) => ({ key: r.key, label: t(`hazards.kind.${r.key}`), count: r.count }))} />
        <CountTable caption={t('hazards.analysis.bySource')} head={t('hazards.analysis.source')} testId="hazard-analysis-sources" rows={countRows(reported.bySource).map((r) => ({ key: r.key, label: t(`hazards.analysis.sourceKind.${r.key}`), count: r.count }))} />
        <CountTable caption={t('hazards.analysis.byArea')} head={t('hazards.analysis.area')} testId="hazard-analysis-areas" rows={areaRows} />
        <CountTable caption={t('hazards.analysis.byState')} head={t('hazards.analysis.state')} testId="hazard-analysis-states" rows={countRows(reported.byState).map((r) => ({ key: r.key, label: t(`hazards.state.${r.key}`), count: r.count }))} />
      </div>
      <section className="hazard-analysis-lists">
        <h3>{t('hazards.analysis.repeatsTitle')}</h3>
        {repeats.pairs.length === 0 ? (
          <p className="muted">{t('hazards.analysis.noRepeats')}</p>
        ) : (
          <ul data-testid="hazard-analysis-repeat-pairs">
            {repeats.pairs.map((p) => (
              <li key={p.number}>{t('hazards.analysis.repeatPair', { number: p.number, earlier: p.earlierNumber })}</li>
            ))}
          </ul>
        )}
        <h3>{t('hazards.analysis.carriedOverTitle')}</h3>
        {carriedOver.tickets.length === 0 ? (
          <p className="muted">{t('hazards.analysis.noCarriedOver')}</p>
        ) : (
          <table className="hazard-analysis-table" data-testid="hazard-analysis-carried-list">
            <thead>
              <tr>
                <th scope="col">{t('hazards.ticket')}</th>
                <th scope="col">{t('hazards.analysis.grade')}</th>
                <th scope="col">{t('hazards.analysis.state')}</th>
                <th scope="col">{t('hazards.analysis.area')}</th>
                <th scope="col">{t('hazards.analysis.reportedAt')}</th>
                <th scope="col">{t('hazards.analysis.deadline')}</th>
              </tr>
            </thead>
            <tbody>
              {carriedOver.tickets.map((c) => (
                <tr key={c.number} data-overdue={String(c.overdue)}>
                  <th scope="row">{c.number}</th>
                  <td>{t(`hazards.grade.${c.grade}`)}</td>
                  <td>{t(`hazards.state.${c.state}`)}</td>
                  <td>{analysisAreaText(scene, c.areaId, language, noArea)}</td>
                  <td>{date(c.reportedAtMs)}</td>
                  <td className={c.overdue ? 'hazard-overdue' : undefined}>
                    {date(c.deadlineMs)}
                    {c.overdue && ` · ${t('hazards.analysis.overdueMark')}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {leaders !== null && (
          <>
            <h3>{t('hazards.analysis.leaderboard')}</h3>
            {leaders.length === 0 ? (
              <p className="muted">{t('hazards.analysis.noLeaders')}</p>
            ) : (
              <table className="hazard-analysis-table" data-testid="hazard-analysis-leaderboard">
                <thead>
                  <tr>
                    <th scope="col">{t('hazards.analysis.rank')}</th>
                    <th scope="col">{t('hazards.analysis.reporter')}</th>
                    <th scope="col">{t('hazards.analysis.points')}</th>
                    <th scope="col">{t('hazards.analysis.validReports')}</th>
                  </tr>
                </thead>
                <tbody>
                  {leaders.map((l, i) => (
                    <tr key={i}>
                      <td>{i + 1}</td>
                      <th scope="row">{leaderName(l.reporter)}</th>
                      <td>{l.points}</td>
                      <td>{l.validReports}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </section>
    </div>
  );
}
