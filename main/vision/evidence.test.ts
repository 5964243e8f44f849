import { existsSync, mkdtempSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
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

  it('retention removes files older than maxAge, then the oldest until under maxBytes', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'safetwin-evidence-'));
    let nowMs = Date.now();
    const old = path.join(dir, 'old.jpg');
    writeFileSync(old, Buffer.alloc(10));
    utimesSync(old, new Date(nowMs - 7_200_000), new Date(nowMs - 7_200_000));
    const kept = path.join(dir, 'kept.jpg');
    writeFileSync(kept, Buffer.alloc(10));
    // Its time is set, not left to the wall clock: written after nowMs was read, a loaded machine
    // could stamp it later than the store's first write and reverse the oldest-first order.
    utimesSync(kept, new Date(nowMs - 60_000), new Date(nowMs - 60_000));
    // What an earlier run left is indexed once at open: the expired file goes, the recent one stays.
    const store = await EvidenceStore.open(dir, { maxBytes: 250, maxAgeMs: 3_600_000 }, () => nowMs);
    expect([existsSync(old), existsSync(kept)]).toEqual([false, true]);
    const a = await store.write(store.pathFor('CAM-1:intrusion:t1:100', 'jpg'), Buffer.alloc(100));
    nowMs += 500;
    const b = await store.write(store.pathFor('CAM-1:intrusion:t2:200', 'jpg'), Buffer.alloc(100));
    expect(path.basename(a)).toBe('CAM-1_intrusion_t1_100.jpg');
    expect(store.byteSize).toBe(210);
    nowMs += 500;
    await store.write(store.pathFor('c', 'mp4'), Buffer.alloc(100));
    // 310 bytes > 250: the oldest go first (kept.jpg from before the start, then a), b and c stay.
    expect([existsSync(kept), existsSync(a), existsSync(b)]).toEqual([false, false, true]);
    expect(store.byteSize).toBe(200);
    expect(statSync(b).mode & 0o777).toBe(0o600);
  });

  it('adopts files written by another process (clips) and prunes by age on the next write', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'safetwin-evidence-'));
    let nowMs = 1_000_000;
    const store = await EvidenceStore.open(dir, { maxBytes: 10_000, maxAgeMs: 60_000 }, () => nowMs);
    const clip = store.pathFor('clip-1', 'mp4');
    writeFileSync(clip, Buffer.alloc(40));
    await store.adopt(clip);
    expect(store.byteSize).toBe(40);
    nowMs += 61_000;
    await store.write(store.pathFor('snap-2', 'jpg'), Buffer.alloc(5));
    expect(existsSync(clip)).toBe(false);
    expect(store.byteSize).toBe(5);
  });

  it('concurrent writes never count one deletion twice', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'safetwin-evidence-'));
    const store = await EvidenceStore.open(dir, { maxBytes: 30, maxAgeMs: 3_600_000 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => store.write(store.pathFor(`e${i}`, 'jpg'), Buffer.alloc(10))));
    expect(store.byteSize).toBeLessThanOrEqual(30);
    expect(readdirSync(dir).length * 10).toBe(store.byteSize);
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
