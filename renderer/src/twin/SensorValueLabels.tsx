import { Html } from '@react-three/drei';
import { SENSOR_FLAGS, type Scene } from '@contracts';
import { useLiveSnapshot } from '../connection/useLiveSnapshot.js';
import { formatValue, markerLook } from './liveColours.js';
import { toWorld, type PlantFrame } from './plantToWorld.js';

type Shown = { index: number; text: string; look: string };

/** Live value tags for every sensor in alarm, and for the selected one (values on demand: issue 4 adds zoom LOD). */
export function SensorValueLabels({ scene, frame, selectedId }: { scene: Scene; frame: PlantFrame; selectedId: string | null }) {
  const selectedIndex = selectedId === null ? -1 : scene.sensors.findIndex((s) => s.id === selectedId);
  const shown = useLiveSnapshot<Shown[]>(
    (live) => {
      const out: Shown[] = [];
      scene.sensors.forEach((sensor, i) => {
        const flags = live.flags[i] ?? 0;
        if (i !== selectedIndex && !(flags & SENSOR_FLAGS.alarmActive)) return;
        out.push({ index: i, text: formatValue(live.values[i] ?? Number.NaN, sensor.unit), look: markerLook(flags).colour });
      });
      return out;
    },
    (list) => list.map((s) => `${s.index}:${s.text}:${s.look}`).join('|') + `#${selectedIndex}`,
  );
  return (
    <>
      {shown.map(({ index, text, look }) => {
        const sensor = scene.sensors[index]!;
        return (
          <Html key={sensor.id} position={toWorld(frame, sensor.position.x, sensor.position.y, sensor.mountingHeightM + 3)} center className={`value-tag value-${look}`} zIndexRange={[20, 10]}>
            <span className="tag">{sensor.id}</span> {text}
          </Html>
        );
      })}
    </>
  );
}
