import type { IpcMain, IpcMainInvokeEvent, Session, WebContents, WebPreferences } from 'electron';

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
  // `will-navigate` sees only the main frame; a sub-frame (an iframe injected by a compromised
  // page) gets the same rule through `will-frame-navigate` (security checklist item 13).
  contents.on('will-frame-navigate', (details) => {
    if (!isAllowedUrl(details.url, coreOrigin)) details.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * The app asks for no browser permission: requests are refused, and permission checks (which
 * Chromium makes without a request, e.g. for clipboard reads or device enumeration) answer no too
 * (security checklist item 5: both handlers are needed).
 */
export function denyAllPermissions(target: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
}

/** An IPC message is trusted only from the top frame of a page on the core's origin (checklist item 17). */
export function isTrustedIpcSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, coreOrigin: string): boolean {
  const frame = event.senderFrame;
  return frame !== null && !frame.detached && frame.parent === null && isAllowedUrl(frame.url, coreOrigin);
}

export const UNTRUSTED_IPC_SENDER = 'ST_ERR_DESKTOP_UNTRUSTED_SENDER';

/** `ipcMain.handle` that refuses (rejects the renderer's invoke) any sender that is not trusted. */
export function handleTrustedIpc<T>(ipc: Pick<IpcMain, 'handle'>, channel: string, coreOrigin: string, handler: () => T): void {
  ipc.handle(channel, (event) => {
    if (!isTrustedIpcSender(event, coreOrigin)) throw new Error(UNTRUSTED_IPC_SENDER);
    return handler();
  });
}
