import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { INDEX_IDS, TREND_PERIODS, type ClientScene, type IndexId, type IndexValue, type IndicatorValue, type TrendPeriod } from '@contracts';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { useStore } from '../state/createStore.js';
import { ExplainDialog } from './ExplainDialog.js';
import { IncidentLog } from './IncidentLog.js';
import { IndicatorChart } from './IndicatorChart.js';
import { MANAGER_API, managerStore } from './managerApi.js';
import { MountWhenNear } from './MountWhenNear.js';
import { indexFigure, recentPeriods, tilePeriods, tileState, type IndicatorCatalogue, type TileState } from './managerModel.js';
import { RecordsDialog } from './RecordsDialog.js';
import { ReportsList } from './ReportsList.js';
import { AnalysisPanels } from './AnalysisPanels.js';
import { SiteMapView } from '../sitemap/SiteMapView.js';
import './manager.css';

/** Periods on an index tile's sparkline: a year of months, a quarter of weeks, a fortnight of days. */
const SPARKLINE_PERIODS: Record<TrendPeriod, number> = { day: 14, week: 13, month: 12 };

type Figures = { current: IndicatorValue[]; previous: IndicatorValue[]; indices: IndexValue[]; history: { start: string; values: IndexValue[] }[] };

/**
 * The safety manager's view (`?view=manager`, issue 20 item 3): the two indices with their trend and "why",
 * every catalogue indicator as a tile (this period against the one before, the benchmark beside it, "no data
 * yet" where its source has none), an indicator's trend and comparison by area, department, contractor and
 * shift, the records behind any figure, the incident log and the reports. Greys throughout; colour only for a
 * figure beyond its benchmark or a change for the worse (ISA-101).
 */
export function ManagerView({ scene }: { scene: ClientScene | null }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const client = useCoreClient();
  const connection = useCoreState((s) => s.connection);
  const [period, setPeriod] = useState<TrendPeriod>('month');
  const [catalogue, setCatalogue] = useState<IndicatorCatalogue | null | 'failed'>(null);
  const [figures, setFigures] = useState<Figures | null>(null);
  const selected = useStore(managerStore, (s) => s.selected);
  const today = useMemo(() => new Date(), [period, connection]);
  const periods = useMemo(() => tilePeriods(today, period), [today, period]);

  useEffect(() => {
    if (connection !== 'connected') return;
    let current = true;
    void client.getJson<IndicatorCatalogue>(MANAGER_API.indicators).then((c) => current && setCatalogue(c ?? 'failed'));
    return () => {
      current = false;
    };
  }, [client, connection]);

  useEffect(() => {
    if (connection !== 'connected') return;
    let current = true;
    setFigures(null);
    const history = recentPeriods(today, period, SPARKLINE_PERIODS[period]);
    void Promise.all([
      client.getJson<IndicatorValue[]>(MANAGER_API.values(periods.current.fromDay, periods.current.toDay, 'site')),
      client.getJson<IndicatorValue[]>(MANAGER_API.values(periods.previous.fromDay, periods.previous.toDay, 'site')),
      Promise.all(history.map((range) => client.getJson<IndexValue[]>(MANAGER_API.indexValues(range.fromDay, range.toDay)))),
    ]).then(([now, before, indexHistory]) => {
      if (!current) return;
      setFigures({
        current: now ?? [],
        previous: before ?? [],
        indices: indexHistory.at(-1) ?? [],
        history: history.map((range, i) => ({ start: range.fromDay, values: indexHistory[i] ?? [] })),
      });
    });
    return () => {
      current = false;
    };
  }, [client, connection, period, periods, today]);

  const definitions = catalogue && catalogue !== 'failed' ? catalogue.definitions : [];
  const selectedDefinition = definitions.find((d) => d.id === selected) ?? definitions.find((d) => catalogue !== 'failed' && catalogue?.available[d.id]) ?? definitions[0];
  const tiles: TileState[] = figures && catalogue && catalogue !== 'failed' ? definitions.map((d) => tileState(d, catalogue.available[d.id] ?? false, figures.current, figures.previous, language)) : [];

  return (
    <main className="manager-view" data-testid="manager-view" data-ready={figures && catalogue ? 'true' : 'false'}>
      <header className="manager-head">
        <h1>{t('manager.title')}</h1>
        <div className="manager-period" role="group" aria-label={t('manager.period.label')}>
          <span className="manager-muted">{t('manager.period.label')}</span>
          {TREND_PERIODS.map((p) => (
            <button key={p} type="button" aria-pressed={period === p} onClick={() => setPeriod(p)} data-testid={`manager-period-${p}`}>
              {t(`manager.period.${p}`)}
            </button>
          ))}
        </div>
        <span className="manager-span" data-testid="manager-span">
          {t(`manager.period.current.${period}`)} · {t('manager.period.span', { from: periods.current.fromDay, to: periods.current.toDay })}
        </span>
        <button type="button" className="manager-print" onClick={() => window.print()}>
          {t('manager.print')}
        </button>
      </header>
      {catalogue === 'failed' ? (
        <p className="form-error" role="alert">
          {t('manager.unavailable')}
        </p>
      ) : !catalogue || !figures ? (
        <p className="loading" role="status">
          {t('manager.loading')}
        </p>
      ) : (
        <>
          <section className="manager-indices" aria-label={t('manager.index.scale')}>
            {INDEX_IDS.map((id) => (
              <IndexTile key={id} id={id} figures={figures} period={period} />
            ))}
          </section>
          <section className="manager-tiles" aria-labelledby="manager-tiles-title">
            <h2 id="manager-tiles-title">{t('manager.tiles.title')}</h2>
            <div className="manager-tile-grid">
              {tiles.map((tile) => (
                <IndicatorTile key={tile.indicatorId} tile={tile} selected={tile.indicatorId === selectedDefinition?.id} fromDay={periods.current.fromDay} toDay={periods.current.toDay} />
              ))}
            </div>
          </section>
          {selectedDefinition && <AnalysisPanels definition={selectedDefinition} scene={scene} period={period} current={periods.current} today={today} />}
          {scene && (
            <section className="manager-hotspots" aria-labelledby="manager-hotspots-title" data-testid="manager-hotspots">
              <h2 id="manager-hotspots-title">{t('hotspots.title')}</h2>
              <MountWhenNear className="manager-hotspot-map">
                <SiteMapView scene={scene} hotspotsFirst />
              </MountWhenNear>
            </section>
          )}
          <div className="manager-records-row">
            <IncidentLog scene={scene} />
            <ReportsList />
          </div>
          <ExplainDialog figures={figures.indices} definitions={definitions} />
          <RecordsDialog definitions={definitions} scene={scene} />
        </>
      )}
    </main>
  );
}

function IndexTile({ id, figures, period }: { id: IndexId; figures: Figures; period: TrendPeriod }) {
  const { t, i18n } = useTranslation();
  const index = figures.indices.find((v) => v.indexId === id && v.dimension === 'site');
  const value = indexFigure(index?.value ?? null, i18n.language);
  const points = figures.history.map((h) => ({ start: h.start, value: h.values.find((v) => v.indexId === id && v.dimension === 'site')?.value ?? null }));
  const name = t(`manager.index.${id}`);
  return (
    <article className="manager-index" data-testid={`manager-index-${id}`}>
      <h2>{name}</h2>
      <p className="manager-muted">{t('manager.index.scale')}</p>
      <div className="manager-index-body">
        <button type="button" className="manager-index-value" onClick={() => managerStore.set({ explain: id })} title={t('manager.index.why', { value })} data-testid={`manager-index-value-${id}`}>
          {index?.value === null || !index ? t('manager.noData') : value}
        </button>
        <div className="manager-index-trend">
          <IndicatorChart points={points} period={period} heightRem={4.5} sparkline range={[0, 100]} label={`${name} · ${t('manager.index.trend', { count: points.length })}`} testId={`manager-sparkline-${id}`} />
          <span className="manager-muted">{t('manager.index.trend', { count: points.length })}</span>
        </div>
      </div>
      <button type="button" className="link" onClick={() => managerStore.set({ explain: id })} data-testid={`manager-why-${id}`}>
        {t('manager.index.why', { value })}
      </button>
    </article>
  );
}

function IndicatorTile({ tile, selected, fromDay, toDay }: { tile: TileState; selected: boolean; fromDay: string; toDay: string }) {
  const { t, i18n } = useTranslation();
  const arrow = tile.change ? { up: '▲', down: '▼', flat: '▶' }[tile.change.direction] : null;
  const openRecords = () => managerStore.set({ records: { indicatorId: tile.indicatorId, dimension: 'site', key: 'site', keyName: t('manager.records.site'), fromDay, toDay } });
  return (
    <article className={`manager-tile${selected ? ' selected' : ''}`} data-testid={`manager-tile-${tile.indicatorId}`} data-status={tile.status} data-worse={tile.change?.worse ? 'true' : 'false'} data-beyond={tile.benchmark?.beyond ? 'true' : 'false'}>
      <h3>
        <button type="button" className="link" onClick={() => managerStore.set({ selected: tile.indicatorId })} aria-pressed={selected} title={t('manager.tiles.open', { name: tile.name })}>
          {tile.name}
        </button>
      </h3>
      {tile.status === 'noData' ? (
        <p className="manager-tile-nodata">{t('manager.noData')}</p>
      ) : (
        <>
          <p className="manager-tile-figure">
            <button type="button" className={`manager-tile-value${tile.benchmark?.beyond ? ' beyond' : ''}`} onClick={openRecords} data-testid={`manager-tile-value-${tile.indicatorId}`}>
              {tile.value}
            </button>
            <span className="manager-unit">{tile.unit}</span>
            {arrow && (
              <span className={`manager-arrow${tile.change?.worse ? ' worse' : ''}`} title={t(tile.change?.worse ? 'manager.direction.worse' : 'manager.direction.better')} aria-label={`${t(`manager.direction.${tile.change!.direction}`)}, ${t(tile.change?.worse ? 'manager.direction.worse' : 'manager.direction.better')}`}>
                {arrow}
              </span>
            )}
          </p>
          {tile.status === 'nothingToRate' && <p className="manager-muted">{t('manager.nothingToRate')}</p>}
          {tile.status === 'notEnoughExposure' && <p className="manager-muted">{t('manager.notEnoughExposure', { hours: tile.minExposure })}</p>}
          <p className="manager-muted">{t('manager.period.previous', { value: tile.previous })}</p>
        </>
      )}
      {/* The benchmark's source is a citation in English (the catalogue's), so it is the English screen's tooltip only. */}
      {tile.benchmark && (
        <p className={`manager-benchmark${tile.benchmark.beyond ? ' beyond' : ''}`} title={i18n.language === 'en' ? tile.benchmark.source : undefined}>
          {t(tile.benchmark.atMost ? 'manager.benchmark.atMost' : 'manager.benchmark.atLeast', { value: tile.benchmark.value })}
          {tile.benchmark.beyond && ` · ${t('manager.benchmark.beyond')}`}
        </p>
      )}
    </article>
  );
}
