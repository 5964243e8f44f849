import { openWarnings } from '../dispatch/dispatchFeed.js';
import { openHazard } from '../hazards/hazardFeed.js';
import { openPermits } from '../permits/permitPanelStore.js';

/**
 * A link to one record (the manager view's drill-down, GET /api/indicators/<id>/records hrefs): `?hazard=<number>`,
 * `?permit=<number>`, `?warning=<id>` open the control room's tab on it. The first one named wins.
 */
export function openRecordFromQuery(query: URLSearchParams): void {
  const hazard = query.get('hazard');
  const permit = query.get('permit');
  const warning = query.get('warning');
  if (hazard) openHazard(hazard);
  else if (permit) openPermits(permit);
  else if (warning) openWarnings({ kind: 'detail', warningId: warning });
}
