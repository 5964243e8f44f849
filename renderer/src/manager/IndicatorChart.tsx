import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TrendPeriod } from '@contracts';
import { AXIS_COLOUR, GRID_COLOUR, SENSOR_LINE_STYLES } from '../panels/TrendChart.js';
import { formatAxisTimes, formatValueTicks, trendValueRange } from '../panels/trendChart.js';
import { dayDate, formatFigure } from './managerModel.js';

/** The benchmark line: a dashed grey, the benchmark is a reference, not an alarm (ISA-101). */
const BENCHMARK_COLOUR = '#858d96';

type Props = {
  /** One point per period, by its first day; null where the period had nothing to rate (a gap). */
  points: readonly { start: string; value: number | null }[];
  period: TrendPeriod;
  /** Height in rem: the chart grows with the wall's root font size as the text does. */
  heightRem: number;
  /** A sparkline: no axes, no grid, the line only (an index tile). */
  sparkline?: boolean;
  benchmark?: number | undefined;
  /** Fixed value range (an index: 0–100); otherwise from the values and the benchmark. */
  range?: [number, number];
  label: string;
  /** A click on the plot: the period under the pointer (its index in `points`). */
  onPick?: (index: number) => void;
  testId?: string;
};

/**
 * An indicator's or an index's trend with uPlot, set up as the sensor trend is (panels/TrendChart.tsx: its axis
 * and grid greys, line greys, and its tick formatting from trendChart.ts) so both charts read alike. The line
 * is grey whatever its value: the tiles and rankings say what is abnormal. Rebuilt when its shape changes
 * (size, language, period), fed new points otherwise.
 */
export function IndicatorChart({ points, period, heightRem, sparkline = false, benchmark, range, label, onPick, testId }: Props) {
  const { i18n } = useTranslation();
  const language = i18n.language;
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latest = useRef({ points, benchmark, range, onPick });
  latest.current = { points, benchmark, range, onPick };

  const aligned = (): uPlot.AlignedData => {
    const { points: ps, benchmark: b } = latest.current;
    const xs = ps.map((p) => dayDate(p.start).getTime() / 1000);
    const ys = ps.map((p) => p.value);
    return b === undefined ? [xs, ys] : [xs, ys, ps.map(() => b)];
  };

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const rootPx = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    const heightPx = Math.round(heightRem * rootPx);
    const font = `${Math.round(0.8 * rootPx)}px ${getComputedStyle(element).fontFamily}`;
    const yRange = (): [number, number] => {
      const { points: ps, benchmark: b, range: fixed } = latest.current;
      if (fixed) return fixed;
      const values = ps.flatMap((p) => (p.value === null ? [] : [p.value]));
      const [min, max] = trendValueRange(values, b === undefined ? [] : [{ kind: 'high', value: b }]);
      // Rates, shares and counts are not negative: their axis starts at 0 (a flat 0 is not drawn mid-axis).
      return values.every((v) => v >= 0) ? [0, Math.max(max, 1e-9)] : [min, max];
    };
    const line = SENSOR_LINE_STYLES[0];
    const series: uPlot.Series[] = [{}, { label, stroke: line.colour, width: sparkline ? 1.5 : 2, spanGaps: false, points: { show: true, size: rootPx * (sparkline ? 0.3 : 0.4), fill: line.colour, stroke: line.colour } }];
    if (latest.current.benchmark !== undefined) series.push({ label: 'benchmark', stroke: BENCHMARK_COLOUR, width: 1, dash: [6, 4], points: { show: false } });
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, sparkline ? 60 : 200),
      height: heightPx,
      legend: { show: false },
      cursor: sparkline ? { show: false } : { y: false, drag: { x: false, y: false, setScale: false } },
      scales: { x: { time: true }, y: { range: yRange } },
      axes: sparkline
        ? [{ show: false }, { show: false }]
        : [
            {
              stroke: AXIS_COLOUR,
              font,
              size: rootPx * 2.4,
              space: rootPx * 5,
              grid: { stroke: GRID_COLOUR, width: 1 },
              ticks: { stroke: GRID_COLOUR, width: 1 },
              // Ticks at the periods' starts: a month trend labelled by months, a week trend by dates.
              values: (u, splits) => formatAxisTimes(splits, language, (u.scales.x!.max ?? 0) - (u.scales.x!.min ?? 0)),
            },
            { stroke: AXIS_COLOUR, font, size: rootPx * 3.6, space: rootPx * 1.4, grid: { stroke: GRID_COLOUR, width: 1 }, ticks: { stroke: GRID_COLOUR, width: 1 }, values: (_u, splits) => formatValueTicks(splits, language) },
          ],
      series,
    };
    chart.current?.destroy();
    const u = new uPlot(options, aligned(), element);
    chart.current = u;
    const click = () => {
      const index = u.cursor.idx;
      if (index !== null && index !== undefined) latest.current.onPick?.(index);
    };
    u.over.addEventListener('click', click);
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(element.clientWidth, sparkline ? 60 : 200), height: heightPx }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      u.destroy();
      chart.current = null;
    };
    // Rebuilt when a series comes or goes (the benchmark), the size or the language changes; data via setData.
  }, [heightRem, sparkline, language, period, benchmark === undefined, label]);

  useEffect(() => {
    chart.current?.setData(aligned());
  }, [points, benchmark, range]);

  const last = [...points].reverse().find((p) => p.value !== null);
  return (
    <div
      ref={host}
      className={sparkline ? 'manager-chart sparkline' : 'manager-chart'}
      role="img"
      aria-label={`${label}${last ? `: ${formatFigure(last.value, language)}` : ''}`}
      data-testid={testId}
      data-points={points.length}
      style={{ cursor: onPick ? 'pointer' : undefined }}
    />
  );
}
