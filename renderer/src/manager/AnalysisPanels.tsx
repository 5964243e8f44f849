import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TREND_PERIODS, type ClientScene, type IndicatorDefinition, type IndicatorDimension, type IndicatorTrend, type IndicatorValue, type TrendPeriod } from '@contracts';
import { useCoreClient } from '../connection/CoreClientContext.js';
import { dispatchFeedStore } from '../dispatch/dispatchFeed.js';
import { localized } from '../i18n/i18n.js';
import { useStore } from '../state/createStore.js';
import { IndicatorChart } from './IndicatorChart.js';
import { MANAGER_API, managerStore } from './managerApi.js';
import { pointRange, presetRange, RANGE_PRESETS, rankingRows, type DayRange, type RangePreset } from './managerModel.js';

/** The comparisons offered; no person dimension: no individual ranking (issue 20 item 6). */
const COMPARISONS = ['area', 'department', 'contractor', 'shift'] as const satisfies readonly IndicatorDimension[];
type Comparison = (typeof COMPARISONS)[number];

/** The selected indicator's trend (weeks to years) beside its comparison by area, department, contractor and shift. */
export function AnalysisPanels({ definition, scene, period, current, today }: { definition: IndicatorDefinition; scene: ClientScene | null; period: TrendPeriod; current: DayRange; today: Date }) {
  return (
    <div className="manager-analysis">
      <TrendPanel definition={definition} today={today} initialPeriod={period} />
      <RankingPanel definition={definition} scene={scene} range={current} />
    </div>
  );
}

function TrendPanel({ definition, today, initialPeriod }: { definition: IndicatorDefinition; today: Date; initialPeriod: TrendPeriod }) {
  const { t, i18n } = useTranslation();
  const client = useCoreClient();
  const [preset, setPreset] = useState<RangePreset>('months12');
  const [period, setPeriod] = useState<TrendPeriod>(initialPeriod);
  const [trend, setTrend] = useState<IndicatorTrend | null | 'failed'>(null);
  const range = useMemo(() => presetRange(today, preset, period), [today, preset, period]);
  const name = localized(definition.name, i18n.language);
  useEffect(() => {
    let current = true;
    setTrend(null);
    void client.getJson<IndicatorTrend>(MANAGER_API.trend(definition.id, range.fromDay, range.toDay, period)).then((answer) => current && setTrend(answer ?? 'failed'));
    return () => {
      current = false;
    };
  }, [client, definition.id, range, period]);
  const points = trend && trend !== 'failed' ? trend.points : [];
  const pick = (index: number) => {
    const days = pointRange(points, index, range.toDay);
    managerStore.set({ records: { indicatorId: definition.id, dimension: 'site', key: 'site', keyName: t('manager.records.site'), ...days } });
  };
  return (
    <section className="manager-panel manager-trend" aria-labelledby="manager-trend-title" data-testid="manager-trend" data-indicator={definition.id}>
      <h2 id="manager-trend-title">{t('manager.trend.title', { name })}</h2>
      <div className="manager-controls">
        <div role="group" aria-label={t('manager.trend.range')}>
          {(Object.keys(RANGE_PRESETS) as RangePreset[]).map((p) => (
            <button
              key={p}
              type="button"
              aria-pressed={preset === p}
              onClick={() => {
                setPreset(p);
                setPeriod(RANGE_PRESETS[p].period);
              }}
              data-testid={`manager-preset-${p}`}
            >
              {t(`manager.trend.preset.${p}`)}
            </button>
          ))}
        </div>
        <div role="group" aria-label={t('manager.period.label')}>
          {TREND_PERIODS.map((p) => (
            <button key={p} type="button" aria-pressed={period === p} onClick={() => setPeriod(p)}>
              {t(`manager.period.${p}`)}
            </button>
          ))}
        </div>
        <span className="manager-muted">{localized(definition.unit, i18n.language)}</span>
      </div>
      {trend === 'failed' ? (
        <p className="form-error">{t('manager.unavailable')}</p>
      ) : points.some((p) => p.value !== null) ? (
        <>
          <IndicatorChart points={points} period={period} heightRem={16} benchmark={definition.benchmark?.value} label={name} onPick={pick} testId="manager-trend-chart" />
          <p className="manager-muted">
            {definition.benchmark && `${t('manager.trend.benchmark')} ${t(definition.benchmark.comparison === 'atMost' ? 'manager.benchmark.atMost' : 'manager.benchmark.atLeast', { value: definition.benchmark.value })} · `}
            {t('manager.trend.pick')}
          </p>
        </>
      ) : (
        <p className="manager-muted">{trend === null ? t('manager.loading') : t('manager.trend.empty')}</p>
      )}
    </section>
  );
}

function RankingPanel({ definition, scene, range }: { definition: IndicatorDefinition; scene: ClientScene | null; range: DayRange }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const client = useCoreClient();
  const [chosen, setDimension] = useState<Comparison>('area');
  // An indicator not broken down by the chosen dimension (the alarm rate is by shift only) shows its first one.
  const dimension = definition.dimensions.includes(chosen) ? chosen : (COMPARISONS.find((d) => definition.dimensions.includes(d)) ?? chosen);
  const [values, setValues] = useState<IndicatorValue[] | null>(null);
  const shifts = useStore(dispatchFeedStore, (s) => s.shifts);
  const supported = definition.dimensions.includes(dimension);
  useEffect(() => {
    if (!supported) return;
    let current = true;
    setValues(null);
    void client.getJson<IndicatorValue[]>(MANAGER_API.values(range.fromDay, range.toDay, dimension, [definition.id])).then((answer) => current && setValues(answer ?? []));
    return () => {
      current = false;
    };
  }, [client, definition.id, dimension, range, supported]);
  const nameOf = useMemo(() => {
    const areas = new Map((scene?.areas ?? []).map((a) => [a.id, a.name]));
    const departments = new Map((scene?.organisation?.departments ?? []).map((d) => [d.id, d.name]));
    return (key: string): string => {
      if (dimension === 'area') return areas.has(key) ? localized(areas.get(key), language) : t('manager.ranking.unknownArea');
      if (dimension === 'department') return departments.has(key) ? localized(departments.get(key), language) : t('manager.ranking.unknownArea');
      if (dimension === 'shift') return shifts.has(key) ? localized(shifts.get(key), language) : t('manager.ranking.shiftKey', { key });
      // Contractors are keyed by their company name, as the register holds it.
      return key;
    };
  }, [scene, dimension, shifts, language, t]);
  const name = localized(definition.name, language);
  const dimensionName = t(`manager.ranking.dimension.${dimension}`);
  const rows = values && supported ? rankingRows(values, definition, dimension, nameOf, language) : [];
  return (
    <section className="manager-panel manager-ranking" aria-labelledby="manager-ranking-title" data-testid="manager-ranking" data-dimension={dimension}>
      <h2 id="manager-ranking-title">{t('manager.ranking.title', { name })}</h2>
      <div className="manager-controls" role="group" aria-label={t('manager.ranking.title', { name })}>
        {COMPARISONS.map((d) => (
          <button key={d} type="button" aria-pressed={dimension === d} onClick={() => setDimension(d)} data-testid={`manager-dimension-${d}`} disabled={!definition.dimensions.includes(d)}>
            {t(`manager.ranking.dimension.${d}`)}
          </button>
        ))}
      </div>
      {!supported ? (
        <p className="manager-muted">{t('manager.ranking.notSupported', { dimension: dimensionName })}</p>
      ) : values === null ? (
        <p className="manager-muted">{t('manager.loading')}</p>
      ) : rows.length === 0 ? (
        <p className="manager-muted">{t('manager.ranking.empty', { dimension: dimensionName })}</p>
      ) : (
        <table className="manager-table">
          <thead>
            <tr>
              <th scope="col">{t('manager.ranking.rank')}</th>
              <th scope="col">{dimensionName}</th>
              <th scope="col">{t('manager.ranking.value')}</th>
              <th scope="col" aria-hidden="true" />
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} data-key={row.key}>
                <td className="number">{row.rank ?? '—'}</td>
                <th scope="row">{row.name}</th>
                <td className="number">
                  <button type="button" className={`link${row.beyond ? ' beyond' : ''}`} onClick={() => managerStore.set({ records: { indicatorId: definition.id, dimension, key: row.key, keyName: row.name, ...range } })}>
                    {row.value}
                  </button>
                </td>
                <td className="manager-bar-cell" aria-hidden="true">
                  <span className={`manager-bar${row.beyond ? ' beyond' : ''}`} style={{ width: `${(row.bar * 100).toFixed(1)}%` }} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
