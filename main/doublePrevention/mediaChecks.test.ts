import { describe, expect, it } from 'vitest';
import { mediaKindOf, UploadQuota } from './mediaChecks.js';

describe('hidden-danger media checks', () => {
  it('keeps the five types only when the bytes begin as the type does', () => {
    expect(mediaKindOf('image/jpeg', Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0))).toEqual({ ok: true, kind: 'photo' });
    expect(mediaKindOf('image/png', Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toEqual({ ok: true, kind: 'photo' });
    expect(mediaKindOf('audio/webm', Uint8Array.of(0x1a, 0x45, 0xdf, 0xa3, 1))).toEqual({ ok: true, kind: 'voice' });
    expect(mediaKindOf('audio/ogg', new TextEncoder().encode('OggS\0\x02'))).toEqual({ ok: true, kind: 'voice' });
    expect(mediaKindOf('audio/mp4', new TextEncoder().encode('\0\0\0\x18ftypM4A '))).toEqual({ ok: true, kind: 'voice' });
    expect(mediaKindOf('image/jpeg', Uint8Array.of(1, 2, 3))).toMatchObject({ ok: false, message: 'the bytes are not a image/jpeg file' });
    expect(mediaKindOf('image/jpeg', Uint8Array.of(0xff, 0xd8))).toMatchObject({ ok: false });
    expect(mediaKindOf('image/gif', new TextEncoder().encode('GIF89a'))).toMatchObject({ ok: false });
  });

  it('takes a user\'s uploads up to the hour\'s number, then again as the oldest leave the hour', () => {
    const quota = new UploadQuota(3);
    expect([0, 1, 2, 3].map((i) => quota.take('li.ming', 1_000 + i))).toEqual([true, true, true, false]);
    expect(quota.take('wang.fang', 1_004)).toBe(true);
    expect(quota.take('li.ming', 1_000 + 3_600_000)).toBe(true);
    expect(quota.take('li.ming', 1_001 + 3_600_000)).toBe(true);
    expect(quota.take('li.ming', 1_002 + 3_599_999)).toBe(false);
  });
});
