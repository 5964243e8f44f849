import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { roleMay, type Alarm } from '@contracts';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { select } from '../state/uiStore.js';
import { alarmSelection } from '../people/personText.js';
import { bannerAlarm, needsAcknowledge } from './alarmOrdering.js';
import { alarmValueText, describeAlarmSource } from './alarmSource.js';
import { Annunciator } from './annunciator.js';
import { PRIORITY_SYMBOL } from './prioritySymbols.js';
import { useHoldWhileEngaged } from './useHoldWhileEngaged.js';
import { WarningCountdown } from '../dispatch/WarningCountdown.js';
import './alarms.css';

/**
 * The newest most-urgent unacknowledged alarm, always in view at the top, with go-to and acknowledge;
 * plus the horn for unacknowledged alarms and the operator's mute switch.
 *
 * The banner holds still while the pointer is over it or keyboard focus is inside it: in a flood a new
 * alarm arrives every few seconds, and a button that moved to another alarm between reading and
 * clicking would acknowledge one the operator never read. While held it keeps showing the alarm it
 * showed (its current state, by id) and says how many newer ones wait; its buttons name that alarm
 * and act on its id only.
 */
/** `warningsOpenable`: the screen has the warnings tab, where the countdown opens its warning. */
export function AlarmBanner({ warningsOpenable = false }: { warningsOpenable?: boolean }) {
  const { t, i18n } = useTranslation();
  const client = useCoreClient();
  const alarms = useCoreState((s) => s.alarms);
  const scene = useCoreState((s) => s.scene);
  const user = useCoreState((s) => s.user);
  // A replayed alarm is history: no horn, no acknowledge. The player says so (its capabilities), not its mode.
  const actable = useCoreState((s) => s.player.state.capabilities.acknowledge);
  // The list is the replay's or the drill's, not the plant's: the banner says which (the mode labels, the capabilities act).
  const away = useCoreState((s) => (s.player.mode === 'live' ? null : s.player.mode));
  const newest = useMemo(() => bannerAlarm(alarms.values()), [alarms]);
  const annunciator = useRef<Annunciator | null>(null);
  const [muted, setMuted] = useState(false);
  const hold = useHoldWhileEngaged<HTMLDivElement, Alarm>(newest);
  // Held: the alarm that was shown, as it is now (acknowledged elsewhere, cleared); kept as last seen if it left the list.
  const alarm = hold.held ? (alarms.get(hold.held.alarmId) ?? hold.held) : newest;
  const waiting = hold.held ? [...alarms.values()].filter((a) => needsAcknowledge(a) && a.active && a.raisedAtMs > hold.held!.raisedAtMs && a.alarmId !== hold.held!.alarmId).length : 0;

  useEffect(() => {
    annunciator.current = new Annunciator();
    return () => annunciator.current?.dispose();
  }, []);
  useEffect(() => {
    const unacknowledged = [...alarms.values()].filter((a) => needsAcknowledge(a) && a.active);
    const priority = (['urgent', 'high', 'medium', 'low'] as const).find((p) => unacknowledged.some((a) => a.priority === p)) ?? null;
    annunciator.current?.sound(actable ? priority : null);
  }, [alarms, actable]);

  const toggleMute = () => {
    const next = !muted;
    setMuted(next);
    if (annunciator.current) annunciator.current.muted = next;
    client.reportAnnunciation(next);
  };
  const source = alarm ? describeAlarmSource(alarm, scene, i18n.language, t) : null;
  const condition = alarm ? t(`alarms.condition.${alarm.condition}`) : '';
  const named = source ? `${source.tag ?? source.description} ${condition}` : '';

  return (
    <div
      ref={hold.ref}
      className={`alarm-banner ${alarm ? `banner-${alarm.priority}` : 'banner-clear'}${hold.held ? ' banner-held' : ''}`}
      role="alert"
      aria-live="assertive"
      data-testid="alarm-banner"
      data-alarm-id={alarm?.alarmId ?? ''}
      data-held={hold.held ? 'true' : 'false'}
      onFocus={hold.onFocus}
      onBlur={hold.onBlur}
    >
      {/* A replayed or drill list is not the plant's: the banner says so, and the live alarms stand in the strip below (issue 12.6). */}
      {away && (
        <span className="banner-replayed" data-testid={`banner-${away === 'replay' ? 'replayed' : 'drill'}`}>
          {t(away === 'replay' ? 'modeMarks.replayedTag' : 'modeMarks.drillTag')}
        </span>
      )}
      {alarm && source ? (
        <>
          <span className="banner-priority">
            {PRIORITY_SYMBOL[alarm.priority]} {t(`alarms.priority.${alarm.priority}`)}
          </span>
          <span className="banner-time">{new Date(alarm.raisedAtMs).toLocaleTimeString(i18n.language, { hour12: false })}</span>
          {source.tag !== null && <span className="banner-source">{source.tag}</span>}
          <span className="banner-description">{[source.description, source.area].filter((s, i, all) => s && all.indexOf(s) === i).join(' · ')}</span>
          <span className="banner-condition">{condition}</span>
          {alarm.value !== undefined && <span className="banner-value">{alarmValueText(alarm, scene?.sensors.find((s) => s.id === alarm.sourceId)?.unit, t)}</span>}
          <span className="banner-actions">
            <button type="button" onClick={() => select(alarmSelection(alarm), true)}>
              {t('alarms.goTo')}
            </button>
            {actable && user && roleMay(user.role, 'alarm:acknowledge') && (
              // One element whether or not acknowledged: a button removed from under the pointer would
              // leave the browser's hover tracking (and the hold) behind.
              <button
                type="button"
                data-testid="banner-ack"
                data-alarm-id={alarm.alarmId}
                aria-disabled={!needsAcknowledge(alarm)}
                aria-label={needsAcknowledge(alarm) ? t('alarmHandling.banner.acknowledgeNamed', { alarm: named }) : undefined}
                onClick={() => needsAcknowledge(alarm) && void client.sendAlarmCommand({ action: 'acknowledge', alarmIds: [alarm.alarmId] })}
              >
                {needsAcknowledge(alarm) ? t('alarms.acknowledge') : t('alarmHandling.banner.acknowledged')}
              </button>
            )}
          </span>
          {/* After the buttons: a warning's countdown appearing does not move them. */}
          <WarningCountdown alarm={alarm} openable={warningsOpenable} inline />
          {/* Always laid out, shown only while held: holding must not move the buttons under the pointer. */}
          <span className={`banner-hold${hold.held ? '' : ' banner-hold-off'}`} data-testid="banner-held" aria-hidden={!hold.held}>
            {t('alarmHandling.banner.held')}
            {waiting > 0 && ` · ${t('alarmHandling.banner.newer', { count: waiting })}`}
          </span>
        </>
      ) : (
        <span className="banner-none">{t('alarms.noUnacknowledged')}</span>
      )}
      <button type="button" className="mute" aria-pressed={muted} onClick={toggleMute} data-testid="mute-horn">
        {muted ? t('alarms.unmute') : t('alarms.mute')}
      </button>
    </div>
  );
}
