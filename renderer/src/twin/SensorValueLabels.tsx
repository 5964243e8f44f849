import { SENSOR_FLAGS, type Scene } from '@contracts';
import { useLiveSnapshot } from '../connection/useLiveSnapshot.js';
import { formatValue, markerLook } from './liveColours.js';
import type { ScreenTag } from './ScreenTags.js';

/** Value tags for every sensor in alarm and for the selected one (issue 4 adds zoom level of detail). */
export function useSensorValueTags(scene: Scene, selectedId: string | null): ScreenTag[] {
  const selectedIndex = selectedId === null ? -1 : scene.sensors.findIndex((s) => s.id === selectedId);
  const shown = useLiveSnapshot(
    (live) => {
      const out: { index: number; text: string; look: string }[] = [];
      scene.sensors.forEach((sensor, i) => {
        const flags = live.flags[i] ?? 0;
        if (i !== selectedIndex && !(flags & SENSOR_FLAGS.alarmActive)) return;
        out.push({ index: i, text: formatValue(live.values[i] ?? Number.NaN, sensor.unit), look: markerLook(flags).colour });
      });
      return out;
    },
    (list) => list.map((s) => `${s.index}:${s.text}:${s.look}`).join('|'),
  );
  return shown.map(({ index, text, look }) => ({
    key: scene.sensors[index]!.id,
    anchor: index,
    className: `value-tag value-${look}`,
    content: (
      <>
        <span className="tag">{scene.sensors[index]!.id}</span> {text}
      </>
    ),
  }));
}
