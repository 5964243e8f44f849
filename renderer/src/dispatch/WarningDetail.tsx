import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RECORD_NOTE_MAX_CHARS, roleMay, type ClientScene, type WarningView } from '@contracts';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { localized } from '../i18n/i18n.js';
import { describeAlarmSource } from '../panels/alarmSource.js';
import { PRIORITY_SYMBOL } from '../panels/prioritySymbols.js';
import { useStore } from '../state/createStore.js';
import { DisposeForm } from './DisposeList.js';
import { dispatchFeedStore, openWarnings, warningPath } from './dispatchFeed.js';
import { byText, namesOf, personText, postText, timeText } from './warningText.js';

/**
 * One warning as this user may see it (issue 19 item 2): what and where, the owner's post and person (names only
 * for roles with personnel:viewNames), its deadlines, escalations, the notifications sent and read, its notes (one
 * added here) and, once cleared, its disposition. Re-read on every `warning:changed` naming it.
 */
export function WarningDetail({ warningId, scene }: { warningId: string; scene: ClientScene | null }) {
  const { t, i18n } = useTranslation();
  const client = useCoreClient();
  const user = useCoreState((s) => s.user);
  const posts = useStore(dispatchFeedStore, (s) => s.posts);
  const people = useStore(dispatchFeedStore, (s) => s.people);
  const [warning, setWarning] = useState<WarningView | null | 'unavailable'>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    const load = () => void client.getJson<WarningView>(warningPath(warningId)).then((w) => current && setWarning(w ?? 'unavailable'));
    load();
    const off = client.on('warning:changed', (change) => change.warningId === warningId && load());
    return () => {
      current = false;
      off();
    };
  }, [client, warningId]);
  const back = (
    <button type="button" onClick={() => openWarnings({ kind: 'dispose' })} data-testid="warning-back">
      {t('dispatch.detail.back')}
    </button>
  );
  if (warning === null) return <p className="empty">{t('dispatch.detail.loading')}</p>;
  if (warning === 'unavailable')
    return (
      <div>
        {back}
        <p className="empty">{t('dispatch.detail.unavailable')}</p>
      </div>
    );
  const language = i18n.language;
  const time = (ms: number | undefined) => (ms === undefined ? '—' : timeText(ms, language));
  const source = describeAlarmSource(warning, scene, language, t);
  const names = namesOf(warning);
  const recipient = (personId: string | null) => (personId === null ? t('dispatch.detail.group') : personText(personId, names.get(personId) ?? people.get(personId), t));
  const areaName = (areaId: string) => localized(scene?.areas.find((a) => a.id === areaId)?.name, language) || t('dispatch.detail.area');
  const mayDispose = user !== null && roleMay(user.role, 'warning:dispose');
  const addNote = async () => {
    const text = note.trim();
    if (!text) return;
    const answer = await client.postApi<WarningView>(`${warningPath(warningId)}/notes`, { text });
    if (!answer.ok) return setError(answer.message);
    setError(null);
    setNote('');
    if (answer.value?.warningId === warningId) setWarning(answer.value);
  };
  return (
    <section className="warning-detail" aria-labelledby="warning-detail-title" data-testid="warning-detail" data-warning-id={warningId} data-state={warning.state}>
      {back}
      <h3 id="warning-detail-title">
        <span className={`warning-grade priority-${warning.priority}`}>{t(`dispatch.grade.${warning.grade}`)}</span> · {PRIORITY_SYMBOL[warning.priority]} {t(`alarms.priority.${warning.priority}`)}
      </h3>
      <p>
        {source.tag !== null && <span className="tag">{source.tag}</span>} {source.description} {source.area && source.area !== source.description ? `· ${source.area}` : ''} · {t(`alarms.condition.${warning.condition}`)}
      </p>
      <dl>
        <dt>{t('alarms.columns.state')}</dt>
        <dd data-testid="warning-state">{t(`dispatch.state.${warning.state}`)}</dd>
        <dt>{t('dispatch.detail.owner')}</dt>
        <dd data-testid="warning-owner">{postText(warning.owner.postId, posts, language, t)}</dd>
        <dt>{t('dispatch.detail.person')}</dt>
        <dd data-testid="warning-person">{personText(warning.owner.personId, warning.owner.name, t)}</dd>
        {warning.owner.deputies.length > 0 && (
          <>
            <dt>{t('dispatch.detail.deputies')}</dt>
            <dd>{warning.owner.deputies.map((d) => personText(d.personId, d.name, t)).join('、')}</dd>
          </>
        )}
        {warning.level > 0 && (
          <>
            <dt>{t('dispatch.detail.current')}</dt>
            <dd data-testid="warning-current-post">
              {postText(warning.currentPostId, posts, language, t)} · {t('dispatch.countdown.level', { level: warning.level })}
            </dd>
          </>
        )}
        <dt>{t('dispatch.detail.raised')}</dt>
        <dd>{time(warning.raisedAtMs)}</dd>
        <dt>{t('dispatch.detail.ackDue')}</dt>
        <dd>{time(warning.ackDueMs)}</dd>
        <dt>{t('dispatch.detail.resolveDue')}</dt>
        <dd>{time(warning.resolveDueMs)}</dd>
        {warning.acknowledgedAtMs !== undefined && (
          <>
            <dt>{t('dispatch.detail.acknowledged')}</dt>
            <dd>{t('dispatch.detail.acknowledgedBy', { time: time(warning.acknowledgedAtMs), by: byText(warning.acknowledgedBy ?? '', t) })}</dd>
          </>
        )}
        {warning.clearedAtMs !== undefined && (
          <>
            <dt>{t('dispatch.detail.cleared')}</dt>
            <dd>{time(warning.clearedAtMs)}</dd>
          </>
        )}
        {warning.closedAtMs !== undefined && (
          <>
            <dt>{t('dispatch.detail.closed')}</dt>
            <dd>{time(warning.closedAtMs)}</dd>
          </>
        )}
        {warning.disposition && (
          <>
            <dt>{t('dispatch.detail.disposition')}</dt>
            <dd data-testid="warning-disposition" data-disposition={warning.disposition.kind}>
              {t('dispatch.detail.dispositionBy', { disposition: t(`dispatch.disposition.${warning.disposition.kind}`), time: time(warning.disposition.atMs), by: warning.disposition.auto ? t('dispatch.detail.auto') : byText(warning.disposition.by, t) })}
              {warning.disposition.note ? ` · ${warning.disposition.note}` : ''}
            </dd>
          </>
        )}
      </dl>
      {warning.evacuation && warning.evacuation.badgeIds.length > 0 && <p className="warning-evacuation">{t('dispatch.detail.evacuation', { count: warning.evacuation.badgeIds.length, area: areaName(warning.evacuation.areaId) })}</p>}
      {warning.state === 'cleared' && mayDispose && <DisposeForm warning={warning} onDone={setWarning} />}
      <h4>{t('dispatch.detail.escalations')}</h4>
      {warning.escalations.length === 0 ? (
        <p className="empty">{t('dispatch.detail.noEscalations')}</p>
      ) : (
        <ul data-testid="warning-escalations">
          {warning.escalations.map((e) => (
            <li key={`${e.level}-${e.atMs}`}>
              {t('dispatch.detail.escalation', {
                time: time(e.atMs),
                post: postText(e.postId, posts, language, t),
                person: e.personId === null ? '' : ` ${personText(e.personId, e.name, t)}`,
                level: e.level,
                reason: t(`dispatch.reason.${e.reason}`),
              })}
            </li>
          ))}
        </ul>
      )}
      <h4>{t('dispatch.detail.deliveries')}</h4>
      {warning.deliveries.length === 0 ? (
        <p className="empty">{t('dispatch.detail.noDeliveries')}</p>
      ) : (
        <table data-testid="warning-deliveries">
          <thead>
            <tr>
              {(['channel', 'recipient', 'kind', 'status', 'attempts', 'readAt'] as const).map((c) => (
                <th key={c}>{t(`dispatch.detail.deliveryColumns.${c}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {warning.deliveries.map((d) => (
              <tr key={d.deliveryId} className={d.status === 'failed' ? 'delivery-failed' : undefined} data-channel={d.channel} data-status={d.status}>
                <td>{t(`dispatch.channel.${d.channel}`)}</td>
                <td>{recipient(d.personId)}</td>
                <td>{t(`dispatch.messageKind.${d.kind}`)}</td>
                <td>{t(`dispatch.deliveryStatus.${d.status}`)}</td>
                <td>{d.attempts}</td>
                <td>{d.readAtMs === undefined ? '—' : time(d.readAtMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>{t('dispatch.detail.notes')}</h4>
      {warning.notes.length === 0 ? (
        <p className="empty">{t('dispatch.detail.noNotes')}</p>
      ) : (
        <ul data-testid="warning-notes">
          {warning.notes.map((n) => (
            <li key={`${n.atMs}-${n.by}`}>
              <span className="muted">
                {time(n.atMs)} {byText(n.by, t)}
              </span>{' '}
              {n.text}
            </li>
          ))}
        </ul>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void addNote();
        }}
      >
        <textarea value={note} maxLength={RECORD_NOTE_MAX_CHARS} onChange={(e) => setNote(e.target.value)} placeholder={t('dispatch.detail.notePlaceholder')} aria-label={t('dispatch.detail.notePlaceholder')} data-testid="warning-note-text" />
        <button type="submit" disabled={note.trim() === ''} data-testid="warning-note-add">
          {t('dispatch.detail.addNote')}
        </button>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
