import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { CoreTopics } from '../bus/coreTopics.js';
import type { MessageBus } from '../bus/MessageBus.js';
import { canonicalJson } from './canonicalJson.js';

/**
 * The audit journal: an append-only JSON-lines file of operator actions and recording-file digests,
 * each entry carrying the SHA-256 of the previous one (a hash chain). Editing, removing or
 * reordering any entry breaks the chain from there on, and a listed recording whose bytes changed
 * no longer matches its digest; `safetwin audit verify` checks both. (Tamper-evident, not
 * tamper-proof: someone who rewrites the whole chain from the edit onwards is caught only by a
 * digest kept elsewhere — print or export `head()` periodically for that.)
 */

/** prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);
export const AUDIT_JOURNAL_FILE = 'journal.jsonl';

export const AUDIT_ENTRY_KINDS = [
  'journalOpened',
  /** An operator's alarm action (acknowledge, shelve, unshelve, …): who, when, which alarm, why. */
  'alarmAction',
  /** A recording file was closed: its name, size, time range and SHA-256. */
  'recordingClosed',
  /** A truncated recording was rewritten (the recorder had died). */
  'recordingRecovered',
  /** Retention removed a recording (age or disk budget). */
  'recordingDeleted',
  /** A half-written last line (the process died mid-append) was cut off when the journal reopened. */
  'tornTailRemoved',
  /** A user was shown personal data or evidence of people (names, a camera snapshot or clip): who, what, how. */
  'personalDataViewed',
  /** Something else a component wants on the record (exports, reports, simulations). */
  'note',
] as const;
export type AuditEntryKind = (typeof AUDIT_ENTRY_KINDS)[number];

export type AuditEntry = { seq: number; atMs: number; kind: AuditEntryKind; by: string; data: Record<string, unknown>; prevHash: string; hash: string };
export type NewAuditEntry = Pick<AuditEntry, 'kind' | 'by' | 'data'> & { atMs?: number };

/** Anything entries can be appended to: the journal itself, or a worker thread's channel to it. */
export type JournalSink = { append(entry: NewAuditEntry): Promise<unknown> };

export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update(canonicalJson({ seq: entry.seq, atMs: entry.atMs, kind: entry.kind, by: entry.by, data: entry.data, prevHash: entry.prevHash })).digest('hex');
}

export async function sha256File(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** How much of the journal's end is read on open to find the last entry (an entry is < 4 KB). */
const TAIL_READ_BYTES = 64 * 1024;

export type AuditJournalOptions = { nowMs?: () => number; onError?: (error: unknown) => void };

export class AuditJournal {
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly handle: FileHandle,
    readonly filePath: string,
    private lastSeq: number,
    private lastHash: string,
    private readonly options: AuditJournalOptions,
  ) {}

  /** Opens (creates) `<dir>/journal.jsonl` for appending; cuts a torn last line and records that it did. */
  static async open(dir: string, options: AuditJournalOptions = {}): Promise<AuditJournal> {
    await mkdir(dir, { recursive: true });
    const filePath = path.join(dir, AUDIT_JOURNAL_FILE);
    const handle = await open(filePath, 'a+');
    const size = (await handle.stat()).size;
    const start = Math.max(0, size - TAIL_READ_BYTES);
    const tail = Buffer.alloc(size - start);
    if (tail.length > 0) await handle.read(tail, 0, tail.length, start);
    const lastNewline = tail.lastIndexOf(0x0a);
    let torn: Buffer | null = null;
    if (tail.length > 0 && lastNewline !== tail.length - 1) {
      // The process died in the middle of an append: that entry was never acknowledged, so it is cut.
      torn = tail.subarray(lastNewline + 1);
      await handle.truncate(start + lastNewline + 1);
    }
    const complete = tail.subarray(0, lastNewline + 1).toString('utf8').trimEnd();
    const lastLine = complete.slice(complete.lastIndexOf('\n') + 1);
    let lastSeq = 0;
    let lastHash = GENESIS_HASH;
    if (lastLine) {
      try {
        const last = JSON.parse(lastLine) as AuditEntry;
        lastSeq = last.seq;
        lastHash = last.hash;
      } catch {
        // The last complete line does not parse: keep appending after it; verify will report it.
        lastSeq = Number.NaN;
      }
    }
    const journal = new AuditJournal(handle, filePath, lastSeq, lastHash, options);
    if (torn) await journal.append({ kind: 'tornTailRemoved', by: 'system', data: { bytes: torn.length, sha256: createHash('sha256').update(torn).digest('hex') } });
    return journal;
  }

  /** The chain head: the last entry's seq and hash (worth keeping outside this machine). */
  head(): { seq: number; hash: string } {
    return { seq: this.lastSeq, hash: this.lastHash };
  }

  /** Appends one entry; appends are serialized and each is flushed to disk before the next. */
  append(input: NewAuditEntry): Promise<AuditEntry> {
    const result = this.chain.then(async () => {
      if (this.closed) throw new Error('AuditJournal: append after close');
      const seq = Number.isFinite(this.lastSeq) ? this.lastSeq + 1 : 1;
      const body = { seq, atMs: input.atMs ?? (this.options.nowMs ?? Date.now)(), kind: input.kind, by: input.by, data: input.data, prevHash: this.lastHash };
      const entry: AuditEntry = { ...body, hash: entryHash(body) };
      await this.handle.write(`${JSON.stringify(entry)}\n`);
      // Operator actions are rare and are evidence: each one reaches the disk before the next.
      await this.handle.datasync();
      this.lastSeq = seq;
      this.lastHash = entry.hash;
      return entry;
    });
    this.chain = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Journals every operator alarm action (transitions not caused by "system") from the bus. */
  attachToBus(bus: MessageBus<CoreTopics>): () => void {
    return bus.subscribe('alarmTransition', (transition) => {
      if (transition.by === 'system') return;
      const data: Record<string, unknown> = { alarmId: transition.alarm.alarmId, action: transition.action, previousState: transition.previousState, state: transition.alarm.state, priority: transition.alarm.priority };
      if (transition.reason !== undefined) data.reason = transition.reason;
      this.append({ kind: 'alarmAction', by: transition.by, atMs: transition.atMs, data }).catch((error: unknown) => this.options.onError?.(error));
    });
  }

  async close(): Promise<void> {
    await this.chain;
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }
}

export type AuditVerifyProblem = { line: number; code: 'unparseable' | 'fields' | 'sequence' | 'chain' | 'hash' | 'fileMissing' | 'fileChanged'; message: string };
export type AuditVerifyReport = { ok: boolean; entries: number; head: { seq: number; hash: string } | null; filesChecked: number; problems: AuditVerifyProblem[] };

/**
 * Checks the whole chain, and when `recordingsDir` is given, every recording listed by a
 * recordingClosed entry against its SHA-256 (files later deleted by retention are skipped).
 */
export async function verifyAuditJournal(filePath: string, options: { recordingsDir?: string } = {}): Promise<AuditVerifyReport> {
  const problems: AuditVerifyProblem[] = [];
  const digests = new Map<string, { sha256: string; line: number }>();
  let previous: AuditEntry | null = null;
  let lineNumber = 0;
  let entries = 0;
  const lines = createInterface({ input: createReadStream(filePath, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let entry: AuditEntry;
    try {
      entry = JSON.parse(line) as AuditEntry;
    } catch {
      problems.push({ line: lineNumber, code: 'unparseable', message: `line ${lineNumber} is not JSON (edited or damaged)` });
      previous = null;
      continue;
    }
    entries++;
    if (typeof entry.seq !== 'number' || typeof entry.hash !== 'string' || typeof entry.prevHash !== 'string' || typeof entry.kind !== 'string' || typeof entry.by !== 'string') {
      problems.push({ line: lineNumber, code: 'fields', message: `line ${lineNumber} lacks the entry fields (seq, atMs, kind, by, data, prevHash, hash)` });
      previous = null;
      continue;
    }
    const expectedPrev = previous ? previous.hash : lineNumber === 1 ? GENESIS_HASH : null;
    if (expectedPrev !== null && entry.prevHash !== expectedPrev) {
      problems.push({ line: lineNumber, code: 'chain', message: `line ${lineNumber} (seq ${entry.seq}): prevHash does not match the entry before it — an entry was removed, inserted or reordered` });
    }
    if (previous && entry.seq !== previous.seq + 1) problems.push({ line: lineNumber, code: 'sequence', message: `line ${lineNumber}: seq ${entry.seq} follows seq ${previous.seq}` });
    if (entryHash(entry) !== entry.hash) problems.push({ line: lineNumber, code: 'hash', message: `line ${lineNumber} (seq ${entry.seq}): the content does not match its hash — the entry was edited` });
    const file = typeof entry.data?.file === 'string' ? entry.data.file : null;
    if (file && entry.kind === 'recordingClosed' && typeof entry.data.sha256 === 'string') digests.set(file, { sha256: entry.data.sha256, line: lineNumber });
    if (file && entry.kind === 'recordingDeleted') digests.delete(file);
    previous = entry;
  }
  let filesChecked = 0;
  if (options.recordingsDir) {
    for (const [file, { sha256, line }] of digests) {
      const filePathOfRecording = path.join(options.recordingsDir, path.basename(file));
      const exists = await stat(filePathOfRecording).then(
        () => true,
        () => false,
      );
      if (!exists) {
        problems.push({ line, code: 'fileMissing', message: `${file} (listed on line ${line}) is missing and no deletion was journaled` });
        continue;
      }
      filesChecked++;
      if ((await sha256File(filePathOfRecording)) !== sha256) problems.push({ line, code: 'fileChanged', message: `${file} does not match the SHA-256 listed on line ${line} — the recording was modified` });
    }
  }
  return { ok: problems.length === 0, entries, head: previous ? { seq: previous.seq, hash: previous.hash } : null, filesChecked, problems };
}
