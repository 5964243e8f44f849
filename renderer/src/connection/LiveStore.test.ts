import { describe, expect, it } from 'vitest';
import { LiveStore } from './LiveStore.js';

const frame = (indices: number[], values: number[], seq = 1) => ({
  seq,
  tsMs: 1000 * seq,
  indices: new Uint32Array(indices).buffer,
  values: new Float64Array(values).buffer,
  sampleTsMs: new Float64Array(values.map(() => 500)).buffer,
  flags: new Uint8Array(values.map(() => 8)).buffer,
  workers: [{ badgeId: 'B1', x: 1, y: 2, floor: 0, tsMs: 3 }],
  coalesced: 2,
  seekSeq: 1,
});

describe('live store', () => {
  it('applies binary frames from ArrayBuffers in place, by sensor index', () => {
    const store = new LiveStore(4);
    store.apply(frame([1, 3], [12.5, 40]));
    expect([...store.values]).toEqual([NaN, 12.5, NaN, 40]);
    expect(store.flags[3]).toBe(8);
    expect(store.workers.get('B1')).toMatchObject({ x: 1, y: 2 });
    expect(store.version).toBe(1);
    expect(store.coalescedFrames).toBe(2);
  });

  it('keeps values that arrived before the scene, growing as needed', () => {
    const store = new LiveStore();
    store.apply(frame([5], [7]));
    store.ensureCapacity(10);
    expect(store.values.length).toBe(10);
    expect(store.values[5]).toBe(7);
  });
});

describe('LiveStore continuity', () => {
  it('breaks on a change of source and on a seek, so trails start anew, and frames alone keep it', () => {
    const store = new LiveStore(1);
    const start = store.continuity;
    store.apply(frame([0], [1]));
    expect(store.continuity).toBe(start);
    store.breakContinuity();
    expect(store.continuity).toBe(start + 1);
    store.reset();
    expect(store.continuity).toBe(start + 2);
  });
});

describe('LiveStore change notice and acknowledgement after drawing', () => {
  it('tells listeners of every frame and reset, and holds acknowledgements until a drawing view drew them', () => {
    const store = new LiveStore(2);
    let changes = 0;
    const off = store.onChange(() => changes++);
    store.apply(frame([0], [1]));
    store.reset();
    expect(changes).toBe(2);
    off();
    // No drawing view: the caller acknowledges by itself.
    expect(store.acknowledgeWhenDrawn(() => undefined)).toBe(false);
    const detach = store.attachDrawer();
    const acknowledged: number[] = [];
    expect(store.acknowledgeWhenDrawn(() => acknowledged.push(1))).toBe(true);
    expect(store.acknowledgeWhenDrawn(() => acknowledged.push(2))).toBe(true);
    expect(acknowledged).toEqual([]);
    store.drawn();
    expect(acknowledged).toEqual([1, 2]);
    // A view that goes away releases what it held: the core is never left waiting on it.
    store.acknowledgeWhenDrawn(() => acknowledged.push(3));
    detach();
    expect(acknowledged).toEqual([1, 2, 3]);
  });
});
