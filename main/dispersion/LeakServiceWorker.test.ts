import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDemoScene } from '../../tests/support/demoScene.js';
import { LeakRequestError } from './equipmentRelease.js';
import { LeakServiceWorker } from './LeakServiceWorker.js';

// The worker runs compiled JavaScript: this test uses the build (npm run build:core) when present.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const compiledWorker = path.join(root, 'dist', 'main', 'dispersion', 'leakService.worker.js');

describe.skipIf(!existsSync(compiledWorker))('LeakServiceWorker', () => {
  it('runs the leak service in a worker thread: start, wind change, snapshot with transferred fields, coded errors, dispose', async () => {
    const t0 = Date.UTC(2025, 6, 1, 2, 0, 0);
    const worker = await LeakServiceWorker.start(loadDemoScene(), { cellSizeM: 2 }, { workerUrl: pathToFileURL(compiledWorker), atMs: t0 });
    try {
      await worker.updateWind({ speedMps: 3, fromDeg: 90, atMs: t0, stabilityClass: 'D' });
      const leak = await worker.startLeak({ equipmentId: 'S-201', holeDiameterM: 0.01 }, t0);
      expect(leak.equipmentId).toBe('S-201');
      const snapshot = await worker.updateWind({ speedMps: 3, fromDeg: 100, atMs: t0 + 60_000, stabilityClass: 'D' });
      expect(snapshot.fields[0]!.valuesMgM3).toBeInstanceOf(Float32Array);
      expect(snapshot.fields[0]!.maxMgM3).toBeGreaterThan(0);
      expect(snapshot.zones.length).toBeGreaterThan(0);
      await expect(worker.startLeak({ equipmentId: 'NOPE', holeDiameterM: 0.01 }, t0)).rejects.toBeInstanceOf(LeakRequestError);
    } finally {
      await worker.dispose();
    }
    await expect(worker.recompute()).rejects.toThrow(/disposed/);
  });
});
