import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ensurePrivateDir, openPrivateFile } from '../platform/privateFiles.js';
import type { HistorianBatch } from './historianBatch.js';

const SPOOL_FILE = /^batch-(\d{12})\.json$/;

/**
 * Batches the database could not take yet, on disk (issue 16.4: a slow or lost database buffers to
 * disk, then catches up without loss). One private file per batch, named by a sequence number, so
 * catching up writes them oldest first and a crash mid-way loses nothing: a file is deleted only after
 * its batch committed. Bounded in bytes; what does not fit is refused and counted by the writer.
 */
export class HistorianSpool {
  private nextSeq = 0;
  private bytes = 0;
  private files: { name: string; bytes: number }[] = [];

  private constructor(
    readonly dir: string,
    readonly maxBytes: number,
  ) {}

  /** Opens the spool directory and takes over what an earlier run left in it. */
  static async open(dir: string, maxBytes: number): Promise<HistorianSpool> {
    await ensurePrivateDir(dir);
    const spool = new HistorianSpool(dir, maxBytes);
    const names = (await readdir(dir)).filter((name) => SPOOL_FILE.test(name)).sort();
    for (const name of names) {
      const { size } = await stat(path.join(dir, name));
      spool.files.push({ name, bytes: size });
      spool.bytes += size;
    }
    const last = names.at(-1);
    spool.nextSeq = last === undefined ? 0 : Number(SPOOL_FILE.exec(last)![1]) + 1;
    return spool;
  }

  get sizeBytes(): number {
    return this.bytes;
  }

  get batchCount(): number {
    return this.files.length;
  }

  /** Writes a batch to disk; false (nothing written) when it would exceed the budget. */
  async append(batch: HistorianBatch): Promise<boolean> {
    const text = JSON.stringify(batch);
    const bytes = Buffer.byteLength(text);
    if (this.bytes + bytes > this.maxBytes) return false;
    const name = `batch-${String(this.nextSeq).padStart(12, '0')}.json`;
    this.nextSeq += 1;
    const handle = await openPrivateFile(path.join(this.dir, name), 'wx');
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    this.files.push({ name, bytes });
    this.bytes += bytes;
    return true;
  }

  /** Spool files that could not be read back (a crash while one was written): kept aside as *.corrupt. */
  corruptBatches = 0;

  /** The oldest spooled batch, or null; it stays spooled until `removeOldest`. */
  async peekOldest(): Promise<HistorianBatch | null> {
    for (;;) {
      const oldest = this.files[0];
      if (oldest === undefined) return null;
      const file = path.join(this.dir, oldest.name);
      try {
        return JSON.parse(await readFile(file, 'utf8')) as HistorianBatch;
      } catch {
        this.corruptBatches += 1;
        this.files.shift();
        this.bytes -= oldest.bytes;
        await rename(file, `${file}.corrupt`);
      }
    }
  }

  async removeOldest(): Promise<void> {
    const oldest = this.files.shift();
    if (oldest === undefined) return;
    this.bytes -= oldest.bytes;
    await rm(path.join(this.dir, oldest.name), { force: true });
  }
}
