/**
 * Screen-space de-cluttering of the 3D view's text tags (issue 12.4: "labels pile up in the process
 * units"). Greedy label placement by priority, the classic approach for point-feature labelling
 * (Christensen, Marks & Shieber, "An empirical study of algorithms for point-feature label placement",
 * ACM TOG 14(3), 1995: greedy by priority with a few candidate positions per label): the most important
 * label takes its preferred place first; each next one takes the first of its candidate places that
 * overlaps no label already placed, or is hidden and counted on the label that covers it ("+3").
 */

/** Most important first: a label about an alarm beats the selection, the selection beats the pointer. */
export const LABEL_PRIORITIES = ['alarming', 'selected', 'hovered', 'rest'] as const;
export type LabelPriority = (typeof LABEL_PRIORITIES)[number];

/**
 * A tag as measured on screen: anchor point (CSS px) and box size. Its preferred place is centred
 * above the anchor (bottom edge on the anchor); `order` breaks ties within a priority (smaller first,
 * e.g. nearer to the camera).
 */
export type LabelBox = { id: string; priority: LabelPriority; anchorX: number; anchorY: number; widthPx: number; heightPx: number; order: number };

/** Where a shown label went: its left edge offset from the centred place (0, or slid right or left). */
export type PlacedLabel = { id: string; dxPx: number; left: number; top: number; widthPx: number; heightPx: number; hiddenCount: number; hidesAlarming: boolean };
export type LabelPlacement = { shown: PlacedLabel[]; hidden: { id: string; coveredBy: string | null }[] };

export type PlacementOptions = {
  /** Empty space kept between two labels. */
  gapPx?: number;
  /** Width added to a label that shows a "+n" count of hidden labels (the count badge). */
  countBadgeWidthPx?: number;
};

const DEFAULT_GAP_PX = 2;

type Rect = { left: number; top: number; right: number; bottom: number };
const overlaps = (a: Rect, b: Rect, gap: number) => a.left < b.right + gap && b.left < a.right + gap && a.top < b.bottom + gap && b.top < a.bottom + gap;

/**
 * Candidate places, as offsets of the left edge from the centred place: centred, then slid right
 * (left edge on the anchor) and left (right edge on the anchor). The bottom edge stays on the anchor,
 * so a slid label still touches its object and needs no leader line.
 */
function candidateOffsets(widthPx: number): number[] {
  return [0, widthPx / 2, -widthPx / 2];
}

function greedy(boxes: readonly LabelBox[], reserveBadge: ReadonlySet<string>, gap: number, badge: number): LabelPlacement {
  const ranked = [...boxes].sort((a, b) => LABEL_PRIORITIES.indexOf(a.priority) - LABEL_PRIORITIES.indexOf(b.priority) || a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const shown: (PlacedLabel & Rect)[] = [];
  const hidden: LabelPlacement['hidden'] = [];
  for (const box of ranked) {
    const widthPx = box.widthPx + (reserveBadge.has(box.id) ? badge : 0);
    const top = box.anchorY - box.heightPx;
    let placed: (PlacedLabel & Rect) | null = null;
    let coveredBy: (PlacedLabel & Rect) | null = null;
    for (const dxPx of candidateOffsets(widthPx)) {
      const left = box.anchorX - widthPx / 2 + dxPx;
      const rect = { left, top, right: left + widthPx, bottom: box.anchorY };
      const blocker = shown.find((other) => overlaps(rect, other, gap));
      if (!blocker) {
        placed = { ...rect, id: box.id, dxPx, widthPx, heightPx: box.heightPx, hiddenCount: 0, hidesAlarming: false };
        break;
      }
      coveredBy ??= blocker;
    }
    if (placed) shown.push(placed);
    else {
      hidden.push({ id: box.id, coveredBy: coveredBy!.id });
      coveredBy!.hiddenCount++;
      if (box.priority === 'alarming') coveredBy!.hidesAlarming = true;
    }
  }
  return { shown: shown.map(({ id, dxPx, left, top, widthPx, heightPx, hiddenCount, hidesAlarming }) => ({ id, dxPx, left, top, widthPx, heightPx, hiddenCount, hidesAlarming })), hidden };
}

/** At most this many rounds to settle which labels need room for a count badge (each round only adds). */
const MAX_BADGE_ROUNDS = 4;

/**
 * Places labels so that no two shown ones overlap. A label that hides others gets room for its count
 * badge: placement is repeated with that room reserved until the set of labels with counts is settled
 * (it only grows, so this ends); a count that still has no room after MAX_BADGE_ROUNDS is dropped
 * (the labels stay hidden, uncounted) rather than drawn over a neighbour.
 */
export function placeLabels(boxes: readonly LabelBox[], options: PlacementOptions = {}): LabelPlacement {
  const gap = options.gapPx ?? DEFAULT_GAP_PX;
  const badge = options.countBadgeWidthPx ?? 0;
  const reserved = new Set<string>();
  let result = greedy(boxes, reserved, gap, badge);
  for (let round = 0; round < MAX_BADGE_ROUNDS && badge > 0; round++) {
    const needing = result.shown.filter((l) => l.hiddenCount > 0 && !reserved.has(l.id));
    if (needing.length === 0) return result;
    for (const label of needing) reserved.add(label.id);
    result = greedy(boxes, reserved, gap, badge);
  }
  if (badge === 0) return result;
  return { ...result, shown: result.shown.map((l) => (l.hiddenCount > 0 && !reserved.has(l.id) ? { ...l, hiddenCount: 0, hidesAlarming: false } : l)) };
}
