import { describe, expect, it } from 'vitest';
import type { Alarm } from '@contracts';
import { THEME } from '../theme.js';
import { hueDistanceDeg } from '../twin/colourHue.js';
import { screenMode, summarizeLiveAlarms } from './screenMode.js';

const alarm = (alarmId: string, priority: Alarm['priority'], state: Alarm['state'], raisedAtMs = 1): Alarm =>
  ({ alarmId, priority, state, active: state !== 'returnedUnacknowledged', raisedAtMs }) as Alarm;

describe('screen mode', () => {
  it('replay wins over a drill, a drill over live', () => {
    expect(screenMode('replay', true)).toBe('replay');
    expect(screenMode('live', true)).toBe('drill');
    expect(screenMode('drill', false)).toBe('drill');
    expect(screenMode('live', false)).toBe('live');
  });

  it('the drill and replay frame colours are far in hue from every alarm colour and the out-of-service hue (ISA-101: colour means alarm)', () => {
    const reserved = [...Object.values(THEME.alarm), THEME.outOfService];
    for (const mode of [THEME.mode.drill, THEME.mode.replay]) for (const colour of reserved) expect(hueDistanceDeg(mode, colour), `${mode} vs ${colour}`).toBeGreaterThanOrEqual(40);
    expect(hueDistanceDeg(THEME.mode.drill, THEME.mode.replay)).toBeGreaterThanOrEqual(90);
  });
});

describe('live alarm summary', () => {
  it('counts unacknowledged active alarms and names the worst priority among them', () => {
    const summary = summarizeLiveAlarms([
      alarm('a', 'urgent', 'acknowledged'),
      alarm('b', 'high', 'unacknowledged', 5),
      alarm('c', 'medium', 'unacknowledged', 9),
      alarm('d', 'urgent', 'shelved'),
      alarm('e', 'urgent', 'suppressed'),
      alarm('f', 'urgent', 'outOfService'),
    ]);
    expect(summary).toMatchObject({ unacknowledged: 2, standing: 3, worstPriority: 'high' });
    expect(summary.newest?.alarmId).toBe('b');
  });

  it('falls back to the worst standing priority when all are acknowledged, and to none when nothing stands', () => {
    expect(summarizeLiveAlarms([alarm('a', 'medium', 'acknowledged')]).worstPriority).toBe('medium');
    expect(summarizeLiveAlarms([alarm('a', 'urgent', 'shelved')])).toMatchObject({ unacknowledged: 0, standing: 0, worstPriority: null, newest: null });
  });
});
