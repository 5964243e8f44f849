import type { Alarm, ClientScene, VisionEventView } from '@contracts';
import type { TFunction } from 'i18next';
import { hazardKindOfAlarm, hazardLocationOfAlarm } from './hazardText.js';
import type { ReportPrefill } from './ReportHazard.js';

/**
 * A report from an alarm row: the alarm as its source, its place, the kind its condition points at; a camera
 * alarm with an event goes in as that camera event, its snapshot attached.
 */
export function alarmReportPrefill(alarm: Alarm, scene: ClientScene, t: TFunction): ReportPrefill {
  const condition = t(`alarms.condition.${alarm.condition}`);
  const location = hazardLocationOfAlarm(alarm, scene);
  const kind = hazardKindOfAlarm(alarm.condition);
  if (alarm.sourceKind === 'camera' && alarm.evidence) {
    return { source: { kind: 'camera', cameraId: alarm.sourceId, eventId: alarm.evidence.eventId }, location: location && { ...location, placedBy: 'camera' }, kind, what: t('hazards.room.report.fromCamera'), snapshotEventId: alarm.evidence.eventId };
  }
  return { source: { kind: 'alarm', alarmId: alarm.alarmId }, location, kind, what: t('hazards.room.report.fromAlarm', { condition }) };
}

/** A report from a camera event: the event as its source, its ground point (else the camera's), its snapshot attached. */
export function cameraEventReportPrefill(event: VisionEventView, scene: ClientScene, t: TFunction): ReportPrefill {
  const camera = scene.cameras.find((c) => c.id === event.cameraId);
  const point: [number, number] | null = event.ground ? [event.ground.x, event.ground.y] : camera ? [camera.position.x, camera.position.y] : null;
  const located = point === null ? null : hazardLocationOfAlarm({ location: { x: point[0], y: point[1] }, sourceKind: 'camera', sourceId: event.cameraId, areaId: undefined }, scene);
  const kind = event.rule === 'ppe' ? 'ppe' : 'unsafeAct';
  return {
    source: { kind: 'camera', cameraId: event.cameraId, eventId: event.id },
    location: located && { ...located, placedBy: 'camera' },
    kind,
    what: t('hazards.room.report.fromCamera'),
    ...(event.snapshotHref?.startsWith('/api/') && { snapshotEventId: event.id }),
  };
}
