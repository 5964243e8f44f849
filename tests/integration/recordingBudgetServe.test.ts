import { mkdirSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordingsDirOf } from '../../main/recording/dataLayout.js';
import { compactUtc } from '../../main/recording/recordingFiles.js';
import { serve } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';

const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SAFETWIN_')));

/**
 * Issue 14 item 17: at start, the core logs how many days the recordings budget holds at the
 * current data rate, and shows a problem when that is less than the retention period.
 */
describe('safetwin serve reports its recordings disk budget', () => {
  it('logs the days a 10 GB budget holds at 2.4 GB a day and raises ST_ERR_RECORDING_BUDGET against six years', async () => {
    const dataDir = makeTempDir('serve-budget');
    const recordings = recordingsDirOf(dataDir);
    mkdirSync(recordings, { recursive: true });
    // The last day: 24 hourly recordings of 100 MB (sparse), each last written at the end of its hour.
    const dayStartMs = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 24 * 3_600_000;
    for (let h = 0; h < 24; h++) {
      const file = path.join(recordings, `demo_${compactUtc(dayStartMs + h * 3_600_000)}.mcap`);
      writeFileSync(file, '');
      truncateSync(file, 100e6);
      const endS = (dayStartMs + (h + 1) * 3_600_000) / 1000;
      utimesSync(file, endS, endS);
    }
    const server = serve(['--port', '0', '--broker-port', '0', '--data-dir', dataDir, '--log-level', 'info'], { ...cleanEnv, SAFETWIN_RECORDING_MAX_GB: '10' });
    try {
      const url = await server.url;
      const health = (await (await fetch(new URL('/api/health', url))).json()) as { problems: { code: string; message: string }[] };
      expect(health.problems.filter((p) => p.code === 'ST_ERR_RECORDING_BUDGET')).toEqual([
        expect.objectContaining({ message: expect.stringMatching(/the recordings disk budget \(10\.0 GB\) holds about 4 days at the current 2\.\d\d GB per day, less than the 2196 days records must be kept/) }),
      ]);
      const logged = server
        .output()
        .split('\n')
        .filter((l) => l.includes('"msg":"recording disk budget"'))
        .map((l) => JSON.parse(l) as { level: number; daysHeld: number; recordingMaxGb: number; retentionDays: number });
      expect(logged).toEqual([expect.objectContaining({ level: 40, daysHeld: 4, recordingMaxGb: 10, retentionDays: 2196 })]);
    } finally {
      await server.stop();
    }
  });
});
