import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { MqttFrameSizeGuard } from './MqttFrameSizeGuard.js';

const publish = (payloadBytes: number) => mqttPacket.generate({ cmd: 'publish', topic: 't/x', payload: Buffer.alloc(payloadBytes, 1), qos: 0, dup: false, retain: false });
const ping = () => mqttPacket.generate({ cmd: 'pingreq' });
const LIMIT = 1_000;

/** Feeds a stream in chunks of the given size; the guard's verdict after the last one. */
function feedInChunks(stream: Buffer, chunkBytes: number): boolean {
  const guard = new MqttFrameSizeGuard(LIMIT);
  for (let at = 0; at < stream.length; at += chunkBytes) if (!guard.feed(stream.subarray(at, at + chunkBytes))) return false;
  return true;
}

describe('MQTT frame size guard', () => {
  it('follows the framing of a stream of packets however it is cut, and passes packets up to the limit', () => {
    const atLimit = publish(LIMIT - 3 - 5); // fixed header: type + 2 length bytes; topic: 2 length bytes + "t/x"
    const stream = Buffer.concat([ping(), publish(10), publish(200), ping(), publish(0)]);
    for (const chunkBytes of [1, 2, 3, 7, 64, stream.length]) expect(feedInChunks(stream, chunkBytes)).toBe(true);
    expect(atLimit.length).toBe(LIMIT);
    expect(feedInChunks(Buffer.concat([atLimit, atLimit]), 5)).toBe(true);
  });

  it('refuses a packet over the limit from its header, before the body, even behind other packets', () => {
    const big = publish(LIMIT);
    expect(big.length).toBeGreaterThan(LIMIT);
    const guard = new MqttFrameSizeGuard(LIMIT);
    expect(guard.feed(Buffer.concat([ping(), publish(20)]))).toBe(true);
    // Type byte and the two length bytes are enough to know.
    expect(guard.feed(big.subarray(0, 3))).toBe(false);
    for (const chunkBytes of [1, 4, 100]) expect(feedInChunks(Buffer.concat([publish(30), big]), chunkBytes)).toBe(false);
  });

  it('refuses a remaining length of more than four bytes (MQTT 3.1.1 §2.2.3)', () => {
    expect(new MqttFrameSizeGuard(Number.MAX_SAFE_INTEGER).feed(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]))).toBe(false);
    // 268,435,455 bytes, the largest MQTT packet, announced in four bytes: over any sane limit.
    expect(new MqttFrameSizeGuard(1024 * 1024).feed(Buffer.from([0x30, 0xff, 0xff, 0xff, 0x7f]))).toBe(false);
  });
});
