import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { roleMay } from '@contracts';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { select } from '../state/uiStore.js';
import { bannerAlarm, needsAcknowledge } from './alarmOrdering.js';
import { Annunciator } from './annunciator.js';
import { PRIORITY_SYMBOL } from './prioritySymbols.js';

/**
 * The newest most-urgent unacknowledged alarm, always in view at the top, with go-to and
 * acknowledge; plus the horn for unacknowledged alarms and the operator's mute switch.
 */
export function AlarmBanner() {
  const { t, i18n } = useTranslation();
  const client = useCoreClient();
  const alarms = useCoreState((s) => s.alarms);
  const user = useCoreState((s) => s.user);
  // A replayed alarm is history: no horn, no acknowledge (it would act on the live alarm of that id).
  const live = useCoreState((s) => s.player.mode === 'live');
  const alarm = useMemo(() => bannerAlarm(alarms.values()), [alarms]);
  const annunciator = useRef<Annunciator | null>(null);
  const [muted, setMuted] = useState(false);

  useEffect(() => {
    annunciator.current = new Annunciator();
    return () => annunciator.current?.dispose();
  }, []);
  useEffect(() => {
    const unacknowledged = [...alarms.values()].filter((a) => needsAcknowledge(a) && a.active);
    const priority = (['urgent', 'high', 'medium', 'low'] as const).find((p) => unacknowledged.some((a) => a.priority === p)) ?? null;
    annunciator.current?.sound(live ? priority : null);
  }, [alarms, live]);

  const toggleMute = () => {
    const next = !muted;
    setMuted(next);
    if (annunciator.current) annunciator.current.muted = next;
    client.reportAnnunciation(next);
  };

  return (
    <div className={`alarm-banner ${alarm ? `banner-${alarm.priority}` : 'banner-clear'}`} role="alert" aria-live="assertive" data-testid="alarm-banner" data-alarm-id={alarm?.alarmId ?? ''}>
      {alarm ? (
        <>
          <span className="banner-priority">
            {PRIORITY_SYMBOL[alarm.priority]} {t(`alarms.priority.${alarm.priority}`)}
          </span>
          <span className="banner-time">{new Date(alarm.raisedAtMs).toLocaleTimeString(i18n.language, { hour12: false })}</span>
          <span className="banner-source">{alarm.sourceId}</span>
          <span className="banner-condition">{t(`alarms.condition.${alarm.condition}`)}</span>
          {alarm.value !== undefined && <span className="banner-value">{Number(alarm.value.toPrecision(4))}</span>}
          <span className="banner-actions">
            {alarm.sourceKind === 'sensor' && (
              <button type="button" onClick={() => select({ kind: 'sensor', id: alarm.sourceId }, true)}>
                {t('alarms.goTo')}
              </button>
            )}
            {live && user && roleMay(user.role, 'alarm:acknowledge') && (
              <button type="button" data-testid="banner-ack" onClick={() => void client.sendAlarmCommand({ action: 'acknowledge', alarmIds: [alarm.alarmId] })}>
                {t('alarms.acknowledge')}
              </button>
            )}
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
