import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { API_PATHS, HAZARD_TICKET_GRADES, type CheckItem, type Checkpoint, type InspectionRound } from '@contracts';
import { useCoreClient } from '../../connection/CoreClientContext.js';
import { downscalePhoto, uploadMedia } from './reportMedia.js';
import { answerStanding, checkpointResults, EMPTY_ANSWER, type AnswerProblem, type ItemAnswer } from './roundModel.js';

/** What POST …/results answers: the round as it now stands and the tickets its failed items opened. */
export type ResultsAnswer = { round: InspectionRound; revision: number; openedTickets: string[] };

/** A reading item's normal range in words, with its unit. */
function rangeText(item: Extract<CheckItem, { kind: 'reading' }>, t: TFunction): string {
  if (item.min !== undefined && item.max !== undefined) return t('hazards.phone.rounds.range.both', { min: item.min, max: item.max, unit: item.unit });
  return item.min !== undefined ? t('hazards.phone.rounds.range.min', { min: item.min, unit: item.unit }) : t('hazards.phone.rounds.range.max', { max: item.max, unit: item.unit });
}

/**
 * An abnormal item's photo: taken with the back camera, downscaled in the browser (reportMedia) and sent at once;
 * its thumbnail shown from the JPEG sent. One photo per item: the ticket the failure opens carries it.
 */
function ItemPhoto({ itemId, photo, onPhoto, onBusy }: { itemId: string; photo: ItemAnswer['photo']; onPhoto: (photo: ItemAnswer['photo']) => void; onBusy: (busy: boolean) => void }) {
  const { t } = useTranslation();
  const client = useCoreClient();
  const [state, setState] = useState<{ phase: 'idle' } | { phase: 'sending' } | { phase: 'failed'; message: string }>({ phase: 'idle' });
  const [thumbUrl, setThumbUrl] = useState<string | null>(null);
  useEffect(() => () => void (thumbUrl && URL.revokeObjectURL(thumbUrl)), [thumbUrl]);
  // The checklist waits for a photo on its way: sent without it, the ticket would carry none.
  useEffect(() => onBusy(state.phase === 'sending'), [onBusy, state.phase]);
  useEffect(() => () => onBusy(false), [onBusy]);

  const take = async (file: File) => {
    setState({ phase: 'sending' });
    let jpeg: Blob;
    try {
      jpeg = await downscalePhoto(file);
    } catch {
      return setState({ phase: 'failed', message: t('hazards.phone.photos.unreadable') });
    }
    setThumbUrl(URL.createObjectURL(jpeg));
    const answer = await uploadMedia(client, jpeg);
    if (!answer.ok) return setState({ phase: 'failed', message: answer.message });
    setState({ phase: 'idle' });
    onPhoto({ ref: answer.ref, kind: 'photo', stage: 'report', takenAtMs: file.lastModified > 0 ? Math.min(file.lastModified, Date.now()) : Date.now() });
  };
  return (
    <div className="round-photo">
      {!photo && (
        <label className={`report-photo-button${state.phase === 'sending' ? ' disabled' : ''}`}>
          {t(state.phase === 'sending' ? 'hazards.phone.rounds.photoSending' : 'hazards.phone.rounds.takePhoto')}
          <input
            type="file"
            accept="image/*"
            capture="environment"
            disabled={state.phase === 'sending'}
            data-testid={`round-photo-input-${itemId}`}
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file) void take(file);
            }}
          />
        </label>
      )}
      {photo && thumbUrl && (
        <div className="round-photo-thumb" data-testid={`round-photo-${itemId}`}>
          <img src={thumbUrl} alt={t('hazards.phone.rounds.photoSent')} />
          <span>{t('hazards.phone.rounds.photoSent')}</span>
          <button type="button" onClick={() => onPhoto(null)} aria-label={t('hazards.phone.rounds.removePhoto')}>
            ×
          </button>
        </div>
      )}
      {state.phase === 'failed' && (
        <p className="form-error" role="alert">
          {state.message}
        </p>
      )}
    </div>
  );
}

/** One check item: the judgement (正常/异常) or the reading with its normal range, and for an abnormal one urgency, photo and note. */
function ItemRow({ item, answer, problem, onAnswer, onBusy }: { item: CheckItem; answer: ItemAnswer; problem: AnswerProblem['problem'] | undefined; onAnswer: (change: Partial<ItemAnswer>) => void; onBusy: (busy: boolean) => void }) {
  const { t } = useTranslation();
  const standing = answerStanding(item, answer);
  return (
    <li className="round-item" data-testid={`round-item-${item.id}`} data-standing={standing}>
      <p className="round-item-text">{item.text}</p>
      {item.kind === 'judgement' ? (
        <div className="report-choice" role="group">
          <button type="button" aria-pressed={answer.ok === true} onClick={() => onAnswer({ ok: true })} data-testid={`round-normal-${item.id}`}>
            {t('hazards.phone.rounds.normal')}
          </button>
          <button type="button" className="round-abnormal" aria-pressed={answer.ok === false} onClick={() => onAnswer({ ok: false })} data-testid={`round-abnormal-${item.id}`}>
            {t('hazards.phone.rounds.abnormal')}
          </button>
        </div>
      ) : (
        <label className="round-reading">
          <span>{t('hazards.phone.rounds.reading', { unit: item.unit })}</span>
          <input inputMode="decimal" autoComplete="off" value={answer.reading} onChange={(e) => onAnswer({ reading: e.target.value })} data-testid={`round-reading-${item.id}`} />
          <span className="report-hint">{rangeText(item, t)}</span>
        </label>
      )}
      {item.kind === 'reading' && standing === 'abnormal' && (
        <p className="round-out-of-range" role="status" data-testid={`round-out-of-range-${item.id}`}>
          {t('hazards.phone.rounds.outOfRange')}
        </p>
      )}
      {standing === 'abnormal' && (
        <div className="round-finding">
          <span className="report-label">{t('hazards.phone.rounds.urgency')}</span>
          <div className="report-choice" role="group">
            {HAZARD_TICKET_GRADES.map((grade) => (
              <button key={grade} type="button" aria-pressed={answer.urgency === grade} onClick={() => onAnswer({ urgency: grade })} data-testid={`round-urgency-${item.id}-${grade}`}>
                {t(`hazards.phone.rounds.urgencyLevel.${grade}`)}
              </button>
            ))}
          </div>
          <span className="report-label">{t('hazards.phone.rounds.photo')}</span>
          <ItemPhoto itemId={item.id} photo={answer.photo} onPhoto={(photo) => onAnswer({ photo })} onBusy={onBusy} />
          <label>
            <span className="report-label">{answer.urgency === 'major' ? t('hazards.phone.rounds.majorNote') : t('hazards.phone.rounds.note')}</span>
            <textarea rows={2} value={answer.note} onChange={(e) => onAnswer({ note: e.target.value })} placeholder={t('hazards.phone.rounds.noteHint')} data-testid={`round-note-${item.id}`} />
          </label>
        </div>
      )}
      {problem && (
        <p className="form-error" role="alert" data-testid={`round-problem-${item.id}`}>
          {t(`hazards.phone.rounds.problem.${problem}`)}
        </p>
      )}
    </li>
  );
}

/**
 * The checklist (检查项) of a checkpoint the inspector has checked in at: every item answered, then the results
 * sent together (POST …/results); a failed item opens a hidden-danger ticket, whose number comes back.
 */
export function Checklist({ roundId, checkpoint, onSent }: { roundId: string; checkpoint: Checkpoint; onSent: (answer: ResultsAnswer) => void }) {
  const { t } = useTranslation();
  const client = useCoreClient();
  const [answers, setAnswers] = useState<Record<string, ItemAnswer>>({});
  const [tried, setTried] = useState(false);
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const sendingRef = useRef(false);
  // Items whose photo is being prepared or sent.
  const [busyItems, setBusyItems] = useState<ReadonlySet<string>>(new Set());
  const busyFor = useMemo(() => {
    const setters = new Map<string, (busy: boolean) => void>();
    return (itemId: string) => {
      if (!setters.has(itemId))
        setters.set(itemId, (busy) =>
          setBusyItems((items) => {
            if (items.has(itemId) === busy) return items;
            const next = new Set(items);
            if (busy) next.add(itemId);
            else next.delete(itemId);
            return next;
          }),
        );
      return setters.get(itemId)!;
    };
  }, []);
  const uploading = busyItems.size > 0;

  const checked = checkpointResults(checkpoint, answers);
  const problems = tried && !checked.ok ? checked.problems : [];
  const answer = (itemId: string, change: Partial<ItemAnswer>) => setAnswers((all) => ({ ...all, [itemId]: { ...(all[itemId] ?? EMPTY_ANSWER), ...change } }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    // A second tap while the first is on its way would send the results twice (two tickets for one finding).
    if (!checked.ok || sendingRef.current || uploading) return;
    sendingRef.current = true;
    setSending(true);
    setRefusal(null);
    const sent = await client.postApi<ResultsAnswer>(`${API_PATHS.inspections}/rounds/${encodeURIComponent(roundId)}/results`, { results: checked.results });
    sendingRef.current = false;
    setSending(false);
    if (!sent.ok) return setRefusal(sent.message);
    onSent(sent.value);
  };

  return (
    <form className="report-field round-checklist" onSubmit={(e) => void submit(e)} noValidate data-testid="round-checklist">
      <span className="report-label">{t('hazards.phone.rounds.items')}</span>
      <ul className="round-items">
        {checkpoint.items.map((item) => (
          <ItemRow key={item.id} item={item} answer={answers[item.id] ?? EMPTY_ANSWER} problem={problems.find((p) => p.itemId === item.id)?.problem} onAnswer={(change) => answer(item.id, change)} onBusy={busyFor(item.id)} />
        ))}
      </ul>
      {refusal && (
        <p className="form-error" role="alert" data-testid="round-refusal">
          {refusal}
        </p>
      )}
      <button type="submit" className="report-send" disabled={sending || uploading} data-testid="round-submit">
        {t(sending ? 'hazards.phone.rounds.submitting' : uploading ? 'hazards.phone.waitUploads' : 'hazards.phone.rounds.submit')}
      </button>
    </form>
  );
}
