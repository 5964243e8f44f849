import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { MIN_REASON_CHARACTERS } from '@contracts';

/** ISA-18.2 §16.5: shelving needs a reason and ends by itself; these are the offered durations. */
const SHELVE_DURATIONS_MIN = [15, 60, 240, 480];

/** Characters as a reader counts them (code points): 维修 is two, as the core counts it (ActionReasonSchema). */
const reasonLongEnough = (reason: string) => [...reason.trim()].length >= MIN_REASON_CHARACTERS;

/**
 * A reason for the record, then submit: shelving, removal from service. The length rule is the core's,
 * checked here in characters, so a two-character Chinese reason is accepted (the browser's minLength
 * counts UTF-16 units and would disagree for some scripts).
 */
function ReasonForm({ submitLabel, onSubmit, onCancel, children, testId }: { submitLabel: string; onSubmit: (reason: string) => void; onCancel: () => void; children?: ReactNode; testId: string }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reasonLongEnough(reason)) return setTooShort(true);
    onSubmit(reason.trim());
  };
  return (
    <form className="shelve-form" onSubmit={submit} data-testid={testId}>
      <label>
        {t('alarms.shelveReason')}
        <input value={reason} onChange={(e) => (setReason(e.target.value), setTooShort(false))} required maxLength={500} aria-invalid={tooShort} autoFocus />
      </label>
      {children}
      {tooShort && (
        <span className="form-error" role="alert">
          {t('alarmHandling.reasonTooShort')}
        </span>
      )}
      <button type="submit">{submitLabel}</button>
      <button type="button" onClick={onCancel}>
        {t('alarms.cancel')}
      </button>
    </form>
  );
}

export function ShelveForm({ onSubmit, onCancel }: { onSubmit: (reason: string, durationMin: number) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [durationMin, setDurationMin] = useState(SHELVE_DURATIONS_MIN[1]!);
  return (
    <ReasonForm testId="shelve-form" submitLabel={t('alarms.shelve')} onSubmit={(reason) => onSubmit(reason, durationMin)} onCancel={onCancel}>
      <label>
        {t('alarms.shelveDuration')}
        <select value={durationMin} onChange={(e) => setDurationMin(Number(e.target.value))}>
          {SHELVE_DURATIONS_MIN.map((m) => (
            <option key={m} value={m}>
              {t('alarms.minutes', { count: m })}
            </option>
          ))}
        </select>
      </label>
    </ReasonForm>
  );
}

/** ISA-18.2: removal from service, and the return to it, are authorised acts with a reason on the record. */
export function RemoveFromServiceForm({ tag, returning, onSubmit, onCancel }: { tag: string; returning: boolean; onSubmit: (reason: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const label = returning ? t('alarmHandling.outOfService.returnNamed', { tag }) : t('alarmHandling.outOfService.removeNamed', { tag });
  return <ReasonForm testId="remove-form" submitLabel={label} onSubmit={onSubmit} onCancel={onCancel} />;
}
