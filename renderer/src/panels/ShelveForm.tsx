import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

/** ISA-18.2 §16.5: shelving needs a reason and ends by itself; these are the offered durations. */
const SHELVE_DURATIONS_MIN = [15, 60, 240, 480];

export function ShelveForm({ onSubmit, onCancel }: { onSubmit: (reason: string, durationMin: number) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [durationMin, setDurationMin] = useState(SHELVE_DURATIONS_MIN[1]!);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(reason.trim(), durationMin);
  };
  return (
    <form className="shelve-form" onSubmit={submit} data-testid="shelve-form">
      <label>
        {t('alarms.shelveReason')}
        <input value={reason} onChange={(e) => setReason(e.target.value)} minLength={3} required autoFocus />
      </label>
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
      <button type="submit">{t('alarms.shelve')}</button>
      <button type="button" onClick={onCancel}>
        {t('alarms.cancel')}
      </button>
    </form>
  );
}
