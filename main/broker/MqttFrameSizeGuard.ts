/**
 * Watches an MQTT byte stream's packet framing and says when a packet announces a size over the limit,
 * before its body arrives. aedes has no maximum packet size: its parser (mqtt-packet) buffers a packet
 * until all of its announced "remaining length" (up to 256 MB, MQTT 3.1.1 §2.2.3) has arrived.
 *
 * MQTT 3.1.1 §2.2: every control packet is a fixed header (one byte of type and flags, then the remaining
 * length as a variable byte integer of one to four bytes, 7 bits each, least significant first, the top bit
 * saying another byte follows) and then exactly "remaining length" bytes. MQTT 5 keeps the same framing.
 */
export class MqttFrameSizeGuard {
  private state: 'type' | 'length' | 'body' = 'type';
  private length = 0;
  private multiplier = 1;
  private lengthBytes = 0;
  private bodyLeft = 0;

  /** @param maxPacketBytes the largest fixed header plus body accepted */
  constructor(private readonly maxPacketBytes: number) {}

  /** Feeds the next bytes of the stream; false once a packet is over the limit or its length is malformed. */
  feed(chunk: Uint8Array): boolean {
    let i = 0;
    while (i < chunk.length) {
      if (this.state === 'body') {
        const skipped = Math.min(this.bodyLeft, chunk.length - i);
        this.bodyLeft -= skipped;
        i += skipped;
        if (this.bodyLeft === 0) this.state = 'type';
        continue;
      }
      const byte = chunk[i++]!;
      if (this.state === 'type') {
        this.state = 'length';
        this.length = 0;
        this.multiplier = 1;
        this.lengthBytes = 0;
        continue;
      }
      this.length += (byte & 0x7f) * this.multiplier;
      this.multiplier *= 128;
      this.lengthBytes++;
      if (byte & 0x80) {
        if (this.lengthBytes === 4) return false; // §2.2.3: at most four bytes
        continue;
      }
      if (1 + this.lengthBytes + this.length > this.maxPacketBytes) return false;
      this.bodyLeft = this.length;
      this.state = this.length > 0 ? 'body' : 'type';
    }
    return true;
  }
}
