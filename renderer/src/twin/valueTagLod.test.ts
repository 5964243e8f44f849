import { describe, expect, it } from 'vitest';
import { SENSOR_FLAGS } from '@contracts';
import { selectValueTags } from './valueTagLod.js';

const anchors = [0, 50, 100, 200].map((x) => ({ x, y: 0, z: 0 }));

describe('value tag level of detail', () => {
  it('shows only alarming and selected sensors from far away', () => {
    const flags = [0, SENSOR_FLAGS.alarmActive, 0, 0];
    expect(selectValueTags({ anchors, flags, selectedIndex: 3, camera: { x: 0, y: 1000, z: 0 } })).toEqual([1, 3]);
  });
  it('always shows the hovered sensor', () => {
    expect(selectValueTags({ anchors, flags: [0, 0, 0, 0], selectedIndex: -1, hoveredIndex: 2, camera: { x: 0, y: 1000, z: 0 } })).toEqual([2]);
  });
  it('always shows sensors out of service (their tag says so)', () => {
    const flags = [0, 0, SENSOR_FLAGS.outOfService, 0];
    expect(selectValueTags({ anchors, flags, selectedIndex: -1, camera: { x: 0, y: 1000, z: 0 } })).toEqual([2]);
  });
  it('adds nearby sensors within the LOD distance, nearest first, up to the cap', () => {
    const flags = [0, 0, 0, 0];
    expect(selectValueTags({ anchors, flags, selectedIndex: -1, camera: { x: 0, y: 10, z: 0 }, lodDistanceM: 90 })).toEqual([0, 1]);
    expect(selectValueTags({ anchors, flags, selectedIndex: -1, camera: { x: 100, y: 10, z: 0 }, lodDistanceM: 120, maxNear: 2 })).toEqual([1, 2]);
  });
});
