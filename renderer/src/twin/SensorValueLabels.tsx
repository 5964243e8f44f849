import { useTranslation } from 'react-i18next';
import { SENSOR_FLAGS, type ClientScene } from '@contracts';
import { useLiveSnapshot } from '../connection/useLiveSnapshot.js';
import { useStore } from '../state/createStore.js';
import { hoverStore } from './hoverStore.js';
import type { LabelPriority } from './labelPlacement.js';
import { formatValue, markerLook } from './liveColours.js';
import type { ScreenTag } from './ScreenTags.js';
import { cameraProbe, selectValueTags } from './valueTagLod.js';

/**
 * Value tags with level of detail (valueTagLod.ts): alarming, selected and hovered sensors always, nearby ones as
 * you zoom in. Where tags collide, an alarm's tag keeps its place first (labelPlacement.ts).
 */
export function useSensorValueTags(scene: ClientScene, selectedId: string | null, anchors: readonly { x: number; y: number; z: number }[]): ScreenTag[] {
  const { t } = useTranslation();
  const selectedIndex = selectedId === null ? -1 : scene.sensors.findIndex((s) => s.id === selectedId);
  const hoveredIndex = useStore(hoverStore, (s) => (s.hovered?.kind === 'sensor' ? scene.sensors.findIndex((x) => x.id === s.hovered!.id) : -1));
  const shown = useLiveSnapshot(
    (live) =>
      selectValueTags({ anchors, flags: live.flags, selectedIndex, hoveredIndex, camera: cameraProbe }).map((i) => {
        const flags = live.flags[i] ?? 0;
        const priority: LabelPriority = flags & SENSOR_FLAGS.alarmActive ? 'alarming' : i === selectedIndex ? 'selected' : i === hoveredIndex ? 'hovered' : 'rest';
        return { index: i, text: formatValue(live.values[i] ?? Number.NaN, scene.sensors[i]!.unit), look: markerLook(flags).colour, outOfService: markerLook(flags).outOfService, priority };
      }),
    (list) => list.map((s) => `${s.index}:${s.text}:${s.look}:${s.outOfService}:${s.priority}`).join('|'),
  );
  return shown.map(({ index, text, look, outOfService, priority }) => ({
    key: scene.sensors[index]!.id,
    anchor: index,
    priority,
    className: `value-tag value-${look}${outOfService ? ' value-out-of-service' : ''}`,
    content: (
      <>
        <span className="tag">{scene.sensors[index]!.id}</span> {text}
        {outOfService && <span className="out-of-service-mark">{t('alarms.state.outOfService')}</span>}
      </>
    ),
  }));
}
