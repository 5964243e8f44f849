import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alarm } from '@contracts';
import { useCoreState } from '../connection/CoreClientContext.js';
import { SimulatedTag, useBadgeLabel } from './CameraStatus.js';
import { useEvidence } from './useEvidence.js';
import { placeText } from '../people/personText.js';

/**
 * A camera alarm's evidence in the alarm list: the snapshot (opened on demand), where it was seen (area
 * and nearest landmark, never raw coordinates), the linked badge, and SIMULATED for the demo's stand-in analytics.
 */
export function AlarmEvidence({ alarm }: { alarm: Alarm }) {
  const { t, i18n } = useTranslation();
  const scene = useCoreState((s) => s.scene);
  const badgeLabel = useBadgeLabel(scene);
  const [open, setOpen] = useState(false);
  const evidence = alarm.evidence;
  const ours = evidence?.snapshotHref?.startsWith('/api/') ?? false;
  const snapshot = useEvidence(evidence?.eventId, 'snapshot', open && ours);
  if (!evidence && !alarm.location) return null;
  return (
    <span className="alarm-evidence" data-testid={`alarm-evidence-${alarm.alarmId}`}>
      {evidence?.source === 'simulated' && <SimulatedTag />}
      {alarm.location && scene && <span data-testid="alarm-location">{placeText(scene, alarm.location, i18n.language, t)}</span>}
      {evidence?.badgeId !== undefined && <span>{badgeLabel(evidence.badgeId)}</span>}
      {ours && (
        <button type="button" className="link" onClick={() => setOpen(!open)} data-testid={`alarm-snapshot-${alarm.alarmId}`}>
          {open ? t('vision.hideSnapshot') : t('vision.showSnapshot')}
        </button>
      )}
      {evidence?.snapshotHref && !ours && (
        <a href={evidence.snapshotHref} target="_blank" rel="noreferrer">
          {t('vision.nvrSnapshot')}
        </a>
      )}
      {open && snapshot && <img src={snapshot} alt={t('vision.snapshotOf', { camera: alarm.sourceId })} data-testid="alarm-snapshot-image" />}
    </span>
  );
}
