import { useTranslation } from 'react-i18next';
import type { ClientCamera } from '@contracts';
import { localized } from '../i18n/i18n.js';
import { useStore } from '../state/createStore.js';
import { evidenceFocusStore } from './evidenceFocus.js';
import { useEvidence } from './useEvidence.js';
import './cameras.css';

/** The snapshot of the camera event a record link named, in the camera's details (nothing when the link named none). */
export function LinkedEventEvidence({ camera }: { camera: ClientCamera }) {
  const { t, i18n } = useTranslation();
  const focus = useStore(evidenceFocusStore, (s) => s.focus);
  const eventId = focus?.cameraId === camera.id ? focus.eventId : undefined;
  const snapshot = useEvidence(eventId, 'snapshot', eventId !== undefined);
  if (eventId === undefined) return null;
  const name = localized(camera.name, i18n.language) || camera.id;
  return (
    <figure className="linked-event-evidence" data-testid="linked-event-evidence" data-event-id={eventId} data-state={snapshot ? 'ready' : 'loading'}>
      <figcaption>{t('vision.linkedEvent', { camera: name })}</figcaption>
      {snapshot && <img src={snapshot} alt={t('vision.snapshotOf', { camera: name })} data-testid="linked-event-snapshot" />}
    </figure>
  );
}
