import { readFile } from 'node:fs/promises';
import { WindowLayoutSchema, type DisplayInfo, type WindowLayout } from '../main/contracts/index.js';

export const DEFAULT_LAYOUT: WindowLayout = { version: 1, windows: [{ displayIndex: 0, view: 'controlRoom', fullscreen: false, highContrast: false }] };

export type PlannedWindow = { screen: WindowLayout['windows'][number]; bounds: DisplayInfo['bounds']; displayId: number };

/**
 * One window per layout entry on the display it names. An entry for a display that is not
 * connected (a video-wall PC booted with one screen off) falls back to the primary display
 * rather than being lost, so the control room always opens.
 */
export function planWindows(layout: WindowLayout, displays: DisplayInfo[]): { windows: PlannedWindow[]; warnings: string[] } {
  const warnings: string[] = [];
  const primary = displays.find((d) => d.primary) ?? displays[0];
  if (!primary) return { windows: [], warnings: ['no display is connected'] };
  const windows = layout.windows.map((entry) => {
    let display = displays[entry.displayIndex];
    if (!display) {
      warnings.push(`layout names display ${entry.displayIndex}, but only ${displays.length} are connected: using the primary display`);
      display = primary;
    }
    return { screen: entry, bounds: display.bounds, displayId: display.id };
  });
  return { windows, warnings };
}

/** The layout file (JSON, validated); absent means the default single window. */
export async function loadWindowLayout(file: string): Promise<{ layout: WindowLayout; error?: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { layout: DEFAULT_LAYOUT };
  }
  try {
    const parsed = WindowLayoutSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { layout: parsed.data };
    return { layout: DEFAULT_LAYOUT, error: `${file}: ${parsed.error.issues.map((i) => `$.${i.path.join('.')}: ${i.message}`).join('; ')}` };
  } catch (error) {
    return { layout: DEFAULT_LAYOUT, error: `${file}: ${(error as Error).message}` };
  }
}

/** The renderer URL query for one screen (the same parameters a browser on a wall PC can use). */
export function screenQuery(screen: WindowLayout['windows'][number]): string {
  const query = new URLSearchParams({ view: screen.view });
  if (screen.highContrast) query.set('contrast', 'high');
  if (screen.rotate) {
    query.set('rotate', screen.rotate.views.join(','));
    query.set('periodS', String(screen.rotate.periodS));
  }
  return `?${query.toString()}`;
}
