import { useTranslation } from 'react-i18next';
import { useCoreState } from '../connection/CoreClientContext.js';
import { select } from '../state/uiStore.js';
import { personLabel } from './personText.js';

/** A person named in any list (leak zone, missing list, worker card): a click flies to them. */
export function PersonLink({ badgeId }: { badgeId: string }) {
  const { t } = useTranslation();
  const scene = useCoreState((s) => s.scene);
  const role = useCoreState((s) => s.user?.role ?? null);
  const label = personLabel(scene, role, badgeId, t);
  return (
    <button type="button" className="person-link" data-testid="person-link" data-badge-id={badgeId} title={t('people.strip.locate', { who: label })} onClick={() => select({ kind: 'worker', id: badgeId }, true)}>
      {label}
    </button>
  );
}
