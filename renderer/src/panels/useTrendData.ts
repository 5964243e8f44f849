import { useEffect, useMemo, useState } from 'react';
import { useCoreClient } from '../connection/CoreClientContext.js';
import { historianKept } from '../connection/historianKept.js';
import { useNowMs } from '../state/useNowMs.js';
import { fetchHistory, HISTORY_OFF_CODE, type HistoryFailure } from './historyApi.js';
import type { AlarmHistoryResponse, StoredTransition } from './alarmMarks.js';
import { gapThresholdMs, mergeHistoryAndLive, shiftedAWeekLater, weekBefore, type HistorySamplesResponse, type HistorySeries, type TrendPoint } from './trendSeries.js';
import { historyRefreshMs, LIVE_SPAN_MS, maxPointsFor, resolveWindow, type TimeRange, type TrendWindow } from './trendWindow.js';

/** The live in-memory trend's poll (GET /api/sensors/:id/trend): as often as the panel refreshed before. */
const LIVE_REFRESH_MS = 5_000;
/** Activations marked per view: a month of a busy detector's alarms; the API pages beyond. */
const MARK_TRANSITION_LIMIT = 1000;

type LiveTrend = { points: [number, number][] };
/** An answer, with the path it answers and the window it was read for (a following window's refreshes keep the window). */
type Loaded<T> = { key: string; windowKey: string } & ({ value: T } | { failure: HistoryFailure; code: string });

export type TrendSeriesData = { sensorId: string; points: TrendPoint[]; maxGapMs: number };
export type TrendData = {
  range: TimeRange;
  series: TrendSeriesData[];
  /** Last week's points, moved onto this week's times (null: not asked for). */
  lastWeek: TrendSeriesData[] | null;
  transitions: StoredTransition[];
  /** More transitions in the range than one read returns: the marks end at the last one read (its time). */
  marksEndMs: number | null;
  /** The first sensor's newest live sample (null: none in the last minutes). */
  latest: { tsMs: number; value: number } | null;
  /** The history's display bucket and tier (null: no history shown). */
  bucket: { bucketMs: number; tier: HistorySeries['tier'] } | null;
  /** A range is being read (the first time, or after the window moved). */
  loading: boolean;
  /** Why there is no history (the chart then shows the live minutes alone). */
  failure: { failure: HistoryFailure; code: string } | null;
};

/** A read not yet answered for this window: neither its latest answer's path nor its window is the current one (the alarm read's path does not change with the plot's width). */
const pendingFor = <T,>(loaded: Loaded<T> | null, key: string, windowKey: string) => loaded === null || (loaded.key !== key && loaded.windowKey !== windowKey);
const failureOf = <T,>(loaded: Loaded<T> | null) => (loaded && 'failure' in loaded ? { failure: loaded.failure, code: loaded.code } : null);

/** One history read, keyed: a new key aborts the read in flight; the previous answer stays until the new one comes (no blank chart while loading). */
function useHistory<T>(path: string | null, windowKey: string): Loaded<T> | null {
  const client = useCoreClient();
  const [loaded, setLoaded] = useState<Loaded<T> | null>(null);
  useEffect(() => {
    if (path === null) return;
    const abort = new AbortController();
    fetchHistory<T>(client, path, abort.signal).then(
      (result) => setLoaded(result.ok ? { key: path, windowKey, value: result.value } : { key: path, windowKey, failure: result.failure, code: result.code }),
      () => undefined, // aborted: a newer window replaced this read
    );
    return () => abort.abort();
    // windowKey changes only together with the path: not a dependency of its own.
  }, [client, path]);
  return loaded;
}

/**
 * Whether the core keeps history (GET /api/health `historian`): a core without one is not asked, so
 * its screens log no failed requests. 'unknown' while the answer is on its way; an older core that
 * does not say, or no answer, is asked (and its answer tells).
 */
function useHistorianKept(): 'yes' | 'no' | 'unknown' {
  const client = useCoreClient();
  const [kept, setKept] = useState<'yes' | 'no' | 'unknown'>('unknown');
  useEffect(() => {
    let stopped = false;
    void historianKept(client).then((kept) => {
      if (!stopped) setKept(kept ? 'yes' : 'no');
    });
    return () => {
      stopped = true;
    };
  }, [client]);
  return kept;
}

/** Each sensor's live in-memory trend (the last 10 minutes), polled while the window reaches into them. */
function useLiveTrends(sensorIds: readonly string[], wanted: boolean, nowMs: number): Map<string, [number, number][]> {
  const client = useCoreClient();
  const [trends, setTrends] = useState(new Map<string, [number, number][]>());
  const idsKey = sensorIds.join(',');
  useEffect(() => {
    if (!wanted) return;
    let stopped = false;
    void Promise.all(idsKey.split(',').map(async (id) => [id, (await client.getJson<LiveTrend>(`/api/sensors/${encodeURIComponent(id)}/trend?minutes=${LIVE_SPAN_MS / 60_000}`))?.points ?? []] as const)).then((entries) => {
      if (!stopped) setTrends(new Map(entries));
    });
    return () => {
      stopped = true;
    };
  }, [client, idsKey, wanted, nowMs]);
  return trends;
}

const samplesPath = (ids: string, range: TimeRange, maxPoints: number) => `/api/history/samples?sensor=${encodeURIComponent(ids)}&from=${Math.floor(range.fromMs)}&to=${Math.ceil(range.toMs)}&maxPoints=${maxPoints}`;

/**
 * What the trend draws for a window: the history of every sensor on the chart (aggregated by the
 * server to about one bucket per pixel, min and max kept), the live minutes after it, the alarm
 * activations of the range, and optionally the same period a week earlier.
 */
export function useTrendData(sensorIds: readonly string[], window: TrendWindow, plotWidthPx: number, compare: boolean): TrendData {
  const nowMs = useNowMs(LIVE_REFRESH_MS);
  const range = resolveWindow(window, nowMs);
  const ids = sensorIds.join(',');
  // A window following now re-reads its history once per refresh step: the read range is rounded out
  // to whole steps, so the path (the read's key) changes only then.
  const readRange = useMemo<TimeRange>(() => {
    if (window.endMs !== 'now') return resolveWindow(window, nowMs);
    const stepMs = historyRefreshMs(window.spanMs);
    const toMs = Math.ceil(nowMs / stepMs) * stepMs;
    return { fromMs: toMs - window.spanMs - stepMs, toMs };
  }, [window, nowMs]);
  const maxPoints = maxPointsFor(plotWidthPx);
  const samplesKey = samplesPath(ids, readRange, maxPoints);
  const alarmsKey = `/api/history/alarms?source=${encodeURIComponent(ids)}&from=${Math.floor(readRange.fromMs)}&to=${Math.ceil(readRange.toMs)}&limit=${MARK_TRANSITION_LIMIT}`;
  const lastWeekKey = compare ? samplesPath(ids, weekBefore(readRange), maxPoints) : null;
  const windowKey = `${ids}|${window.spanMs}|${window.endMs}|${maxPoints}`;
  const kept = useHistorianKept();
  // Asked once the plot's width is known (the first draw): a read at a guessed width would be read again.
  const ask = kept === 'yes' && plotWidthPx > 0;
  const fetched = useHistory<HistorySamplesResponse>(ask ? samplesKey : null, windowKey);
  const alarms = useHistory<AlarmHistoryResponse>(ask ? alarmsKey : null, windowKey);
  const lastWeek = useHistory<HistorySamplesResponse>(ask ? lastWeekKey : null, windowKey);
  // A core without a historian answers every history path 404 with this code (main/http/historyRoutes.ts).
  const samples: Loaded<HistorySamplesResponse> | null = kept === 'no' ? { key: samplesKey, windowKey, failure: 'off', code: HISTORY_OFF_CODE } : fetched;
  const live = useLiveTrends(sensorIds, range.toMs > nowMs - LIVE_SPAN_MS, nowMs);

  // The latest answer is drawn while the next one loads (its key differs): the chart never goes blank.
  const shown = samples && 'value' in samples ? samples.value : null;
  const series = sensorIds.map((sensorId) => {
    const history = shown?.series.find((s) => s.sensorId === sensorId);
    const points = mergeHistoryAndLive(history, live.get(sensorId) ?? [], range);
    return { sensorId, points, maxGapMs: gapThresholdMs(points, history?.bucketMs ?? 1000) };
  });
  const lastWeekShown = lastWeek && 'value' in lastWeek && compare ? lastWeek.value : null;
  const firstSeries = shown?.series.find((s) => s.points.length > 0) ?? shown?.series[0];
  const newest = live.get(sensorIds[0]!)?.findLast(([, value]) => Number.isFinite(value));
  return {
    range,
    series,
    lastWeek: lastWeekShown
      ? lastWeekShown.series.map((s) => {
          const points = shiftedAWeekLater(mergeHistoryAndLive(s, [], weekBefore(range)));
          return { sensorId: s.sensorId, points, maxGapMs: gapThresholdMs(points, s.bucketMs) };
        })
      : null,
    transitions: alarms && 'value' in alarms ? alarms.value.transitions : [],
    marksEndMs: alarms && 'value' in alarms && alarms.value.truncated ? (alarms.value.transitions.at(-1)?.atMs ?? null) : null,
    latest: newest ? { tsMs: newest[0], value: newest[1] } : null,
    bucket: firstSeries ? { bucketMs: firstSeries.bucketMs, tier: firstSeries.tier } : null,
    // Progress while a new window (or a new sensor) is read; a following window's refreshes go unnoticed.
    // The window is read when its samples and its alarm marks have both come (or failed). A core
    // without a historian will not get one by waiting: no progress then either.
    loading: (pendingFor(samples, samplesKey, windowKey) || pendingFor(alarms, alarmsKey, windowKey)) && failureOf(samples)?.failure !== 'off',
    failure: failureOf(samples),
  };
}
