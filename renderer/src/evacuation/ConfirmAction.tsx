import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A button whose action runs only after an explicit second step (issue 12.3: ordering and ending
 * an evacuation took one click). The question names what will happen; Cancel has the focus, so an
 * Enter pressed by habit does not confirm.
 */
export function ConfirmAction({ label, question, confirmLabel, onConfirm, testId, disabled = false }: { label: string; question: string; confirmLabel: string; onConfirm: () => void; testId: string; disabled?: boolean }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)} disabled={disabled} data-testid={testId}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm-box" role="alertdialog" aria-label={question} data-testid={`${testId}-confirm`}>
      <strong>{question}</strong>{' '}
      <button
        type="button"
        className="confirm-yes"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
        data-testid={`${testId}-yes`}
      >
        {confirmLabel}
      </button>{' '}
      <button type="button" autoFocus onClick={() => setAsking(false)} data-testid={`${testId}-cancel`}>
        {t('evacuation.confirm.cancel')}
      </button>
    </span>
  );
}
