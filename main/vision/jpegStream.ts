/**
 * Splits ffmpeg's `-f image2pipe -c:v mjpeg` output into JPEG files: each frame runs from SOI (FF D8) to
 * EOI (FF D9). Inside entropy-coded data every FF byte is stuffed (FF 00), so FF D9 only ends a frame.
 */
export class JpegStreamSplitter {
  private parts: Buffer[] = [];
  private readonly onJpeg: (jpeg: Buffer) => void;
  /** Frames above this size are dropped (a corrupt stream must not grow a buffer forever). */
  private readonly maxBytes: number;
  private size = 0;
  private lastByteWasFf = false;

  constructor(onJpeg: (jpeg: Buffer) => void, maxBytes = 8 * 1024 * 1024) {
    this.onJpeg = onJpeg;
    this.maxBytes = maxBytes;
  }

  push(chunk: Buffer): void {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const isEoi = chunk[i] === 0xd9 && (i > 0 ? chunk[i - 1] === 0xff : this.lastByteWasFf);
      if (!isEoi) continue;
      this.parts.push(chunk.subarray(start, i + 1));
      const jpeg = Buffer.concat(this.parts);
      this.parts = [];
      this.size = 0;
      start = i + 1;
      const soi = jpeg.indexOf(Buffer.from([0xff, 0xd8]));
      if (soi >= 0) this.onJpeg(soi === 0 ? jpeg : jpeg.subarray(soi));
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.size += rest.length;
      if (this.size > this.maxBytes) {
        this.parts = [];
        this.size = 0;
      } else this.parts.push(Buffer.from(rest));
    }
    this.lastByteWasFf = chunk.length > 0 && chunk[chunk.length - 1] === 0xff;
  }
}
