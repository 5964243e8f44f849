import { spawnSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '../../main/contracts/index.js';
import { launchChromium } from '../support/chromium.js';
import { loadDemoScene } from '../support/demoScene.js';
import { SAFETWIN_BIN, serve, type ServeProcess } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const demo = loadDemoScene();
const person = demo.personnel[0]!;
const USERS = { viewer: ['view.chen', 'chen-view-pass-1'], operator: ['op.li', 'li-shift-pass-1'] } as const;

/**
 * The worker card in the real UI, per role (issue 13.4): the core sends names only to roles with
 * personnel:viewNames, and the UI still names the person for them. The card is opened the way a video
 * wall does it: the same user selects the badge on another screen (ui:selection).
 */
describe('names in the control room by role, in Chromium against safetwin serve --require-auth', () => {
  let server: ServeProcess;
  let browser: Browser;
  let url: string;
  const sockets: Client[] = [];

  let dataDir: string;

  beforeAll(async () => {
    dataDir = makeTempDir('e2e-privacy');
    for (const [name, password] of Object.values(USERS)) {
      const role = name === USERS.viewer[0] ? 'viewer' : 'operator';
      expect(spawnSync(process.execPath, [SAFETWIN_BIN, 'users', 'add', name, '--role', role, '--password-stdin', '--data-dir', dataDir], { input: `${password}\n`, encoding: 'utf8' }).status).toBe(0);
    }
    server = serve(['--port', '0', '--data-dir', dataDir, '--require-auth', '--broker-port', '0', '--no-record', '--log-level', 'warn']);
    url = await server.url;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await browser?.close();
    await server?.stop();
  });

  async function signedInPage(name: string, password: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 }, locale: 'en-US' });
    await page.goto(url);
    await page.locator('input[name=username]').fill(name);
    await page.locator('input[name=password]').fill(password);
    await page.locator('button[type=submit]').click();
    await expect.poll(() => page.getByTestId('user-badge').textContent(), { timeout: 30_000 }).toContain(name);
    return page;
  }

  /** Another screen of the same user selects the badge; the page shows that worker's card. */
  async function selectWorker(name: string, password: string): Promise<void> {
    const response = await fetch(new URL('/api/login', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: name, password }) });
    const { token } = (await response.json()) as { token: string };
    const socket: Client = io(url, { transports: ['websocket'], auth: { token }, reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('session:hello', () => resolve());
      socket.once('connect_error', reject);
    });
    socket.emit('ui:selection', { kind: 'worker', id: person.badgeId });
  }

  it('an operator sees the name on the worker card, a viewer only the badge, and the viewer page never holds the name', async () => {
    for (const role of ['operator', 'viewer'] as const) {
      const [name, password] = USERS[role];
      const page = await signedInPage(name, password);
      await selectWorker(name, password);
      // Without names the card says which badge it is, never a bare id.
      const expected = role === 'operator' ? `${person.displayName} (${person.badgeId})` : `Badge ${person.badgeId}`;
      await expect.poll(() => page.getByTestId('info-title').textContent(), { timeout: 30_000 }).toBe(expected);
      if (role === 'viewer') expect(await page.content()).not.toContain(person.displayName);
      await page.close();
    }
  }, 180_000);

  it('an operator downgraded to viewer by the CLI while the page is open: the name leaves the screen', async () => {
    const [name, password] = USERS.operator;
    const page = await signedInPage(name, password);
    await selectWorker(name, password);
    await expect.poll(() => page.getByTestId('info-title').textContent(), { timeout: 30_000 }).toBe(`${person.displayName} (${person.badgeId})`);
    // What reaches the page from now on (the reconnection is a new WebSocket).
    const received: string[] = [];
    page.on('websocket', (ws) => ws.on('framereceived', (frame) => received.push(String(frame.payload))));
    const changed = spawnSync(process.execPath, [SAFETWIN_BIN, 'users', 'role', name, 'viewer', '--data-dir', dataDir], { encoding: 'utf8' });
    expect(changed.status).toBe(0);
    // The core disconnects the screen; it reconnects as a viewer and replaces the scene it held (with names) by the viewer's.
    await expect.poll(() => received.some((frame) => frame.includes('"personnel":[') && !frame.includes(person.displayName)), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('info-title').textContent(), { timeout: 30_000 }).toBe(`Badge ${person.badgeId}`);
    expect(await page.content()).not.toContain(person.displayName);
    await page.close();
  }, 180_000);
});
