import { timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { AUDIT_HEAD_METADATA_NAME, decodeAuditHead, entryHash, entryMac, GENESIS_HASH, parseEntryLine, sha256File, type AuditEntry, type ChainHead } from '../audit/index.js';
import { RecordingFile } from './RecordingFile.js';
import { PARTIAL_EXTENSION, RECORDING_EXTENSION } from './recordingFormat.js';

export type AuditVerifyProblemCode =
  | 'blankLine'
  | 'unparseable'
  | 'notAnEntry'
  | 'genesis'
  | 'sequence'
  | 'chain'
  | 'hash'
  | 'mac'
  | 'tornTail'
  | 'expectedHead'
  | 'recordingHead'
  | 'fileMissing'
  | 'fileChanged'
  | 'unlisted';
/** line: the journal line it concerns (null: not one line, e.g. a recording or the end of the journal). */
export type AuditVerifyProblem = { line: number | null; code: AuditVerifyProblemCode; message: string };
/** Events on the record that are not tampering but that an auditor should see (recoveries after a crash). */
export type AuditNotice = { line: number | null; message: string };
export type AuditVerifyReport = {
  ok: boolean;
  entries: number;
  head: ChainHead | null;
  filesChecked: number;
  /** Recordings whose stored chain head (written as they closed) was compared with the journal. */
  headsChecked: number;
  /** true: a key was given and the chain up to the head is authenticated by it; null: no key given. */
  authenticated: boolean | null;
  problems: AuditVerifyProblem[];
  notices: AuditNotice[];
};

export type AuditVerifyOptions = {
  /** Check every listed recording's SHA-256, flag recordings the journal does not list, compare their stored heads. */
  recordingsDir?: string;
  /** A chain head kept elsewhere (shift log, another machine): the journal must contain it. */
  expectHead?: ChainHead;
  /** The audit key: every entry from the first keyed one on must carry a valid MAC, the head included. */
  key?: Uint8Array;
};

const fileExists = (filePath: string) =>
  stat(filePath).then(
    () => true,
    () => false,
  );
const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms));
const short = (hash: string) => `${hash.slice(0, 12)}…`;

function macMatches(key: Uint8Array, entry: AuditEntry): boolean {
  const expected = Buffer.from(entryMac(key, entry.hash), 'hex');
  const given = Buffer.from(entry.mac ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Checks the audit journal (docs/recording.md, "What verify proves"): the chain starts at its
 * genesis entry (seq 1, prevHash 0…0) and every entry links to the one before with consecutive seqs
 * and a hash of its own content; no line is blank or anything but an entry; a torn tail the journal
 * cut on reopening is reported; with a key, MACs authenticate the chain up to its head. With a
 * recordings folder: every listed recording matches its SHA-256, every recording present is listed,
 * and the chain head each recording stored as it closed is in the journal (entries cut off the end
 * are caught by the recordings closed after them). `expectHead`: a head kept elsewhere must be in it.
 */
export async function verifyAuditJournal(filePath: string, options: AuditVerifyOptions = {}): Promise<AuditVerifyReport> {
  const problems: AuditVerifyProblem[] = [];
  const notices: AuditNotice[] = [];
  const digests = new Map<string, { sha256: string; line: number }>();
  const deleted = new Set<string>();
  /** seq → hash of every entry read, to find heads stored elsewhere. */
  const hashesBySeq = new Map<number, string>();
  const { key } = options;
  let previous: AuditEntry | null = null;
  let firstKeyedLine: number | null = null;
  let unkeyedBeforeFirstKeyed = 0;
  let lineNumber = 0;
  let entries = 0;
  // The folder is listed before the journal is read: a file that closes meanwhile is listed as its
  // .part, never as a recording whose entry the journal read here lacks.
  const names = options.recordingsDir ? (await readdir(options.recordingsDir).catch(() => [] as string[])).sort() : [];
  const lines = createInterface({ input: createReadStream(filePath, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') {
      problems.push({ line: lineNumber, code: 'blankLine', message: `line ${lineNumber} is blank: the journal never writes blank lines, so the file was edited here (an entry removed or replaced)` });
      continue;
    }
    const entry = parseEntryLine(line);
    if (!entry) {
      const isJson = (() => {
        try {
          JSON.parse(line);
          return true;
        } catch {
          return false;
        }
      })();
      problems.push(
        isJson
          ? { line: lineNumber, code: 'notAnEntry', message: `line ${lineNumber} is not an audit entry (${line.length > 40 ? `${line.slice(0, 40)}…` : line}): an entry was replaced or the file was edited` }
          : { line: lineNumber, code: 'unparseable', message: `line ${lineNumber} is not JSON (edited or damaged)` },
      );
      continue;
    }
    entries++;
    if (!previous) {
      if (entry.seq !== 1 || entry.prevHash !== GENESIS_HASH) {
        problems.push({
          line: lineNumber,
          code: 'genesis',
          message: `the journal does not start with its first entry: line ${lineNumber} holds seq ${entry.seq}${entry.prevHash === GENESIS_HASH ? '' : ` linked to ${short(entry.prevHash)}`}, but the chain must start at seq 1 with prevHash 0…0 — entries before it were removed`,
        });
      }
    } else {
      if (entry.prevHash !== previous.hash) problems.push({ line: lineNumber, code: 'chain', message: `line ${lineNumber} (seq ${entry.seq}): prevHash does not match the entry before it — an entry was removed, inserted or reordered` });
      if (entry.seq !== previous.seq + 1) problems.push({ line: lineNumber, code: 'sequence', message: `line ${lineNumber}: seq ${entry.seq} follows seq ${previous.seq}${entry.seq > previous.seq + 1 ? ` — ${entry.seq - previous.seq - 1} entries are missing` : ''}` });
    }
    if (entryHash(entry) !== entry.hash) problems.push({ line: lineNumber, code: 'hash', message: `line ${lineNumber} (seq ${entry.seq}): the content does not match its hash — the entry was edited` });
    if (key) {
      if (entry.mac !== undefined) {
        firstKeyedLine ??= lineNumber;
        if (!macMatches(key, entry)) problems.push({ line: lineNumber, code: 'mac', message: `line ${lineNumber} (seq ${entry.seq}): its MAC does not match the audit key — the entry was rewritten without the key (or another key was given)` });
      } else if (firstKeyedLine !== null) {
        problems.push({ line: lineNumber, code: 'mac', message: `line ${lineNumber} (seq ${entry.seq}) carries no MAC although the journal is keyed from line ${firstKeyedLine} on — it was added or rewritten without the key` });
      } else unkeyedBeforeFirstKeyed++;
    }
    if (entry.kind === 'tornTailRemoved') {
      problems.push({
        line: lineNumber,
        code: 'tornTail',
        message: `line ${lineNumber} (seq ${entry.seq}, ${iso(entry.atMs)}): a half-written entry of ${String(entry.data.bytes)} bytes (sha256 ${short(String(entry.data.sha256))}) was cut off when the journal reopened — an append was interrupted (crash, power loss) or the journal's end was edited; check the core's log of that time`,
      });
    } else if (entry.kind === 'recordingRecovered') {
      notices.push({ line: lineNumber, message: `line ${lineNumber} (seq ${entry.seq}, ${iso(entry.atMs)}): ${String(entry.data.file)} was recovered after the recorder died (${String(entry.data.discardedBytes)} bytes of a torn chunk dropped, last message ${iso(Number(entry.data.lastMessageMs))})` });
    } else if (entry.kind === 'note' && typeof entry.data.problem === 'string') {
      notices.push({ line: lineNumber, message: `line ${lineNumber} (seq ${entry.seq}, ${iso(entry.atMs)}): ${entry.data.problem}` });
    }
    if (!hashesBySeq.has(entry.seq)) hashesBySeq.set(entry.seq, entry.hash);
    const file = typeof entry.data.file === 'string' ? entry.data.file : null;
    if (file && entry.kind === 'recordingClosed' && typeof entry.data.sha256 === 'string') digests.set(file, { sha256: entry.data.sha256, line: lineNumber });
    if (file && entry.kind === 'recordingDeleted') {
      digests.delete(file);
      deleted.add(file);
    }
    previous = entry;
  }
  const head = previous ? { seq: previous.seq, hash: previous.hash } : null;
  const lastSeq = head?.seq ?? 0;
  /** Whether the journal holds this head; the message says why not. */
  const headProblem = (stored: ChainHead, where: string): string | null => {
    if (stored.seq === 0 && stored.hash === GENESIS_HASH) return null;
    const found = hashesBySeq.get(stored.seq);
    if (found === stored.hash) return null;
    if (found === undefined && stored.seq > lastSeq) return `${where} seq ${stored.seq} (${short(stored.hash)}), but the journal ends at seq ${lastSeq}: entries were removed from its end`;
    if (found === undefined) return `${where} seq ${stored.seq} (${short(stored.hash)}), which the journal lacks: entries were removed`;
    return `${where} seq ${stored.seq} with hash ${short(stored.hash)}, but the journal's seq ${stored.seq} has hash ${short(found)}: the journal was rewritten from there`;
  };

  let authenticated: boolean | null = null;
  if (key) {
    if (entries > 0 && firstKeyedLine === null) problems.push({ line: null, code: 'mac', message: 'no entry carries a MAC: the journal was not written with this key, or its MACs were stripped' });
    else if (unkeyedBeforeFirstKeyed > 0) notices.push({ line: firstKeyedLine, message: `${unkeyedBeforeFirstKeyed} entries before line ${firstKeyedLine} were written before the key was configured; the chain links them to the first keyed entry` });
    authenticated = entries > 0 && !problems.some((p) => p.code === 'mac' || p.code === 'hash' || p.code === 'chain');
  }
  if (options.expectHead) {
    const message = headProblem(options.expectHead, 'the head given (--expect-head) is');
    if (message) problems.push({ line: null, code: 'expectedHead', message });
  }

  let filesChecked = 0;
  let headsChecked = 0;
  if (options.recordingsDir) {
    const dir = options.recordingsDir;
    for (const [file, { sha256, line }] of digests) {
      const filePathOfRecording = path.join(dir, path.basename(file));
      if (!(await fileExists(filePathOfRecording))) {
        problems.push({ line, code: 'fileMissing', message: `${file} (listed on line ${line}) is missing and no deletion was journaled` });
        continue;
      }
      filesChecked++;
      if ((await sha256File(filePathOfRecording)) !== sha256) problems.push({ line, code: 'fileChanged', message: `${file} does not match the SHA-256 listed on line ${line} — the recording was modified` });
    }
    for (const name of names) {
      if (name.endsWith(PARTIAL_EXTENSION)) {
        notices.push({ line: null, message: `${name} is open: being written by the running core, or left by a crash (recovered and journaled on the next start)` });
        continue;
      }
      if (!name.endsWith(RECORDING_EXTENSION)) continue;
      if (!digests.has(name)) {
        // Deleted by journaled retention after the folder was listed: gone now, not unlisted.
        const goneSinceListed = deleted.has(name) && !(await fileExists(path.join(dir, name)));
        if (!goneSinceListed) problems.push({ line: null, code: 'unlisted', message: `${name} is in the recordings folder but the journal does not list it (no recordingClosed entry): its entry was removed, or the file was put there` });
      }
      const stored = await storedHead(path.join(dir, name));
      if (!stored) continue;
      headsChecked++;
      const message = headProblem(stored, `${name} was closed when the journal's head was`);
      if (message) problems.push({ line: null, code: 'recordingHead', message });
    }
  }
  return { ok: problems.length === 0, entries, head, filesChecked, headsChecked, authenticated, problems, notices };
}

/** The chain head a recording stored as it closed; null for files without one (older, exported, unreadable). */
async function storedHead(filePath: string): Promise<ChainHead | null> {
  let file: RecordingFile;
  try {
    file = await RecordingFile.open(filePath);
  } catch {
    return null;
  }
  try {
    const record = (await file.metadata()).find((m) => m.name === AUDIT_HEAD_METADATA_NAME);
    return record ? decodeAuditHead(record.metadata) : null;
  } finally {
    await file.close();
  }
}
