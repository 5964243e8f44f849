import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCoreClient } from '../../connection/CoreClientContext.js';
import { PUSH_KEY_PATH, PUSH_SUBSCRIPTIONS_PATH, PUSH_WORKER_PATH, PUSH_WORKER_SCOPE } from './warningModel.js';

type PushState = 'unsupported' | 'needsHttps' | 'off' | 'working' | 'enabled' | 'denied' | 'unavailable' | { failed: string };

/** What this browser allows before anything is asked: Web Push needs a secure page (HTTPS, or localhost). */
function initialState(): PushState {
  if (!window.isSecureContext) return 'needsHttps';
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) return 'unsupported';
  return Notification.permission === 'denied' ? 'denied' : 'off';
}

/**
 * Warnings on this phone with the page closed (Web Push, issue 19 item 3): on a press — browsers ask for the
 * permission only on a user's gesture — the page registers the push service worker (/reportPushWorker.js,
 * scoped to /report), subscribes with the core's VAPID public key and gives the subscription to the core, which
 * sends this user's assigned, escalated and evacuation messages to it.
 */
export function PushSubscribe() {
  const { t } = useTranslation();
  const client = useCoreClient();
  const [state, setState] = useState<PushState>(initialState);

  // Subscribed before (this phone, another visit): said so, nothing asked.
  useEffect(() => {
    if (state !== 'off' || Notification.permission !== 'granted') return;
    void navigator.serviceWorker
      .getRegistration(PUSH_WORKER_SCOPE)
      .then((registration) => registration?.pushManager.getSubscription())
      .then((subscription) => subscription && setState('enabled'));
  }, [state]);

  const enable = async () => {
    setState('working');
    try {
      if ((await Notification.requestPermission()) !== 'granted') return setState('denied');
      const registration = await navigator.serviceWorker.register(PUSH_WORKER_PATH, { scope: PUSH_WORKER_SCOPE });
      const key = await client.getJson<{ publicKey: string | null }>(PUSH_KEY_PATH);
      if (!key?.publicKey) return setState('unavailable');
      await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key.publicKey });
      const saved = await client.postApi(PUSH_SUBSCRIPTIONS_PATH, subscription.toJSON());
      setState(saved.ok ? 'enabled' : { failed: saved.message });
    } catch (error) {
      setState({ failed: error instanceof Error ? error.message : String(error) });
    }
  };

  if (state === 'off' || state === 'working')
    return (
      <button type="button" className="warning-push" onClick={() => void enable()} disabled={state === 'working'} data-testid="warning-push-enable">
        {t(state === 'working' ? 'dispatchPhone.push.working' : 'dispatchPhone.push.enable')}
      </button>
    );
  return (
    <p className="report-hint" data-testid="warning-push-state" data-state={typeof state === 'string' ? state : 'failed'}>
      {typeof state === 'string' ? t(`dispatchPhone.push.${state}`) : t('dispatchPhone.push.failed', { message: state.failed })}
    </p>
  );
}
