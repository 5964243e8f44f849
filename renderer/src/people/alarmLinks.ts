import type { Alarm } from '@contracts';

/**
 * How far apart in time a badge alarm and a camera alarm may be raised to be one event: the camera's
 * analytics need a few seconds (dwell rules up to a minute), the RTLS area check a sample or two.
 */
export const LINK_WINDOW_MS = 5 * 60_000;

/**
 * Badge alarms and camera alarms of one event, linked both ways (alarm id → linked alarm ids). The core's
 * vision fusion puts the nearest RTLS badge at the detection's ground point on the camera alarm's evidence
 * (main/vision/badgeFusion.ts); that badge's own alarms raised within LINK_WINDOW_MS are the same event
 * seen by the positioning system.
 */
export function linkedAlarms(alarms: Iterable<Alarm>): Map<string, string[]> {
  const byBadge = new Map<string, Alarm[]>();
  const cameraAlarms: Alarm[] = [];
  for (const alarm of alarms) {
    if (alarm.sourceKind === 'worker') byBadge.set(alarm.sourceId, [...(byBadge.get(alarm.sourceId) ?? []), alarm]);
    else if (alarm.sourceKind === 'camera' && alarm.evidence?.badgeId !== undefined) cameraAlarms.push(alarm);
  }
  const links = new Map<string, string[]>();
  const link = (from: string, to: string) => links.set(from, [...(links.get(from) ?? []), to]);
  for (const camera of cameraAlarms) {
    for (const badge of byBadge.get(camera.evidence!.badgeId!) ?? []) {
      if (Math.abs(badge.raisedAtMs - camera.raisedAtMs) > LINK_WINDOW_MS) continue;
      link(camera.alarmId, badge.alarmId);
      link(badge.alarmId, camera.alarmId);
    }
  }
  return links;
}
