import net from 'node:net';
import { connectAsync, type MqttClient } from 'mqtt';
import mqttPacket from 'mqtt-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedBroker } from '../../main/broker/EmbeddedBroker.js';
import { createLogger } from '../../main/log/logger.js';
import { waitUntil } from '../support/waitUntil.js';

const MAX_PACKET_BYTES = 64 * 1024;
let broker: EmbeddedBroker;
let oversized = 0;
let subscriber: MqttClient;
const received: { topic: string; bytes: number }[] = [];

beforeAll(async () => {
  broker = await EmbeddedBroker.start(0, createLogger('silent'), { maxPacketBytes: MAX_PACKET_BYTES, onOversizedPacket: () => oversized++ });
  subscriber = await connectAsync(broker.url, { clientId: 'limits-subscriber' });
  subscriber.on('message', (topic, payload) => received.push({ topic, bytes: payload.length }));
  await subscriber.subscribeAsync('limits/#');
});

afterAll(async () => {
  await subscriber?.endAsync(true);
  await broker?.close();
});

describe('embedded broker maximum packet size (issue 13)', () => {
  it('disconnects a client that publishes a packet over the maximum, and routes everyone else’s', async () => {
    const attacker = await connectAsync(broker.url, { clientId: 'limits-attacker', reconnectPeriod: 0 });
    const closed = new Promise<void>((resolve) => attacker.once('close', () => resolve()));
    attacker.publish('limits/big', Buffer.alloc(MAX_PACKET_BYTES + 1, 1));
    await closed;
    const honest = await connectAsync(broker.url, { clientId: 'limits-honest' });
    await honest.publishAsync('limits/ok', Buffer.alloc(MAX_PACKET_BYTES - 100, 2));
    await waitUntil(() => received.some((m) => m.topic === 'limits/ok'), 5_000, 'the honest message');
    expect(received.map((m) => m.topic)).toEqual(['limits/ok']);
    expect(oversized).toBe(1);
    await honest.endAsync(true);
    await attacker.endAsync(true);
  });

  it('cuts a connection that announces a 200 MB packet before its body arrives', async () => {
    const socket = net.connect(broker.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    socket.write(mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId: 'limits-raw', keepalive: 30 }));
    // PUBLISH, remaining length 200,000,000 as a variable byte integer, then only the first kilobyte.
    const header = [0x30];
    for (let length = 200_000_000; ; ) {
      const byte = length % 128;
      length = Math.floor(length / 128);
      header.push(length > 0 ? byte | 0x80 : byte);
      if (length === 0) break;
    }
    socket.write(Buffer.concat([Buffer.from(header), Buffer.alloc(1024)]));
    await closed;
    expect(oversized).toBe(2);
  });
});
