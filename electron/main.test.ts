import type { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

/**
 * The Electron binary cannot be installed here, so the shell runs against a recording stand-in for
 * the electron module; everything else (the core, HTTP, the scene) is real.
 */
const recorded = vi.hoisted(() => ({
  windows: [] as { options: Record<string, unknown>; url?: string }[],
  ipc: new Map<string, (event: unknown) => unknown>(),
  permissionCheck: null as ((contents: unknown, permission: string) => boolean) | null,
  webContentsEvents: new Set<string>(),
  appEvents: null as unknown as EventEmitter,
  exitCode: null as number | null,
  userData: '',
}));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const app = Object.assign(new Emitter(), {
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    getPath: () => recorded.userData,
    getVersion: () => '0.1.0-test',
    quit: () => undefined,
    exit: (code: number) => {
      recorded.exitCode = code;
    },
  });
  recorded.appEvents = app;
  class BrowserWindow {
    static getAllWindows = () => [];
    readonly webContents = {
      on: (name: string) => recorded.webContentsEvents.add(name),
      setWindowOpenHandler: () => undefined,
    };
    private readonly record: { options: Record<string, unknown>; url?: string };
    constructor(options: Record<string, unknown>) {
      this.record = { options };
      recorded.windows.push(this.record);
    }
    loadURL(url: string) {
      this.record.url = url;
      return Promise.resolve();
    }
  }
  const display = { id: 1, label: 'wall-1', bounds: { x: 0, y: 0, width: 1920, height: 1080 }, scaleFactor: 1 };
  return {
    app,
    BrowserWindow,
    ipcMain: { handle: (channel: string, handler: (event: unknown) => unknown) => recorded.ipc.set(channel, handler) },
    screen: { getPrimaryDisplay: () => display, getAllDisplays: () => [display] },
    session: {
      defaultSession: {
        setPermissionRequestHandler: () => undefined,
        setPermissionCheckHandler: (handler: (contents: unknown, permission: string) => boolean) => (recorded.permissionCheck = handler),
      },
    },
  };
});

describe('electron shell', () => {
  it('starts the core in-process and opens a hardened window on its loopback URL', async () => {
    recorded.userData = mkdtempSync(path.join(os.tmpdir(), 'st-electron-'));
    process.env.SAFETWIN_LOG_LEVEL = 'silent';
    await import('./main.js');
    await expect.poll(() => recorded.windows.length, { timeout: 10_000 }).toBe(1);
    const [window] = recorded.windows;
    await expect.poll(() => window!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?view=controlRoom$/);
    expect(window!.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(String((window!.options.webPreferences as { preload: string }).preload)).toMatch(/preload\.cjs$/);

    const health = await (await fetch(new URL('/api/health', window!.url))).json();
    expect(health).toMatchObject({ authRequired: false });
    const topFrame = { url: window!.url, parent: null, detached: false };
    expect(await recorded.ipc.get('safetwin:desktop:displays')!({ senderFrame: topFrame })).toEqual([{ id: 1, label: 'wall-1', bounds: { x: 0, y: 0, width: 1920, height: 1080 }, scaleFactor: 1, primary: true }]);
    // Every handler the shell registers refuses a sub-frame and a foreign page.
    expect(recorded.ipc.size).toBeGreaterThan(1);
    for (const handler of recorded.ipc.values()) {
      expect(() => handler({ senderFrame: { url: window!.url, parent: topFrame, detached: false } })).toThrow('ST_ERR_DESKTOP_UNTRUSTED_SENDER');
      expect(() => handler({ senderFrame: { url: 'https://evil.example/', parent: null, detached: false } })).toThrow('ST_ERR_DESKTOP_UNTRUSTED_SENDER');
    }
    expect(recorded.permissionCheck!(null, 'clipboard-read')).toBe(false);
    expect([...recorded.webContentsEvents]).toEqual(expect.arrayContaining(['will-navigate', 'will-frame-navigate', 'will-redirect']));

    recorded.appEvents.emit('before-quit', { preventDefault: () => undefined });
    await expect.poll(() => recorded.exitCode, { timeout: 10_000 }).toBe(0);
    await expect(fetch(new URL('/api/health', window!.url))).rejects.toThrow();
    delete process.env.SAFETWIN_LOG_LEVEL;
  });
});
