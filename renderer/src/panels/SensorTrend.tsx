import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlarmTransition, Sensor } from '@contracts';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { formatValue, unitSymbol } from '../twin/liveColours.js';
import { actorName } from '../i18n/coreWords.js';
import type { AlarmMark } from './alarmMarks.js';
import { formatDateTime, formatTimeTicks } from './trendChart.js';
import { SENSOR_LINE_STYLES, TrendChart, type TrendGesture } from './TrendChart.js';
import { bucketParts } from './trendSeries.js';
import { activePreset, DEFAULT_WINDOW, panWindow, presetWindow, TREND_PRESETS, windowAround, windowForKey, zoomWindow, type TrendWindow } from './trendWindow.js';
import { addableSensors, MAX_SENSORS } from './trendSensors.js';
import { FOCUS_SPAN_MS, trendFocusStore } from './trendFocus.js';
import { useTrendData } from './useTrendData.js';
import './trend.css';

const REFRESH_MS = 5_000;
/** A chosen alarm mark is shown over at least an hour: the alarm's rise, peak and clearing in view. */
const MIN_MARK_SPAN_MS = FOCUS_SPAN_MS;
const CHART_HEIGHT_REM = 12;

/** A sensor's trend opens live, or on the hour around the moment a record link asked for (trendFocus), then moves as the user moves it. */
function openingWindow(sensorId: string): TrendWindow {
  const focus = trendFocusStore.get().focus;
  return focus?.sensorId === sensorId ? windowAround(focus.atMs, FOCUS_SPAN_MS, Date.now()) : DEFAULT_WINDOW;
}

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
 * The sensor's trend over any span from a minute to ten years (issue 16.7): history from the historian
 * (GET /api/history/samples, aggregated by the core to about a bucket per pixel with min and max kept)
 * joined to the live in-memory minutes, other sensors added on the same chart with their limits, the
 * alarm activations as marks on the time axis (GET /api/history/alarms), and the same period a week
 * earlier on request. Preset spans, wheel and drag, and keys (arrows, +/−, Page Up/Down, End) move
 * the window; progress shows while a range loads; without a historian the chart shows the live
 * minutes and says why, by code. Enlarge opens it over the view for a wall or a closer look.
 */
export function SensorTrend({ sensor }: { sensor: Sensor }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const scene = useCoreState((s) => s.scene);
  const [window, setWindow] = useState<TrendWindow>(() => openingWindow(sensor.id));
  const [extraIds, setExtraIds] = useState<string[]>([]);
  const [compare, setCompare] = useState(false);
  const [enlarged, setEnlarged] = useState(false);
  const [plotWidthPx, setPlotWidthPx] = useState(0);
  const dragStart = useRef<TrendWindow>(window);
  const frame = useRef<HTMLDivElement>(null);
  const [frameHeightPx, setFrameHeightPx] = useState(0);

  // Another sensor opened: its own chart, from the default window (or the moment a record link asked for).
  useEffect(() => {
    setExtraIds([]);
    setWindow(openingWindow(sensor.id));
    setCompare(false);
  }, [sensor.id]);

  const allSensors = scene?.sensors ?? [sensor];
  const sensors = [sensor, ...extraIds.map((id) => allSensors.find((s) => s.id === id)).filter((s): s is Sensor => s !== undefined)];
  const data = useTrendData(
    sensors.map((s) => s.id),
    window,
    plotWidthPx,
    compare,
  );
  const preset = activePreset(window);

  // Enlarged: the chart takes the height the overlay gives it.
  useEffect(() => {
    const element = frame.current;
    if (!enlarged || !element) return;
    const observer = new ResizeObserver(() => setFrameHeightPx(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, [enlarged]);
  const rootPx = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const heightPx = enlarged && frameHeightPx > 0 ? Math.max(CHART_HEIGHT_REM * rootPx, Math.round(frameHeightPx - 2.2 * rootPx)) : Math.round(CHART_HEIGHT_REM * rootPx);

  const onGesture = (gesture: TrendGesture) => {
    if (gesture.kind === 'zoom') setWindow((w) => zoomWindow(w, gesture.factor, gesture.anchorFraction, Date.now()));
    else if (gesture.kind === 'dragStart') dragStart.current = window;
    else setWindow(panWindow(dragStart.current, -gesture.fraction * dragStart.current.spanMs, Date.now()));
  };
  // Keys handled here stop here: the window's shortcuts would also orbit the 3D view (arrows, +/−) or
  // clear the selection (Esc) and close this panel.
  const onEscape = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !enlarged) return;
    event.stopPropagation();
    setEnlarged(false);
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.target !== event.currentTarget || event.ctrlKey || event.metaKey || event.altKey) return;
    const next = windowForKey(window, event.key, Date.now());
    if (next) {
      event.preventDefault();
      event.stopPropagation();
      setWindow(next);
    }
  };
  const onMark = (mark: AlarmMark) => {
    // A mark chosen: the view centred on it, wide enough to see the alarm come and go.
    const spanMs = Math.max(MIN_MARK_SPAN_MS, 4 * (mark.lastMs - mark.firstMs));
    setWindow(windowAround((mark.firstMs + mark.lastMs) / 2, Math.min(spanMs, window.spanMs), Date.now()));
  };

  const addable = scene && sensors.length < MAX_SENSORS ? addableSensors(scene.sensors, sensors) : [];
  const bucket = data.bucket && data.failure === null ? bucketParts(data.bucket.bucketMs) : null;
  const last = data.latest;
  const hasPoints = (data.series[0]?.points.length ?? 0) > 0;
  const marksShown = data.transitions.filter((tr) => tr.action === 'activate').length;

  return (
    <figure
      className={enlarged ? 'trend enlarged' : 'trend'}
      data-testid="sensor-trend"
      data-points={data.series[0]?.points.length ?? 0}
      data-span-ms={window.spanMs}
      data-following={window.endMs === 'now'}
      data-tier={data.bucket?.tier ?? ''}
      data-bucket-ms={data.bucket?.bucketMs ?? ''}
      data-history={data.failure ? data.failure.failure : data.loading ? 'loading' : 'ready'}
      data-activations={marksShown}
      aria-label={t('historyTrend.title', { sensor: sensor.id })}
      aria-busy={data.loading}
      role={enlarged ? 'dialog' : undefined}
      onKeyDown={onEscape}
    >
      <figcaption data-testid="trend-latest">
        {last ? t('picture.trend.latest', { value: formatValue(last.value, sensor.unit), time: formatTimeTicks([last.tsMs / 1000], language, true)[0] }) : !hasPoints && !data.loading ? t('historyTrend.noData') : '\u00a0'}
      </figcaption>
      <div className="trend-toolbar" role="toolbar" aria-label={t('historyTrend.spans')}>
        {TREND_PRESETS.map((p) => (
          <button key={p.id} type="button" aria-pressed={preset === p.id} data-testid={`trend-preset-${p.id}`} onClick={() => setWindow(presetWindow(p.id))}>
            {t(`historyTrend.preset.${p.id}`)}
          </button>
        ))}
        {window.endMs !== 'now' && (
          <button type="button" data-testid="trend-follow-now" onClick={() => setWindow({ spanMs: window.spanMs, endMs: 'now' })}>
            {t('historyTrend.followNow')}
          </button>
        )}
        <button type="button" aria-pressed={compare} data-testid="trend-compare" onClick={() => setCompare((c) => !c)}>
          {t('historyTrend.compareLastWeek')}
        </button>
        <button type="button" aria-pressed={enlarged} data-testid="trend-enlarge" onClick={() => setEnlarged((e) => !e)}>
          {enlarged ? t('historyTrend.shrink') : t('historyTrend.enlarge')}
        </button>
      </div>
      <ul className="trend-sensors" aria-label={t('historyTrend.sensorsOnChart')}>
        {sensors.map((s, i) => (
          <li key={s.id} data-testid="trend-sensor" data-sensor-id={s.id}>
            <svg className="trend-swatch" viewBox="0 0 24 6" aria-hidden="true">
              <line x1="0" y1="3" x2="24" y2="3" stroke={SENSOR_LINE_STYLES[i % SENSOR_LINE_STYLES.length]!.colour} strokeWidth="2" strokeDasharray={SENSOR_LINE_STYLES[i % SENSOR_LINE_STYLES.length]!.dash.join(' ')} />
            </svg>
            <span className="tag">{s.id}</span> {t(`sensorKind.${s.kind}`)} ({unitSymbol(s.unit)})
            {i > 0 && (
              <button type="button" className="trend-remove" aria-label={t('historyTrend.remove', { sensor: s.id })} onClick={() => setExtraIds((ids) => ids.filter((id) => id !== s.id))}>
                ×
              </button>
            )}
          </li>
        ))}
        {compare && (
          <li className="trend-last-week">
            <svg className="trend-swatch" viewBox="0 0 24 6" aria-hidden="true">
              <line x1="0" y1="3" x2="24" y2="3" stroke="#858d96" strokeWidth="2" strokeDasharray="5 5" />
            </svg>
            {t('historyTrend.lastWeekLegend')}
          </li>
        )}
      </ul>
      {addable.length > 0 && (
        <label className="trend-add">
          <span>{t('historyTrend.add')}</span>
          <select
            value=""
            data-testid="trend-add-sensor"
            onChange={(event) => {
              const id = event.target.value;
              if (id) setExtraIds((ids) => [...ids, id]);
            }}
          >
            <option value="">{t('historyTrend.addChoose')}</option>
            {addable.map((s) => (
              <option key={s.id} value={s.id}>
                {s.id} · {t(`sensorKind.${s.kind}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      <div ref={frame} className="trend-body" tabIndex={0} aria-label={t('historyTrend.keys')} data-testid="trend-body" onKeyDown={onKey}>
        <TrendChart sensors={sensors} data={data} heightPx={heightPx} onGesture={onGesture} onPlotWidth={setPlotWidthPx} onMark={onMark} />
        {data.loading && (
          <div className="trend-loading" role="status" data-testid="trend-loading">
            <progress aria-label={t('historyTrend.loading')} />
            <span>{t('historyTrend.loading')}</span>
          </div>
        )}
      </div>
      <p className="trend-range">
        <span data-testid="trend-range">
          {t('historyTrend.range', { from: formatDateTime(data.range.fromMs, language), to: window.endMs === 'now' ? t('historyTrend.now') : formatDateTime(data.range.toMs, language) })}
        </span>
        {bucket && <span data-testid="trend-resolution"> · {t('historyTrend.resolution', { bucket: t(`historyTrend.bucket.${bucket.unit}`, { count: bucket.count }) })}</span>}
        {data.marksEndMs !== null && <span data-testid="trend-marks-cut"> · {t('historyTrend.marks.cut', { time: formatDateTime(data.marksEndMs, language) })}</span>}
      </p>
      {data.failure && (
        <p className="trend-problem" role="status" data-testid="trend-problem" data-code={data.failure.code}>
          {t(`historyTrend.failure.${data.failure.failure}`)} ({t('historyTrend.code', { code: data.failure.code })})
        </p>
      )}
      <p className="trend-hint">{t('historyTrend.keys')}</p>
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
