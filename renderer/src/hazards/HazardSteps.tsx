import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HAZARD_TICKET_GRADES, HAZARD_TICKET_TRANSITIONS, roleMay, type HazardMedia, type HazardStepRequest, type HazardTicketDetail, type HazardTicketGrade } from '@contracts';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { mediaPath, ticketPath } from './hazardFeed.js';

type StepAction = HazardStepRequest['action'];
/** Every step in one fixed order: a button keeps its place; the ones this user may not take now are disabled. */
const STEP_ORDER = Object.keys(HAZARD_TICKET_TRANSITIONS) as StepAction[];
/** Steps the contract refuses without a note (HazardStepRequestSchema): rectify says what was done, a return why. */
const NOTE_REQUIRED: ReadonlySet<StepAction> = new Set(['rectify', 'returnForRework']);

type Draft = { action: StepAction; grade: HazardTicketGrade; majorBasis: string; deadline: string; reason: 'duplicate' | 'invalid'; duplicateOf: string; assignee: string; note: string; photos: File[] };

/** The request the draft stands for; null while something it needs is missing. */
function stepBody(draft: Draft, media: HazardMedia[]): HazardStepRequest | null {
  const note = draft.note.trim();
  const withNote = note.length > 0 ? { note } : {};
  switch (draft.action) {
    case 'accept': {
      const basis = draft.majorBasis.trim();
      if (draft.grade === 'major' && basis.length === 0) return null;
      const deadlineMs = draft.deadline === '' ? undefined : new Date(draft.deadline).getTime();
      return { action: 'accept', grade: draft.grade, ...(draft.grade === 'major' && { majorBasis: basis }), ...(deadlineMs !== undefined && Number.isFinite(deadlineMs) && { deadlineMs }), ...withNote };
    }
    case 'reject':
      if (draft.reason === 'duplicate') return draft.duplicateOf.trim() === '' ? null : { action: 'reject', reason: 'duplicate', duplicateOf: draft.duplicateOf.trim(), ...withNote };
      return note === '' ? null : { action: 'reject', reason: 'invalid', note };
    case 'assign':
      return draft.assignee.trim() === '' ? null : { action: 'assign', assignee: draft.assignee.trim(), ...withNote };
    case 'rectify':
      return note === '' || (media.length === 0 && draft.photos.length === 0) ? null : { action: 'rectify', note, media };
    case 'verify':
      return { action: 'verify', ...withNote };
    case 'returnForRework':
      return note === '' ? null : { action: 'returnForRework', note };
  }
}

/**
 * The steps of a ticket (HAZARD_TICKET_TRANSITIONS) this user may take now — the register says which (`steps`) —
 * as one row of buttons in a fixed order; a step asks for what it needs (grade, deadline, reason, assignee, note,
 * after photos uploaded first to /api/hazards/media) and an explicit "sign". A refusal is shown by its coded
 * problem in the UI language.
 */
export function HazardSteps({ detail, onSigned }: { detail: HazardTicketDetail; onSigned: (detail: HazardTicketDetail) => void }) {
  const { t } = useTranslation();
  const client = useCoreClient();
  const user = useCoreState((s) => s.user);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [busy, setBusy] = useState<'uploading' | 'signing' | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const { ticket } = detail;
  // The steps this role has at all are shown; those the state does not allow now stay in place, disabled.
  const shown = STEP_ORDER.filter((a) => detail.steps.includes(a) || (user !== null && roleMay(user.role, HAZARD_TICKET_TRANSITIONS[a].needs)));
  if (shown.length === 0) return null;
  const open = (action: StepAction) => {
    setOutcome(null);
    setDraft({ action, grade: ticket.grade, majorBasis: ticket.majorBasis ?? '', deadline: '', reason: 'invalid', duplicateOf: detail.likelyDuplicates[0]?.number ?? '', assignee: '', note: '', photos: [] });
  };
  const sign = async () => {
    if (!draft) return;
    const media: HazardMedia[] = [];
    if (draft.action === 'rectify') {
      setBusy('uploading');
      for (const photo of draft.photos) {
        const stored = await client.postBytes<{ ref: string; kind: 'photo' | 'voice' }>(mediaPath(), photo);
        if (!stored.ok) {
          setBusy(null);
          return setOutcome({ ok: false, text: stored.message });
        }
        media.push({ ref: stored.value.ref, kind: stored.value.kind, stage: 'rectification', takenAtMs: photo.lastModified || Date.now() });
      }
    }
    const body = stepBody(draft, media);
    if (!body) return setBusy(null);
    setBusy('signing');
    const result = await client.postApi<HazardTicketDetail>(`${ticketPath(ticket.number)}/steps`, body);
    setBusy(null);
    const action = t(`hazards.action.${draft.action}`);
    if (result.ok) {
      setDraft(null);
      setOutcome({ ok: true, text: t('hazards.room.step.done', { action }) });
      onSigned(result.value);
    } else setOutcome({ ok: false, text: result.message });
  };
  // A rectification's photos are uploaded on signing: until then, chosen files stand for them.
  const ready = draft !== null && (draft.action === 'rectify' ? draft.note.trim() !== '' && draft.photos.length > 0 : stepBody(draft, []) !== null);
  const noteLabel = draft && (NOTE_REQUIRED.has(draft.action) || (draft.action === 'reject' && draft.reason === 'invalid')) ? t('hazards.room.step.noteRequired') : t('hazards.room.step.note');

  return (
    <section className="hazard-steps" aria-label={t('hazards.room.detail.steps')}>
      <div className="hazard-step-buttons" role="group" aria-label={t('hazards.room.detail.steps')}>
        {shown.map((action) => (
          <button key={action} type="button" aria-pressed={draft?.action === action} disabled={busy !== null || !detail.steps.includes(action)} onClick={() => open(action)} data-testid={`hazard-step-${action}`}>
            {t(`hazards.action.${action}`)}
          </button>
        ))}
      </div>
      {draft && (
        <form
          className="hazard-step-form confirm-box"
          data-testid="hazard-step-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (ready) void sign();
          }}
        >
          {draft.action === 'accept' && (
            <>
              <label>
                {t('hazards.room.step.grade')}{' '}
                <select value={draft.grade} onChange={(e) => setDraft({ ...draft, grade: e.target.value as HazardTicketGrade })} data-testid="hazard-step-grade">
                  {HAZARD_TICKET_GRADES.map((g) => (
                    <option key={g} value={g}>
                      {t(`hazards.grade.${g}`)}
                    </option>
                  ))}
                </select>
              </label>
              {draft.grade === 'major' && (
                <label>
                  {t('hazards.room.step.majorBasis')} <input value={draft.majorBasis} maxLength={2000} onChange={(e) => setDraft({ ...draft, majorBasis: e.target.value })} data-testid="hazard-step-basis" />
                </label>
              )}
              <label>
                {t('hazards.room.step.deadline')} <input type="datetime-local" value={draft.deadline} onChange={(e) => setDraft({ ...draft, deadline: e.target.value })} data-testid="hazard-step-deadline" />
              </label>
            </>
          )}
          {draft.action === 'reject' && (
            <>
              <label>
                {t('hazards.room.step.reason')}{' '}
                <select value={draft.reason} onChange={(e) => setDraft({ ...draft, reason: e.target.value as Draft['reason'] })} data-testid="hazard-step-reason">
                  <option value="invalid">{t('hazards.room.step.invalid')}</option>
                  <option value="duplicate">{t('hazards.room.step.duplicateOf')}</option>
                </select>
              </label>
              {draft.reason === 'duplicate' && (
                <label>
                  {t('hazards.room.step.duplicateOf')} <input value={draft.duplicateOf} maxLength={64} list="hazard-duplicate-numbers" onChange={(e) => setDraft({ ...draft, duplicateOf: e.target.value })} data-testid="hazard-step-duplicate" />
                  <datalist id="hazard-duplicate-numbers">
                    {detail.likelyDuplicates.map((d) => (
                      <option key={d.number} value={d.number} />
                    ))}
                  </datalist>
                </label>
              )}
            </>
          )}
          {draft.action === 'assign' && (
            <label>
              {t('hazards.room.step.assignee')} <input value={draft.assignee} maxLength={128} onChange={(e) => setDraft({ ...draft, assignee: e.target.value })} data-testid="hazard-step-assignee" />
            </label>
          )}
          {draft.action === 'rectify' && (
            <label>
              {t('hazards.room.step.afterPhoto')}{' '}
              <input type="file" accept="image/jpeg,image/png" multiple onChange={(e) => setDraft({ ...draft, photos: [...(e.target.files ?? [])].slice(0, 10) })} data-testid="hazard-step-photo" />
            </label>
          )}
          <label className="hazard-step-note">
            {noteLabel} <input value={draft.note} maxLength={2000} onChange={(e) => setDraft({ ...draft, note: e.target.value })} data-testid="hazard-step-note" />
          </label>
          {draft.action === 'rectify' && draft.photos.length === 0 && <span className="muted">{t('hazards.room.step.needPhoto')}</span>}
          <button type="button" autoFocus onClick={() => setDraft(null)}>
            {t('hazards.room.step.cancel')}
          </button>
          <button type="submit" disabled={!ready || busy !== null} data-testid="hazard-step-sign">
            {busy === 'uploading' ? t('hazards.room.step.uploading') : t('hazards.room.step.sign')}
          </button>
        </form>
      )}
      {outcome && (
        <p className={outcome.ok ? 'hazard-step-done' : 'form-error'} role={outcome.ok ? 'status' : 'alert'} data-testid="hazard-step-outcome">
          {outcome.text}
        </p>
      )}
    </section>
  );
}
