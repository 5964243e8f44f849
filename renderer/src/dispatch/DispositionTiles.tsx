import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API_PATHS, type DispositionStats } from '@contracts';
import { useCoreClient } from '../connection/CoreClientContext.js';
import { clockText } from './countdown.js';
import './dispatch.css';

const WINDOW_MS = 24 * 3_600_000;
/** The window moves on with the clock: re-read this often even when no warning changes. */
const REFRESH_MS = 60_000;
/** `warning:changed` comes per step of every warning: the tiles re-read once per this, not per step. */
const CHANGE_DEBOUNCE_MS = 2_000;
/** The target for the false-alarm rate (industry 15–20 %; the seed articles ask for under 3 %). */
const FALSE_ALARM_TARGET = 0.03;

/**
 * The warnings' mean time to acknowledge, mean time to resolve and false-alarm rate over the last 24 hours (issue 19
 * item 5, GET /api/warnings/stats), beside the alarm KPI tiles; "no data yet" while nothing got that far. Nothing
 * at all when the core serves no warnings.
 */
export function DispositionTiles() {
  const { t } = useTranslation();
  const client = useCoreClient();
  const [stats, setStats] = useState<DispositionStats | null>(null);
  useEffect(() => {
    let debounce: ReturnType<typeof setTimeout> | null = null;
    const load = () => {
      const toMs = Date.now();
      void client.getJson<DispositionStats>(`${API_PATHS.warnings}/stats?from=${toMs - WINDOW_MS}&to=${toMs}`).then(setStats);
    };
    load();
    const timer = setInterval(load, REFRESH_MS);
    const off = client.on('warning:changed', () => {
      debounce ??= setTimeout(() => {
        debounce = null;
        load();
      }, CHANGE_DEBOUNCE_MS);
    });
    return () => {
      clearInterval(timer);
      if (debounce) clearTimeout(debounce);
      off();
    };
  }, [client]);
  if (!stats) return null;
  const rate = stats.falseAlarmRate;
  const tiles = [
    { key: 'mtta', value: stats.mttaMs === null ? null : clockText(stats.mttaMs), target: '', abnormal: false },
    { key: 'mttr', value: stats.mttrMs === null ? null : clockText(stats.mttrMs), target: '', abnormal: false },
    { key: 'falseAlarmRate', value: rate === null ? null : `${(rate * 100).toFixed(1)} %`, target: `< ${FALSE_ALARM_TARGET * 100} %`, abnormal: rate !== null && rate >= FALSE_ALARM_TARGET },
  ];
  return (
    <>
      {tiles.map((tile) => (
        <div key={tile.key} className={tile.abnormal ? 'kpi-tile kpi-abnormal' : 'kpi-tile'} data-testid={`kpi-${tile.key}`} data-value={tile.value ?? ''}>
          <span className="kpi-label">{t(`dispatch.kpi.${tile.key}`)}</span>
          <span className={tile.value === null ? 'kpi-value kpi-no-data' : 'kpi-value'}>{tile.value ?? t('dispatch.kpi.noData')}</span>
          {tile.target && <span className="kpi-target">{t('kpi.target', { target: tile.target })}</span>}
          {tile.key === 'falseAlarmRate' && <span className="kpi-target">{t('dispatch.kpi.disposed', { count: stats.warnings - stats.undisposed })}</span>}
        </div>
      ))}
    </>
  );
}
