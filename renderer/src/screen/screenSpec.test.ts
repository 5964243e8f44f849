import { describe, expect, it } from 'vitest';
import type { WindowLayout } from '@contracts';
import { DEFAULT_SCREEN, screenFromLayout, screenFromQuery } from './screenSpec.js';

describe('screen selection for video walls', () => {
  it('reads the view, contrast, kiosk and rotation from the query', () => {
    expect(screenFromQuery(new URLSearchParams('view=alarms&contrast=high'))).toEqual({ view: 'alarms', highContrast: true, kiosk: false, rotate: null });
    expect(screenFromQuery(new URLSearchParams('view=overview&kiosk=1')).kiosk).toBe(true);
    expect(screenFromQuery(new URLSearchParams('view=kpis&rotate=kpis,overview&periodS=60')).rotate).toEqual({ views: ['kpis', 'overview'], periodS: 60 });
    expect(screenFromQuery(new URLSearchParams('view=nonsense&rotate=kpis&periodS=1'))).toEqual(DEFAULT_SCREEN);
  });
  it('picks a layout entry by display index, then by position; a full-screen entry is a kiosk unless the query says kiosk=0', () => {
    const layout: WindowLayout = { version: 1, windows: [{ displayIndex: 0, view: 'overview', fullscreen: true, highContrast: true }, { displayIndex: 2, view: 'alarms', fullscreen: false, highContrast: false }] };
    expect(screenFromLayout(layout, 2)?.view).toBe('alarms');
    expect(screenFromLayout(layout, 1)?.view).toBe('alarms');
    expect(screenFromLayout(layout, 0)).toEqual({ view: 'overview', highContrast: true, kiosk: true, rotate: null });
    expect(screenFromLayout(layout, 2)?.kiosk).toBe(false);
    expect(screenFromLayout(layout, 0, new URLSearchParams('kiosk=0'))?.kiosk).toBe(false);
    expect(screenFromLayout(layout, 2, new URLSearchParams('kiosk=1'))?.kiosk).toBe(true);
    expect(screenFromLayout(layout, 5)).toBeNull();
  });
});
