import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../tests/support/waitUntil.js';
import { backoffDelayMs, CameraDecoder, ffmpegDecodeArgs, sourceKind } from './CameraDecoder.js';
import { requireFfmpeg } from './imageFile.js';

const opts = { fps: 2, widthPx: 640, heightPx: 352, realtime: true, previewFps: 0 };

describe('camera decoder arguments', () => {
  it('classifies sources', () => {
    expect(sourceKind('rtsp://10.0.0.5:554/stream1')).toBe('stream');
    expect(sourceKind('https://nvr/cam.m3u8')).toBe('stream');
    expect(sourceKind('/data/demo/gate.mp4')).toBe('file');
    expect(sourceKind('file:///data/demo/gate.mp4')).toBe('file');
    expect(sourceKind('/data/frames/img%04d.jpg')).toBe('images');
    expect(sourceKind('/data/frames/*.png')).toBe('images');
  });

  it('loops files at their native rate, scales to the analysis size, writes PPM to stdout', () => {
    const args = ffmpegDecodeArgs({ ...opts, source: '/v/gate.mp4' });
    expect(args.join(' ')).toContain('-re -stream_loop -1 -i /v/gate.mp4 -an -vf fps=2,scale=640:352 -f image2pipe -c:v ppm -pix_fmt rgb24 pipe:1');
    expect(ffmpegDecodeArgs({ ...opts, realtime: false, source: '/v/gate.mp4' })).not.toContain('-re');
  });

  it('image sequences loop through the image2 demuxer (glob for *), streams are read as they come', () => {
    expect(ffmpegDecodeArgs({ ...opts, source: '/f/*.jpg' }).join(' ')).toContain('-f image2 -loop 1 -framerate 2 -pattern_type glob -i /f/*.jpg -an -vf scale=640:352');
    const rtsp = ffmpegDecodeArgs({ ...opts, source: 'rtsp://cam/1' }).join(' ');
    expect(rtsp).toContain('-fflags nobuffer -i rtsp://cam/1');
    expect(rtsp).not.toContain('-stream_loop');
  });

  it('adds an MJPEG live view on fd 3 at the preview rate from the same decode', () => {
    const args = ffmpegDecodeArgs({ ...opts, previewFps: 1, source: '/v/gate.mp4' }).join(' ');
    expect(args).toContain('-filter_complex [0:v]fps=2,scale=640:352,split=2[a][b];[b]fps=1[p] -map [a]');
    expect(args).toMatch(/-map \[p\] -f image2pipe -c:v mjpeg -q:v 6 pipe:3$/);
  });

  it('backs off exponentially up to the maximum', () => {
    expect([0, 1, 2, 3, 10].map((n) => backoffDelayMs(n, { initialMs: 500, maxMs: 5000 }))).toEqual([500, 1000, 2000, 4000, 5000]);
  });
});

describe('camera decoder errors (issue 13.2)', () => {
  it('a stream that refuses the connection: the error ffmpeg prints (with the URL) is kept without the credentials', async () => {
    const decoder = new CameraDecoder({ ...opts, cameraId: 'CAM-01', source: 'rtsp://user:S3cretPw@127.0.0.1:1/stream', ffmpegPath: requireFfmpeg(), backoff: { initialMs: 60_000, maxMs: 60_000 }, stallTimeoutMs: 10_000 }, { onFrame: () => undefined });
    decoder.start();
    try {
      await waitUntil(() => decoder.health.lastError !== null, 10_000, 'ffmpeg to fail on the refused stream');
      const problem = decoder.health.lastError!.toProblem();
      expect(JSON.stringify(problem)).not.toContain('S3cretPw');
      expect(problem.message).toContain('rtsp://***@127.0.0.1:1/stream: Connection refused');
      expect(decoder.health.lastError!.location).toBe('rtsp://***@127.0.0.1:1/stream');
    } finally {
      await decoder.stop();
    }
  });
});
