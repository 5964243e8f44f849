// eslint-disable-next-line no-restricted-syntax -- start-up: does the compiled writer thread exist (else the writer runs inline, as under the TypeScript sources).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WorkerRpc } from '../platform/index.js';
import type { HistorianBatch } from './historianBatch.js';
import type { SqliteWriterRequest } from './sqliteWriter.worker.js';

type Request = SqliteWriterRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The compiled worker beside this module (absent when running from the TypeScript sources, e.g. under vitest). */
export const SQLITE_WRITER_WORKER_URL = new URL('./sqliteWriter.worker.js', import.meta.url);

// A spooled batch written back after an outage holds up to a flush interval of samples at the spool's
// rate: seconds of SQLite work at most. Past this the write counts as failed (spooled, retried: exactly once).
const WRITE_TIMEOUT_MS = 60_000;

/**
 * The embedded historian's batches written by a worker thread on its own connection, off the core's
 * event loop (issue 16.4: writes never slow ingestion). `write` resolves when the batch committed and
 * rejects when it did not (the HistorianWriter then spools and retries it).
 */
export class SqliteBatchWriter {
  /** Whether the thread runs below normal priority (Linux; see sqliteWriter.worker.ts). */
  priorityLowered = false;

  private constructor(private readonly rpc: WorkerRpc<Request>) {}

  /** `niceness`: the thread's priority (default 10; 0 keeps normal priority: benchmarks compare). */
  static async start(file: string, workerUrl: URL = SQLITE_WRITER_WORKER_URL, niceness?: number): Promise<SqliteBatchWriter> {
    const writer = new SqliteBatchWriter(new WorkerRpc<Request>(workerUrl, 'historian writer', WRITE_TIMEOUT_MS));
    try {
      const opened = (await writer.rpc.call({ op: 'open', file, ...(niceness !== undefined && { niceness }) })) as { priorityLowered: boolean };
      writer.priorityLowered = opened.priorityLowered;
    } catch (error) {
      await writer.rpc.dispose();
      throw error;
    }
    return writer;
  }

  /** Whether the compiled worker is there (a build); else the caller writes in its own thread. */
  static available(workerUrl: URL = SQLITE_WRITER_WORKER_URL): boolean {
    return existsSync(fileURLToPath(workerUrl));
  }

  write(batch: HistorianBatch): Promise<unknown> {
    return this.rpc.call({ op: 'write', batch });
  }

  async close(): Promise<void> {
    await this.rpc.call({ op: 'close' }).catch(() => undefined);
    await this.rpc.dispose();
  }
}
