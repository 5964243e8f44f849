import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordingFile, verifyAuditJournal } from '../../main/recording/index.js';
import { recordingsDirOf } from '../../main/recording/dataLayout.js';
import { serve } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';
import { journalPathOf } from './recordingFixtures.js';

const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SAFETWIN_')));

/**
 * Issue 14 item 11: Ctrl+C on `npm start` delivers SIGINT twice (the terminal's process group, and
 * scripts/start.js forwarding it). The core must still close its recording (no .mcap.part left),
 * log "SafeTwin core stopped" and exit 0.
 */
describe('safetwin serve stops cleanly on a repeated SIGINT', () => {
  it('closes the recording, journals it and exits 0 when SIGINT arrives twice', async () => {
    const dataDir = makeTempDir('serve-sigint');
    const server = serve(['--port', '0', '--broker-port', '0', '--data-dir', dataDir, '--log-level', 'info'], cleanEnv);
    await server.url;
    const recordings = recordingsDirOf(dataDir);
    // The simulator publishes and the recorder flushes every 0.5 s: wait for a first chunk on disk.
    await waitUntil(() => readdirSync(recordings).some((n) => n.endsWith('.mcap.part')), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // The forwarded copy arrives while the core is stopping (two kill() calls in a row would merge
    // into one pending signal and test nothing): sent as soon as the first one is acknowledged.
    const forwarded = new Promise<void>((resolve) => {
      const onOutput = (chunk: Buffer) => {
        if (!chunk.toString().includes('"msg":"shutting down"')) return;
        server.child.stdout!.off('data', onOutput);
        server.child.kill('SIGINT');
        resolve();
      };
      server.child.stdout!.on('data', onOutput);
    });
    server.child.kill('SIGINT');
    await forwarded;
    expect(await server.exited).toBe(0);
    const names = readdirSync(recordings);
    expect(names.filter((n) => n.endsWith('.part'))).toEqual([]);
    expect(names.filter((n) => n.endsWith('.mcap'))).toHaveLength(1);
    const messages = server
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(messages).toEqual(expect.arrayContaining(['shutting down', 'SafeTwin core stopped']));
    const journal = readFileSync(journalPathOf(dataDir), 'utf8');
    const closed = names.find((n) => n.endsWith('.mcap'))!;
    expect(journal).toContain(`"file":"${closed}"`);
    expect(journal).toContain('"kind":"recordingClosed"');
    // The recorder's worker asked the core's journal for its chain head and stored it in the file.
    const file = await RecordingFile.open(path.join(recordings, closed));
    expect((await file.metadata()).find((m) => m.name === 'safetwin.auditHead')?.metadata).toEqual({ seq: expect.stringMatching(/^\d+$/), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await file.close();
    expect(await verifyAuditJournal(journalPathOf(dataDir), { recordingsDir: recordings })).toMatchObject({ ok: true, headsChecked: 1, filesChecked: 1 });
  });
});
