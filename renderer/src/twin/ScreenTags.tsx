import { useEffect, useMemo, type ReactNode, type RefObject } from 'react';
import * as THREE from 'three';
import { useFrame, useThree } from '@react-three/fiber';

export type ScreenTag = { key: string; anchor: number; className: string; content: ReactNode };

/**
 * Text tags above 3D objects as one plain DOM layer over the canvas (not a React root per tag, as
 * drei's Html makes): React renders the tags when their text changes, ScreenTagProjector moves them.
 */
export function ScreenTagLayer({ tags, layer }: { tags: ScreenTag[]; layer: RefObject<HTMLDivElement | null> }) {
  return (
    <div className="screen-tags" ref={layer}>
      {tags.map((tag) => (
        <div key={tag.key} className={tag.className} data-anchor={tag.anchor}>
          {tag.content}
        </div>
      ))}
    </div>
  );
}

/** Inside the Canvas: places each tag of a layer at its anchor's screen position on every rendered frame. */
export function ScreenTagProjector({ anchors, layer, changeKey }: { anchors: THREE.Vector3[]; layer: RefObject<HTMLDivElement | null>; changeKey: string }) {
  const camera = useThree((s) => s.camera);
  const size = useThree((s) => s.size);
  const invalidate = useThree((s) => s.invalidate);
  const point = useMemo(() => new THREE.Vector3(), []);
  // New or changed tags need a frame to be placed.
  useEffect(() => invalidate(), [changeKey, invalidate]);
  useFrame(() => {
    const container = layer.current;
    if (!container) return;
    for (const element of container.children as HTMLCollectionOf<HTMLElement>) {
      point.copy(anchors[Number(element.dataset.anchor)]!).project(camera);
      const visible = point.z < 1 && Math.abs(point.x) <= 1.05 && Math.abs(point.y) <= 1.05;
      element.style.display = visible ? '' : 'none';
      if (visible) element.style.transform = `translate(${((point.x + 1) / 2) * size.width}px, ${((1 - point.y) / 2) * size.height}px) translate(-50%, -100%)`;
    }
  });
  return null;
}
