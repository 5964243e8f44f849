import { SCREEN_VIEWS, type ScreenView, type WindowLayout } from '@contracts';

/**
 * What this window shows. `kiosk`: an unattended wall screen, read from metres away, which drops the
 * desk chrome (language buttons, session, keyboard hints, diagnostics): nobody there types or signs out.
 */
export type ScreenSpec = { view: ScreenView; highContrast: boolean; kiosk: boolean; rotate: { views: ScreenView[]; periodS: number } | null };
export const DEFAULT_SCREEN: ScreenSpec = { view: 'controlRoom', highContrast: false, kiosk: false, rotate: null };

const isView = (v: string | null): v is ScreenView => v !== null && (SCREEN_VIEWS as readonly string[]).includes(v);

/** `?view=alarms&contrast=high&kiosk=1&rotate=kpis,overview&periodS=60` (what the Electron shell opens). */
export function screenFromQuery(query: URLSearchParams): ScreenSpec {
  const views = (query.get('rotate') ?? '').split(',').filter(isView);
  const periodS = Number(query.get('periodS'));
  return {
    view: isView(query.get('view')) ? (query.get('view') as ScreenView) : DEFAULT_SCREEN.view,
    highContrast: query.get('contrast') === 'high',
    kiosk: query.get('kiosk') === '1' || query.get('kiosk') === 'true',
    rotate: views.length >= 2 && periodS >= 10 ? { views, periodS } : null,
  };
}

/**
 * `?layout=<name>&screen=<n>`: the layout entry for display n (or, failing that, the n-th entry). A
 * full-screen entry is a wall screen, so it is a kiosk; `&kiosk=0` in the query turns that off (a
 * commissioning engineer at the wall).
 */
export function screenFromLayout(layout: WindowLayout, screen: number, query = new URLSearchParams()): ScreenSpec | null {
  const entry = layout.windows.find((w) => w.displayIndex === screen) ?? layout.windows[screen];
  if (!entry) return null;
  const kioskOverride = query.get('kiosk');
  const kiosk = kioskOverride === null ? entry.fullscreen : kioskOverride === '1' || kioskOverride === 'true';
  return { view: entry.view, highContrast: entry.highContrast, kiosk, rotate: entry.rotate ?? null };
}
