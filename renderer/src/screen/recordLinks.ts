import { ALARM_SOURCE_KINDS, type AlarmSourceKind } from '@contracts';
import { evidenceFocusStore } from '../cameras/evidenceFocus.js';
import { openWarnings } from '../dispatch/dispatchFeed.js';
import { openHazard } from '../hazards/hazardFeed.js';
import { trendFocusStore } from '../panels/trendFocus.js';
import { openPermits } from '../permits/permitPanelStore.js';
import { select } from '../state/uiStore.js';

/**
 * A link to one record (the manager view's drill-down, GET /api/indicators/<id>/records hrefs): `?hazard=<number>`,
 * `?permit=<number>`, `?warning=<id>` open the control room's tab on it; `?alarm=<sourceId:condition>&at=<ms>&source=<kind>`
 * selects the alarm's source and opens its details (a sensor's trend on the hour around the alarm), a permit's or a
 * ticket's alarm its record; `?cameraEvent=<id>&camera=<id>` selects the camera, whose details show that event's
 * snapshot (LinkedEventEvidence). The first one named wins. (`?view=manager&incident=<id>` is the manager view's: IncidentLog.)
 */
export function openRecordFromQuery(query: URLSearchParams): void {
  const hazard = query.get('hazard');
  const permit = query.get('permit');
  const warning = query.get('warning');
  const alarm = query.get('alarm');
  const cameraEvent = query.get('cameraEvent');
  const camera = query.get('camera');
  if (hazard) openHazard(hazard);
  else if (permit) openPermits(permit);
  else if (warning) openWarnings({ kind: 'detail', warningId: warning });
  else if (alarm) openAlarmSource(alarm, query.get('source'), Number(query.get('at')));
  else if (cameraEvent && camera) {
    evidenceFocusStore.set({ focus: { cameraId: camera, eventId: cameraEvent } });
    select({ kind: 'camera', id: camera }, true);
  }
}

function openAlarmSource(alarmId: string, source: string | null, atMs: number): void {
  // An alarm's id is `${sourceId}:${condition}` (alarmIdText); its source kind says which screen holds the source.
  const at = alarmId.lastIndexOf(':');
  const sourceId = at > 0 ? alarmId.slice(0, at) : alarmId;
  const kind = (ALARM_SOURCE_KINDS as readonly string[]).includes(source ?? '') ? (source as AlarmSourceKind) : null;
  switch (kind) {
    case 'sensor':
      if (Number.isFinite(atMs) && atMs > 0) trendFocusStore.set({ focus: { sensorId: sourceId, atMs } });
      select({ kind: 'sensor', id: sourceId }, true);
      break;
    case 'area':
    case 'camera':
    case 'worker':
      select({ kind, id: sourceId }, true);
      break;
    case 'permit':
      openPermits(sourceId);
      break;
    case 'hazard':
      openHazard(sourceId);
      break;
    case 'person':
    case 'inspection':
    case 'indicator':
    case null:
      // No control-room screen holds these sources: the link leaves the screen as it is.
      break;
  }
}
