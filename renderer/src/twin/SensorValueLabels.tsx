import { useTranslation } from 'react-i18next';
import type { ClientScene } from '@contracts';
import { useLiveSnapshot } from '../connection/useLiveSnapshot.js';
import { formatValue, markerLook } from './liveColours.js';
import type { ScreenTag } from './ScreenTags.js';
import { cameraProbe, selectValueTags } from './valueTagLod.js';

/** Value tags with level of detail (valueTagLod.ts): alarming and selected sensors always, nearby ones as you zoom in. */
export function useSensorValueTags(scene: ClientScene, selectedId: string | null, anchors: readonly { x: number; y: number; z: number }[]): ScreenTag[] {
  const { t } = useTranslation();
  const selectedIndex = selectedId === null ? -1 : scene.sensors.findIndex((s) => s.id === selectedId);
  const shown = useLiveSnapshot(
    (live) =>
      selectValueTags({ anchors, flags: live.flags, selectedIndex, camera: cameraProbe }).map((i) => ({
        index: i,
        text: formatValue(live.values[i] ?? Number.NaN, scene.sensors[i]!.unit),
        look: markerLook(live.flags[i] ?? 0).colour,
        outOfService: markerLook(live.flags[i] ?? 0).outOfService,
      })),
    (list) => list.map((s) => `${s.index}:${s.text}:${s.look}:${s.outOfService}`).join('|'),
  );
  return shown.map(({ index, text, look, outOfService }) => ({
    key: scene.sensors[index]!.id,
    anchor: index,
    className: `value-tag value-${look}${outOfService ? ' value-out-of-service' : ''}`,
    content: (
      <>
        <span className="tag">{scene.sensors[index]!.id}</span> {text}
        {outOfService && <span className="out-of-service-mark">{t('alarms.state.outOfService')}</span>}
      </>
    ),
  }));
}
