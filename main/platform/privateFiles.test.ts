import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensurePrivateDir, openPrivateFile, writePrivateFileAtomic } from './privateFiles.js';
import { TokenBucket } from './TokenBucket.js';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'st-private-'));
const mode = (file: string) => statSync(file).mode & 0o777;

describe('private data files', () => {
  it('makes a folder 0700 whether it is new or already existed open to others', async () => {
    const existing = path.join(tempDir(), 'open');
    mkdirSync(existing);
    chmodSync(existing, 0o755);
    await ensurePrivateDir(existing);
    expect(mode(existing)).toBe(0o700);
    const created = path.join(tempDir(), 'a', 'b');
    await ensurePrivateDir(created);
    expect(mode(created)).toBe(0o700);
  });

  it('replaces a world-readable file atomically with a 0600 one and leaves no temporary file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'notes.json');
    writeFileSync(file, 'old');
    chmodSync(file, 0o644);
    await writePrivateFileAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(mode(file)).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['notes.json']);
  });

  it('opens a new file 0600 and corrects an existing one for appending', async () => {
    const dir = tempDir();
    const existing = path.join(dir, 'journal.jsonl');
    writeFileSync(existing, 'line\n');
    chmodSync(existing, 0o644);
    const handle = await openPrivateFile(existing, 'a+');
    await handle.write('more\n');
    await handle.close();
    expect(mode(existing)).toBe(0o600);
    expect(readFileSync(existing, 'utf8')).toBe('line\nmore\n');
    const fresh = path.join(dir, 'new.mcap');
    await (await openPrivateFile(fresh, 'w')).close();
    expect(mode(fresh)).toBe(0o600);
  });
});

describe('token bucket', () => {
  it('allows a burst, then one per interval, and never more than its capacity after a pause', () => {
    let now = 0;
    const bucket = new TokenBucket(3, 1_000, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now = 999;
    expect(bucket.take()).toBe(false);
    now = 1_000;
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now = 2_500;
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now = 3_000;
    expect(bucket.take()).toBe(true);
    now = 1_000_000;
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });
});
