import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, screen, session } from 'electron';
import { DESKTOP_CHANNELS, type AppInfo, type DisplayInfo } from '../main/contracts/index.js';
import { resolveServeConfig, startCore, type CoreHandle } from '../main/index.js';
import { denyAllPermissions, handleTrustedIpc, installNavigationGuards, secureWebPreferences } from './hardening.js';
import { loadWindowLayout, planWindows, screenQuery } from './windowLayout.js';

const here = path.dirname(fileURLToPath(import.meta.url));

function listDisplays(): DisplayInfo[] {
  const primaryId = screen.getPrimaryDisplay().id;
  return screen.getAllDisplays().map((d) => ({ id: d.id, label: d.label, bounds: d.bounds, scaleFactor: d.scaleFactor, primary: d.id === primaryId }));
}

/**
 * The desktop shell: runs the core in-process on loopback, then opens one hardened window per
 * display entry of <userData>/layout.json. Everything else lives in main/ and renderer/.
 */
async function run(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();

  // The desktop app keeps history (the embedded historian) unless the environment or the config file says otherwise.
  const resolved = resolveServeConfig({ cli: { host: '127.0.0.1', port: 0, dataDir: app.getPath('userData') }, env: process.env, launcherDefaults: { historian: 'embedded', demoPermits: true } });
  if (!resolved.ok) throw new Error(resolved.problems.map((p) => `${p.location}: ${p.message}`).join('\n'));
  const core: CoreHandle = await startCore({ config: resolved.config });
  const coreOrigin = new URL(core.url).origin;

  denyAllPermissions(session.defaultSession);
  handleTrustedIpc(ipcMain, DESKTOP_CHANNELS.appInfo, coreOrigin, (): AppInfo => ({ version: app.getVersion(), platform: process.platform, electron: process.versions.electron ?? '' }));
  handleTrustedIpc(ipcMain, DESKTOP_CHANNELS.displays, coreOrigin, () => listDisplays());

  const { layout, error } = await loadWindowLayout(path.join(app.getPath('userData'), 'layout.json'));
  if (error) core.logger.warn({ error }, 'invalid window layout, using the default');
  const plan = planWindows(layout, listDisplays());
  for (const warning of plan.warnings) core.logger.warn(warning);
  for (const planned of plan.windows) {
    const window = new BrowserWindow({
      ...planned.bounds,
      fullscreen: planned.screen.fullscreen,
      backgroundColor: '#1d2023',
      title: 'SafeTwin',
      webPreferences: secureWebPreferences(path.join(here, 'preload.cjs')),
    });
    installNavigationGuards(window.webContents, coreOrigin);
    void window.loadURL(new URL(`/${screenQuery(planned.screen)}`, core.url).href);
  }

  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  app.on('window-all-closed', () => app.quit());
  let stopping = false;
  app.on('before-quit', (event) => {
    if (stopping) return;
    stopping = true;
    event.preventDefault();
    void core.close().finally(() => app.exit(0));
  });
}

run().catch((error: unknown) => {
  console.error(error);
  app.exit(1);
});
