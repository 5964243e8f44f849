import { existsSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvidenceStore, FrameRing, pixelateBoxes } from './evidence.js';
import { JpegStreamSplitter } from './jpegStream.js';

describe('evidence', () => {
  it('pixelates boxes in a copy, averaging each block', () => {
    // 4×1 frame, red ramp 0, 10, 20, 30; box covers x 0–2 with 2-px blocks → 5, 5, 20 (block of one), 30 untouched.
    const rgb = new Uint8Array([0, 0, 0, 10, 0, 0, 20, 0, 0, 30, 0, 0]);
    const out = pixelateBoxes(rgb, 4, 1, [[0, 0, 3, 1]], 2);
    expect([out[0], out[3], out[6], out[9]]).toEqual([5, 5, 20, 30]);
    expect(rgb[0]).toBe(0);
  });

  it('frame ring is bounded in bytes and drops the oldest first', () => {
    const ring = new FrameRing(25);
    for (let t = 0; t < 5; t++) ring.push({ tsMs: t * 100, rgb: new Uint8Array(10), widthPx: 1, heightPx: 1, personBoxes: [] });
    expect(ring.byteSize).toBe(20);
    expect(ring.between(0, 1000).map((f) => f.tsMs)).toEqual([300, 400]);
  });

  it('retention removes files older than maxAge, then the oldest until under maxBytes', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'safetwin-evidence-'));
    const now = Date.now();
    const store = new EvidenceStore(dir, { maxBytes: 250, maxAgeMs: 3_600_000 }, () => now);
    const old = path.join(dir, 'old.jpg');
    writeFileSync(old, Buffer.alloc(10));
    utimesSync(old, new Date(now - 7_200_000), new Date(now - 7_200_000));
    const a = store.write(store.pathFor('CAM-1:intrusion:t1:100', 'jpg'), Buffer.alloc(100));
    utimesSync(a, new Date(now - 1000), new Date(now - 1000));
    const b = store.write(store.pathFor('CAM-1:intrusion:t2:200', 'jpg'), Buffer.alloc(100));
    utimesSync(b, new Date(now - 500), new Date(now - 500));
    expect(existsSync(old)).toBe(false);
    expect(path.basename(a)).toBe('CAM-1_intrusion_t1_100.jpg');
    store.write(store.pathFor('c', 'mp4'), Buffer.alloc(100));
    expect([existsSync(a), existsSync(b)]).toEqual([false, true]);
  });

  it('splits an MJPEG byte stream into JPEG files at EOI, across chunk boundaries', () => {
    const jpegA = Buffer.from([0xff, 0xd8, 1, 2, 0xff, 0x00, 3, 0xff, 0xd9]);
    const jpegB = Buffer.from([0xff, 0xd8, 9, 0xff, 0xd9]);
    const stream = Buffer.concat([jpegA, jpegB]);
    for (const size of [1, 2, 5, stream.length]) {
      const out: Buffer[] = [];
      const splitter = new JpegStreamSplitter((j) => out.push(j));
      for (let i = 0; i < stream.length; i += size) splitter.push(stream.subarray(i, i + size));
      expect(out).toEqual([jpegA, jpegB]);
    }
  });
});
