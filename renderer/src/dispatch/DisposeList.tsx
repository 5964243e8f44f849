import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DISPOSITIONS, RECORD_NOTE_MAX_CHARS, roleMay, type ClientScene, type Disposition, type WarningView } from '@contracts';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { describeAlarmSource } from '../panels/alarmSource.js';
import { PRIORITY_SYMBOL } from '../panels/prioritySymbols.js';
import { useHeldList } from '../panels/useHoldWhileEngaged.js';
import { useStore } from '../state/createStore.js';
import { applyWarning, dispatchFeedStore, openWarnings, warningPath } from './dispatchFeed.js';
import { timeText } from './warningText.js';

/**
 * The cleared warnings awaiting the operator's disposition (issue 19 item 5), the oldest cleared first. A row opened
 * to dispose, and the whole list while the pointer is over it or keyboard focus is in it, keep their place: a
 * warning cleared meanwhile waits below, one disposed elsewhere stays (as it now is) until released — the row about
 * to be acted on never moves (useHoldWhileEngaged, as the hidden-danger and permit lists hold theirs).
 */
export function DisposeList({ scene }: { scene: ClientScene | null }) {
  const { t } = useTranslation();
  const warnings = useStore(dispatchFeedStore, (s) => s.warnings);
  const status = useStore(dispatchFeedStore, (s) => s.status);
  const user = useCoreState((s) => s.user);
  const mayDispose = user !== null && roleMay(user.role, 'warning:dispose');
  const [openId, setOpenId] = useState<string | null>(null);
  // Those waiting, and those just disposed here (shown so until the list is re-read without them).
  const listed = warnings.filter((w) => w.state === 'cleared' || (w.state === 'closed' && w.disposition)).sort((a, b) => (a.clearedAtMs ?? 0) - (b.clearedAtMs ?? 0));
  const { rows, held, ref, onFocus, onBlur } = useHeldList<HTMLUListElement, WarningView>(listed, (w) => w.warningId, openId !== null);
  return (
    <section aria-labelledby="dispose-title" data-testid="dispose-panel">
      <h3 id="dispose-title">{t('dispatch.dispose.title')}</h3>
      {status === 'loading' ? (
        <p className="empty">{t('dispatch.dispose.loading')}</p>
      ) : status === 'unavailable' ? (
        <p className="empty">{t('dispatch.dispose.unavailable')}</p>
      ) : (
        <ul className="dispose-list" ref={ref} onFocus={onFocus} onBlur={onBlur} data-testid="dispose-list" data-held={held ? 'true' : 'false'}>
          {rows.length === 0 && <li className="empty">{t('dispatch.dispose.empty')}</li>}
          {rows.map((warning) => (
            <DisposeRow key={warning.warningId} warning={warning} scene={scene} mayDispose={mayDispose} open={openId === warning.warningId} setOpen={(open) => setOpenId(open ? warning.warningId : null)} />
          ))}
        </ul>
      )}
    </section>
  );
}

function DisposeRow({ warning, scene, mayDispose, open, setOpen }: { warning: WarningView; scene: ClientScene | null; mayDispose: boolean; open: boolean; setOpen: (open: boolean) => void }) {
  const { t, i18n } = useTranslation();
  const source = describeAlarmSource(warning, scene, i18n.language, t);
  const detailButton = useRef<HTMLButtonElement>(null);
  const done = warning.disposition !== undefined;
  return (
    <li className={`dispose-row priority-${warning.priority}${done ? ' dispose-done' : ''}`} data-testid="dispose-row" data-warning-id={warning.warningId} data-state={warning.state}>
      <div className="dispose-row-head">
        <span className="priority">
          {PRIORITY_SYMBOL[warning.priority]} {t(`alarms.priority.${warning.priority}`)}
        </span>
        {source.tag !== null && <span className="tag">{source.tag}</span>}
        <span>{source.description || source.area}</span>
        <span>{t(`alarms.condition.${warning.condition}`)}</span>
        {warning.clearedAtMs !== undefined && <span className="muted">{t('dispatch.dispose.clearedAt', { time: timeText(warning.clearedAtMs, i18n.language) })}</span>}
        <span className="dispose-actions">
          {done ? (
            <span data-testid="dispose-done">{t('dispatch.dispose.recorded', { disposition: t(`dispatch.disposition.${warning.disposition!.kind}`) })}</span>
          ) : (
            mayDispose &&
            !open && (
              <button type="button" onClick={() => setOpen(true)} data-testid="dispose-start">
                {t('dispatch.dispose.start')}
              </button>
            )
          )}
          <button type="button" ref={detailButton} onClick={() => openWarnings({ kind: 'detail', warningId: warning.warningId })} data-testid="dispose-details">
            {t('dispatch.dispose.details')}
          </button>
        </span>
      </div>
      {open && !done && (
        <DisposeForm
          warning={warning}
          autoFocus
          onCancel={() => setOpen(false)}
          onDone={() => {
            setOpen(false);
            // The form goes; the keyboard stays on this row, which keeps its place.
            detailButton.current?.focus();
          }}
        />
      )}
    </li>
  );
}

/**
 * The disposition of one cleared warning: a radio group of the five kinds (arrow keys choose, Enter records, Escape
 * cancels) and an optional note. The answer goes into the feed at once, so every list shows the warning disposed.
 */
export function DisposeForm({ warning, onDone, onCancel, autoFocus = false }: { warning: WarningView; onDone: (view: WarningView) => void; onCancel?: () => void; autoFocus?: boolean }) {
  const { t } = useTranslation();
  const client = useCoreClient();
  const [choice, setChoice] = useState<Disposition | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (autoFocus) first.current?.focus();
  }, [autoFocus]);
  const submit = async () => {
    if (sending) return;
    if (choice === null) return setError(t('dispatch.dispose.chooseFirst'));
    setSending(true);
    const path = warningPath(warning.warningId);
    const answer = await client.postApi<WarningView>(`${path}/disposition`, { disposition: choice, ...(note.trim() ? { note: note.trim() } : {}) });
    setSending(false);
    if (!answer.ok) return setError(answer.message);
    const view = answer.value?.warningId === warning.warningId ? answer.value : await client.getJson<WarningView>(path);
    if (!view) return;
    dispatchFeedStore.set((s) => ({ warnings: applyWarning(s.warnings, view) }));
    onDone(view);
  };
  const name = `disposition-${warning.warningId}`;
  return (
    <form
      className="dispose-form"
      data-testid="dispose-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      onKeyDown={(event) => {
        const target = event.target as HTMLElement;
        if (event.key === 'Escape' && onCancel) {
          event.preventDefault();
          onCancel();
        } else if (event.key === 'Enter' && target instanceof HTMLInputElement && target.type === 'radio') {
          // Enter on the chosen kind records it (a radio does not submit its form by itself in every browser).
          event.preventDefault();
          void submit();
        }
      }}
    >
      <fieldset>
        <legend>{t('dispatch.dispose.choose')}</legend>
        {DISPOSITIONS.map((kind, i) => (
          <label key={kind}>
            <input ref={i === 0 ? first : undefined} type="radio" name={name} value={kind} checked={choice === kind} onChange={() => setChoice(kind)} data-testid={`dispose-${kind}`} />
            {t(`dispatch.disposition.${kind}`)}
          </label>
        ))}
      </fieldset>
      <input type="text" value={note} maxLength={RECORD_NOTE_MAX_CHARS} onChange={(e) => setNote(e.target.value)} placeholder={t('dispatch.dispose.note')} aria-label={t('dispatch.dispose.note')} data-testid="dispose-note" />
      <span className="dispose-buttons">
        <button type="submit" disabled={sending} data-testid="dispose-record">
          {t('dispatch.dispose.record')}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('dispatch.dispose.cancel')}
          </button>
        )}
        <span className="hint">{t('dispatch.dispose.hint')}</span>
      </span>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
