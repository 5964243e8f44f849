import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlarmLimits, AlarmTransition, Sensor } from '@contracts';
import { useCoreClient } from '../connection/CoreClientContext.js';

type Trend = { points: [number, number][]; limits: AlarmLimits };
const WIDTH = 300;
const HEIGHT = 100;
const REFRESH_MS = 5_000;

/** Polls a read-only API path every REFRESH_MS while mounted. */
export function usePolled<T>(path: string): T | null {
  const client = useCoreClient();
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    let stopped = false;
    const load = async () => {
      const next = await client.getJson<T>(path);
      if (!stopped && next) setValue(next);
    };
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [client, path]);
  return value;
}

/** The last 10 minutes as a line with the alarm limits dashed in their priority colours. */
export function SensorTrend({ sensor }: { sensor: Sensor }) {
  const { t } = useTranslation();
  const trend = usePolled<Trend>(`/api/sensors/${encodeURIComponent(sensor.id)}/trend?minutes=10`);
  if (!trend) return <p className="empty">{t('info.loading')}</p>;
  const limits = (['lowLow', 'low', 'high', 'highHigh'] as const).flatMap((k) => (trend.limits[k] === undefined ? [] : [[k, trend.limits[k]!] as const]));
  const values = [...trend.points.map(([, v]) => v), ...limits.map(([, v]) => v)];
  const min = Math.min(...values, 0);
  const max = Math.max(...values, 1);
  const now = Date.now();
  const x = (tsMs: number) => ((tsMs - (now - 600_000)) / 600_000) * WIDTH;
  const y = (v: number) => HEIGHT - ((v - min) / (max - min || 1)) * HEIGHT;
  return (
    <svg className="trend" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={t('info.trend')} data-testid="sensor-trend" data-points={trend.points.length}>
      {limits.map(([k, v]) => (
        <line key={k} className={`limit limit-${k}`} x1={0} x2={WIDTH} y1={y(v)} y2={y(v)} />
      ))}
      <polyline className="line" points={trend.points.map(([ts, v]) => `${x(ts).toFixed(1)},${y(v).toFixed(1)}`).join(' ')} />
    </svg>
  );
}

/** The sensor's recent alarm transitions: what happened, when, by whom. */
export function SensorAlarmHistory({ sensor }: { sensor: Sensor }) {
  const { t, i18n } = useTranslation();
  const history = usePolled<AlarmTransition[]>(`/api/alarms/history?source=${encodeURIComponent(sensor.id)}&limit=20`);
  if (!history) return <p className="empty">{t('info.loading')}</p>;
  if (history.length === 0) return <p className="empty">{t('info.noHistory')}</p>;
  return (
    <ul className="history-list" data-testid="alarm-history">
      {history.map((h, i) => (
        <li key={`${h.alarm.alarmId}-${h.atMs}-${i}`}>
          <time>{new Date(h.atMs).toLocaleTimeString(i18n.language, { hour12: false })}</time>
          <span>
            {t(`alarms.condition.${h.alarm.condition}`)} · {t(`alarms.action.${h.action}`)} · {h.by}
          </span>
        </li>
      ))}
    </ul>
  );
}
