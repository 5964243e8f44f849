import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The manager view's dialogs: over the view, focused on opening, closed with Escape or the close button. */
export function ManagerDialog({ title, onClose, testId, children }: { title: string; onClose: () => void; testId: string; children: ReactNode }) {
  const { t } = useTranslation();
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => root.current?.focus(), []);
  return (
    <div className="manager-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div className="manager-dialog" role="dialog" aria-modal="true" aria-label={title} data-testid={testId} ref={root} tabIndex={-1} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
        <header className="manager-dialog-head">
          <h2>{title}</h2>
          <button type="button" onClick={onClose} data-testid={`${testId}-close`}>
            {t('manager.explain.close')}
          </button>
        </header>
        {children}
      </div>
    </div>
  );
}
