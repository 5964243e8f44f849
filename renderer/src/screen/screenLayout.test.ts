import { describe, expect, it } from 'vitest';
import { screenLayoutFor } from './screenLayout.js';

describe('screen layout by window shape', () => {
  it('keeps the desk layout on desk monitors and laptops', () => {
    expect(screenLayoutFor(1600, 900)).toBe('desk');
    expect(screenLayoutFor(1920, 1200)).toBe('desk');
    expect(screenLayoutFor(2560, 1080)).toBe('desk');
    expect(screenLayoutFor(1080, 1920)).toBe('desk');
  });
  it('uses the wall layouts for two and three screens side by side', () => {
    expect(screenLayoutFor(3840, 1080)).toBe('wide');
    expect(screenLayoutFor(5760, 1080)).toBe('ultraWide');
    expect(screenLayoutFor(7680, 1080)).toBe('ultraWide');
  });
  it('survives a window without height (minimised)', () => {
    expect(screenLayoutFor(800, 0)).toBe('ultraWide');
    expect(screenLayoutFor(0, 0)).toBe('desk');
  });
});
