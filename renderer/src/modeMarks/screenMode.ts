import { comparePriority, type Alarm, type AlarmPriority, type PlayerMode } from '@contracts';
import { bannerAlarm, needsAcknowledge } from '../panels/alarmOrdering.js';

/**
 * What a screen's picture is, for the marks that must never let it pass for the live plant
 * (issue 12.6): the live plant, a drill (this screen's player is the drill's, or a drill's cloud and
 * people are drawn over the live plant), or a recording replayed on this screen. A replay wins over a
 * drill: what is drawn is then the past, whatever runs live meanwhile.
 */
export type ScreenMode = PlayerMode;

export function screenMode(playerMode: PlayerMode, drillActive: boolean): ScreenMode {
  if (playerMode === 'replay') return 'replay';
  return playerMode === 'drill' || drillActive ? 'drill' : 'live';
}

/** The live alarms in one line: what needs the operator now, however far the screen is from live. */
export type LiveAlarmSummary = {
  /** Active alarms not yet acknowledged. */
  unacknowledged: number;
  /** Every alarm still standing (in alarm, or returned but unacknowledged); shelved, suppressed (superseded included) and out-of-service ones are not shown live either. */
  standing: number;
  /** The worst priority among the unacknowledged ones, else among the standing ones; null when none stand. */
  worstPriority: AlarmPriority | null;
  /** The alarm the banner would show live (most urgent unacknowledged, newest among equals). */
  newest: Alarm | null;
};

export function summarizeLiveAlarms(alarms: Iterable<Alarm>): LiveAlarmSummary {
  const standing = [...alarms].filter((a) => a.state === 'unacknowledged' || a.state === 'acknowledged' || a.state === 'returnedUnacknowledged');
  const unacknowledged = standing.filter((a) => needsAcknowledge(a) && a.active);
  const worstOf = (list: Alarm[]) => list.map((a) => a.priority).sort(comparePriority)[0] ?? null;
  return { unacknowledged: unacknowledged.length, standing: standing.length, worstPriority: worstOf(unacknowledged) ?? worstOf(standing), newest: bannerAlarm(standing) };
}
