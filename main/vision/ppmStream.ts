/**
 * Splits ffmpeg's `-f image2pipe -c:v ppm` output into frames. PPM (netpbm P6) frames carry their own
 * size, so a stream whose resolution changes mid-way (a camera renegotiating) is still parsed correctly,
 * and a frame is copied once into its own buffer instead of re-concatenating chunks.
 */
export type RgbFrame = { widthPx: number; heightPx: number; rgb: Uint8Array };

const MAX_HEADER_BYTES = 64;
const HEADER = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/;

export class PpmStreamParser {
  private header = Buffer.alloc(0);
  private frame: { widthPx: number; heightPx: number; rgb: Uint8Array; filled: number } | null = null;
  private readonly onFrame: (frame: RgbFrame) => void;

  constructor(onFrame: (frame: RgbFrame) => void) {
    this.onFrame = onFrame;
  }

  /** Throws on a stream that is not 8-bit PPM (the caller treats it as a decoder error). */
  push(chunk: Uint8Array): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (!this.frame) {
        const take = Math.min(chunk.length - offset, MAX_HEADER_BYTES - this.header.length);
        const candidate = Buffer.concat([this.header, chunk.subarray(offset, offset + take)]);
        const match = HEADER.exec(candidate.toString('latin1'));
        if (!match) {
          if (candidate.length >= MAX_HEADER_BYTES) throw new Error('decoder output is not a PPM (P6) stream');
          this.header = candidate;
          offset += take;
          continue;
        }
        const widthPx = Number(match[1]);
        const heightPx = Number(match[2]);
        if (Number(match[3]) !== 255 || widthPx <= 0 || heightPx <= 0) throw new Error(`unsupported PPM frame ${widthPx}×${heightPx}, maxval ${match[3]}`);
        // The header ended inside `candidate`; continue right after it in the chunk.
        offset += match[0].length - this.header.length;
        this.header = Buffer.alloc(0);
        this.frame = { widthPx, heightPx, rgb: new Uint8Array(widthPx * heightPx * 3), filled: 0 };
        continue;
      }
      const f = this.frame;
      const n = Math.min(chunk.length - offset, f.rgb.length - f.filled);
      f.rgb.set(chunk.subarray(offset, offset + n), f.filled);
      f.filled += n;
      offset += n;
      if (f.filled === f.rgb.length) {
        this.frame = null;
        this.onFrame({ widthPx: f.widthPx, heightPx: f.heightPx, rgb: f.rgb });
      }
    }
  }
}
