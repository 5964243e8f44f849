import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  PERMIT_AUTHORITIES,
  PERMIT_COUNTERSIGN_UNITS,
  PERMIT_RULES,
  PERMIT_SUSPENSION_REASONS,
  type PermitAction,
  type PermitAuthority,
  type PermitCountersignUnit,
  type PermitDetail,
  type PermitStepRequestBody,
  type PermitSuspensionReason,
  type Role,
} from '@contracts';
import { useCoreClient } from '../connection/CoreClientContext.js';
import { stepAllowedIn, stepsForRole, suspensionReasonText } from './permitText.js';

/** Reasons a person gives: the live rules sign their own suspensions ('system'), with the rule as the reason. */
const PERSON_SUSPENSION_REASONS = PERMIT_SUSPENSION_REASONS.filter((r) => !(PERMIT_RULES as readonly string[]).includes(r));
/** Steps that cannot be taken without a note (PermitStepRequestSchema): returning a permit, resuming work. */
const NOTE_REQUIRED: ReadonlySet<PermitAction> = new Set(['reject', 'resume']);
/** Steps that take a note at all. */
const NOTE_TAKEN: ReadonlySet<PermitAction> = new Set(['countersign', 'reject', 'approve', 'suspend', 'resume', 'close', 'review']);

type Draft = { action: PermitAction; authority: PermitAuthority; unit: PermitCountersignUnit; reasonCode: PermitSuspensionReason; note: string };

function stepBody(draft: Draft): PermitStepRequestBody {
  const note = draft.note.trim();
  const withNote = note.length > 0 ? { note } : {};
  switch (draft.action) {
    case 'countersign':
      return { action: 'countersign', unit: draft.unit, ...withNote };
    case 'approve':
      return { action: 'approve', authority: draft.authority, ...withNote };
    case 'suspend':
      return { action: 'suspend', reasonCode: draft.reasonCode, ...withNote };
    case 'reject':
      return { action: 'reject', note };
    case 'resume':
      return { action: 'resume', note };
    case 'close':
    case 'review':
      return { action: draft.action, ...withNote };
    case 'submit':
    case 'start':
      return { action: draft.action };
  }
}

/**
 * The lifecycle steps the user's role may take on a permit (PERMIT_TRANSITIONS), as one row of buttons always in
 * the same order and place: a `permit:changed` only enables or disables them, so a button never moves under the
 * pointer. A step asks for what it needs (approval level, countersigning unit, coded reason, note) and a second,
 * explicit "sign" (Cancel has the focus); the core's refusal is shown by its coded problem, in the UI language.
 */
export function PermitSteps({ detail, role, onSigned }: { detail: PermitDetail; role: Role; onSigned: (detail: PermitDetail) => void }) {
  const { t } = useTranslation();
  const client = useCoreClient();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const steps = stepsForRole(role);
  if (steps.length === 0) return null;
  const state = detail.permit.state;
  const open = (action: PermitAction) => {
    setOutcome(null);
    setDraft({ action, authority: 'baseUnit', unit: PERMIT_COUNTERSIGN_UNITS[0], reasonCode: 'other', note: '' });
  };
  const sign = async () => {
    if (!draft) return;
    setBusy(true);
    const result = await client.request('permit:step', { number: detail.permit.number, step: stepBody(draft) });
    setBusy(false);
    const action = t(`permits.action.${draft.action}`);
    if (result.ok) {
      setDraft(null);
      setOutcome({ ok: true, text: t('permits.step.done', { action }) });
      onSigned(result.value);
    } else setOutcome({ ok: false, text: result.message });
  };
  const noteMissing = draft !== null && NOTE_REQUIRED.has(draft.action) && draft.note.trim().length === 0;

  return (
    <section className="permit-steps" aria-label={t('permits.actions')}>
      <div className="permit-step-buttons" role="group" aria-label={t('permits.actions')}>
        {steps.map((action) => (
          <button
            key={action}
            type="button"
            aria-pressed={draft?.action === action}
            disabled={busy || !stepAllowedIn(action, state)}
            onClick={() => open(action)}
            data-testid={`permit-step-${action}`}
          >
            {t(`permits.action.${action}`)}
          </button>
        ))}
      </div>
      {draft && (
        <form
          className="permit-step-form confirm-box"
          data-testid="permit-step-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!noteMissing) void sign();
          }}
        >
          {draft.action === 'approve' && (
            <label>
              {t('permits.step.authority')}{' '}
              <select value={draft.authority} onChange={(e) => setDraft({ ...draft, authority: e.target.value as PermitAuthority })} data-testid="permit-step-authority">
                {PERMIT_AUTHORITIES.map((a) => (
                  <option key={a} value={a}>
                    {t(`permits.authority.${a}`)}
                  </option>
                ))}
              </select>
            </label>
          )}
          {draft.action === 'countersign' && (
            <label>
              {t('permits.step.unit')}{' '}
              <select value={draft.unit} onChange={(e) => setDraft({ ...draft, unit: e.target.value as PermitCountersignUnit })} data-testid="permit-step-unit">
                {PERMIT_COUNTERSIGN_UNITS.map((u) => (
                  <option key={u} value={u}>
                    {t(`permits.unit.${u}`)}
                  </option>
                ))}
              </select>
            </label>
          )}
          {draft.action === 'suspend' && (
            <label>
              {t('permits.step.reasonCode')}{' '}
              <select value={draft.reasonCode} onChange={(e) => setDraft({ ...draft, reasonCode: e.target.value as PermitSuspensionReason })} data-testid="permit-step-reason">
                {PERSON_SUSPENSION_REASONS.map((r) => (
                  <option key={r} value={r}>
                    {suspensionReasonText(r, t)}
                  </option>
                ))}
              </select>
            </label>
          )}
          {NOTE_TAKEN.has(draft.action) && (
            <label className="permit-step-note">
              {t(NOTE_REQUIRED.has(draft.action) ? 'permits.step.noteRequired' : 'permits.step.note')}{' '}
              <input type="text" maxLength={500} value={draft.note} onChange={(e) => setDraft({ ...draft, note: e.target.value })} required={NOTE_REQUIRED.has(draft.action)} data-testid="permit-step-note" />
            </label>
          )}
          <span className="permit-step-confirm">
            <button type="submit" className="confirm-yes" disabled={busy || noteMissing} data-testid="permit-step-sign">
              {t('permits.step.confirm', { action: t(`permits.action.${draft.action}`) })}
            </button>{' '}
            <button type="button" autoFocus onClick={() => setDraft(null)} data-testid="permit-step-cancel">
              {t('permits.step.cancel')}
            </button>
          </span>
        </form>
      )}
      {outcome && (
        <p className={outcome.ok ? 'permit-step-done' : 'form-error'} role={outcome.ok ? 'status' : 'alert'} data-testid={outcome.ok ? 'permit-step-done' : 'permit-step-problem'}>
          {outcome.text}
        </p>
      )}
    </section>
  );
}
