import { describe, expect, it } from 'vitest';
import type { Alarm, ClientScene } from '@contracts';
import { areaAlarmPriorities } from './areaAlarms.js';

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
