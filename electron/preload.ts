// Bundled to dist/electron/preload.cjs (sandboxed preloads cannot load modules from disk).
import { contextBridge, ipcRenderer } from 'electron';
import { DESKTOP_BRIDGE_GLOBAL, DESKTOP_CHANNELS, type DesktopBridge } from '../main/contracts/desktopChannels.js';

/** The whole desktop surface the renderer gets: typed, read-only calls. No ipcRenderer, no Node. */
const bridge: DesktopBridge = {
  appInfo: () => ipcRenderer.invoke(DESKTOP_CHANNELS.appInfo),
  displays: () => ipcRenderer.invoke(DESKTOP_CHANNELS.displays),
};

contextBridge.exposeInMainWorld(DESKTOP_BRIDGE_GLOBAL, bridge);
