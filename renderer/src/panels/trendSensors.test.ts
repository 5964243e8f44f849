import { describe, expect, it } from 'vitest';
import { loadDemoScene } from '../../../tests/support/demoScene.js';
import { addableSensors } from './trendSensors.js';

const scene = loadDemoScene();
const sensor = (id: string) => scene.sensors.find((s) => s.id === id)!;

describe('sensors that may join a trend', () => {
  it('offers the same equipment’s sensors first, then the same area’s, never one already on the chart', () => {
    const offered = addableSensors(scene.sensors, [sensor('GD-T101-C1')]);
    expect(offered.map((s) => s.id)).not.toContain('GD-T101-C1');
    const sameEquipment = scene.sensors.filter((s) => s.equipmentId === 'T-101' && s.id !== 'GD-T101-C1').length;
    expect(offered.slice(0, sameEquipment).every((s) => s.equipmentId === 'T-101')).toBe(true);
    expect(offered[sameEquipment]!.areaId).toBe('tankFarm');
    expect(offered).toHaveLength(scene.sensors.length - 1);
  });

  it('allows a second unit (an axis on each side) but not a third', () => {
    const twoUnits = [sensor('GD-T101-C1'), sensor('GD-T101-T1')]; // %LEL and ppm
    const offered = addableSensors(scene.sensors, twoUnits);
    expect(new Set(offered.map((s) => s.unit))).toEqual(new Set(['%LEL', 'ppm']));
    expect(offered.map((s) => s.id)).not.toContain('GD-T101-T1');
  });
});
