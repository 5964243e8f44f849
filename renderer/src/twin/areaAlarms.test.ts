import { describe, expect, it } from 'vitest';
import type { Alarm, ClientScene } from '@contracts';
import { THEME } from '../theme.js';
import { threatZoneColour } from '../leak/threatZoneColours.js';
import { AREA_ALARM_OUTLINE, areaAlarmPriorities } from './areaAlarms.js';
import { hueDeg, hueDistanceDeg } from './colourHue.js';

const scene = { sensors: [{ id: 'GD-1', areaId: 'tankFarm' }, { id: 'TT-1', areaId: 'unit1' }] } as unknown as ClientScene;
const alarm = (sourceId: string, priority: Alarm['priority'], extra: Partial<Alarm> = {}) => ({ sourceId, sourceKind: 'sensor', priority, active: true, state: 'unacknowledged', ...extra }) as Alarm;

describe('area alarm tint', () => {
  it('takes the most urgent active alarm of the area and its sensors', () => {
    const result = areaAlarmPriorities(scene, [alarm('GD-1', 'medium'), alarm('GD-1', 'urgent'), alarm('TT-1', 'low'), alarm('unit2', 'high', { sourceKind: 'area' })]);
    expect(Object.fromEntries(result)).toEqual({ tankFarm: 'urgent', unit1: 'low', unit2: 'high' });
  });
  it('ignores shelved, inactive and out-of-service alarms', () => {
    const result = areaAlarmPriorities(scene, [alarm('GD-1', 'urgent', { state: 'shelved' }), alarm('TT-1', 'high', { active: false, state: 'returnedUnacknowledged' })]);
    expect(result.size).toBe(0);
  });
});

describe('area alarm outline colour', () => {
  it('is far in hue from every threat-zone colour of the gas cloud, the drill and replay frames and out of service', () => {
    const cloud = ['AEGL-3', 'AEGL-2', 'AEGL-1', 'LEL60', 'LEL10', 'custom'].map(threatZoneColour);
    for (const colour of [...cloud, ...Object.values(THEME.alarm), THEME.outOfService, THEME.mode.drill, THEME.mode.replay]) expect(hueDistanceDeg(AREA_ALARM_OUTLINE, colour), colour).toBeGreaterThanOrEqual(40);
  });
  it('measures hue as HSV does', () => {
    expect(hueDeg('#ff0000')).toBe(0);
    expect(hueDeg('#00ff00')).toBe(120);
    expect(hueDeg('#0000ff')).toBe(240);
    expect(hueDistanceDeg('#ff0000', '#ff00ff')).toBe(60);
  });
});
