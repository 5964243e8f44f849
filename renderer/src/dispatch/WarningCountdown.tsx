import { useTranslation } from 'react-i18next';
import type { Alarm } from '@contracts';
import { localized } from '../i18n/i18n.js';
import { useStore } from '../state/createStore.js';
import { countdownKey, countdownOf } from './countdown.js';
import { dispatchFeedStore, openWarnings } from './dispatchFeed.js';
import { useServerNowMs } from './serverClock.js';
import './dispatch.css';

/**
 * The countdown beside an alarm with an open warning (alarm list, banner): the time left to acknowledge, then to
 * resolve, and overdue its escalation ("已升级至 安全经理"). Fixed-width tabular digits: the row does not move or
 * change size as it ticks. A button to the warning's detail where the screen has the warnings tab (`openable`).
 */
export function WarningCountdown({ alarm, openable, inline = false }: { alarm: Alarm; openable: boolean; inline?: boolean }) {
  const deadline = useStore(dispatchFeedStore, (s) => s.deadlines.get(alarm.alarmId));
  if (!deadline) return null;
  return <Ticking alarm={alarm} openable={openable} inline={inline} />;
}

function Ticking({ alarm, openable, inline }: { alarm: Alarm; openable: boolean; inline: boolean }) {
  const { t, i18n } = useTranslation();
  const deadline = useStore(dispatchFeedStore, (s) => s.deadlines.get(alarm.alarmId))!;
  const postName = useStore(dispatchFeedStore, (s) => s.posts.get(deadline.currentPostId));
  const look = countdownOf(deadline, alarm, useServerNowMs());
  if (!look) return null;
  const body = (
    <>
      <span className="countdown-label">{t(`dispatch.countdown.${countdownKey(look)}`)}</span>{' '}
      <span className="countdown-clock" data-testid="countdown-clock">
        {look.clock}
      </span>
      {look.level > 0 && (
        <span className="countdown-escalation" data-testid="countdown-escalation">
          {t('dispatch.countdown.escalated', { post: postName ? localized(postName, i18n.language) : t('dispatch.countdown.unknownPost') })} · {t('dispatch.countdown.level', { level: look.level })}
        </span>
      )}
    </>
  );
  const props = {
    className: `warning-countdown tone-${look.tone}${inline ? ' countdown-inline' : ''}`,
    'data-testid': `countdown-${alarm.alarmId}`,
    'data-warning-id': deadline.warningId,
    'data-overdue': look.overdue ? 'true' : 'false',
    'data-level': String(look.level),
  };
  return openable ? (
    <button type="button" {...props} onClick={() => openWarnings({ kind: 'detail', warningId: deadline.warningId })}>
      {body}
    </button>
  ) : (
    <span {...props}>{body}</span>
  );
}
