import { readdirSync } from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../main/contracts/index.js';
import { recordingsDirOf } from '../../main/recording/dataLayout.js';
import type { ReplayOpened } from '../../main/players/index.js';
import { serve, type ServeProcess } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';

const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SAFETWIN_')));

/**
 * Issue 13 item 6: each replay "open by range" (the last hour) rotated the live recording: 20 opens
 * made 20 files. Through the real core and socket.io, 20 opens now leave the one file being
 * recorded, read up to its last flushed chunk.
 */
describe('opening replays of the current hour in a running core', () => {
  let server: ServeProcess;
  let socket: Socket;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = makeTempDir('replay-no-rotate');
    server = serve(['--port', '0', '--broker-port', '0', '--data-dir', dataDir, '--log-level', 'warn'], cleanEnv);
    const url = await server.url;
    socket = io(url, { transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  }, 60_000); // a core's start-up, which takes longer than the 10 s default on a loaded CI machine

  afterAll(async () => {
    socket?.disconnect();
    await server?.stop();
  });

  it('20 opens of the last hour never rotate the recorder and each reaches the last flushed second', async () => {
    const recordings = recordingsDirOf(dataDir);
    // The simulator's samples reach the file (the recorder closes a chunk every 0.5 s).
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const before = readdirSync(recordings);
    expect(before).toEqual([expect.stringMatching(/\.mcap\.part$/)]);
    for (let i = 0; i < 20; i++) {
      const openedAtMs = Date.now();
      const result = (await socket.timeout(20_000).emitWithAck('player:command', { action: 'open', fromMs: openedAtMs - 3_600_000, toMs: openedAtMs })) as Result<ReplayOpened>;
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value.index.files.map((f) => f.name)).toEqual(before);
      // The queue is flushed before reading: the replay ends within a second of the open.
      expect(openedAtMs - result.value.index.endMs).toBeLessThan(1000);
    }
    await (socket.timeout(20_000).emitWithAck('player:command', { action: 'close' }) as Promise<unknown>);
    expect(readdirSync(recordings)).toEqual(before);
  });
});
