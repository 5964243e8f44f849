import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { AlarmLimits, AlarmTransition, Sensor } from '@contracts';
import { useCoreClient } from '../connection/CoreClientContext.js';
import { THEME } from '../theme.js';
import { formatValue } from '../twin/liveColours.js';
import { formatTimeTicks, formatValueTicks, limitLabelSides, trendLimits, trendValueRange, type TrendLimit } from './trendChart.js';
import './trend.css';
import { actorName } from '../i18n/coreWords.js';

type Trend = { points: [number, number][]; limits: AlarmLimits };
const REFRESH_MS = 5_000;
const TREND_MINUTES = 10;
const CHART_HEIGHT_REM = 11;
/** Canvas colours: the panel greys of styles.css, limits in their priority colours (ISA-101). */
const AXIS_COLOUR = '#8f979f';
const GRID_COLOUR = '#2f3338';
const LINE_COLOUR = '#d5d9dd';
const LIMIT_COLOUR: Record<TrendLimit['kind'], string> = { highHigh: THEME.alarm.urgent, high: THEME.alarm.high, low: THEME.alarm.high, lowLow: THEME.alarm.urgent };

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

/**
 * The last 10 minutes as a uPlot chart (canvas): a time axis in local time, a value axis with the
 * sensor's unit, the alarm limits as horizontal lines in their priority colours with their names, the
 * value under the pointer, and the latest value and time above. Tick labels are mirrored in data
 * attributes for tests and support.
 */
export function SensorTrend({ sensor }: { sensor: Sensor }) {
  const { t, i18n } = useTranslation();
  const trend = usePolled<Trend>(`/api/sensors/${encodeURIComponent(sensor.id)}/trend?minutes=${TREND_MINUTES}`);
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const language = i18n.language;
  const limits = useMemo(() => (trend ? trendLimits(trend.limits) : []), [trend]);

  useEffect(() => {
    const element = host.current;
    if (!element || !trend) return;
    const xs = trend.points.map(([tsMs]) => tsMs / 1000);
    const ys = trend.points.map(([, v]) => v);
    const nowS = Date.now() / 1000;
    const rootPx = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    const font = `${Math.round(0.75 * rootPx)}px ${getComputedStyle(element).fontFamily}`;
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 200),
      height: CHART_HEIGHT_REM * rootPx,
      legend: { show: true, live: true },
      cursor: { y: false },
      scales: {
        x: { time: true, range: () => [nowS - TREND_MINUTES * 60, nowS] },
        y: { range: () => trendValueRange(ys, limits) },
      },
      axes: [
        {
          stroke: AXIS_COLOUR,
          font,
          size: rootPx * 2.2,
          space: rootPx * 4,
          grid: { stroke: GRID_COLOUR, width: 1 },
          ticks: { stroke: GRID_COLOUR, width: 1 },
          values: (u, splits) => {
            const labels = formatTimeTicks(splits, language, false);
            u.root.dataset.xTicks = labels.join('|');
            return labels;
          },
        },
        {
          stroke: AXIS_COLOUR,
          font,
          label: sensor.unit,
          labelFont: font,
          labelSize: rootPx * 1.1,
          size: rootPx * 3.6,
          // A tick every 1.2 rem at most: four or five value ticks on the panel's chart height.
          space: rootPx * 1.2,
          grid: { stroke: GRID_COLOUR, width: 1 },
          ticks: { stroke: GRID_COLOUR, width: 1 },
          values: (u, splits) => {
            const labels = formatValueTicks(splits, language);
            u.root.dataset.yTicks = labels.join('|');
            return labels;
          },
        },
      ],
      series: [
        { label: t('picture.trend.time'), value: (_u, v) => (v === null ? '—' : formatTimeTicks([v], language, true)[0]!) },
        { label: t('picture.trend.value'), stroke: LINE_COLOUR, width: 1.5, points: { show: false }, value: (_u, v) => (v === null ? '—' : formatValue(v, sensor.unit)) },
      ],
      hooks: {
        // Limits as dashed horizontal lines across the plot, named at the right (uPlot draw hook, canvas pixels).
        draw: [
          (u) => {
            const { ctx, bbox } = u;
            const fontPx = Math.round(0.75 * rootPx * devicePixelRatio);
            const ys = limits.map((limit) => Math.round(u.valToPos(limit.value, 'y', true)));
            const sides = limitLabelSides(ys, fontPx);
            ctx.save();
            ctx.font = `${fontPx}px ${getComputedStyle(element).fontFamily}`;
            ctx.textAlign = 'right';
            limits.forEach((limit, i) => {
              const y = ys[i]!;
              if (y < bbox.top || y > bbox.top + bbox.height) return;
              ctx.strokeStyle = LIMIT_COLOUR[limit.kind];
              ctx.fillStyle = LIMIT_COLOUR[limit.kind];
              ctx.lineWidth = devicePixelRatio;
              ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
              ctx.beginPath();
              ctx.moveTo(bbox.left, y);
              ctx.lineTo(bbox.left + bbox.width, y);
              ctx.stroke();
              ctx.textBaseline = sides[i] === 'above' ? 'bottom' : 'top';
              ctx.fillText(`${t(`limits.${limit.kind}`)} ${formatValue(limit.value, sensor.unit)}`, bbox.left + bbox.width - 4 * devicePixelRatio, sides[i] === 'above' ? y - 2 * devicePixelRatio : y + 2 * devicePixelRatio);
            });
            ctx.restore();
          },
        ],
      },
    };
    chart.current?.destroy();
    chart.current = new uPlot(options, [xs, ys], element);
    const resize = new ResizeObserver(() => chart.current?.setSize({ width: Math.max(element.clientWidth, 200), height: CHART_HEIGHT_REM * rootPx }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.current?.destroy();
      chart.current = null;
    };
  }, [trend, limits, language, sensor.unit, t]);

  if (!trend) return <p className="empty">{t('info.loading')}</p>;
  const last = trend.points.at(-1);
  return (
    <figure className="trend" data-testid="sensor-trend" data-points={trend.points.length} aria-label={t('info.trend')}>
      <figcaption>
        {last
          ? t('picture.trend.latest', { value: formatValue(last[1], sensor.unit), time: formatTimeTicks([last[0] / 1000], language, true)[0] })
          : t('picture.trend.noData')}
      </figcaption>
      <div ref={host} className="trend-chart" />
    </figure>
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
            {t(`alarms.condition.${h.alarm.condition}`)} · {t(`alarms.action.${h.action}`)} · {actorName(h.by, t)}
          </span>
        </li>
      ))}
    </ul>
  );
}
