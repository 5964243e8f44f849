import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { evacuationStore } from '../evacuation/evacuationFeed.js';
import { describeAlarmSource } from '../panels/alarmSource.js';
import { PRIORITY_SYMBOL } from '../panels/prioritySymbols.js';
import { useStore } from '../state/createStore.js';
import { THEME } from '../theme.js';
import { screenMode, summarizeLiveAlarms, type ScreenMode } from './screenMode.js';
import './modeMarks.css';

/** Enough repeats to cross a 5760×1080 wall diagonally at the watermark's size. */
const WATERMARK_REPEATS = 36;

/** This screen's mode: replaying here, or a drill running on the plant, or live. */
export function useScreenMode(): ScreenMode {
  const playerMode = useCoreState((s) => s.player.mode);
  const drilling = useStore(evacuationStore, (s) => s.status?.drill != null && s.status.drill.phase !== 'ended');
  return screenMode(playerMode, drilling);
}

/**
 * A frame round the whole screen and a large diagonal watermark (DRILL / REPLAY in the UI language)
 * over every view of every layout — the 3D view, site map, camera wall and alarm list alike — while
 * the screen is not showing the live plant (issue 12.6). Semi-transparent and pointer-events: none,
 * so nothing the operator acts on is covered for the pointer, and the picture stays readable.
 */
export function ModeMarks() {
  const { t } = useTranslation();
  const mode = useScreenMode();
  if (mode === 'live') return null;
  const word = t(`modeMarks.${mode}`);
  const style = { '--mode-colour': THEME.mode[mode] } as CSSProperties;
  return (
    <div className={`mode-marks mode-marks-${mode}`} style={style} data-testid="mode-marks" data-mode={mode} aria-hidden="true">
      <div className="mode-watermark">
        {Array.from({ length: WATERMARK_REPEATS }, (_, i) => (
          <span key={i}>{word}</span>
        ))}
      </div>
    </div>
  );
}

/**
 * The live alarms, read-only, while the screen shows a replay or a drill (issue 12.6): count, worst
 * priority and the most urgent one in words, so a replaying trainer or a drill never hides what the
 * plant needs now. In replay it offers the way back to live; acknowledging is done live, on the live list.
 */
export function LiveAlarmStrip() {
  const { t, i18n } = useTranslation();
  const client = useCoreClient();
  const mode = useScreenMode();
  const scene = useCoreState((s) => s.scene);
  // Away from live (a replay, the drill's player) `alarms` is that player's list: the live one is kept apart.
  // A live screen beside a running drill shows the real list itself.
  const away = useCoreState((s) => s.player.mode !== 'live');
  const alarms = useCoreState((s) => (s.player.mode !== 'live' ? s.liveAlarmsAway : s.alarms));
  const raisedAway = useCoreState((s) => s.liveAlarmsWhileReplaying);
  if (mode === 'live') return null;
  const summary = summarizeLiveAlarms(alarms.values());
  const source = summary.newest ? describeAlarmSource(summary.newest, scene, i18n.language, t) : null;
  return (
    <div
      className={`live-alarm-strip${summary.worstPriority ? ` strip-${summary.worstPriority}` : ''}`}
      role="status"
      aria-live="polite"
      data-testid="live-alarm-strip"
      data-unacknowledged={summary.unacknowledged}
      data-worst={summary.worstPriority ?? ''}
    >
      <span className="strip-title">{t(`modeMarks.strip.title.${mode}`)}</span>
      {summary.standing === 0 ? (
        <span className="strip-none">{t('modeMarks.strip.none')}</span>
      ) : (
        <>
          <span className="strip-count" data-testid="live-alarm-strip-count">
            {t('modeMarks.strip.unacknowledged', { count: summary.unacknowledged })} · {t('modeMarks.strip.standing', { count: summary.standing })}
          </span>
          {summary.worstPriority && (
            <span className="strip-worst">
              {t('modeMarks.strip.worst')} {PRIORITY_SYMBOL[summary.worstPriority]} {t(`alarms.priority.${summary.worstPriority}`)}
            </span>
          )}
          {summary.newest && source && (
            <span className="strip-newest" data-testid="live-alarm-strip-newest" data-alarm-id={summary.newest.alarmId}>
              {[source.tag, source.description, source.area, t(`alarms.condition.${summary.newest.condition}`)].filter((s, i, all) => s && all.indexOf(s) === i).join(' · ')}
            </span>
          )}
        </>
      )}
      {mode === 'replay' && raisedAway > 0 && <span className="strip-raised">{t('modeMarks.strip.raisedSinceReplay', { count: raisedAway })}</span>}
      {away && (
        <button type="button" onClick={() => void client.backToLive()} data-testid="live-alarm-strip-back">
          {t('modeMarks.strip.backToLive')}
        </button>
      )}
    </div>
  );
}
