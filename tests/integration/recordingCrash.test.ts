import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { McapIndexedReader } from '@mcap/core';
import { MCAP_DECOMPRESS_HANDLERS } from '../../main/recording/chunkCompression.js';
import { FileHandleReadable } from '@mcap/nodejs';
import { describe, expect, it } from 'vitest';
import { recoverPartialRecordings, RecordingFile } from '../../main/recording/index.js';
import { makeTempDir } from '../support/tempDir.js';

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'recordingCrashChild.js');

/**
 * Issue 8 crash safety: SIGKILL the recorder process mid-write; the file it left is recovered on
 * the next start, validates with the MCAP library, and loses at most one second.
 */
describe('recorder crash safety', () => {
  it('loses at most 1 s when the recorder process is killed with SIGKILL', async () => {
    const dir = makeTempDir('rec-crash');
    const recorder = spawn(process.execPath, [child, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      recorder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      recorder.on('exit', (code) => reject(new Error(`recorder exited early (${code})`)));
    });
    await new Promise((r) => setTimeout(r, 3200));
    const killedAtMs = Date.now();
    recorder.kill('SIGKILL');
    await new Promise((r) => recorder.on('exit', r));
    expect(readdirSync(dir).filter((n) => n.endsWith('.mcap.part'))).toHaveLength(1);

    const [result] = await recoverPartialRecordings(dir);
    expect(result).toBeDefined();
    expect(readdirSync(dir).filter((n) => n.endsWith('.part'))).toEqual([]);
    const lossMs = killedAtMs - result!.lastMessageMs!;
    expect(lossMs).toBeGreaterThanOrEqual(0);
    expect(lossMs).toBeLessThanOrEqual(1000);

    const handle = await open(result!.path, 'r');
    const reader = await McapIndexedReader.Initialize({ readable: new FileHandleReadable(handle), decompressHandlers: MCAP_DECOMPRESS_HANDLERS });
    let messages = 0;
    for await (const _message of reader.readMessages()) messages++;
    expect(messages).toBe(result!.messages);
    expect(messages).toBeGreaterThan(100);
    await handle.close();
    const file = await RecordingFile.open(result!.path);
    expect(file.chunks.some((c) => c.hasKeyframe)).toBe(true);
    await file.close();
  });
});
