// The recorder's worker thread: encodes and writes recordings off the core's event loop, so that
// JSON encoding, CRCs and disk writes never delay ingestion or alarm processing.
import { readlinkSync } from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { ChainHead, NewAuditEntry } from '../audit/index.js';
import type { RecorderWorkerReply, RecorderWorkerRequest } from './recorderTransport.js';
import { RecordingWriter, type RecordingWriterOptions } from './RecordingWriter.js';

const port = parentPort!;

/**
 * On Linux the writer thread lowers its own scheduling priority (nice 10 ≈ a tenth of a normal
 * thread's CPU share under contention, Linux CFS weights): when cores are scarce, ingestion, alarm
 * evaluation and the broker go first and the recorder catches up from its bounded queue.
 * setpriority() takes a thread id on Linux, found through /proc/thread-self.
 */
const niceness = (workerData as { workerNice?: number }).workerNice ?? 10;
if (process.platform === 'linux' && niceness > 0) {
  try {
    os.setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), niceness);
  } catch {
    // No /proc or not permitted: run at normal priority.
  }
}
const pendingJournal = new Map<number, { resolve: (head: ChainHead | undefined) => void; reject: (error: Error) => void }>();
let nextJournalId = 1;
const post = (reply: RecorderWorkerReply) => port.postMessage(reply);
/** The journal lives on the core's thread: a request goes there and its answer comes back as journalDone. */
function askJournal(request: (journalId: number) => RecorderWorkerReply): Promise<ChainHead | undefined> {
  return new Promise((resolve, reject) => {
    const journalId = nextJournalId++;
    pendingJournal.set(journalId, { resolve, reject });
    post(request(journalId));
  });
}

const writer = new RecordingWriter(
  workerData as RecordingWriterOptions,
  (workerData as { journal: boolean }).journal
    ? {
        append: (entry: NewAuditEntry) => askJournal((journalId) => ({ type: 'journal', journalId, entry })),
        settledHead: async () => (await askJournal((journalId) => ({ type: 'journalHead', journalId })))!,
      }
    : undefined,
  { raise: (problem) => post({ type: 'problem', problem }), clear: (key) => post({ type: 'problemCleared', key }) },
);

// Requests are handled one at a time, in order: the writer's calls must not overlap.
let queue: Promise<void> = Promise.resolve();
port.on('message', (request: RecorderWorkerRequest) => {
  if (request.op === 'journalDone') {
    const pending = pendingJournal.get(request.journalId);
    pendingJournal.delete(request.journalId);
    if (request.error === undefined) pending?.resolve(request.head);
    else pending?.reject(new Error(request.error));
    return;
  }
  queue = queue.then(async () => {
    try {
      let value: unknown = null;
      if (request.op === 'start') value = await writer.start(request.nowMs);
      else if (request.op === 'write') await writer.write(request.items, request.nowMs);
      else if (request.op === 'rotate') await writer.rotate(request.nowMs);
      else await writer.close(request.nowMs);
      post({ type: 'done', id: request.id, value, stats: writer.getStats() });
    } catch (error) {
      post({ type: 'failed', id: request.id, message: (error as Error).message });
    }
  });
});
