import type { KeyboardEvent, MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SOCKET_EVENTS, type Bookmark, type TimelineMarker } from '@contracts';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { markText } from '../i18n/coreWords.js';
import { alarmIdText } from '../panels/alarmSource.js';
import { useStore } from '../state/createStore.js';
import { THEME } from '../theme.js';
import { markedRange, markedRangeStore } from './markedRange.js';
import { formatClock, timelineMs, timelineX } from './replayTime.js';

/** The SVG is drawn in these units and stretched to the bar's width. */
const WIDTH = 1000;
const HEIGHT = 44;
const KEY_STEP_MS = 10_000;

/**
 * The replay timeline over the twin: the recording's span, the playhead, alarm activations by
 * priority (click one to see that moment), drill and simulation spans, the trainers' bookmarks (flags;
 * click one to go there) and the range marked for export or report; click anywhere to seek.
 * Keyboard: it is a slider (←/→ step 10 s, Home/End).
 */
export function ReplayTimeline() {
  const { t, i18n } = useTranslation();
  const client = useCoreClient();
  const player = useCoreState((s) => s.player);
  const markedFromMs = useStore(markedRangeStore, (s) => s.fromMs);
  const markedToMs = useStore(markedRangeStore, (s) => s.toMs);
  if (player.mode !== 'replay' || player.state.endMs <= player.state.startMs) return null;
  const { state, index } = player;
  const { startMs, endMs } = state;
  const x = (ms: number) => timelineX(ms, startMs, endMs, WIDTH);
  const seek = (tsMs: number) => void client.request(SOCKET_EVENTS.playerCommand, { action: 'seek', tsMs });
  const onClick = (event: MouseEvent<SVGSVGElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    seek(timelineMs(((event.clientX - box.left) / box.width) * WIDTH, startMs, endMs, WIDTH));
  };
  const onKey = (event: KeyboardEvent<SVGSVGElement>) => {
    const target = event.key === 'ArrowLeft' ? state.currentMs - KEY_STEP_MS : event.key === 'ArrowRight' ? state.currentMs + KEY_STEP_MS : event.key === 'Home' ? startMs : event.key === 'End' ? endMs : null;
    if (target === null) return;
    event.preventDefault();
    seek(Math.min(endMs, Math.max(startMs, target)));
  };
  const spans = index.markers.filter((m) => (m.kind === 'drill' || m.kind === 'simulation' || m.kind === 'incident') && m.endMs !== undefined);
  const alarmGroups = groupByPixel(index.markers.filter((m) => m.kind === 'alarm'), x);
  const marked = markedRange({ fromMs: markedFromMs, toMs: markedToMs });
  return (
    <div className="replay-timeline" data-testid="replay-timeline">
      <span className="replay-edge">{formatClock(startMs)}</span>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="slider"
        tabIndex={0}
        aria-label={t('replay.timeline')}
        aria-valuemin={startMs}
        aria-valuemax={endMs}
        aria-valuenow={state.currentMs}
        aria-valuetext={formatClock(state.currentMs, true)}
        onClick={onClick}
        onKeyDown={onKey}
      >
        <rect className="timeline-track" x={0} y={18} width={WIDTH} height={8} />
        {marked && (
          <rect className="timeline-marked-range" x={x(marked.fromMs)} y={8} width={Math.max(2, x(marked.toMs) - x(marked.fromMs))} height={28} data-testid="timeline-marked-range">
            <title>{`${t('replay.markedRange')}: ${formatClock(marked.fromMs)} – ${formatClock(marked.toMs)}`}</title>
          </rect>
        )}
        {spans.map((m, i) => (
          <rect key={`span-${i}`} className={`timeline-span timeline-${m.kind}`} x={x(m.tsMs)} y={12} width={Math.max(2, x(m.endMs!) - x(m.tsMs))} height={20} data-testid={`timeline-${m.kind}`}>
            <title>{`${t(`replay.markerKinds.${m.kind}`)}: ${markText(m, t, i18n.language)}`}</title>
          </rect>
        ))}
        {alarmGroups.map((group) => (
          <AlarmMark key={`alarm-${group.x}`} group={group} onSeek={seek} />
        ))}
        {player.bookmarks.map((b) => (
          <BookmarkMark key={b.id} bookmark={b} x={x} onSeek={seek} />
        ))}
        <line className="timeline-playhead" x1={x(state.currentMs)} x2={x(state.currentMs)} y1={2} y2={HEIGHT - 2} />
      </svg>
      <span className="replay-edge">{formatClock(endMs)}</span>
    </div>
  );
}

/** A bookmark: a flag over the track (a span when it has an end), with its label; click to go there. */
function BookmarkMark({ bookmark, x, onSeek }: { bookmark: Bookmark; x: (ms: number) => number; onSeek: (tsMs: number) => void }) {
  const start = x(bookmark.tsMs);
  return (
    <g
      className="timeline-bookmark"
      data-testid="timeline-bookmark"
      data-bookmark-id={bookmark.id}
      onClick={(event) => {
        event.stopPropagation();
        onSeek(bookmark.tsMs);
      }}
    >
      {bookmark.endMs !== undefined && bookmark.endMs > bookmark.tsMs && <rect x={start} y={30} width={Math.max(2, x(bookmark.endMs) - start)} height={4} />}
      <line x1={start} x2={start} y1={2} y2={HEIGHT - 4} />
      <polygon points={`${start},2 ${start + 9},6 ${start},10`} />
      <title>{`${formatClock(bookmark.tsMs)} ${bookmark.label}`}</title>
    </g>
  );
}

/** Alarm marks closer than this (timeline units) are one mark: an alarm flood is one tick, not a smear. */
const MARK_BUCKET = 6;
const PRIORITY_ORDER = ['urgent', 'high', 'medium', 'low'] as const;
type AlarmGroup = { x: number; markers: TimelineMarker[] };

/** Groups alarm markers that would overlap on the timeline, earliest first within a group. */
function groupByPixel(markers: TimelineMarker[], x: (ms: number) => number): AlarmGroup[] {
  const groups = new Map<number, AlarmGroup>();
  for (const m of [...markers].sort((a, b) => a.tsMs - b.tsMs)) {
    const bucket = Math.round(x(m.tsMs) / MARK_BUCKET) * MARK_BUCKET;
    const group = groups.get(bucket) ?? { x: bucket, markers: [] };
    group.markers.push(m);
    groups.set(bucket, group);
  }
  return [...groups.values()];
}

function AlarmMark({ group, onSeek }: { group: AlarmGroup; onSeek: (tsMs: number) => void }) {
  const { t, i18n } = useTranslation();
  const scene = useCoreState((s) => s.scene);
  const top = PRIORITY_ORDER.find((p) => group.markers.some((m) => m.priority === p));
  const colour = top ? THEME.alarm[top] : THEME.sensor;
  const first = group.markers[0]!;
  // The alarm in words (tag or area name, and the condition in the UI language), not its id.
  const shown = group.markers.slice(0, 8).map((m) => `${m.priority ? t(`alarms.priority.${m.priority}`) : ''} ${m.alarmId ? alarmIdText(m.alarmId, scene, i18n.language, t) : m.label}`);
  const more = group.markers.length - shown.length;
  return (
    <g
      className="timeline-alarm"
      data-testid="timeline-alarm"
      data-alarm-ids={group.markers.map((m) => m.alarmId).join(' ')}
      onClick={(event) => {
        event.stopPropagation();
        onSeek(first.tsMs);
      }}
    >
      <rect x={group.x - MARK_BUCKET / 2} y={0} width={MARK_BUCKET} height={HEIGHT} fill="transparent" />
      <line x1={group.x} x2={group.x} y1={4} y2={HEIGHT - 4} stroke={colour} strokeWidth={group.markers.length > 1 ? 5 : 3} />
      <title>{`${formatClock(first.tsMs)} ${shown.join(', ')}${more > 0 ? ` ${t('replay.moreAlarms', { count: more })}` : ''}`}</title>
    </g>
  );
}
