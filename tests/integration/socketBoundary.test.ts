import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { InputBoundary } from '../../main/log/InputBoundary.js';
import { createLogger } from '../../main/log/logger.js';
import { CoreMetrics } from '../../main/metrics/CoreMetrics.js';
import { guardSocketListeners } from '../../main/realtime/socketBoundary.js';

describe('socket.io input boundary', () => {
  it('counts a listener’s throw and rejection per event, and the connection goes on answering', async () => {
    const metrics = new CoreMetrics();
    const boundary = new InputBoundary(metrics, createLogger('silent'));
    const http = createServer();
    const server = new Server(http);
    server.on('connection', (socket) => {
      guardSocketListeners(socket, boundary);
      socket.on('boom', () => {
        throw new RangeError('Maximum call stack size exceeded');
      });
      socket.on('later', async () => {
        await Promise.resolve();
        throw new Error('rejected');
      });
      socket.on('ping', (ack: (reply: string) => void) => ack('pong'));
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'], reconnection: false });
    try {
      await new Promise<void>((resolve) => client.once('connect', () => resolve()));
      for (let i = 0; i < 5; i++) client.emit('boom');
      client.emit('later');
      expect(await client.emitWithAck('ping')).toBe('pong');
      await expect.poll(async () => (await metrics.handlerErrors.get()).values.map((v) => [v.labels.handler, v.value])).toEqual([
        ['boom', 5],
        ['later', 1],
      ]);
      expect(client.connected).toBe(true);
    } finally {
      client.close();
      await server.close();
    }
  });
});
