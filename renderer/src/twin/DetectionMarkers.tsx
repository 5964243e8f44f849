import { useEffect, useState } from 'react';
import { useCoreState } from '../connection/CoreClientContext.js';
import { DETECTION_FRESH_MS } from '../panels/CameraTile.js';
import { THEME } from '../theme.js';
import { toWorld, type PlantFrame } from './plantToWorld.js';

/** Rings on the ground where cameras see people or events, from each detection's projected foot point. */
export function DetectionMarkers({ frame }: { frame: PlantFrame }) {
  const detections = useCoreState((s) => s.detections);
  // Re-check freshness every second so old rings disappear without new events.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const rings = [...detections.values()]
    .filter((event) => now - event.tsMs < DETECTION_FRESH_MS)
    .flatMap((event) => event.detections.flatMap((d, i) => (d.ground ? [{ key: `${event.cameraId}-${i}`, ground: d.ground, flagged: d.label !== 'person' && d.label !== 'helmet' }] : [])));
  return (
    <group name="detections">
      {rings.map((r) => (
        <mesh key={r.key} position={toWorld(frame, r.ground[0], r.ground[1], 0.15)} rotation={[-Math.PI / 2, 0, 0]} userData={{ kind: 'detection' }}>
          <ringGeometry args={[1.2, 1.8, 24]} />
          <meshBasicMaterial color={r.flagged ? THEME.alarm.high : THEME.selection} />
        </mesh>
      ))}
    </group>
  );
}
