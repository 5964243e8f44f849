import { describe, expect, it } from 'vitest';
import type { Alarm } from '@contracts';
import { THEME } from '../theme.js';
import { screenMode, summarizeLiveAlarms } from './screenMode.js';

const alarm = (alarmId: string, priority: Alarm['priority'], state: Alarm['state'], raisedAtMs = 1): Alarm =>
  ({ alarmId, priority, state, active: state !== 'returnedUnacknowledged', raisedAtMs }) as Alarm;

/** Hue in degrees of a #rrggbb colour (standard RGB→HSV hue). */
function hueDeg(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  if (d === 0) return 0;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}
const hueDistance = (a: string, b: string) => {
  const d = Math.abs(hueDeg(a) - hueDeg(b));
  return Math.min(d, 360 - d);
};

describe('screen mode', () => {
  it('replay wins over a drill, a drill over live', () => {
    expect(screenMode(true, true)).toBe('replay');
    expect(screenMode(false, true)).toBe('drill');
    expect(screenMode(false, false)).toBe('live');
  });

  it('the drill and replay frame colours are far in hue from every alarm colour and the out-of-service hue (ISA-101: colour means alarm)', () => {
    const reserved = [...Object.values(THEME.alarm), THEME.outOfService];
    for (const mode of [THEME.mode.drill, THEME.mode.replay]) for (const colour of reserved) expect(hueDistance(mode, colour), `${mode} vs ${colour}`).toBeGreaterThanOrEqual(40);
    expect(hueDistance(THEME.mode.drill, THEME.mode.replay)).toBeGreaterThanOrEqual(90);
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
