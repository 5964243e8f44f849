import { parentPort } from 'node:worker_threads';
import { lowerThreadPriority, type WorkerRpcResponse } from '../platform/index.js';
import type { HistorianBatch } from './historianBatch.js';
import { openHistorianDb, type HistorianDb } from './openHistorianDb.js';
import { SensorKeys, writeBatch } from './writeBatch.js';

/**
 * Worker-thread entry of the embedded historian's writes (see SqliteBatchWriter): node:sqlite is
 * synchronous, so a batch written on the core's thread holds its event loop, which the ingest shares
 * (bench:historian measured 81 % of the flood throughput lost). This thread has its own connection to
 * the WAL file; the core's connection keeps reading (queries) and running retention beside it.
 */
export type SqliteWriterRequest = { id: number; op: 'open'; file: string; niceness?: number } | { id: number; op: 'write'; batch: HistorianBatch } | { id: number; op: 'close' };

/*
 * The thread runs below normal priority (nice 10, as the recorder's thread): on a machine whose cores
 * the ingest saturates, a writer at normal priority takes their time from the ingest (bench:historian, 2
 * cores: 44 % of the flood throughput with this thread at nice 0); lowered, it falls behind instead, and
 * the HistorianWriter's bounded queue and disk spool hold the rows until it catches up (issue 16.4).
 */
const WRITER_THREAD_NICENESS = 10;

const port = parentPort;
if (!port) throw new Error('sqliteWriter.worker must run in a worker thread');

let historian: HistorianDb | null = null;
const sensorKeys = new SensorKeys();

async function handle(message: SqliteWriterRequest): Promise<unknown> {
  switch (message.op) {
    case 'open':
      historian = await openHistorianDb({ engine: 'sqlite', file: message.file });
      return { priorityLowered: lowerThreadPriority(message.niceness ?? WRITER_THREAD_NICENESS) };
    case 'write':
      if (!historian) throw new Error('historian writer worker used before open');
      return writeBatch(historian.db, message.batch, sensorKeys);
    case 'close':
      await historian?.close();
      historian = null;
      return null;
  }
}

port.on('message', (message: SqliteWriterRequest) => {
  handle(message).then(
    (result) => port.postMessage({ id: message.id, ok: true, result } satisfies WorkerRpcResponse),
    (error: unknown) => port.postMessage({ id: message.id, ok: false, error: { message: (error as Error).message ?? String(error) } } satisfies WorkerRpcResponse),
  );
});
