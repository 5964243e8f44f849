import { Worker } from 'node:worker_threads';
import type { Problem } from '../contracts/index.js';
import type { ProblemKey, ProblemSink } from '../bus/index.js';
import type { ChainedJournalSink, ChainHead, NewAuditEntry } from '../audit/index.js';
import { RecordingWriter, type RecordingWriterOptions, type RecordingWriterStats, type RecordItem } from './RecordingWriter.js';

export type RecorderWorkerRequest =
  | { id: number; op: 'start'; nowMs: number }
  | { id: number; op: 'write'; items: RecordItem[]; nowMs: number }
  | { id: number; op: 'rotate' | 'close'; nowMs: number }
  | { op: 'journalDone'; journalId: number; error?: string; head?: ChainHead };

export type RecorderWorkerReply =
  | { type: 'done'; id: number; value: unknown; stats: RecordingWriterStats }
  | { type: 'failed'; id: number; message: string }
  | { type: 'journal'; journalId: number; entry: NewAuditEntry }
  | { type: 'journalHead'; journalId: number }
  | { type: 'problem'; problem: Problem }
  | { type: 'problemCleared'; key: ProblemKey };

/** How the recorder reaches its RecordingWriter: in a worker thread, or in the same thread. */
export interface WriterTransport {
  start(nowMs: number): Promise<{ recovered: string[] }>;
  write(items: RecordItem[], nowMs: number): Promise<RecordingWriterStats>;
  rotate(nowMs: number): Promise<RecordingWriterStats>;
  close(nowMs: number): Promise<RecordingWriterStats>;
  dispose(): Promise<void>;
}

/** Same thread: used by tests on TypeScript sources and where worker threads are unwanted. */
export class InlineTransport implements WriterTransport {
  private readonly writer: RecordingWriter;
  constructor(options: RecordingWriterOptions, journal: ChainedJournalSink | undefined, problems: ProblemSink) {
    this.writer = new RecordingWriter(options, journal, problems);
  }
  start(nowMs: number) {
    return this.writer.start(nowMs);
  }
  async write(items: RecordItem[], nowMs: number) {
    await this.writer.write(items, nowMs);
    return this.writer.getStats();
  }
  async rotate(nowMs: number) {
    await this.writer.rotate(nowMs);
    return this.writer.getStats();
  }
  async close(nowMs: number) {
    await this.writer.close(nowMs);
    return this.writer.getStats();
  }
  async dispose(): Promise<void> {}
}

/**
 * A worker thread running the writer (recorder.worker.js beside this module). Items are copied to it
 * by structured clone (typed arrays are memcpy'd), so the core's thread only queues and posts.
 * Journal entries come back to this thread, where the one journal file is appended.
 */
export class WorkerTransport implements WriterTransport {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (reply: { value: unknown; stats: RecordingWriterStats }) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private exited: Error | null = null;

  constructor(options: RecordingWriterOptions, journal: ChainedJournalSink | undefined, problems: ProblemSink, workerUrl = new URL('./recorder.worker.js', import.meta.url), workerNice = 10) {
    this.worker = new Worker(workerUrl, { workerData: { ...options, journal: journal !== undefined, workerNice } });
    this.worker.on('message', (reply: RecorderWorkerReply) => {
      if (reply.type === 'problem') problems.raise(reply.problem);
      else if (reply.type === 'problemCleared') problems.clear(reply.key);
      else if (reply.type === 'journalHead') {
        journal!.settledHead().then(
          (head) => this.worker.postMessage({ op: 'journalDone', journalId: reply.journalId, head } satisfies RecorderWorkerRequest),
          (error: unknown) => this.worker.postMessage({ op: 'journalDone', journalId: reply.journalId, error: (error as Error).message } satisfies RecorderWorkerRequest),
        );
      } else if (reply.type === 'journal') {
        journal!.append(reply.entry).then(
          () => this.worker.postMessage({ op: 'journalDone', journalId: reply.journalId } satisfies RecorderWorkerRequest),
          (error: unknown) => this.worker.postMessage({ op: 'journalDone', journalId: reply.journalId, error: (error as Error).message } satisfies RecorderWorkerRequest),
        );
      } else {
        const pending = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        if (reply.type === 'done') pending?.resolve(reply);
        else pending?.reject(new Error(reply.message));
      }
    });
    const fail = (error: Error) => {
      this.exited ??= error;
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`recorder worker exited with code ${code}`)));
  }

  private call(request: RecorderWorkerRequest & { id: number }): Promise<{ value: unknown; stats: RecordingWriterStats }> {
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      this.worker.postMessage(request);
    });
  }

  async start(nowMs: number) {
    return (await this.call({ id: this.nextId++, op: 'start', nowMs })).value as { recovered: string[] };
  }
  async write(items: RecordItem[], nowMs: number) {
    return (await this.call({ id: this.nextId++, op: 'write', items, nowMs })).stats;
  }
  async rotate(nowMs: number) {
    return (await this.call({ id: this.nextId++, op: 'rotate', nowMs })).stats;
  }
  async close(nowMs: number) {
    return (await this.call({ id: this.nextId++, op: 'close', nowMs })).stats;
  }
  async dispose(): Promise<void> {
    await this.worker.terminate();
  }
}
