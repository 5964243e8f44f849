import { useEffect, useLayoutEffect, useMemo, useRef, type ReactNode, type RefObject } from 'react';
import * as THREE from 'three';
import { useFrame, useThree } from '@react-three/fiber';
import { useTranslation } from 'react-i18next';
import { placeLabels, type LabelBox, type LabelPriority } from './labelPlacement.js';
import './tags.css';

/** `priority` decides which tag keeps its place when tags collide (labelPlacement.ts); 'rest' when absent. */
export type ScreenTag = { key: string; anchor: number; className: string; content: ReactNode; priority?: LabelPriority };

/**
 * Text tags above 3D objects as one plain DOM layer over the canvas (not a React root per tag, as
 * drei's Html makes): React renders the tags when their text changes, ScreenTagProjector moves them,
 * LabelDeclutter hides the ones that collide.
 */
export function ScreenTagLayer({ tags, layer }: { tags: ScreenTag[]; layer: RefObject<HTMLDivElement | null> }) {
  return (
    <div className="screen-tags" ref={layer}>
      {tags.map((tag) => (
        <div key={tag.key} className={tag.className} data-anchor={tag.anchor} data-priority={tag.priority ?? 'rest'}>
          {tag.content}
        </div>
      ))}
    </div>
  );
}

/** Each tag's anchor on screen (CSS px in the layer), written by the projector, read by the de-clutter pass. */
const projected = new WeakMap<HTMLElement, { x: number; y: number; depth: number }>();

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
      if (!visible) {
        projected.delete(element);
        continue;
      }
      const x = ((point.x + 1) / 2) * size.width;
      const y = ((1 - point.y) / 2) * size.height;
      // A tag that was not on screen (new, or back into view) waits unseen for the de-clutter pass
      // after this frame to give it a free place: drawn now, it could cover a neighbour until then.
      if (!projected.has(element)) delete element.dataset.placed;
      projected.set(element, { x, y, depth: point.z });
      // --tag-dx is the sideways slide chosen by the de-clutter pass (0 until it has run).
      element.style.transform = `translate(${x}px, ${y}px) translate(calc(-50% + var(--tag-dx, 0px)), -100%)`;
    }
  });
  return null;
}

/**
 * The de-clutter pass runs at most this often while the view moves (and once after it stops): a
 * layout read of every tag per rendered frame would cost more than the frame; 5 Hz keeps up with a fly-to.
 */
export const DECLUTTER_INTERVAL_MS = 200;
/** The "+n" badge: fixed width in rem (styles.css .tag-more), so placement can reserve room for it. */
const COUNT_BADGE_REM = 2.4;

/** One de-clutter pass over all tag layers: measure, place by priority, hide the losers, count them on the winner. */
function declutter(layers: readonly RefObject<HTMLDivElement | null>[], moreTitle: (count: number) => string): void {
  const rootPx = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const badgePx = COUNT_BADGE_REM * rootPx;
  const elements = new Map<string, HTMLElement>();
  const boxes: LabelBox[] = [];
  layers.forEach((layer, layerIndex) => {
    const container = layer.current;
    if (!container) return;
    for (const element of container.children as HTMLCollectionOf<HTMLElement>) {
      const anchor = projected.get(element);
      if (!anchor || element.style.display === 'none') continue;
      const id = `${layerIndex}:${element.dataset.anchor}`;
      const badgeShown = element.dataset.more !== undefined;
      elements.set(id, element);
      boxes.push({
        id,
        priority: (element.dataset.priority as LabelPriority | undefined) ?? 'rest',
        anchorX: anchor.x,
        anchorY: anchor.y,
        widthPx: element.offsetWidth - (badgeShown ? badgePx : 0),
        heightPx: element.offsetHeight,
        // Within a priority, earlier layers first (TwinView: people, areas, values, names), then nearer first (depth is -1..1).
        order: layerIndex * 10 + anchor.depth,
      });
    }
  });
  const placement = placeLabels(boxes, { countBadgeWidthPx: badgePx });
  // Counted on the layers, for tests and support: a pass has placed what the last frame drew.
  for (const layer of layers) if (layer.current) layer.current.dataset.declutterPasses = String(Number(layer.current.dataset.declutterPasses ?? 0) + 1);
  for (const label of placement.shown) {
    const element = elements.get(label.id)!;
    const box = boxes.find((b) => b.id === label.id)!;
    const drawnWidth = box.widthPx + (label.hiddenCount > 0 ? badgePx : 0);
    element.classList.remove('tag-hidden');
    element.dataset.placed = '';
    element.style.setProperty('--tag-dx', `${label.left + drawnWidth / 2 - box.anchorX}px`);
    if (label.hiddenCount > 0) {
      element.dataset.more = `+${label.hiddenCount}`;
      element.title = moreTitle(label.hiddenCount);
    } else {
      delete element.dataset.more;
      element.removeAttribute('title');
    }
    element.classList.toggle('tag-more-alarming', label.hidesAlarming);
  }
  for (const { id } of placement.hidden) {
    const element = elements.get(id)!;
    element.classList.add('tag-hidden');
    element.style.setProperty('--tag-dx', '0px');
    delete element.dataset.more;
  }
}

/**
 * Outside the Canvas: a de-clutter pass as soon as the tags change (a value's text grows, an alarm's tag
 * appears), before the browser paints. The frame-driven pass below runs only after rendered frames, at
 * most 5 Hz: without this one a tag whose text grew could overlap its neighbour until then.
 */
export function useDeclutterAfterTagChange(layers: readonly RefObject<HTMLDivElement | null>[], tagLists: readonly (readonly ScreenTag[])[]): void {
  const { t } = useTranslation();
  // The lists themselves are the dependencies (a new array is a change); their number is fixed per caller.
  useLayoutEffect(() => declutter(layers, (count) => t('picture.labels.hidden', { count })), [layers, t, ...tagLists]);
}

/**
 * Inside the Canvas: keeps the tags of all layers from overlapping (labelPlacement.ts), recomputed at
 * a bounded rate (DECLUTTER_INTERVAL_MS) after rendered frames, never per React render. `layers` are in
 * rank order: within one priority, a tag of an earlier layer keeps its place first.
 */
export function LabelDeclutter({ layers }: { layers: readonly RefObject<HTMLDivElement | null>[] }) {
  const { t } = useTranslation();
  const state = useRef({ lastMs: -Infinity, timer: 0 as ReturnType<typeof setTimeout> | 0 });
  const run = useRef(() => {});
  run.current = () => {
    state.current.timer = 0;
    state.current.lastMs = performance.now();
    declutter(layers, (count) => t('picture.labels.hidden', { count }));
  };
  useFrame(() => {
    const s = state.current;
    if (s.timer) return;
    // Run after this frame's projection, at most every DECLUTTER_INTERVAL_MS; a trailing run places the last frame.
    s.timer = setTimeout(() => run.current(), Math.max(0, s.lastMs + DECLUTTER_INTERVAL_MS - performance.now()));
  });
  useEffect(
    () => () => {
      if (state.current.timer) clearTimeout(state.current.timer);
    },
    [],
  );
  return null;
}
