import { describe, expect, it } from 'vitest';
import { timelineMs, timelineX } from './replayTime.js';

describe('replay timeline mapping', () => {
  it('maps instants to positions and back, clamped to the recording', () => {
    expect(timelineX(1500, 1000, 3000, 400)).toBe(100);
    expect(timelineMs(100, 1000, 3000, 400)).toBe(1500);
    expect(timelineX(5000, 1000, 3000, 400)).toBe(400);
    expect(timelineMs(-20, 1000, 3000, 400)).toBe(1000);
    expect(timelineX(1500, 1000, 1000, 400)).toBe(0);
  });
});
