import { describe, expect, it } from 'vitest';
import { IouTracker, type TrackInput } from './tracker.js';

const person = (x: number, y = 100, w = 40, h = 100): TrackInput => ({ box: [x, y, x + w, y + h], score: 0.8, label: 'person', role: 'person' });

describe('IoU tracker', () => {
  it('keeps one id per person across frames, confirmed after minHits', () => {
    const tracker = new IouTracker({ minHits: 2 });
    const [a1, b1] = tracker.update([person(0), person(300)], 0);
    expect(a1!.confirmed).toBe(false);
    const second = tracker.update([person(305), person(8)], 500); // order swapped, both moved
    expect(second.map((t) => t.id).sort()).toEqual([a1!.id, b1!.id].sort());
    expect(second.every((t) => t.confirmed)).toBe(true);
    expect(second.find((t) => t.id === a1!.id)!.detection.box[0]).toBe(8);
  });

  it('matches a fast walker by centroid when the boxes no longer overlap enough', () => {
    const tracker = new IouTracker();
    const [first] = tracker.update([person(0)], 0);
    const [next] = tracker.update([person(30)], 500); // IoU 10/70 = 0.14, centre moved 30 px of a 108-px diagonal
    expect(next!.id).toBe(first!.id);
  });

  it('never matches across kinds, and drops a track after maxMisses frames', () => {
    const tracker = new IouTracker({ maxMisses: 1 });
    const [p] = tracker.update([person(0)], 0);
    const [h] = tracker.update([{ box: [0, 100, 40, 200], score: 0.9, label: 'head', role: 'bareHead' }], 200);
    expect(h!.id).not.toBe(p!.id);
    tracker.update([], 400);
    expect(tracker.liveTracks.map((t) => t.id)).toEqual([h!.id]);
    tracker.update([], 600);
    expect(tracker.liveTracks).toHaveLength(0);
    const [again] = tracker.update([person(0)], 800);
    expect(again!.id).not.toBe(p!.id);
  });
});
