import { describe, expect, it } from 'vitest';
import { formatRunClock } from './drillClock.js';

describe('formatRunClock', () => {
  it('reads as m:ss, h:mm:ss past an hour, a dash when not yet', () => {
    expect(formatRunClock(0)).toBe('0:00');
    expect(formatRunClock(75.9)).toBe('1:15');
    expect(formatRunClock(3725)).toBe('1:02:05');
    expect(formatRunClock(null)).toBe('—');
  });
});
