import type { WebContents, WebPreferences } from 'electron';

/**
 * Electron security checklist (electronjs.org/docs/latest/tutorial/security): context isolation,
 * sandbox, no Node integration, no remote content beyond the local core, no new windows, no
 * navigation away, no permissions. The CSP comes with every response from the core itself.
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
  };
}

export function isAllowedUrl(url: string, coreOrigin: string): boolean {
  try {
    return new URL(url).origin === coreOrigin;
  } catch {
    return false;
  }
}

/** Keeps a window on the core's origin: other navigations and all pop-ups are refused. */
export function installNavigationGuards(contents: WebContents, coreOrigin: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedUrl(url, coreOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedUrl(url, coreOrigin)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
