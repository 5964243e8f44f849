import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { AuditJournal, entryHash, entryMac, GENESIS_HASH, type AuditEntry } from './AuditJournal.js';
import { loadAuditKey } from './auditKey.js';
import { verifyAuditJournal } from '../recording/index.js';
import { canonicalJson } from './canonicalJson.js';

const read = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as AuditEntry);

describe('AuditJournal', () => {
  it('chains entries by hash across reopenings', async () => {
    const dir = makeTempDir('audit');
    let journal = await AuditJournal.open(dir, { nowMs: () => 1000 });
    await journal.append({ kind: 'alarmAction', by: 'liu.yang', data: { alarmId: 'GD-1:high', action: 'acknowledge' } });
    await journal.append({ kind: 'note', by: 'system', data: { text: 'x' } });
    const head = journal.head();
    await journal.close();
    journal = await AuditJournal.open(dir);
    expect(journal.head()).toEqual(head);
    await journal.append({ kind: 'note', by: 'system', data: {} });
    await journal.close();
    const entries = read(path.join(dir, 'journal.jsonl'));
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[0]!.prevHash).toBe(GENESIS_HASH);
    expect(entries[2]!.prevHash).toBe(entries[1]!.hash);
    expect(await verifyAuditJournal(path.join(dir, 'journal.jsonl'))).toMatchObject({ ok: true, entries: 3, head: { seq: 3 } });
  });

  it('cuts a torn last line on reopen and records that it did; the chain links, and verify reports the cut', async () => {
    const dir = makeTempDir('audit-torn');
    const journal = await AuditJournal.open(dir);
    await journal.append({ kind: 'note', by: 'system', data: { n: 1 } });
    await journal.close();
    appendFileSync(path.join(dir, 'journal.jsonl'), '{"seq":2,"atMs":17,"kind":"alar');
    const reopened = await AuditJournal.open(dir);
    await reopened.close();
    const entries = read(path.join(dir, 'journal.jsonl'));
    expect(entries.map((e) => e.kind)).toEqual(['note', 'tornTailRemoved']);
    expect(entries[1]!.data).toMatchObject({ bytes: 31 });
    // The chain is intact, but an entry was lost: that is never silent.
    const report = await verifyAuditJournal(path.join(dir, 'journal.jsonl'));
    expect(report.problems).toEqual([expect.objectContaining({ line: 2, code: 'tornTail', message: expect.stringMatching(/a half-written entry of 31 bytes .* was cut off when the journal reopened/) })]);
  });

  it('detects edits, deletions and reordering', async () => {
    const dir = makeTempDir('audit-tamper');
    const journal = await AuditJournal.open(dir);
    for (let i = 0; i < 4; i++) await journal.append({ kind: 'alarmAction', by: `op${i}`, data: { i } });
    await journal.close();
    const file = path.join(dir, 'journal.jsonl');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    writeFileSync(file, [lines[0], lines[2], lines[1], lines[3]].join('\n') + '\n');
    const reordered = await verifyAuditJournal(file);
    expect(reordered.ok).toBe(false);
    expect(reordered.problems.map((p) => p.code)).toContain('chain');
    writeFileSync(file, [lines[0], lines[1]!.replace('"op1"', '"op9"'), lines[2], lines[3]].join('\n') + '\n');
    expect((await verifyAuditJournal(file)).problems).toEqual([expect.objectContaining({ line: 2, code: 'hash' })]);
    // An entry replaced by garbage: the garbage is reported, and so is the gap it leaves in the chain.
    writeFileSync(file, [lines[0], 'not json', lines[2], lines[3]].join('\n') + '\n');
    expect((await verifyAuditJournal(file)).problems.map((p) => p.code)).toEqual(['unparseable', 'chain', 'sequence']);
    // Garbage inserted between intact entries: reported, the chain around it holds.
    writeFileSync(file, [lines[0], '[1,2]', lines[1], lines[2], lines[3]].join('\n') + '\n');
    expect((await verifyAuditJournal(file)).problems.map((p) => p.code)).toEqual(['notAnEntry']);
  });

  it('opens after a last line that is not an entry (null used to crash the open, and so the core) and verify reports it', async () => {
    const dir = makeTempDir('audit-null');
    const journal = await AuditJournal.open(dir);
    await journal.append({ kind: 'note', by: 'system', data: {} });
    await journal.close();
    appendFileSync(path.join(dir, 'journal.jsonl'), 'null\n');
    const reopened = await AuditJournal.open(dir);
    await reopened.append({ kind: 'note', by: 'system', data: { after: true } });
    await reopened.close();
    const report = await verifyAuditJournal(path.join(dir, 'journal.jsonl'));
    expect(report.problems.map((p) => [p.line, p.code])).toEqual([
      [2, 'notAnEntry'],
      [3, 'chain'],
      [3, 'sequence'],
    ]);
  });

  it('a recording deleted by journaled retention may be gone; present again, it is unlisted', async () => {
    const dir = makeTempDir('audit-deleted');
    const recordings = path.join(dir, 'recordings');
    mkdirSync(recordings);
    const journal = await AuditJournal.open(path.join(dir, 'audit'));
    await journal.append({ kind: 'recordingClosed', by: 'system', data: { file: 'a.mcap', sha256: '0'.repeat(64) } });
    await journal.append({ kind: 'recordingDeleted', by: 'system', data: { file: 'a.mcap', reason: 'age' } });
    await journal.close();
    const file = path.join(dir, 'audit', 'journal.jsonl');
    expect(await verifyAuditJournal(file, { recordingsDir: recordings })).toMatchObject({ ok: true, filesChecked: 0 });
    writeFileSync(path.join(recordings, 'a.mcap'), 'restored');
    expect((await verifyAuditJournal(file, { recordingsDir: recordings })).problems).toEqual([expect.objectContaining({ code: 'unlisted', message: expect.stringMatching(/^a\.mcap is in the recordings folder but the journal does not list it/) })]);
  });

  it('hashes canonical JSON: key order does not matter', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: undefined }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"f":2}]},"b":1}');
  });
});

describe('AuditJournal with an audit key', () => {
  const key = Buffer.alloc(32, 7);

  it('MACs every entry; verify with the key authenticates the chain and catches a rewrite without it', async () => {
    const dir = makeTempDir('audit-key');
    const journal = await AuditJournal.open(dir, { key, nowMs: () => 5000 });
    for (let i = 0; i < 3; i++) await journal.append({ kind: 'alarmAction', by: `op${i}`, data: { i } });
    await journal.close();
    const file = path.join(dir, 'journal.jsonl');
    const entries = read(file);
    expect(entries.every((e) => e.mac === entryMac(key, e.hash))).toBe(true);
    expect(await verifyAuditJournal(file, { key })).toMatchObject({ ok: true, authenticated: true });
    // Someone without the key edits entry 2 and recomputes every hash after it: the chain checks pass, the MACs do not.
    const rewritten: AuditEntry[] = [];
    for (const entry of entries) {
      const body = { ...entry, by: entry.seq === 2 ? 'someone.else' : entry.by, prevHash: rewritten.at(-1)?.hash ?? GENESIS_HASH };
      delete body.mac;
      rewritten.push({ ...body, hash: entryHash(body), ...(entry.seq === 1 ? { mac: entry.mac } : {}) });
    }
    writeFileSync(file, rewritten.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const withoutKey = await verifyAuditJournal(file);
    expect(withoutKey.ok).toBe(true);
    const withKey = await verifyAuditJournal(file, { key });
    expect(withKey).toMatchObject({ ok: false, authenticated: false });
    expect(withKey.problems.map((p) => p.message)).toEqual([expect.stringMatching(/line 2 \(seq 2\) carries no MAC although the journal is keyed from line 1 on/), expect.stringMatching(/line 3 \(seq 3\) carries no MAC/)]);
    // With another key: every MAC fails.
    expect((await verifyAuditJournal(path.join(dir, 'journal.jsonl'), { key: Buffer.alloc(32, 8) })).problems[0]?.message).toMatch(/its MAC does not match the audit key/);
  });

  it('loads the key only from outside the data directory, and only a long enough one', async () => {
    const dataDir = makeTempDir('audit-key-data');
    const outside = path.join(makeTempDir('audit-key-home'), 'audit.key');
    writeFileSync(outside, Buffer.alloc(32, 1));
    expect(await loadAuditKey(outside, dataDir)).toEqual(Buffer.alloc(32, 1));
    expect(await loadAuditKey(undefined, dataDir)).toBeNull();
    const inside = path.join(dataDir, 'audit.key');
    writeFileSync(inside, Buffer.alloc(32, 1));
    await expect(loadAuditKey(inside, dataDir)).rejects.toThrow(/lies inside the data directory/);
    writeFileSync(outside, 'short');
    await expect(loadAuditKey(outside, dataDir)).rejects.toThrow(/holds 5 bytes; at least 32 are needed/);
    await expect(loadAuditKey(`${outside}.missing`, dataDir)).rejects.toThrow(/cannot read the audit key file .*ENOENT/);
  });
});
