import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SOCKET_EVENTS, type ClientScene, type EvacuationNotice } from '@contracts';
import { useCoreClient, useCoreState } from '../../connection/CoreClientContext.js';
import { localized } from '../../i18n/i18n.js';
import { alarmValueText, describeAlarmSource } from '../../panels/alarmSource.js';
import { EVACUATION_VIBRATION_MS, EVACUATION_VIBRATION_REPEAT_MS, evacuationOutPath, mergeNotices, musterPointsOf, MY_EVACUATIONS_PATH, noticeSource } from './warningModel.js';
import './phone.css';

const clock = (ms: number, language: string) => new Date(ms).toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

/** Vibrates while a notice is up: the pattern at once, then again every few seconds (navigator.vibrate, where the phone has it). */
function useVibration(active: boolean): void {
  useEffect(() => {
    if (!active || typeof navigator.vibrate !== 'function') return;
    const buzz = () => navigator.vibrate([...EVACUATION_VIBRATION_MS]);
    buzz();
    const timer = setInterval(buzz, EVACUATION_VIBRATION_REPEAT_MS);
    return () => {
      clearInterval(timer);
      navigator.vibrate(0);
    };
  }, [active]);
}

function NoticeScreen({ notice, scene, onOut }: { notice: EvacuationNotice; scene: ClientScene; onOut: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useCoreClient();
  const language = i18n.language;
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const source = describeAlarmSource(noticeSource(notice, scene), scene, language, t);
  const unit = scene.sensors.find((s) => s.id === notice.sensorId)?.unit;
  const area = localized(scene.areas.find((a) => a.id === notice.areaId)?.name, language);
  const musterPoints = musterPointsOf(notice, scene);
  const reason = t('dispatchPhone.evacuate.reasonText', { what: source.description, condition: t(`alarms.condition.${notice.condition}`), value: alarmValueText(notice, unit, t) }).trim();

  const out = async () => {
    setBusy(true);
    const answer = await client.postApi(evacuationOutPath(notice.warningId), {});
    setBusy(false);
    // 404: the core holds no such notice any more (it restarted, or forgot a long-ended evacuation): nothing is left
    // to confirm, and the screen must not stay locked on it.
    if (answer.ok || answer.status === 404) onOut();
    else setProblem(t('dispatchPhone.evacuate.outFailed', { message: answer.message }));
  };
  return (
    <div className="evacuate-screen" role="alertdialog" aria-modal="true" aria-labelledby="evacuate-title" data-testid="evacuation-notice" data-warning={notice.warningId}>
      <h1 id="evacuate-title" className="evacuate-title">
        {t('dispatchPhone.evacuate.title')}
      </h1>
      <p className="evacuate-area" data-testid="evacuation-area">
        {t('dispatchPhone.evacuate.area', { area })}
      </p>
      <p className="evacuate-reason">
        <span className="evacuate-label">{t('dispatchPhone.evacuate.reason')}</span>
        <span data-testid="evacuation-reason">{reason}</span>
      </p>
      <div className="evacuate-muster">
        <span className="evacuate-label">{t('dispatchPhone.evacuate.muster')}</span>
        {musterPoints.length === 0 ? (
          <p data-testid="evacuation-no-muster">{t('dispatchPhone.evacuate.noMuster')}</p>
        ) : (
          <ol data-testid="evacuation-muster">
            {musterPoints.map((m) => (
              <li key={m.id}>{localized(m.name, language)}</li>
            ))}
          </ol>
        )}
      </div>
      <p className="evacuate-issued">{t('dispatchPhone.evacuate.issuedAt', { time: clock(notice.issuedAtMs, language) })}</p>
      <button type="button" className="evacuate-out" onClick={() => void out()} disabled={busy} data-testid="evacuation-out">
        {t(busy ? 'dispatchPhone.evacuate.sending' : 'dispatchPhone.evacuate.out')}
      </button>
      {problem && (
        <p className="evacuate-problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

/**
 * The evacuation notice over the whole phone screen (issue 19 item 4): sent by the core to this user's sockets
 * when their badge is inside an area being evacuated (`warning:evacuate`), and read at every (re)connection for a
 * notice that went while the page was closed or offline. It stays, vibrating, until the person says 已撤离 / "I am
 * out" (a receipt the core journals); two notices at once are answered one after the other, the newest first.
 */
export function EvacuationScreen({ scene }: { scene: ClientScene }) {
  const client = useCoreClient();
  const connection = useCoreState((s) => s.connection);
  const [notices, setNotices] = useState<EvacuationNotice[]>([]);
  const answered = useRef(new Set<string>());
  const take = useCallback((incoming: readonly EvacuationNotice[]) => setNotices((held) => mergeNotices(held, incoming, answered.current)), []);

  useEffect(() => client.on(SOCKET_EVENTS.warningEvacuate, (notice) => take([notice])), [client, take]);
  useEffect(() => {
    if (connection !== 'connected') return;
    void client.getJson<EvacuationNotice[]>(MY_EVACUATIONS_PATH).then((open) => open && take(open));
  }, [client, connection, take]);
  const current = notices[0];
  useVibration(current !== undefined);
  if (!current) return null;
  return (
    <NoticeScreen
      key={current.warningId}
      notice={current}
      scene={scene}
      onOut={() => {
        answered.current.add(current.warningId);
        take([]);
      }}
    />
  );
}
