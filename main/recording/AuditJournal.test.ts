import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { AuditJournal, GENESIS_HASH, verifyAuditJournal, type AuditEntry } from './AuditJournal.js';
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

  it('cuts a torn last line on reopen and records that it did; the chain still verifies', async () => {
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
    expect((await verifyAuditJournal(path.join(dir, 'journal.jsonl'))).ok).toBe(true);
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
    writeFileSync(file, [lines[0], 'not json', lines[2], lines[3]].join('\n') + '\n');
    expect((await verifyAuditJournal(file)).problems.map((p) => p.code)).toEqual(['unparseable']);
  });

  it('hashes canonical JSON: key order does not matter', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: undefined }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"f":2}]},"b":1}');
  });
});
