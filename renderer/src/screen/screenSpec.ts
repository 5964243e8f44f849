import { SCREEN_VIEWS, type ScreenView, type WindowLayout } from '@contracts';

export type ScreenSpec = { view: ScreenView; highContrast: boolean; rotate: { views: ScreenView[]; periodS: number } | null };
export const DEFAULT_SCREEN: ScreenSpec = { view: 'controlRoom', highContrast: false, rotate: null };

const isView = (v: string | null): v is ScreenView => v !== null && (SCREEN_VIEWS as readonly string[]).includes(v);

/** `?view=alarms&contrast=high&rotate=kpis,overview&periodS=60` (what the Electron shell opens). */
export function screenFromQuery(query: URLSearchParams): ScreenSpec {
  const views = (query.get('rotate') ?? '').split(',').filter(isView);
  const periodS = Number(query.get('periodS'));
  return {
    view: isView(query.get('view')) ? (query.get('view') as ScreenView) : DEFAULT_SCREEN.view,
    highContrast: query.get('contrast') === 'high',
    rotate: views.length >= 2 && periodS >= 10 ? { views, periodS } : null,
  };
}

/** `?layout=<name>&screen=<n>`: the layout entry for display n (or, failing that, the n-th entry). */
export function screenFromLayout(layout: WindowLayout, screen: number): ScreenSpec | null {
  const entry = layout.windows.find((w) => w.displayIndex === screen) ?? layout.windows[screen];
  if (!entry) return null;
  return { view: entry.view, highContrast: entry.highContrast, rotate: entry.rotate ?? null };
}
