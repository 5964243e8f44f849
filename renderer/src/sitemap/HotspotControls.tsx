import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HOTSPOT_LAYERS, type HotspotGrid, type HotspotLayer } from '@contracts';
import { useCoreClient } from '../connection/CoreClientContext.js';
import type { DayRange } from '../manager/managerModel.js';
import { COMPARE_MODES, comparisonRange, firstShownMonth, HOTSPOT_PRESETS, hotspotQuery, presetRange, seasonalRange, type CompareMode, type HotspotPreset } from './hotspotModel.js';
import type { HotspotView } from './riskHeatmap.js';

const monthName = (month: number, language: string) => new Intl.DateTimeFormat(language, { month: 'long' }).format(new Date(2000, month - 1, 1));
const formatYears = (years: number, language: string) => new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(years);

/**
 * The site map's time range (issue 20 item 4): live, or a period — a week, a month, a season or the manager's own
 * days — of one layer, compared with the period before or the same dates a year earlier, or the months of the
 * year; with the legend that goes with what is drawn. Native controls throughout, so the keyboard works.
 */
export function HotspotControls({ onView, startOnPeriod }: { onView: (view: HotspotView | null) => void; startOnPeriod: boolean }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const client = useCoreClient();
  const [onPeriod, setOnPeriod] = useState(startOnPeriod);
  const [preset, setPreset] = useState<HotspotPreset>('month');
  const today = useMemo(() => new Date(), []);
  const [custom, setCustom] = useState<DayRange>(() => presetRange(today, 'month', { fromDay: '', toDay: '' }));
  const [layer, setLayer] = useState<HotspotLayer>('risk');
  const [compare, setCompare] = useState<CompareMode>('none');
  const [seasonal, setSeasonal] = useState(false);
  const [month, setMonth] = useState(1);
  const [answer, setAnswer] = useState<HotspotGrid | 'loading' | 'failed' | null>(null);

  const range = seasonal ? seasonalRange(today) : presetRange(today, preset, custom);
  const compared = seasonal ? null : comparisonRange(range, compare);
  const query = onPeriod && range.fromDay !== '' && range.fromDay <= range.toDay ? hotspotQuery(layer, range, compared, seasonal) : null;

  useEffect(() => {
    if (query === null) {
      setAnswer(null);
      return;
    }
    let current = true;
    setAnswer('loading');
    void client.getJson<HotspotGrid>(query).then((grid) => {
      if (!current) return;
      setAnswer(grid ?? 'failed');
      if (grid?.months) setMonth(firstShownMonth(grid, today));
    });
    return () => {
      current = false;
    };
  }, [client, query, today]);

  const grid = typeof answer === 'object' ? answer : null;
  useEffect(() => onView(grid ? { grid, month: grid.months ? month : null } : null), [grid, month, onView]);

  const shownMonth = grid?.months?.[month - 1];
  return (
    <div className="hotspot-controls" data-testid="hotspot-controls" data-state={typeof answer === 'string' ? answer : answer ? 'ready' : 'live'}>
      <div className="hotspot-row" role="group" aria-label={t('hotspots.show')}>
        <span className="hotspot-muted">{t('hotspots.show')}</span>
        <button type="button" aria-pressed={!onPeriod} onClick={() => setOnPeriod(false)} data-testid="hotspot-live">
          {t('hotspots.mode.live')}
        </button>
        <button type="button" aria-pressed={onPeriod} onClick={() => setOnPeriod(true)} data-testid="hotspot-period">
          {t('hotspots.mode.period')}
        </button>
      </div>
      {onPeriod && (
        <>
          <div className="hotspot-row" role="group" aria-label={t('hotspots.preset.label')}>
            {HOTSPOT_PRESETS.map((p) => (
              <button key={p} type="button" aria-pressed={!seasonal && preset === p} onClick={() => {
                  setPreset(p);
                  setSeasonal(false);
                }} data-testid={`hotspot-preset-${p}`}>
                {t(`hotspots.preset.${p}`)}
              </button>
            ))}
          </div>
          {preset === 'custom' && !seasonal && (
            <div className="hotspot-row">
              <label>
                {t('hotspots.from')} <input type="date" value={custom.fromDay} max={custom.toDay} onChange={(e) => e.target.value && setCustom({ ...custom, fromDay: e.target.value })} data-testid="hotspot-from" />
              </label>
              <label>
                {t('hotspots.to')} <input type="date" value={custom.toDay} min={custom.fromDay} onChange={(e) => e.target.value && setCustom({ ...custom, toDay: e.target.value })} data-testid="hotspot-to" />
              </label>
            </div>
          )}
          <div className="hotspot-row">
            <label>
              {t('hotspots.layer.label')}{' '}
              <select value={layer} onChange={(e) => setLayer(e.target.value as HotspotLayer)} data-testid="hotspot-layer">
                {HOTSPOT_LAYERS.map((l) => (
                  <option key={l} value={l}>
                    {t(`hotspots.layer.${l}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('hotspots.compare.label')}{' '}
              <select value={compare} disabled={seasonal} onChange={(e) => setCompare(e.target.value as CompareMode)} data-testid="hotspot-compare">
                {COMPARE_MODES.map((m) => (
                  <option key={m} value={m}>
                    {t(`hotspots.compare.${m}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <label className="hotspot-row">
            <input type="checkbox" checked={seasonal} onChange={(e) => setSeasonal(e.target.checked)} data-testid="hotspot-seasonal" /> {t('hotspots.seasonal')}
          </label>
          {seasonal && grid?.months && (
            <div className="hotspot-row">
              <label>
                {t('hotspots.month')}{' '}
                <input type="range" min={1} max={12} step={1} value={month} onChange={(e) => setMonth(Number(e.target.value))} aria-valuetext={monthName(month, language)} data-testid="hotspot-month" />
              </label>
              <span data-testid="hotspot-month-text" data-years={shownMonth?.years ?? 0}>
                {shownMonth && shownMonth.years > 0
                  ? t('hotspots.monthYears', { month: monthName(month, language), years: formatYears(shownMonth.years, language) })
                  : t('hotspots.noHistory', { month: monthName(month, language) })}
              </span>
            </div>
          )}
          <HotspotLegend answer={answer} />
        </>
      )}
    </div>
  );
}

function HotspotLegend({ answer }: { answer: HotspotGrid | 'loading' | 'failed' | null }) {
  const { t } = useTranslation();
  if (answer === 'loading' || answer === null) return <p className="hotspot-muted" role="status">{t('hotspots.loading')}</p>;
  if (answer === 'failed')
    return (
      <p className="form-error" role="alert">
        {t('hotspots.failed')}
      </p>
    );
  const grid = answer;
  return (
    <div className="hotspot-legend" data-testid="hotspot-legend" data-cells={grid.cells.length} data-from={grid.fromDay} data-to={grid.toDay} data-layer={grid.layer} data-compare-from={grid.compare?.fromDay} data-compare-to={grid.compare?.toDay}>
      <p data-testid="hotspot-span">{t('hotspots.span', { from: grid.fromDay, to: grid.toDay, days: grid.days })}</p>
      {grid.compare ? (
        <>
          <p data-testid="hotspot-compare-span">{t('hotspots.compareSpan', { from: grid.compare.fromDay, to: grid.compare.toDay, days: grid.compare.days })}</p>
          <p className="hotspot-ramp">
            <span>{t('hotspots.better')}</span>
            <span className="hotspot-diverging-bar" />
            <span>{t('hotspots.worse')}</span>
            <span className="hotspot-muted">{t('hotspots.unchanged')}</span>
          </p>
        </>
      ) : (
        <p className="hotspot-ramp">
          <span>{t('hotspots.low')}</span>
          <span className="ramp-bar" />
          <span>{t('hotspots.high')}</span>
        </p>
      )}
      {grid.monthsCovered !== undefined && <p className="hotspot-muted">{t('hotspots.monthsCovered', { count: grid.monthsCovered })}</p>}
      <p className="hotspot-muted">{grid.cells.length === 0 && !grid.months ? t('hotspots.empty') : t('hotspots.cells', { count: grid.cells.length, cellM: grid.cellM })}</p>
      {grid.capped && (
        <p className="hotspot-capped" role="alert">
          {t('hotspots.capped')}
        </p>
      )}
    </div>
  );
}
