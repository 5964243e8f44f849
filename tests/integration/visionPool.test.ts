import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeImageFile } from '../../main/vision/imageFile.js';
import { InferencePool } from '../../main/vision/InferencePool.js';
import { loadModelManifest } from '../../main/vision/modelManifest.js';
import { MODEL_DIRS, SHARED_MEDIA } from '../support/visionFixtures.js';

describe('inference worker pool (real model)', () => {
  it('runs frames on worker threads, hands the frame buffer back, and keeps the event loop free', async () => {
    const pool = await InferencePool.start(loadModelManifest(MODEL_DIRS.helmet), { workers: 2, session: { executionProviders: ['cpu'], intraOpNumThreads: 1 } });
    try {
      expect(pool.size).toBe(2);
      const frame = await decodeImageFile(path.join(SHARED_MEDIA, 'shwd_2_mixed_helmet_no_helmet.jpg'));
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5);
      const results = await Promise.all(Array.from({ length: 6 }, () => pool.detect(frame.rgb.slice(), frame.widthPx, frame.heightPx)));
      clearInterval(timer);
      for (const r of results) {
        expect(r.detections.filter((d) => d.label === 'head').length).toBeGreaterThanOrEqual(3);
        expect(r.rgb.length).toBe(frame.rgb.length);
        expect(r.timings.runMs).toBeGreaterThan(0);
      }
      expect(ticks).toBeGreaterThan(0);
      expect(await pool.bareRun()).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  });
});

describe('camera decoder sources', () => {
  it('reads an image sequence (glob of stills of different sizes), scaled to the analysis size, looped', async () => {
    const { CameraDecoder } = await import('../../main/vision/CameraDecoder.js');
    const { requireFfmpeg } = await import('../../main/vision/imageFile.js');
    const frames: { widthPx: number; heightPx: number }[] = [];
    const decoder = new CameraDecoder(
      { cameraId: 'SEQ', source: path.join(SHARED_MEDIA, 'shwd_*.jpg'), fps: 10, widthPx: 320, heightPx: 240, realtime: false, previewFps: 0, ffmpegPath: requireFfmpeg(), backoff: { initialMs: 200, maxMs: 1000 }, stallTimeoutMs: 5000 },
      { onFrame: (f) => frames.push({ widthPx: f.widthPx, heightPx: f.heightPx }) },
    );
    decoder.start();
    const deadline = Date.now() + 15_000;
    while (frames.length < 8 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await decoder.stop();
    expect(frames.length).toBeGreaterThanOrEqual(8); // more than the 6 stills: the sequence loops
    expect(frames.every((f) => f.widthPx === 320 && f.heightPx === 240)).toBe(true);
    expect(decoder.health).toMatchObject({ state: 'stopped', errors: 0 });
  });
});
