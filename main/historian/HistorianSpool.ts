import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ensurePrivateDir, openPrivateFile } from '../platform/index.js';
import { sampleColumnsOf, type HistorianBatch, type SampleColumns } from './historianBatch.js';

// batch-<sequence>.bin; .json: a spool written by a build before sample columns (read, never written).
const SPOOL_FILE = /^batch-(\d{12})\.(bin|json)$/;

/*
 * A spooled batch on disk: a 4-byte little-endian length, that many bytes of JSON (the events, the
 * sensor ids and the sample count), zero padding to a multiple of 8, then the sample columns as they are
 * in memory (little-endian, as every platform Node runs on): times and values (float64), sensor indices
 * (uint32), qualities (uint8). Writing it costs the event loop a small JSON header, not a JSON text of
 * every sample (bench:historian measured that stringify as a tenth of the ingest's thread under a flood).
 */
type SpoolHeader = Omit<HistorianBatch, 'samples'> & { sensorIds: readonly string[]; sampleCount: number };

function encodeBatch(batch: HistorianBatch): Buffer[] {
  const { samples, ...events } = batch;
  const n = samples.count;
  const header = Buffer.from(JSON.stringify({ ...events, sensorIds: samples.sensorIds, sampleCount: n } satisfies SpoolHeader));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  const padding = Buffer.alloc((8 - ((4 + header.length) % 8)) % 8);
  const bytesOf = (column: Float64Array | Uint32Array | Uint8Array) => Buffer.from(column.buffer, column.byteOffset, n * column.BYTES_PER_ELEMENT);
  return [length, header, padding, bytesOf(samples.tsMs), bytesOf(samples.value), bytesOf(samples.sensorIndex), bytesOf(samples.quality)];
}

function decodeBatch(file: Buffer): HistorianBatch {
  const headerEnd = 4 + file.readUInt32LE(0);
  const { sensorIds, sampleCount: n, ...events } = JSON.parse(file.toString('utf8', 4, headerEnd)) as SpoolHeader;
  let offset = headerEnd + ((8 - (headerEnd % 8)) % 8);
  if (!Number.isSafeInteger(n) || n < 0 || file.length !== offset + n * 21) throw new Error('spool file truncated');
  // Copied out of the file's buffer: a typed array over it would need its offset aligned to the element size.
  const column = <T>(bytesPerRow: number, make: (buffer: ArrayBuffer) => T): T => {
    const bytes = file.buffer.slice(file.byteOffset + offset, file.byteOffset + offset + n * bytesPerRow) as ArrayBuffer;
    offset += n * bytesPerRow;
    return make(bytes);
  };
  const tsMs = column(8, (b) => new Float64Array(b));
  const value = column(8, (b) => new Float64Array(b));
  const sensorIndex = column(4, (b) => new Uint32Array(b));
  const quality = column(1, (b) => new Uint8Array(b));
  const samples: SampleColumns = { sensorIds, count: n, sensorIndex, tsMs, value, quality };
  return { samples, ...events };
}

/** A batch spooled before sample columns: samples as [sensorId, tsMs, value, quality] rows in JSON. */
function decodeJsonBatch(text: string): HistorianBatch {
  const batch = JSON.parse(text) as Omit<HistorianBatch, 'samples'> & { samples: [string, number, number, number][] };
  return { ...batch, samples: sampleColumnsOf(batch.samples) };
}

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
    const parts = encodeBatch(batch);
    const bytes = parts.reduce((sum, part) => sum + part.length, 0);
    if (this.bytes + bytes > this.maxBytes) return false;
    const name = `batch-${String(this.nextSeq).padStart(12, '0')}.bin`;
    this.nextSeq += 1;
    const handle = await openPrivateFile(path.join(this.dir, name), 'wx');
    try {
      // One buffer (a copy of at most the queue budget, milliseconds): writeFile writes it whole.
      await handle.writeFile(Buffer.concat(parts, bytes));
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
        const bytes = await readFile(file);
        return oldest.name.endsWith('.json') ? decodeJsonBatch(bytes.toString('utf8')) : decodeBatch(bytes);
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
