import { createHash, createHmac } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { CoreTopics, MessageBus } from '../bus/index.js';
import { canonicalJson } from './canonicalJson.js';
import { ensurePrivateDir, openPrivateFile } from '../platform/index.js';

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

/** `mac`: HMAC-SHA256 of `hash` under the audit key, present when the journal is written with one. */
export type AuditEntry = { seq: number; atMs: number; kind: AuditEntryKind; by: string; data: Record<string, unknown>; prevHash: string; hash: string; mac?: string };
export type NewAuditEntry = Pick<AuditEntry, 'kind' | 'by' | 'data'> & { atMs?: number };

/** Anything entries can be appended to: the journal itself, or a worker thread's channel to it. */
export type JournalSink = { append(entry: NewAuditEntry): Promise<unknown> };
/** The chain head: the last entry's seq and hash. */
export type ChainHead = { seq: number; hash: string };
/** A journal sink that also tells its chain head (the recorder stores it in every file it closes). */
/**
 * A journal whose chain head a recording stores when it closes: the head once every entry appended before the
 * question is on disk (an operator action journaled just before the close is covered by that recording).
 */
export type ChainedJournalSink = JournalSink & { settledHead(): Promise<ChainHead> };

/** MCAP metadata record of every recording: the journal's chain head when the file closed. */
export const AUDIT_HEAD_METADATA_NAME = 'safetwin.auditHead';
export function encodeAuditHead(head: ChainHead): Map<string, string> {
  return new Map([
    ['seq', String(head.seq)],
    ['hash', head.hash],
  ]);
}
export function decodeAuditHead(metadata: Record<string, string>): ChainHead | null {
  const seq = Number(metadata.seq);
  return Number.isInteger(seq) && seq >= 0 && typeof metadata.hash === 'string' && /^[0-9a-f]{64}$/.test(metadata.hash) ? { seq, hash: metadata.hash } : null;
}

/** `<seq>:<hash>`, as `verify` prints the head and `--expect-head` takes it. */
export function formatChainHead(head: ChainHead): string {
  return `${head.seq}:${head.hash}`;
}
export function parseChainHead(text: string): ChainHead | null {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  return match ? { seq: Number(match[1]), hash: match[2]! } : null;
}

/** HMAC-SHA256 of an entry's hash under the audit key (hex). */
export function entryMac(key: Uint8Array, hash: string): string {
  return createHmac('sha256', key).update(hash).digest('hex');
}

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

/** `key`: the audit key (auditKey.ts); every entry then carries a MAC of its hash. */
export type AuditJournalOptions = { nowMs?: () => number; onError?: (error: unknown) => void; key?: Uint8Array | null };

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
    await ensurePrivateDir(dir);
    const filePath = path.join(dir, AUDIT_JOURNAL_FILE);
    const handle = await openPrivateFile(filePath, 'a+');
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
      const last = parseEntryLine(lastLine);
      if (last) {
        lastSeq = last.seq;
        lastHash = last.hash;
      } else {
        // The last complete line is not an entry (edited, `null`, …): keep appending after it; verify reports it.
        lastSeq = Number.NaN;
      }
    }
    const journal = new AuditJournal(handle, filePath, lastSeq, lastHash, options);
    if (torn) await journal.append({ kind: 'tornTailRemoved', by: 'system', data: { bytes: torn.length, sha256: createHash('sha256').update(torn).digest('hex') } });
    return journal;
  }

  /** The chain head: the last entry's seq and hash (worth keeping outside this machine). */
  head(): ChainHead {
    return { seq: this.lastSeq, hash: this.lastHash };
  }

  /** The chain head after the appends already asked for have reached the disk. */
  async settledHead(): Promise<ChainHead> {
    await this.chain;
    return this.head();
  }

  /** Appends one entry; appends are serialized and each is flushed to disk before the next. */
  append(input: NewAuditEntry): Promise<AuditEntry> {
    const result = this.chain.then(async () => {
      if (this.closed) throw new Error('AuditJournal: append after close');
      const seq = Number.isFinite(this.lastSeq) ? this.lastSeq + 1 : 1;
      const body = { seq, atMs: input.atMs ?? (this.options.nowMs ?? Date.now)(), kind: input.kind, by: input.by, data: input.data, prevHash: this.lastHash };
      const hash = entryHash(body);
      const entry: AuditEntry = this.options.key ? { ...body, hash, mac: entryMac(this.options.key, hash) } : { ...body, hash };
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


/** An entry line parsed and checked for the entry fields' types; null when it is not one. */
export function parseEntryLine(line: string): AuditEntry | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const entry = value as Partial<AuditEntry>;
  const ok =
    Number.isInteger(entry.seq) &&
    typeof entry.atMs === 'number' &&
    typeof entry.kind === 'string' &&
    typeof entry.by === 'string' &&
    typeof entry.data === 'object' &&
    entry.data !== null &&
    typeof entry.prevHash === 'string' &&
    typeof entry.hash === 'string' &&
    (entry.mac === undefined || typeof entry.mac === 'string');
  return ok ? (entry as AuditEntry) : null;
}
