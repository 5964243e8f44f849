import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { DisplayInfo } from '../main/contracts/index.js';
import { denyAllPermissions, handleTrustedIpc, installNavigationGuards, isAllowedUrl, isTrustedIpcSender, secureWebPreferences, UNTRUSTED_IPC_SENDER } from './hardening.js';
import { DEFAULT_LAYOUT, loadWindowLayout, planWindows, screenQuery } from './windowLayout.js';

// The shell's modules must not need a running Electron: these tests import them without one.
vi.mock('electron', () => ({}));

const display = (id: number, x: number, primary = false): DisplayInfo => ({ id, label: `D${id}`, bounds: { x, y: 0, width: 1920, height: 1080 }, scaleFactor: 1, primary });

describe('hardened windows', () => {
  it('isolates the renderer: sandbox and context isolation on, Node off', () => {
    const prefs = secureWebPreferences('/app/preload.cjs');
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, webviewTag: false, preload: '/app/preload.cjs' });
  });

  it('allows navigation only within the core origin', () => {
    expect(isAllowedUrl('http://127.0.0.1:4800/?view=alarms', 'http://127.0.0.1:4800')).toBe(true);
    expect(isAllowedUrl('http://127.0.0.1:4801/', 'http://127.0.0.1:4800')).toBe(false);
    expect(isAllowedUrl('file:///etc/passwd', 'http://127.0.0.1:4800')).toBe(false);
    expect(isAllowedUrl('not a url', 'http://127.0.0.1:4800')).toBe(false);
  });

  it('blocks foreign navigations, redirects, pop-ups and webviews on a web contents', () => {
    const handlers = new Map<string, (event: { preventDefault: () => void; url?: string; isMainFrame?: boolean }, url?: string) => void>();
    let openHandler: (() => { action: string }) | undefined;
    const contents = {
      on: (name: string, handler: (event: { preventDefault: () => void }, url?: string) => void) => handlers.set(name, handler),
      setWindowOpenHandler: (handler: () => { action: string }) => (openHandler = handler),
    };
    installNavigationGuards(contents as never, 'http://127.0.0.1:4800');
    const prevented = (name: string, url?: string) => {
      const event = { preventDefault: vi.fn() };
      handlers.get(name)!(event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented('will-navigate', 'http://127.0.0.1:4800/x')).toBe(false);
    expect(prevented('will-redirect', 'https://evil.example/')).toBe(true);
    expect(prevented('will-attach-webview')).toBe(true);
    expect(openHandler!()).toEqual({ action: 'deny' });

    // Sub-frames: `will-navigate` never sees them, `will-frame-navigate` does (details carry the URL).
    const frameNavigationPrevented = (url: string, isMainFrame: boolean) => {
      const details = { url, isMainFrame, preventDefault: vi.fn() };
      handlers.get('will-frame-navigate')!(details);
      return details.preventDefault.mock.calls.length > 0;
    };
    expect(frameNavigationPrevented('https://evil.example/phish', false)).toBe(true);
    expect(frameNavigationPrevented('file:///etc/passwd', false)).toBe(true);
    expect(frameNavigationPrevented('http://127.0.0.1:4800/api/health', false)).toBe(false);
    expect(frameNavigationPrevented('https://evil.example/', true)).toBe(true);
  });

  it('refuses every permission request and every permission check', () => {
    let requestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    let checkHandler: ((contents: unknown, permission: string) => boolean) | undefined;
    denyAllPermissions({ setPermissionRequestHandler: (handler: never) => (requestHandler = handler), setPermissionCheckHandler: (handler: never) => (checkHandler = handler) } as never);
    const callback = vi.fn();
    requestHandler!(null, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    for (const permission of ['media', 'clipboard-read', 'geolocation', 'notifications', 'serial', 'hid']) expect(checkHandler!(null, permission)).toBe(false);
  });

  describe('IPC sender validation', () => {
    const origin = 'http://127.0.0.1:4800';
    const top = { url: `${origin}/?view=alarms`, parent: null, detached: false };
    const sender = (senderFrame: unknown) => ({ senderFrame }) as never;

    it('trusts only the top frame of a page on the core origin', () => {
      expect(isTrustedIpcSender(sender(top), origin)).toBe(true);
      expect(isTrustedIpcSender(sender({ ...top, url: 'https://evil.example/' }), origin)).toBe(false);
      expect(isTrustedIpcSender(sender({ url: `${origin}/`, parent: top, detached: false }), origin)).toBe(false);
      expect(isTrustedIpcSender(sender({ url: 'https://evil.example/', parent: top, detached: false }), origin)).toBe(false);
      expect(isTrustedIpcSender(sender({ ...top, detached: true }), origin)).toBe(false);
      expect(isTrustedIpcSender(sender(null), origin)).toBe(false);
    });

    it('answers a trusted invoke and rejects an untrusted one without running the handler', () => {
      const registered = new Map<string, (event: unknown) => unknown>();
      const handler = vi.fn(() => 'answer');
      handleTrustedIpc({ handle: (channel: string, listener: (event: unknown) => unknown) => registered.set(channel, listener) } as never, 'safetwin:desktop:x', origin, handler);
      expect(registered.get('safetwin:desktop:x')!(sender(top))).toBe('answer');
      expect(() => registered.get('safetwin:desktop:x')!(sender({ url: `${origin}/`, parent: top, detached: false }))).toThrow(UNTRUSTED_IPC_SENDER);
      expect(handler).toHaveBeenCalledTimes(1);
    });
  });
});

describe('video-wall window layout', () => {
  it('opens one window per entry on the named display', () => {
    const layout = { version: 1 as const, windows: [{ displayIndex: 0, view: 'controlRoom' as const, fullscreen: true, highContrast: false }, { displayIndex: 1, view: 'alarms' as const, fullscreen: true, highContrast: true }] };
    const plan = planWindows(layout, [display(10, 0, true), display(11, 1920)]);
    expect(plan.warnings).toEqual([]);
    expect(plan.windows.map((w) => [w.displayId, w.screen.view, w.bounds.x])).toEqual([[10, 'controlRoom', 0], [11, 'alarms', 1920]]);
    expect(screenQuery(plan.windows[1]!.screen)).toBe('?view=alarms&contrast=high');
    expect(screenQuery({ displayIndex: 2, view: 'kpis', fullscreen: true, highContrast: false, rotate: { views: ['kpis', 'overview'], periodS: 60 } })).toBe('?view=kpis&rotate=kpis%2Coverview&periodS=60');
  });

  it('falls back to the primary display when a named one is missing', () => {
    const plan = planWindows({ version: 1, windows: [{ displayIndex: 3, view: 'kpis', fullscreen: false, highContrast: false }] }, [display(1, 0), display(2, 1920, true)]);
    expect(plan.windows[0]!.displayId).toBe(2);
    expect(plan.warnings[0]).toMatch(/display 3/);
  });

  it('reads a layout file, and falls back to the default with a located error when it is invalid', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'st-layout-'));
    expect(await loadWindowLayout(path.join(dir, 'none.json'))).toEqual({ layout: DEFAULT_LAYOUT });
    const file = path.join(dir, 'layout.json');
    writeFileSync(file, JSON.stringify({ version: 1, windows: [{ displayIndex: 1, view: 'overview' }] }));
    expect((await loadWindowLayout(file)).layout.windows[0]).toEqual({ displayIndex: 1, view: 'overview', fullscreen: false, highContrast: false });
    writeFileSync(file, JSON.stringify({ version: 1, windows: [{ displayIndex: -1 }] }));
    const bad = await loadWindowLayout(file);
    expect(bad.layout).toEqual(DEFAULT_LAYOUT);
    expect(bad.error).toMatch(/layout\.json: \$\.windows\.0\.displayIndex/);
  });
});
