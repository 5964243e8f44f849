import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { McapIndexedReader, McapWriter } from '@mcap/core';
import { MCAP_DECOMPRESS_HANDLERS } from '../../main/recording/chunkCompression.js';
import { FileHandleReadable, FileHandleWritable } from '@mcap/nodejs';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportRange, RecordingFile, RecordingSet, verifyAuditJournal } from '../../main/recording/index.js';
import { McapFileWriter } from '../../main/recording/McapFileWriter.js';
import { recordingChannels } from '../../main/recording/recordingFiles.js';
import { encodeRecordingMetadata, RECORDING_METADATA_NAME } from '../../main/recording/recordingFormat.js';
import { makeTempDir } from '../support/tempDir.js';
import { journalPathOf, recordSyntheticSession } from './recordingFixtures.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'safetwin.js');
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SAFETWIN_')));

function run(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: cleanEnv, timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function writeForeignMcap(filePath: string): Promise<void> {
  const handle = await open(filePath, 'w');
  const writer = new McapWriter({ writable: new FileHandleWritable(handle) });
  await writer.start({ profile: 'ros2', library: 'someone else' });
  const channelId = await writer.registerChannel({ topic: '/chatter', schemaId: 0, messageEncoding: 'json', metadata: new Map() });
  await writer.addMessage({ channelId, sequence: 0, logTime: 1n, publishTime: 1n, data: new TextEncoder().encode('{}') });
  await writer.end();
  await handle.close();
}

/** A SafeTwin file with metadata of the given format version and optionally one message. */
async function writeSafetwinFile(filePath: string, formatVersion: number, withMessage: boolean): Promise<void> {
  const writer = await McapFileWriter.create(filePath, { profile: 'safetwin', library: 'test' }, recordingChannels());
  await writer.addMetadata(RECORDING_METADATA_NAME, encodeRecordingMetadata({ formatVersion, siteId: 's', sceneVersion: '1', sensorIds: ['a'], startedAtMs: 0, recorder: 'test' }));
  if (withMessage) writer.addMessage(2, 0, 1_000_000n, new TextEncoder().encode('{"badgeId":"b","x":0,"y":0,"floor":0,"tsMs":1}'));
  await writer.close();
}

describe('safetwin recordings and audit CLI', () => {
  let dataDir: string;
  let recording: string;
  let startMs: number;

  beforeAll(async () => {
    dataDir = makeTempDir('rec-cli');
    const session = await recordSyntheticSession(dataDir, { seconds: 180 });
    startMs = session.startMs;
    const names = readdirSync(session.recordingsDir).filter((n) => n.endsWith('.mcap'));
    recording = path.join(session.recordingsDir, names[0]!);
  });

  it('lists and inspects a recording', () => {
    const list = run(['recordings', 'list', '-d', dataDir, '--json']);
    expect(list.code).toBe(0);
    const listed = JSON.parse(list.stdout) as { recordings: { name: string; status: string; startMs: number; messages: number }[] };
    expect(listed.recordings).toHaveLength(1);
    expect(listed.recordings[0]).toMatchObject({ status: 'ok', startMs });
    const inspect = run(['recordings', 'inspect', recording, '--json']);
    expect(inspect.code).toBe(0);
    const report = JSON.parse(inspect.stdout) as { channels: { topic: string; messages: number }[]; integrity: string; compression: string; markers: { alarms: number; operatorActions: number }; durationS: number };
    expect(report.integrity).toMatch(/^ok/);
    expect(report.compression).toBe('zstd');
    expect(report.channels.find((c) => c.topic === '/samples')?.messages).toBe(1800);
    expect(report.channels.find((c) => c.topic === '/workers/positions')?.messages).toBe(360);
    expect(report.markers).toEqual({ alarms: 1, operatorActions: 1, spans: 0 });
    expect(report.durationS).toBeCloseTo(180, 0);
    expect(run(['recordings', 'inspect', recording]).stdout).toMatch(/integrity: ok/);
  });

  it('exports a time range that validates with the MCAP library and starts with the state at --from', async () => {
    const out = path.join(makeTempDir('rec-export'), 'incident.mcap');
    const result = run(['recordings', 'export', recording, '--from', '+35s', '--to', '+01:30', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const handle = await open(out, 'r');
    const reader = await McapIndexedReader.Initialize({ readable: new FileHandleReadable(handle), decompressHandlers: MCAP_DECOMPRESS_HANDLERS });
    const first = (await reader.readMessages().next()).value!;
    expect(reader.channelsById.get(first.channelId)?.topic).toBe('/state/keyframes');
    const keyframe = JSON.parse(new TextDecoder().decode(first.data)) as { alarms: { alarmId: string; state: string }[] };
    expect(keyframe.alarms).toEqual([expect.objectContaining({ alarmId: 'GD-0003:high', state: 'unacknowledged' })]);
    expect(Number(reader.statistics!.messageStartTime) / 1e6).toBe(startMs + 35_000);
    expect(Number(reader.statistics!.messageEndTime) / 1e6).toBe(startMs + 90_000);
    await handle.close();
    const inspect = JSON.parse(run(['recordings', 'inspect', out, '--json']).stdout) as { markers: { operatorActions: number } };
    expect(inspect.markers.operatorActions).toBe(1);
    expect(run(['recordings', 'export', recording, '--from', '+35s', '--to', '+90s', out]).code).toBe(2);
    const bad = run(['recordings', 'export', recording, '--from', 'yesterday', out + '2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--from\/--to must be/);
    const set = await RecordingSet.open({ files: [recording] });
    await expect(exportRange(set, startMs + 7_200_000, startMs + 10_800_000, out + '3')).rejects.toMatchObject({ code: 'ST_ERR_RECORDING_RANGE', message: expect.stringMatching(/does not overlap the recording/) });
    await set.close();
  });

  it('writes the incident report in English and Chinese with response times', () => {
    const en = run(['recordings', 'report', recording, '--time-zone', 'UTC']);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('<h1>Incident report</h1>');
    // Alarms are named by tag and condition in words, not by alarm id.
    expect(en.stdout).toMatch(/GD-0003 High<\/td><td><span class="p-high">high \(orange\)<\/span><\/td><td>[^<]+<\/td><td>liu\.yang<\/td><td>12\.0 s<\/td><td>60\.0 s<\/td>/);
    const out = path.join(makeTempDir('rec-report'), 'report.html');
    expect(run(['recordings', 'report', recording, '--locale', 'zh-CN', '--time-zone', 'Asia/Shanghai', '--out', out]).code).toBe(0);
    const zh = readFileSync(out, 'utf8');
    expect(zh).toContain('<html lang="zh-CN">');
    for (const term of ['事件报告', '报警至确认', '报警至恢复', '确认', '恢复正常', '高（橙色）', '12.0 秒', '60.0 秒']) expect(zh).toContain(term);
    expect(run(['recordings', 'report', recording, '--locale', 'fr']).code).toBe(2);
  });

  it('verifies the audit journal and detects an edited entry and a modified recording', async () => {
    const ok = run(['audit', 'verify', '-d', dataDir]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/verified: 2 entries, chain intact from its first entry, 1 recording digests match, 1 recordings' stored chain heads found in the journal/);
    const journal = journalPathOf(dataDir);
    const original = readFileSync(journal, 'utf8');
    // The operator's acknowledgement is attributed to someone else.
    writeFileSync(journal, original.replace('"by":"liu.yang"', '"by":"wang.wei"'));
    const tampered = run(['audit', 'verify', '-d', dataDir]);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/line 1 \(seq 1\): the content does not match its hash — the entry was edited/);
    // Deleting the first entry: the chain no longer starts at its genesis (checked in-process: same code as the CLI).
    writeFileSync(journal, original.split('\n').slice(1).join('\n'));
    expect((await verifyAuditJournal(journal)).problems[0]?.message).toMatch(/the journal does not start with its first entry: line 1 holds seq 2/);
    writeFileSync(journal, original);
    const backup = `${recording}.bak`;
    copyFileSync(recording, backup);
    const bytes = readFileSync(recording);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = bytes[middle]! ^ 0xff;
    writeFileSync(recording, bytes);
    const changed = run(['audit', 'verify', '-d', dataDir]);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/does not match the SHA-256 listed on line 2 — the recording was modified/);
    copyFileSync(backup, recording);
    expect(run(['audit', 'verify', '-d', dataDir]).code).toBe(0);
    expect(run(['audit', 'verify', '-d', makeTempDir('no-journal')]).code).toBe(2);
  });

  it('gives clear messages and exit 2 for missing, foreign, truncated, newer, empty and non-MCAP files', async () => {
    const dir = makeTempDir('rec-bad');
    writeFileSync(path.join(dir, 'notes.mcap'), 'hello, not an mcap file\n');
    await writeForeignMcap(path.join(dir, 'ros.mcap'));
    await writeSafetwinFile(path.join(dir, 'future.mcap'), 2, true);
    await writeSafetwinFile(path.join(dir, 'empty.mcap'), 1, false);
    // The reader's coded errors (what inspect prints), checked in-process: spawning the CLI per case is slow on a loaded machine.
    const openError = (name: string) => RecordingFile.open(path.join(dir, name)).then(() => null, (error: Error) => error);
    expect(await openError('notes.mcap')).toMatchObject({ code: 'ST_ERR_RECORDING_NOT_MCAP', message: expect.stringMatching(/does not start with the MCAP magic bytes/) });
    expect(await openError('future.mcap')).toMatchObject({ code: 'ST_ERR_RECORDING_VERSION', message: expect.stringMatching(/format version 2; this build reads up to version 1/) });
    expect(await openError('empty.mcap')).toMatchObject({ code: 'ST_ERR_RECORDING_EMPTY', message: expect.stringMatching(/holds no messages/) });
    expect(await openError('nope.mcap')).toMatchObject({ code: 'ST_ERR_RECORDING_NOT_FOUND' });

    const foreign = run(['recordings', 'inspect', path.join(dir, 'ros.mcap')]);
    expect([foreign.code, foreign.stderr]).toEqual([2, expect.stringMatching(/profile "ros2".*\[ST_ERR_RECORDING_FOREIGN\]/)]);
    const truncated = path.join(dir, 'cut.mcap');
    copyFileSync(recording, truncated);
    truncateSync(truncated, Math.floor(statSync(recording).size * 0.6));
    const cut = run(['recordings', 'inspect', truncated]);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(/has no MCAP footer; \d+ messages are readable up to .*\[ST_ERR_RECORDING_TRUNCATED\]\n {2}tip: Repair it: safetwin recordings repair/);
    expect(run(['recordings', 'repair', truncated]).code).toBe(0);
    const repaired = await RecordingFile.open(path.join(dir, 'cut.repaired.mcap'));
    expect(repaired.messageCount).toBeGreaterThan(100);
    expect(await repaired.verifyChunks()).toBeNull();
    await repaired.close();
  });
});
