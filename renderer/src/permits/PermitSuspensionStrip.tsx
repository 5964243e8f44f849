import { useTranslation } from 'react-i18next';
import { useStore } from '../state/createStore.js';
import { permitFeedStore } from './permitFeed.js';
import { permitTypeText, suspensionText } from './permitText.js';
import { openPermits } from './permitPanelStore.js';
import { useNowMs } from '../state/useNowMs.js';

/** A resumption stays in the strip this long: the screens that showed the suspension show that work goes on again. */
export const RESUMED_SHOWN_MS = 10 * 60_000;

/**
 * Suspended permits on every screen (issue 17: "suspended on every screen with the reason"): beside the alarm
 * banner, each permit stopped with its type, number and why (a live rule as its words, who, the note); a permit
 * resumed within RESUMED_SHOWN_MS in grey with the note. Nothing when no work stands stopped. A click opens
 * the permit in the control room's permits panel.
 */
export function PermitSuspensionStrip() {
  const { t } = useTranslation();
  const nowMs = useNowMs(5_000);
  const permits = [...useStore(permitFeedStore, (s) => s.permits).values()];
  const suspended = permits.filter((r) => r.permit.state === 'suspended');
  const resumed = permits.filter((r) => {
    const step = r.permit.signatures.at(-1);
    return r.permit.state === 'resumed' && step?.action === 'resume' && nowMs - step.atMs < RESUMED_SHOWN_MS;
  });
  if (suspended.length === 0 && resumed.length === 0) return null;
  return (
    <section className="permit-strip" aria-label={t('permits.title')} data-testid="permit-strip">
      {suspended.length > 0 && <strong className="permit-strip-title">{t('permits.suspendedBanner', { count: suspended.length })}</strong>}
      <ul>
        {suspended.map(({ permit }) => (
          <li key={permit.number}>
            <button type="button" className="permit-strip-entry state-suspended" onClick={() => openPermits(permit.number)} data-testid="permit-strip-suspended" data-permit-number={permit.number}>
              {permitTypeText(permit.type, t)} {permit.number} · {suspensionText(permit, t)}
            </button>
          </li>
        ))}
        {resumed.map(({ permit }) => (
          <li key={permit.number}>
            <button type="button" className="permit-strip-entry state-resumed" onClick={() => openPermits(permit.number)} data-testid="permit-strip-resumed" data-permit-number={permit.number}>
              {permitTypeText(permit.type, t)} {permit.number} · {t('permits.resumedNote', { note: permit.signatures.at(-1)?.note ?? '' })}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
