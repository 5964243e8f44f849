import { describe, expect, it } from 'vitest';
import { placeLabels, type LabelBox, type LabelPriority, type PlacedLabel } from './labelPlacement.js';

const box = (id: string, anchorX: number, anchorY: number, priority: LabelPriority = 'rest', widthPx = 80, heightPx = 20, order = 0): LabelBox => ({ id, priority, anchorX, anchorY, widthPx, heightPx, order });

const intersects = (a: PlacedLabel, b: PlacedLabel) => a.left < b.left + b.widthPx && b.left < a.left + a.widthPx && a.top < b.top + b.heightPx && b.top < a.top + a.heightPx;

describe('label placement (greedy by priority)', () => {
  it('keeps labels that do not touch where they are, centred above their anchors', () => {
    const result = placeLabels([box('a', 100, 100), box('b', 300, 100)]);
    expect(result.hidden).toEqual([]);
    expect(result.shown.map((l) => [l.id, l.left, l.top, l.dxPx])).toEqual([
      ['a', 60, 80, 0],
      ['b', 260, 80, 0],
    ]);
  });

  it('slides a label sideways when that frees it, its bottom edge staying on the anchor', () => {
    // a spans 60..140; b centred would span 110..190 (overlap); slid right it spans 150..230: free.
    const result = placeLabels([box('a', 100, 100), box('b', 150, 100)]);
    expect(result.hidden).toEqual([]);
    expect(result.shown.find((l) => l.id === 'b')).toMatchObject({ left: 150, top: 80, dxPx: 40 });
  });

  it('gives alarming labels the place before the selected, the selected before the hovered, the hovered before the rest, whatever the input order', () => {
    const stack = [box('rest', 100, 100, 'rest'), box('hovered', 100, 100, 'hovered'), box('selected', 100, 100, 'selected'), box('alarm', 100, 100, 'alarming')];
    expect(placeLabels(stack).shown.map((l) => l.id)).toEqual(['alarm']);
    expect(placeLabels(stack.slice(0, 3)).shown.map((l) => l.id)).toEqual(['selected']);
    expect(placeLabels(stack.slice(0, 2)).shown.map((l) => l.id)).toEqual(['hovered']);
  });

  it('collapses the losers into a count on the label that covers them, marking a hidden alarm', () => {
    const result = placeLabels([box('x', 100, 100, 'alarming'), box('y', 100, 100, 'rest'), box('z', 100, 100, 'alarming', 80, 20, 1)]);
    expect(result.shown).toHaveLength(1);
    expect(result.shown[0]).toMatchObject({ id: 'x', hiddenCount: 2, hidesAlarming: true });
    expect(result.hidden).toEqual([
      { id: 'z', coveredBy: 'x' },
      { id: 'y', coveredBy: 'x' },
    ]);
  });

  it('breaks ties within a priority by order (nearer first)', () => {
    const result = placeLabels([box('far', 100, 100, 'rest', 80, 20, 50), box('near', 100, 100, 'rest', 80, 20, 5)]);
    expect(result.shown.map((l) => l.id)).toEqual(['near']);
  });

  it('reserves room for the count badge so that the count never covers a neighbour', () => {
    // a hides b (same anchor). c sits just right of a: with a 30 px badge a grows to 110 px wide.
    const boxes = [box('a', 100, 100, 'alarming'), box('b', 100, 100), box('c', 195, 100, 'selected')];
    const without = placeLabels(boxes);
    expect(without.shown.map((l) => l.id).sort()).toEqual(['a', 'c']);
    const withBadge = placeLabels(boxes, { countBadgeWidthPx: 30 });
    const a = withBadge.shown.find((l) => l.id === 'a')!;
    expect(a).toMatchObject({ hiddenCount: 1, widthPx: 110 });
    for (const p of withBadge.shown) for (const q of withBadge.shown) if (p !== q) expect(intersects(p, q), `${p.id} vs ${q.id}`).toBe(false);
  });

  it('never lets two shown labels overlap in a dense random cloud of tags, and accounts for every tag', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const priorities: LabelPriority[] = ['alarming', 'selected', 'hovered', 'rest'];
    const boxes = Array.from({ length: 300 }, (_, i) => box(`t${i}`, random() * 800, random() * 400, priorities[Math.floor(random() * 4)], 40 + random() * 80, 16 + random() * 8, random()));
    const result = placeLabels(boxes, { countBadgeWidthPx: 24 });
    expect(result.shown.length + result.hidden.length).toBe(300);
    expect(result.shown.length).toBeGreaterThan(20);
    for (let i = 0; i < result.shown.length; i++) for (let j = i + 1; j < result.shown.length; j++) expect(intersects(result.shown[i]!, result.shown[j]!)).toBe(false);
    const counted = result.shown.reduce((sum, l) => sum + l.hiddenCount, 0);
    expect(counted).toBeLessThanOrEqual(result.hidden.length);
    // Every alarming tag is shown unless an alarming tag covers it.
    const byId = new Map(boxes.map((b) => [b.id, b]));
    for (const h of result.hidden) if (byId.get(h.id)!.priority === 'alarming') expect(byId.get(h.coveredBy!)!.priority).toBe('alarming');
  });
});
