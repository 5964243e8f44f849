import { readFileSync } from 'node:fs';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '../../main/contracts/index.js';
import { serve, type ServeProcess } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * ISA-18.2: removal from service is an authorised act. The real core with its console user as an
 * operator, then as a commander: the role decides, and what is done is journaled with its reason.
 */
describe.each([
  { role: 'operator', mayRemove: false },
  { role: 'commander', mayRemove: true },
])('alarm commands of a console user who is $role', ({ role, mayRemove }) => {
  let server: ServeProcess;
  let socket: Client;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = makeTempDir(`alarm-roles-${role}`);
    // No broker: the core runs without one, and the commands act on the alarms the scene defines.
    server = serve(['--port', '0', '--data-dir', dataDir, '--mqtt-url', 'mqtt://127.0.0.1:1', '--local-role', role, '--log-level', 'warn']);
    const url = await server.url;
    socket = io(url, { transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve, reject) => (socket.once('connect', resolve), socket.once('connect_error', reject)));
  }, 60_000); // a core's start-up, which takes longer than the 10 s default on a loaded CI machine

  afterAll(async () => {
    socket?.close();
    await server?.stop();
  });

  it(mayRemove ? 'removes a detector from service with a reason and returns it, both in the audit journal' : 'may not remove a detector from service', async () => {
    const removed = await socket.emitWithAck('player:command', { action: 'alarm', command: { action: 'removeFromService', target: 'GD-T101-C1', reason: '标定' } });
    if (!mayRemove) {
      expect(removed).toMatchObject({ ok: false, problem: { code: 'ST_ERR_AUTH_FORBIDDEN' } });
      return;
    }
    expect(removed).toMatchObject({ ok: true, value: { errors: [] } });
    const back = await socket.emitWithAck('player:command', { action: 'alarm', command: { action: 'returnToService', target: 'GD-T101-C1', reason: 'calibrated' } });
    expect(back).toMatchObject({ ok: true, value: { errors: [] } });
    const journalFile = path.join(dataDir, 'audit', 'journal.jsonl');
    await expect
      .poll(() => readFileSync(journalFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { kind: string; by: string; data: Record<string, string> }).filter((e) => e.kind === 'alarmAction' && e.data.alarmId === 'GD-T101-C1:highHigh').map((e) => [e.by, e.data.action, e.data.reason]), { timeout: 5_000 })
      .toEqual([
        [`local-${role}`, 'removeFromService', '标定'],
        [`local-${role}`, 'returnToService', 'calibrated'],
      ]);
  });

  it('may not suppress by design (an administrator\'s change) and must give a reason of two characters or more', async () => {
    expect(await socket.emitWithAck('player:command', { action: 'alarm', command: { action: 'suppress', target: 'LT-T101:high', reason: 'tank empty' } })).toMatchObject({ ok: false, problem: { code: 'ST_ERR_AUTH_FORBIDDEN' } });
    expect(await socket.emitWithAck('player:command', { action: 'alarm', command: { action: 'removeFromService', target: 'GD-T101-C1', reason: '修' } })).toMatchObject({ ok: false, problem: { code: 'ST_ERR_SOCKET_PAYLOAD' } });
  });
});
