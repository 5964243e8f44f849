import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RECORD_NOTE_MAX_CHARS, SOCKET_EVENTS, type ClientScene, type WarningView } from '@contracts';
import { useCoreClient, useCoreState } from '../../connection/CoreClientContext.js';
import { formatDuration } from '../../evacuation/durations.js';
import { useApiBlobUrl } from '../../hazards/HazardMedia.js';
import { SiteMapView } from '../../hazards/report/PlacePicker.js';
import { localized } from '../../i18n/i18n.js';
import { describeAlarmSource } from '../../panels/alarmSource.js';
import { useNowMs } from '../../state/useNowMs.js';
import { PushSubscribe } from './PushSubscribe.js';
import './phone.css';
import { MY_OPEN_WARNINGS_PATH, sortWarnings, warningClock, warningPlace, warningStepPath } from './warningModel.js';

/** Changes announced close together (a flood, an escalation with its messages) are read once. */
const RELOAD_COALESCE_MS = 300;

const when = (ms: number, language: string) => new Date(ms).toLocaleString(language, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

function Snapshot({ href }: { href: string }) {
  const { t } = useTranslation();
  const url = useApiBlobUrl(href);
  if (url === null) return <p className="report-hint">{t('dispatchPhone.snapshotLoading')}</p>;
  if (url === 'missing') return <p className="report-hint">{t('dispatchPhone.snapshotMissing')}</p>;
  return <img className="warning-snapshot" src={url} alt={t('dispatchPhone.snapshot')} data-testid="warning-snapshot" />;
}

/** Acknowledge (with the note, if one is written) or add a note: the core signs it with this user. */
function WarningActions({ warning, onDone }: { warning: WarningView; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useCoreClient();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const send = async (step: 'acknowledge' | 'notes') => {
    setBusy(true);
    const note = text.trim();
    const answer = await client.postApi(warningStepPath(warning.warningId, step), step === 'notes' ? { text: note } : note ? { note } : {});
    setBusy(false);
    setProblem(answer.ok ? null : t('dispatchPhone.failed', { message: answer.message }));
    if (answer.ok) {
      setText('');
      onDone();
    }
  };
  return (
    <div className="warning-actions">
      <label className="report-label">
        {t('dispatchPhone.note')}
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={2} maxLength={RECORD_NOTE_MAX_CHARS} placeholder={t('dispatchPhone.noteHint')} data-testid="warning-note" />
      </label>
      <div className="report-choice">
        {warning.acknowledgedAtMs === undefined && (
          <button type="button" className="warning-ack" onClick={() => void send('acknowledge')} disabled={busy} data-testid="warning-acknowledge">
            {t(busy ? 'dispatchPhone.acknowledging' : 'dispatchPhone.acknowledge')}
          </button>
        )}
        <button type="button" onClick={() => void send('notes')} disabled={busy || text.trim() === ''} data-testid="warning-add-note">
          {t('dispatchPhone.addNote')}
        </button>
      </div>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

function WarningCard({ warning, scene, nowMs, onChanged }: { warning: WarningView; scene: ClientScene; nowMs: number; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const source = describeAlarmSource(warning, scene, language, t);
  const area = localized(scene.areas.find((a) => a.id === warning.areaId)?.name, language) || source.area || t('dispatchPhone.noArea');
  const clock = warningClock(warning, nowMs);
  const place = useMemo(() => warningPlace(warning, scene), [warning, scene]);
  const latest = warning.escalations.at(-1);
  return (
    <li className="warning-card" data-testid={`warning-${warning.alarmId}`} data-state={warning.state} data-grade={warning.grade}>
      <div className="warning-head">
        <span className={`warning-grade grade-${warning.grade}`} data-testid="warning-grade">
          {t(`dispatch.grade.${warning.grade}`)}
        </span>
        <span className="warning-state">{t(`dispatch.state.${warning.state}`)}</span>
      </div>
      <p className="warning-what" data-testid="warning-what">
        {t('dispatchPhone.what', { what: source.description || source.tag || '', condition: t(`alarms.condition.${warning.condition}`) })}
        {source.tag && <span className="warning-tag"> {source.tag}</span>}
      </p>
      <p className="warning-line">{t('dispatchPhone.place', { area })}</p>
      <p className="warning-line">{t('dispatchPhone.raisedAt', { time: when(warning.raisedAtMs, language) })}</p>
      {clock && (
        <p className={clock.leftMs < 0 ? 'warning-line warning-overdue' : 'warning-line'} data-testid="warning-clock" data-kind={clock.kind} data-overdue={clock.leftMs < 0}>
          {t(`dispatchPhone.${clock.kind}${clock.leftMs < 0 ? 'Overdue' : 'Left'}`, { time: formatDuration(t, Math.abs(clock.leftMs) / 1000) })}
        </p>
      )}
      {warning.level > 0 && (
        <p className="warning-line warning-overdue" data-testid="warning-escalated">
          {t('dispatchPhone.escalated', { level: warning.level })}
          {latest?.name ? ` · ${t('dispatchPhone.escalatedTo', { name: latest.name })}` : ''}
        </p>
      )}
      {warning.acknowledgedAtMs !== undefined && <p className="warning-line">{t('dispatchPhone.acknowledgedBy', { by: warning.acknowledgedBy ?? '', time: when(warning.acknowledgedAtMs, language) })}</p>}
      {warning.evacuation && <p className="warning-line warning-overdue">{t('dispatchPhone.evacuationSent', { count: warning.evacuation.badgeIds.length })}</p>}
      {place.bounds && <SiteMapView scene={scene} bounds={place.bounds} pin={place.pin} badge={null} label={t('dispatchPhone.mapLabel')} testId="warning-map" />}
      {warning.snapshotHref?.startsWith('/api/') && <Snapshot href={warning.snapshotHref} />}
      {warning.notes.length > 0 && (
        <div className="warning-notes">
          <h4>{t('dispatchPhone.notes')}</h4>
          <ul>
            {warning.notes.map((note) => (
              <li key={`${note.atMs}-${note.by}`}>
                <span className="warning-note-by">{t('dispatchPhone.noteBy', { by: note.by, time: when(note.atMs, language) })}</span>
                <span className="warning-note-text">{note.text}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {warning.state !== 'closed' && <WarningActions warning={warning} onDone={onChanged} />}
    </li>
  );
}

/**
 * The signed-in user's open warnings (GET /api/warnings?mine=1&open=1): grade as regulators write it, the
 * condition in words, the place on the small site map, a camera's snapshot, the deadline counting down against
 * the core's clock, acknowledge and notes. Read again when the core announces a change (`warning:changed`
 * carries no owner: the list is re-read with this user's token). Each warning shown is reported read once.
 */
export function MyWarnings({ scene }: { scene: ClientScene }) {
  const { t } = useTranslation();
  const client = useCoreClient();
  const connection = useCoreState((s) => s.connection);
  const serverOffsetMs = useCoreState((s) => s.serverOffsetMs);
  const [list, setList] = useState<WarningView[] | null>(null);
  const [failed, setFailed] = useState(false);
  const nowMs = useNowMs(1_000) + serverOffsetMs;
  const readSeq = useRef(0);
  const reported = useRef(new Set<string>());

  const load = useCallback(async () => {
    const seq = ++readSeq.current;
    const answer = await client.getJson<WarningView[]>(MY_OPEN_WARNINGS_PATH);
    if (seq !== readSeq.current) return;
    setFailed(answer === null);
    if (answer) setList(sortWarnings(answer));
  }, [client]);

  useEffect(() => {
    if (connection === 'connected') void load();
  }, [connection, load]);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = client.on(SOCKET_EVENTS.warningChanged, () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        void load();
      }, RELOAD_COALESCE_MS);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [client, load]);
  // Read receipts: the person has seen the warning on their phone (journaled by the desk, shown in its deliveries).
  useEffect(() => {
    for (const warning of list ?? []) {
      if (reported.current.has(warning.warningId)) continue;
      reported.current.add(warning.warningId);
      void client.postApi(warningStepPath(warning.warningId, 'read'), {});
    }
  }, [client, list]);

  return (
    <section className="warnings" data-testid="my-warnings">
      <PushSubscribe />
      {list === null ? (
        <p className="report-hint">{t(failed ? 'dispatchPhone.unavailable' : 'dispatchPhone.loading')}</p>
      ) : list.length === 0 ? (
        <p className="report-hint" data-testid="my-warnings-none">
          {t('dispatchPhone.none')}
        </p>
      ) : (
        <ul className="warning-list" data-testid="warning-list">
          {list.map((warning) => (
            <WarningCard key={warning.warningId} warning={warning} scene={scene} nowMs={nowMs} onChanged={() => void load()} />
          ))}
        </ul>
      )}
    </section>
  );
}
