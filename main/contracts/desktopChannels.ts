import type { AppInfo, DisplayInfo } from './desktopBridge.js';

/**
 * The optional bridge the Electron preload exposes as `window.safetwinDesktop`. The renderer must
 * work without it (plain browser). Kept free of runtime imports: the sandboxed preload bundles it.
 */
export const DESKTOP_CHANNELS = {
  appInfo: 'safetwin:desktop:app-info',
  displays: 'safetwin:desktop:displays',
} as const;
export const DESKTOP_BRIDGE_GLOBAL = 'safetwinDesktop';

export interface DesktopBridge {
  appInfo(): Promise<AppInfo>;
  displays(): Promise<DisplayInfo[]>;
}
