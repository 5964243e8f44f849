import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlayerState, Result } from '../../main/contracts/index.js';
import type { ReplayOpened } from '../../main/players/index.js';
import { serve, type ServeProcess } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';

const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SAFETWIN_')));

/**
 * Issue 15: linked screens follow one user's player. A wall screen that connects with `follow` shows the
 * recording its user opens on the desk, seeks with it, and goes back to live with it; a screen that does
 * not follow stays live. Through a real core and socket.io.
 */
describe('linked screens following one user\'s player', () => {
  let server: ServeProcess;
  const sockets: Socket[] = [];
  const states = new Map<Socket, PlayerState[]>();

  async function screen(follow: boolean): Promise<Socket> {
    const socket = io(await server.url, { transports: ['websocket'], reconnection: false, auth: follow ? { follow: true } : {} });
    states.set(socket, []);
    socket.on('player:state', (state: PlayerState) => states.get(socket)!.push(state));
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    return socket;
  }
  const lastMode = (socket: Socket) => states.get(socket)!.at(-1)?.mode;

  beforeAll(async () => {
    server = serve(['--port', '0', '--broker-port', '0', '--data-dir', makeTempDir('linked-screens'), '--log-level', 'warn'], cleanEnv);
    await server.url;
  }, 60_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await server?.stop();
  });

  it('a following screen shows the desk\'s replay, its seeks, and live again; a screen that does not follow stays live', async () => {
    const desk = await screen(false);
    const wall = await screen(true);
    const other = await screen(false);
    await waitUntil(() => [desk, wall, other].every((s) => lastMode(s) === 'live'), 10_000, 'every screen live');
    // A few seconds recorded, then the desk opens them.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const opened = (await desk.timeout(20_000).emitWithAck('player:command', { action: 'open', fromMs: Date.now() - 60_000, toMs: Date.now() })) as Result<ReplayOpened>;
    expect(opened.ok, JSON.stringify(opened)).toBe(true);
    await waitUntil(() => lastMode(wall) === 'replay', 10_000, 'the wall on the replay');
    expect(lastMode(other)).toBe('live');
    // One picture: a seek on the wall moves the desk too.
    const { startMs } = (opened as { ok: true; value: ReplayOpened }).value.index;
    expect(await wall.timeout(10_000).emitWithAck('player:command', { action: 'seek', tsMs: startMs + 1_000 })).toMatchObject({ ok: true });
    await waitUntil(() => states.get(desk)!.at(-1)?.currentMs === startMs + 1_000, 10_000, 'the desk at the wall\'s seek');
    await desk.timeout(10_000).emitWithAck('player:command', { action: 'close' });
    await waitUntil(() => lastMode(desk) === 'live' && lastMode(wall) === 'live', 10_000, 'both back to live');
    // The replay is closed once no screen shows it: a report of it is refused now.
    expect(await desk.timeout(10_000).emitWithAck('replay:report', { locale: 'en' })).toMatchObject({ ok: false, problem: { code: 'ST_ERR_PLAYER_NONE_OPEN' } });
  }, 60_000);
});
