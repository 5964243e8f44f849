import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Sensor } from '@contracts';
import { THEME } from '../theme.js';
import { formatValue, unitSymbol } from '../twin/liveColours.js';
import { placeAlarmMarks, type AlarmMark } from './alarmMarks.js';
import { PRIORITY_SYMBOL } from './prioritySymbols.js';
import { formatAxisTimes, formatDateTime, formatValueTicks, limitColourStops, limitLabelSides, trendLimits, trendValueRange, type LimitColours, type TrendLimit } from './trendChart.js';
import { seriesColumns } from './trendSeries.js';
import type { TrendData, TrendSeriesData } from './useTrendData.js';

/** Canvas colours: the panel greys of styles.css; colour only beyond a limit (ISA-101). */
export const AXIS_COLOUR = '#8f979f';
export const GRID_COLOUR = '#2f3338';
const LIMIT_COLOUR: Record<TrendLimit['kind'], string> = { highHigh: THEME.alarm.urgent, high: THEME.alarm.high, low: THEME.alarm.high, lowLow: THEME.alarm.urgent };
/** Sensors on one chart told apart by grey level and dash, never by hue (hue means alarm). */
export const SENSOR_LINE_STYLES = [
  { colour: '#d5d9dd', dash: [] as number[] },
  { colour: '#aab1b8', dash: [10, 5] },
  { colour: '#c4c9ce', dash: [2, 4] },
  { colour: '#959ca4', dash: [12, 4, 2, 4] },
] as const;
const BAND_FILL = 'rgba(154, 161, 168, 0.22)';
const BAND_EDGE_COLOUR = '#6c737b';
const LAST_WEEK_COLOUR = '#858d96';
/** Activations closer than this on the axis are one mark (rem: readable and clickable at any size). */
const MARK_GAP_REM = 1.4;

export type TrendGesture = { kind: 'zoom'; factor: number; anchorFraction: number } | { kind: 'dragStart' } | { kind: 'drag'; fraction: number };

type Props = {
  sensors: Sensor[];
  data: TrendData;
  heightPx: number;
  onGesture: (gesture: TrendGesture) => void;
  onPlotWidth: (widthPx: number) => void;
  onMark: (mark: AlarmMark) => void;
};

const limitColours = (normal: string): LimitColours => ({ normal, high: LIMIT_COLOUR.high, highHigh: LIMIT_COLOUR.highHigh, low: LIMIT_COLOUR.low, lowLow: LIMIT_COLOUR.lowLow });

/** A vertical gradient over the plot: grey inside the limits, the limit's colour beyond (limitColourStops). */
function limitStroke(limits: TrendLimit[], scaleKey: string, normal: string) {
  return (u: uPlot) => {
    const scale = u.scales[scaleKey]!;
    if (limits.length === 0 || scale.min === undefined || scale.max === undefined) return normal;
    const top = u.bbox.top;
    const gradient = u.ctx.createLinearGradient(0, top, 0, top + u.bbox.height);
    for (const stop of limitColourStops(limits, scale.min, scale.max, limitColours(normal))) gradient.addColorStop(Math.min(1, Math.max(0, stop.offset)), stop.colour);
    return gradient;
  };
}

/** The limits drawn once per unit and value (two detectors with the same H 25 %LEL share one line). */
function chartLimits(sensors: Sensor[]): { unit: string; limit: TrendLimit; sensorIds: string[] }[] {
  const byKey = new Map<string, { unit: string; limit: TrendLimit; sensorIds: string[] }>();
  for (const sensor of sensors) {
    for (const limit of trendLimits(sensor.limits)) {
      const key = `${sensor.unit}|${limit.kind}|${limit.value}`;
      const entry = byKey.get(key) ?? { unit: sensor.unit, limit, sensorIds: [] };
      entry.sensorIds.push(sensor.id);
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()];
}

function valuesOf(series: TrendSeriesData[]): number[] {
  return series.flatMap((s) => s.points.flatMap((p) => [p.min, p.max]));
}

/**
 * The trend's uPlot chart (canvas): every sensor's mean as a line and its min–max as a band (a spike
 * stays a maximum at any zoom), last week's mean dashed when asked, limits as dashed lines named in
 * their priority colours, one value axis per unit (left, right), and the alarm activations as marks on
 * the time axis (buttons: focus and Enter centre the view on them). Wheel zooms about the pointer,
 * dragging pans. The chart is built once per set of sensors, language and height, and fed new data.
 */
export function TrendChart({ sensors, data, heightPx, onGesture, onPlotWidth, onMark }: Props) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const dataRef = useRef(data);
  dataRef.current = data;
  const callbacks = useRef({ onGesture, onPlotWidth });
  callbacks.current = { onGesture, onPlotWidth };
  const [plot, setPlot] = useState<{ left: number; top: number; width: number; height: number } | null>(null);
  const [cursor, setCursor] = useState<number | null>(null);
  const withLastWeek = data.lastWeek !== null;
  const units = [...new Set(sensors.map((s) => s.unit))];
  const structureKey = `${sensors.map((s) => s.id).join(',')}|${withLastWeek}|${language}|${heightPx}`;

  const alignedData = (d: TrendData): uPlot.AlignedData => {
    const tables: uPlot.AlignedData[] = sensors.map((sensor) => {
      const s = d.series.find((x) => x.sensorId === sensor.id);
      const c = seriesColumns(s?.points ?? [], s?.maxGapMs ?? Infinity);
      return [c.xs, c.mean, c.min, c.max] as uPlot.AlignedData;
    });
    if (withLastWeek) {
      for (const sensor of sensors) {
        const s = d.lastWeek?.find((x) => x.sensorId === sensor.id);
        const c = seriesColumns(s?.points ?? [], s?.maxGapMs ?? Infinity);
        tables.push([c.xs, c.mean] as uPlot.AlignedData);
      }
    }
    return uPlot.join(tables);
  };

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const rootPx = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    const fontFamily = getComputedStyle(element).fontFamily;
    const font = `${Math.round(0.8 * rootPx)}px ${fontFamily}`;
    const scaleOf = (unit: string) => `y${units.indexOf(unit)}`;
    const limits = chartLimits(sensors);
    const xRange = (): [number, number] => [dataRef.current.range.fromMs / 1000, dataRef.current.range.toMs / 1000];
    const yRange = (unit: string) => (): [number, number] => {
      const current = dataRef.current;
      const ids = new Set(sensors.filter((s) => s.unit === unit).map((s) => s.id));
      const values = [...valuesOf(current.series.filter((s) => ids.has(s.sensorId))), ...valuesOf((current.lastWeek ?? []).filter((s) => ids.has(s.sensorId)))];
      return trendValueRange(values, limits.filter((l) => l.unit === unit).map((l) => l.limit));
    };
    const series: uPlot.Series[] = [{}];
    const bands: uPlot.Band[] = [];
    sensors.forEach((sensor, i) => {
      const style = SENSOR_LINE_STYLES[i % SENSOR_LINE_STYLES.length]!;
      const scale = scaleOf(sensor.unit);
      const own = trendLimits(sensor.limits);
      series.push({ label: sensor.id, scale, stroke: limitStroke(own, scale, style.colour), width: 2, dash: [...style.dash], points: { show: false } });
      series.push({ label: `${sensor.id} min`, scale, stroke: limitStroke(own, scale, BAND_EDGE_COLOUR), width: 1, points: { show: false } });
      series.push({ label: `${sensor.id} max`, scale, stroke: limitStroke(own, scale, BAND_EDGE_COLOUR), width: 1, points: { show: false } });
      bands.push({ series: [series.length - 1, series.length - 2], fill: BAND_FILL });
    });
    if (withLastWeek) {
      for (const sensor of sensors) series.push({ label: `${sensor.id} −7 d`, scale: scaleOf(sensor.unit), stroke: LAST_WEEK_COLOUR, width: 1.5, dash: [5, 5], points: { show: false } });
    }
    const valueAxis = (unit: string, side: 1 | 3): uPlot.Axis => ({
      scale: scaleOf(unit),
      side,
      stroke: AXIS_COLOUR,
      font,
      label: unitSymbol(unit),
      labelFont: font,
      labelSize: rootPx * 1.2,
      size: rootPx * 3.6,
      space: rootPx * 1.4,
      grid: { show: side === 3, stroke: GRID_COLOUR, width: 1 },
      ticks: { stroke: GRID_COLOUR, width: 1 },
      values: (u, splits) => {
        const labels = formatValueTicks(splits, language);
        if (side === 3) u.root.dataset.yTicks = labels.join('|');
        return labels;
      },
    });
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 200),
      height: heightPx,
      legend: { show: false },
      cursor: { y: false, drag: { x: false, y: false, setScale: false } },
      scales: { x: { time: true, range: xRange }, ...Object.fromEntries(units.map((unit) => [scaleOf(unit), { range: yRange(unit) }])) },
      bands,
      axes: [
        {
          stroke: AXIS_COLOUR,
          font,
          size: rootPx * 2.4,
          space: rootPx * 5,
          grid: { stroke: GRID_COLOUR, width: 1 },
          ticks: { stroke: GRID_COLOUR, width: 1 },
          values: (u, splits) => {
            const labels = formatAxisTimes(splits, language, (u.scales.x!.max ?? 0) - (u.scales.x!.min ?? 0));
            u.root.dataset.xTicks = labels.join('|');
            return labels;
          },
        },
        valueAxis(units[0]!, 3),
        ...(units[1] !== undefined ? [valueAxis(units[1], 1)] : []),
      ],
      series,
      hooks: {
        draw: [
          (u) => {
            // Limits as dashed lines across the plot, named at the right (canvas pixels).
            const { ctx, bbox } = u;
            const fontPx = Math.round(0.8 * rootPx * devicePixelRatio);
            const ys = limits.map((l) => Math.round(u.valToPos(l.limit.value, scaleOf(l.unit), true)));
            const sides = limitLabelSides(ys, fontPx);
            ctx.save();
            ctx.font = `${fontPx}px ${fontFamily}`;
            ctx.textAlign = 'right';
            limits.forEach((l, i) => {
              const y = ys[i]!;
              if (y < bbox.top || y > bbox.top + bbox.height) return;
              const colour = LIMIT_COLOUR[l.limit.kind];
              ctx.strokeStyle = colour;
              ctx.fillStyle = colour;
              ctx.lineWidth = devicePixelRatio;
              ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
              ctx.beginPath();
              ctx.moveTo(bbox.left, y);
              ctx.lineTo(bbox.left + bbox.width, y);
              ctx.stroke();
              const owner = l.sensorIds.length < sensors.filter((s) => s.unit === l.unit).length ? `${l.sensorIds.join(', ')} ` : '';
              ctx.textBaseline = sides[i] === 'above' ? 'bottom' : 'top';
              ctx.fillText(`${owner}${t(`limits.${l.limit.kind}`)} ${formatValue(l.limit.value, l.unit)}`, bbox.left + bbox.width - 4 * devicePixelRatio, sides[i] === 'above' ? y - 2 * devicePixelRatio : y + 2 * devicePixelRatio);
            });
            ctx.restore();
            const over = u.over;
            setPlot((previous) =>
              previous && previous.left === over.offsetLeft && previous.top === over.offsetTop && previous.width === over.clientWidth && previous.height === over.clientHeight
                ? previous
                : { left: over.offsetLeft, top: over.offsetTop, width: over.clientWidth, height: over.clientHeight },
            );
            callbacks.current.onPlotWidth(over.clientWidth);
          },
        ],
        setCursor: [(u) => setCursor(u.cursor.idx ?? null)],
      },
    };
    chart.current?.destroy();
    const u = new uPlot(options, alignedData(dataRef.current), element);
    chart.current = u;
    // Wheel: zoom about the pointer (non-passive, so the panel does not scroll meanwhile).
    const wheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = u.over.getBoundingClientRect();
      callbacks.current.onGesture({ kind: 'zoom', factor: event.deltaY > 0 ? 1.25 : 0.8, anchorFraction: Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width)) });
    };
    // Drag: pan; the window moves with the pointer (the time grabbed stays under it).
    let dragFromX: number | null = null;
    const down = (event: PointerEvent) => {
      if (event.button !== 0) return;
      dragFromX = event.clientX;
      u.over.setPointerCapture(event.pointerId);
      callbacks.current.onGesture({ kind: 'dragStart' });
    };
    const move = (event: PointerEvent) => {
      if (dragFromX === null) return;
      callbacks.current.onGesture({ kind: 'drag', fraction: (event.clientX - dragFromX) / u.over.clientWidth });
    };
    const up = () => {
      dragFromX = null;
    };
    u.over.addEventListener('wheel', wheel, { passive: false });
    u.over.addEventListener('pointerdown', down);
    u.over.addEventListener('pointermove', move);
    u.over.addEventListener('pointerup', up);
    u.over.addEventListener('pointercancel', up);
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(element.clientWidth, 200), height: heightPx }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      u.destroy();
      chart.current = null;
    };
    // Rebuilt only when what is drawn changes shape (structureKey); data goes through setData below, so a
    // drag in progress keeps its chart (and its pointer capture).
  }, [structureKey]);

  useEffect(() => {
    chart.current?.setData(alignedData(data));
  }, [data]);

  const marks = plot ? placeAlarmMarks(data.transitions, data.range, plot.width, MARK_GAP_REM * (parseFloat(getComputedStyle(document.documentElement).fontSize) || 16)) : [];
  const aligned = chart.current?.data;
  const readout =
    cursor !== null && aligned
      ? [
          formatDateTime((aligned[0][cursor] ?? 0) * 1000, language),
          ...sensors.map((sensor, i) => {
            const value = aligned[1 + 3 * i]?.[cursor];
            const min = aligned[2 + 3 * i]?.[cursor];
            const max = aligned[3 + 3 * i]?.[cursor];
            if (value === null || value === undefined) return `${sensor.id} —`;
            return typeof min === 'number' && typeof max === 'number' && min !== max ? `${sensor.id} ${formatValue(value, sensor.unit)} (${formatValue(min, sensor.unit)} – ${formatValue(max, sensor.unit)})` : `${sensor.id} ${formatValue(value, sensor.unit)}`;
          }),
        ].join(' · ')
      : null;

  return (
    <div className="trend-chart-frame">
      <div ref={host} className="trend-chart" data-testid="trend-chart" />
      {plot && (
        <div className="trend-marks" style={{ left: plot.left, top: plot.top, width: plot.width, height: plot.height }} data-testid="trend-marks" data-count={marks.length}>
          {marks.map((mark) => {
            const condition = mark.conditions.map((c) => t(`alarms.condition.${c}`, { defaultValue: t('historyTrend.marks.otherCondition') })).join(', ');
            const label = t('historyTrend.marks.label', { count: mark.count, priority: t(`alarms.priority.${mark.priority}`), condition, sources: mark.sourceIds.join(', '), time: formatDateTime(mark.firstMs, language) });
            return (
              <button
                key={`${mark.firstMs}-${mark.sourceIds.join()}`}
                type="button"
                className={`trend-mark priority-${mark.priority}`}
                style={{ left: mark.xPx, color: THEME.alarm[mark.priority] }}
                title={label}
                aria-label={label}
                data-testid="trend-mark"
                data-priority={mark.priority}
                data-count={mark.count}
                onClick={() => onMark(mark)}
              >
                {PRIORITY_SYMBOL[mark.priority]}
                {mark.count > 1 && <span className="trend-mark-count">{mark.count}</span>}
              </button>
            );
          })}
        </div>
      )}
      <p className="trend-readout" aria-live="off" data-testid="trend-readout">
        {readout ?? '\u00a0'}
      </p>
    </div>
  );
}
