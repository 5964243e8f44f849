import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuditJournal, type AuditEntry } from '../../main/audit/index.js';
import { entryHash } from '../../main/audit/index.js';
import { auditDirOf, recordingsDirOf } from '../../main/recording/dataLayout.js';
import { SAFETWIN_BIN, REPO_ROOT } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';
import { journalPathOf, recordSyntheticSession } from './recordingFixtures.js';

const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SAFETWIN_')));

function verify(dataDir: string, ...extra: string[]) {
  const result = spawnSync(process.execPath, [SAFETWIN_BIN, 'audit', 'verify', '-d', dataDir, ...extra], { cwd: REPO_ROOT, encoding: 'utf8', env: cleanEnv, timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const lines = (dataDir: string) => readFileSync(journalPathOf(dataDir), 'utf8').trimEnd().split('\n');
const writeLines = (dataDir: string, kept: string[]) => writeFileSync(journalPathOf(dataDir), kept.map((l) => `${l}\n`).join(''));

/**
 * Issue 13 item 5: each way of losing journal entries that used to pass `safetwin audit verify`
 * is now caught by the real CLI, with a message saying what happened, and exit status 1.
 */
describe('safetwin audit verify detects truncation and tampering', () => {
  let original: string;
  const copy = (name: string) => {
    const dir = makeTempDir(`audit-${name}`);
    cpSync(original, dir, { recursive: true });
    return dir;
  };

  beforeAll(async () => {
    // Two recorded sessions: seq 1 acknowledge, 2 file A closed (storing head 1), 3 acknowledge, 4 file B closed (storing head 3).
    original = makeTempDir('audit-original');
    await recordSyntheticSession(original, { seconds: 60, startMs: Date.UTC(2026, 4, 3, 8, 0, 0) });
    await recordSyntheticSession(original, { seconds: 60, startMs: Date.UTC(2026, 4, 3, 9, 0, 0) });
  });

  it('passes an intact journal, printing the head to keep, which --expect-head then checks', () => {
    const ok = verify(original);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/verified: 4 entries, chain intact from its first entry, 2 recording digests match, 2 recordings' stored chain heads found in the journal/);
    const head = /head: (\d+:[0-9a-f]{64})/.exec(ok.stdout)![1]!;
    expect(head).toMatch(/^4:/);
    expect(verify(original, '--expect-head', head).code).toBe(0);
    const bad = verify(original, '--expect-head', '4:abc');
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/--expect-head must be <seq>:<64 hex digits>/)]);
  });

  it('head deletion behind a blank line', () => {
    const dir = copy('head');
    const all = lines(dir);
    writeLines(dir, ['', ...all.slice(1)]);
    const result = verify(dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('line 1 is blank: the journal never writes blank lines');
    expect(result.stdout).toMatch(/the journal does not start with its first entry: line 2 holds seq 2 .* entries before it were removed/);
    expect(result.stderr).toMatch(/\[ST_ERR_AUDIT_TAMPERED\]/);
  });

  it('tail deletion, caught by the chain head the later recording stored', () => {
    const dir = copy('tail');
    writeLines(dir, lines(dir).slice(0, 2));
    const result = verify(dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/test-site_20260503T090000Z\.mcap is in the recordings folder but the journal does not list it/);
    expect(result.stdout).toMatch(/test-site_20260503T090000Z\.mcap was closed when the journal's head was seq 3 \([0-9a-f]{12}…\), but the journal ends at seq 2: entries were removed from its end/);
  });

  it('tail deletion after the last recording closed, caught by --expect-head', async () => {
    const dir = copy('tail-expect');
    const journal = await AuditJournal.open(auditDirOf(dir));
    await journal.append({ kind: 'alarmAction', by: 'zhao.lei', data: { alarmId: 'GD-0007:high', action: 'shelve' } });
    const head = journal.head();
    await journal.close();
    writeLines(dir, lines(dir).slice(0, -1));
    // Nothing recorded after it: the chain alone cannot tell (docs/recording.md says so) …
    expect(verify(dir).code).toBe(0);
    // … the head kept elsewhere can.
    const result = verify(dir, '--expect-head', `${head.seq}:${head.hash}`);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/the head given \(--expect-head\) is seq 5 \([0-9a-f]{12}…\), but the journal ends at seq 4: entries were removed from its end/);
  });

  it('a torn tail, cut when the core restarts, is reported', async () => {
    const dir = copy('torn');
    const tornLine = '{"seq":5,"atMs":1,"kind":"alarmAction","by":"wang';
    appendFileSync(journalPathOf(dir), tornLine);
    // The next start opens the journal: the torn line is cut and the cut journaled.
    await (await AuditJournal.open(auditDirOf(dir))).close();
    const entries = lines(dir).map((l) => JSON.parse(l) as AuditEntry);
    expect(entries.at(-1)).toMatchObject({ seq: 5, kind: 'tornTailRemoved', data: { bytes: tornLine.length } });
    const result = verify(dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`line 5 \\(seq 5, [^)]+\\): a half-written entry of ${tornLine.length} bytes \\(sha256 [0-9a-f]{12}…\\) was cut off when the journal reopened`));
  });

  it('a recording the journal does not list', () => {
    const dir = copy('unlisted');
    const recordings = recordingsDirOf(dir);
    copyFileSync(path.join(recordings, 'test-site_20260503T080000Z.mcap'), path.join(recordings, 'test-site_20260503T100000Z.mcap'));
    const result = verify(dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/test-site_20260503T100000Z\.mcap is in the recordings folder but the journal does not list it \(no recordingClosed entry\)/);
    expect(readdirSync(recordings)).toHaveLength(3);
  });

  it('a null line (which crashed verify) and other lines that are not entries', () => {
    const dir = copy('null');
    const all = lines(dir);
    writeLines(dir, [all[0]!, 'null', ...all.slice(1), '42']);
    const result = verify(dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('line 2 is not an audit entry (null): an entry was replaced or the file was edited');
    expect(result.stdout).toContain('line 6 is not an audit entry (42)');
    expect(result.stderr).not.toMatch(/TypeError|at .*\.js:\d+/);
  });
});

describe('safetwin audit verify with the audit key', () => {
  it('checks every MAC with --key-file, catches a chain rewritten without the key, refuses a key inside the data dir', async () => {
    const dataDir = makeTempDir('audit-keyed');
    const keyFile = path.join(makeTempDir('audit-keyed-key'), 'audit.key');
    writeFileSync(keyFile, Buffer.alloc(32, 42));
    const journal = await AuditJournal.open(auditDirOf(dataDir), { key: readFileSync(keyFile) });
    await journal.append({ kind: 'alarmAction', by: 'liu.yang', data: { alarmId: 'GD-0003:high', action: 'acknowledge' } });
    await journal.append({ kind: 'alarmAction', by: 'wang.wei', data: { alarmId: 'GD-0004:high', action: 'shelve' } });
    await journal.close();
    const ok = verify(dataDir, '--key-file', keyFile);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('every MAC matches the audit key');
    // The second entry re-attributed, its hash recomputed (the chain checks pass), its MAC left as it was.
    const [first, second] = lines(dataDir).map((l) => JSON.parse(l) as AuditEntry);
    const edited = { ...second!, by: 'someone.else' };
    edited.hash = entryHash(edited);
    writeLines(dataDir, [JSON.stringify(first), JSON.stringify(edited)]);
    expect(verify(dataDir).code).toBe(0);
    const caught = verify(dataDir, '--key-file', keyFile);
    expect(caught.code).toBe(1);
    expect(caught.stdout).toContain('line 2 (seq 2): its MAC does not match the audit key');
    const inside = path.join(dataDir, 'audit.key');
    copyFileSync(keyFile, inside);
    const refused = verify(dataDir, '--key-file', inside);
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringMatching(/lies inside the data directory .*\[ST_ERR_AUDIT_KEY\]/)]);
  });
});
