import { rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resolveServeConfig } from '../config/index.js';
import { AUDIT_JOURNAL_FILE, AUDIT_KEY_FILE_ENV, formatChainHead, loadAuditKey, parseChainHead } from '../audit/index.js';
import { auditDirOf, exportRange, listRecordings, parseTimeArgument, PARTIAL_EXTENSION, RECORDING_EXTENSION, RecordingError, RecordingFile, RecordingNotes, recordingsDirOf, RecordingSet, recoverRecording, renderIncidentReport, REPORT_LOCALES, type ReportLocale, verifyAuditJournal } from '../recording/index.js';
import { formatProblems } from '../scene/index.js';
import { EXIT_BAD_INPUT, EXIT_FAILURE } from './exitCodes.js';

export type DataDirFlags = { dataDir?: string; config?: string };

const iso = (ms: number) => new Date(ms).toISOString();
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

function badInput(message: string): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = EXIT_BAD_INPUT;
}

/** Prints a recording problem as the CLI does for all bad input: message, tip, exit 2. */
function reportError(error: unknown): void {
  if (error instanceof RecordingError) badInput(`${error.message} [${error.code}]${error.tip ? `\n  tip: ${error.tip}` : ''}`);
  else throw error;
}

function resolveDataDir(flags: DataDirFlags): string | null {
  const resolved = resolveServeConfig({ cli: { dataDir: flags.dataDir, config: flags.config }, env: process.env });
  if (!resolved.ok) {
    badInput(formatProblems(resolved.problems));
    return null;
  }
  return resolved.config.dataDir;
}

/** `safetwin recordings list`: every recording in <data-dir>/recordings with its range and health. */
export async function listRecordingsCommand(flags: DataDirFlags & { json?: boolean }): Promise<void> {
  const dataDir = resolveDataDir(flags);
  if (!dataDir) return;
  const dir = recordingsDirOf(dataDir);
  const listed = await listRecordings(dir);
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ dir, recordings: listed }, null, 2)}\n`);
    return;
  }
  if (listed.length === 0) {
    process.stdout.write(`no recordings in ${dir}\n`);
    return;
  }
  for (const r of listed) {
    const range = r.startMs !== undefined ? `${iso(r.startMs)} – ${iso(r.endMs!)}  ${r.messages} messages` : r.message;
    process.stdout.write(`${r.name}  ${mib(r.bytes)}  ${r.status}  ${range}\n`);
  }
}

/** `safetwin recordings inspect <file>`: range, channels, counts, attachments, metadata and a CRC check of every chunk. */
export async function inspectRecordingCommand(filePath: string, options: { json?: boolean }): Promise<void> {
  let file: RecordingFile;
  try {
    file = await RecordingFile.open(filePath);
  } catch (error) {
    if (error instanceof RecordingError && (error.code === 'ST_ERR_RECORDING_TRUNCATED' || error.code === 'ST_ERR_RECORDING_CORRUPT')) {
      const salvage = await salvageable(filePath);
      if (salvage) return reportError(new RecordingError(error.code, `${error.message}; ${salvage}`, error.tip));
    }
    return reportError(error);
  }
  try {
    const integrityProblem = await file.verifyChunks();
    const markers = await file.markers();
    const metadata = await file.metadata();
    const report = {
      file: path.resolve(filePath),
      bytes: file.bytes,
      formatVersion: file.meta.formatVersion,
      siteId: file.meta.siteId,
      recorder: file.meta.recorder,
      startMs: file.startMs,
      endMs: file.endMs,
      start: iso(file.startMs),
      end: iso(file.endMs),
      durationS: (file.endMs - file.startMs) / 1000,
      messages: file.messageCount,
      chunks: file.chunks.length,
      compression: [...new Set(file.chunks.map((c) => c.compression || 'none'))].join(', '),
      keyframes: file.chunks.filter((c) => c.hasKeyframe).length,
      channels: file.channels.map((c) => ({ topic: c.topic, schema: c.schemaName, messages: c.messages })),
      attachments: file.attachmentIndex(),
      metadata: metadata.map((m) => m.name),
      markers: { alarms: markers.filter((m) => m.kind === 'alarm').length, operatorActions: markers.filter((m) => m.kind === 'operatorAction').length, spans: markers.filter((m) => m.kind !== 'alarm' && m.kind !== 'operatorAction').length },
      integrity: integrityProblem ? `damaged: ${integrityProblem}` : 'ok (every chunk passes its CRC)',
    };
    if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      const lines = [
        `${report.file}`,
        `  SafeTwin recording format ${report.formatVersion}, site ${report.siteId}, ${report.recorder}`,
        `  ${report.start} – ${report.end} (${report.durationS.toFixed(1)} s), ${mib(report.bytes)}`,
        `  ${report.messages} messages in ${report.chunks} chunks (${report.compression}), ${report.keyframes} keyframes`,
        '  channels:',
        ...report.channels.map((c) => `    ${c.topic.padEnd(22)} ${c.schema.padEnd(26)} ${c.messages}`),
        `  attachments: ${report.attachments.length}; metadata: ${report.metadata.join(', ')}`,
        `  timeline: ${report.markers.alarms} alarm activations, ${report.markers.operatorActions} operator actions, ${report.markers.spans} drill/simulation/incident marks`,
        `  integrity: ${report.integrity}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    if (integrityProblem) process.exitCode = EXIT_BAD_INPUT;
  } finally {
    await file.close();
  }
}

/** How much of a truncated/damaged file a repair would keep (dry run into a temporary file). */
async function salvageable(filePath: string): Promise<string | null> {
  const temp = path.join(os.tmpdir(), `safetwin-salvage-${process.pid}-${Date.now()}.mcap`);
  try {
    const result = await recoverRecording(filePath, temp);
    return `${result.messages} messages are readable${result.lastMessageMs !== null ? ` up to ${iso(result.lastMessageMs)}` : ''}`;
  } catch {
    return null;
  } finally {
    await rm(temp, { force: true });
  }
}

/** `safetwin recordings export <file> --from --to <out>`. */
export async function exportRecordingCommand(filePath: string, outPath: string, options: { from?: string; to?: string }): Promise<void> {
  let set: RecordingSet;
  try {
    set = await RecordingSet.open({ files: [filePath] });
  } catch (error) {
    return reportError(error);
  }
  try {
    const fromMs = options.from === undefined ? set.startMs : parseTimeArgument(options.from, set.startMs);
    const toMs = options.to === undefined ? set.endMs : parseTimeArgument(options.to, set.startMs);
    if (Number.isNaN(fromMs) || Number.isNaN(toMs)) {
      return badInput(`--from/--to must be ISO 8601 times, epoch ms or offsets from the start like +90s, +15m, +00:12:30 (got ${JSON.stringify(Number.isNaN(fromMs) ? options.from : options.to)})`);
    }
    const result = await exportRange(set, fromMs, toMs, outPath);
    process.stdout.write(`exported ${iso(result.fromMs)} – ${iso(result.toMs)}: ${result.messages} messages, ${result.attachments} attachments, ${mib(result.bytes)} → ${result.path}\n`);
  } catch (error) {
    reportError(error);
  } finally {
    await set.close();
  }
}

/** `safetwin recordings report <file...>`: the incident report (HTML) of a time range, in English or Chinese. */
export async function reportRecordingCommand(files: string[], options: { from?: string; to?: string; locale?: string; timeZone?: string; out?: string }): Promise<void> {
  const locale = (options.locale ?? 'en') as ReportLocale;
  if (!REPORT_LOCALES.includes(locale)) return badInput(`--locale must be one of ${REPORT_LOCALES.join(', ')}`);
  if (options.timeZone) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: options.timeZone });
    } catch {
      return badInput(`--time-zone ${options.timeZone} is not an IANA time zone (e.g. Asia/Shanghai)`);
    }
  }
  let set: RecordingSet;
  try {
    set = await RecordingSet.open({ files });
  } catch (error) {
    return reportError(error);
  }
  try {
    const fromMs = options.from === undefined ? set.startMs : parseTimeArgument(options.from, set.startMs);
    const toMs = options.to === undefined ? set.endMs : parseTimeArgument(options.to, set.startMs);
    if (Number.isNaN(fromMs) || Number.isNaN(toMs)) return badInput('--from/--to must be ISO 8601 times, epoch ms or offsets from the start like +90s, +15m, +00:12:30');
    const bookmarks = [];
    for (const file of set.files) bookmarks.push(...(await RecordingNotes.load(file.path)));
    const html = await renderIncidentReport(set, { fromMs, toMs, locale, timeZone: options.timeZone, bookmarks });
    if (options.out) {
      await writeFile(options.out, html);
      process.stdout.write(`report written to ${path.resolve(options.out)}\n`);
    } else process.stdout.write(html);
  } catch (error) {
    reportError(error);
  } finally {
    await set.close();
  }
}

/** `safetwin recordings repair <file> [out]`: rewrites a truncated/damaged file up to its last complete chunk. */
export async function repairRecordingCommand(filePath: string, outPath: string | undefined): Promise<void> {
  const exists = await stat(filePath).then(
    () => true,
    () => false,
  );
  if (!exists) return badInput(`no such file: ${filePath}`);
  const target = outPath ?? (filePath.endsWith(PARTIAL_EXTENSION) ? filePath.slice(0, -PARTIAL_EXTENSION.length) + RECORDING_EXTENSION : filePath.replace(/(\.mcap)?$/, '.repaired.mcap'));
  if (await stat(target).then(() => true, () => false)) return badInput(`${target} already exists; give another output file`);
  try {
    const result = await recoverRecording(filePath, target);
    process.stdout.write(`repaired → ${target}: ${result.messages} messages, ${result.attachments} attachments kept${result.lastMessageMs !== null ? `, last at ${iso(result.lastMessageMs)}` : ''}; ${result.discardedBytes} bytes of an incomplete record dropped${result.stoppedBy ? `; stopped at a damaged record (${result.stoppedBy})` : ''}\n`);
  } catch (error) {
    badInput(`cannot repair ${filePath}: ${(error as Error).message}`);
  }
}

/**
 * `safetwin audit verify`: checks the journal's hash chain from its genesis entry, every listed
 * recording's SHA-256, recordings the journal does not list, the chain heads the recordings stored,
 * a head kept elsewhere (--expect-head) and, with the audit key, every entry's MAC.
 * Exit 0 verified, 1 tampering or damage found, 2 no journal / bad options.
 */
export async function auditVerifyCommand(flags: DataDirFlags & { json?: boolean; journal?: string; expectHead?: string; keyFile?: string }): Promise<void> {
  const dataDir = flags.journal ? null : resolveDataDir(flags);
  if (!flags.journal && !dataDir) return;
  const journalPath = flags.journal ?? path.join(auditDirOf(dataDir!), AUDIT_JOURNAL_FILE);
  if (!(await stat(journalPath).then(() => true, () => false))) return badInput(`no audit journal at ${journalPath} (it is created when the core first records)`);
  const expectHead = flags.expectHead === undefined ? undefined : parseChainHead(flags.expectHead);
  if (expectHead === null) return badInput(`--expect-head must be <seq>:<64 hex digits>, as verify prints the head (got ${JSON.stringify(flags.expectHead)})`);
  let key: Buffer | null;
  try {
    key = await loadAuditKey(flags.keyFile ?? process.env[AUDIT_KEY_FILE_ENV], dataDir);
  } catch (error) {
    return badInput(`${(error as Error).message} [ST_ERR_AUDIT_KEY]`);
  }
  const report = await verifyAuditJournal(journalPath, {
    recordingsDir: dataDir ? recordingsDirOf(dataDir) : path.join(path.dirname(path.dirname(journalPath)), 'recordings'),
    ...(expectHead ? { expectHead } : {}),
    ...(key ? { key } : {}),
  });
  if (flags.json) process.stdout.write(`${JSON.stringify({ journal: journalPath, ...report }, null, 2)}\n`);
  else {
    const notices = report.notices.length > 0 ? `\n  to review:\n${report.notices.map((n) => `    ${n.message}`).join('\n')}` : '';
    if (report.ok) {
      const checks = [
        `${report.entries} entries, chain intact from its first entry`,
        `${report.filesChecked} recording digests match`,
        `${report.headsChecked} recordings' stored chain heads found in the journal`,
        ...(expectHead ? [`the expected head seq ${expectHead.seq} is in it`] : []),
        ...(report.authenticated ? ['every MAC matches the audit key'] : []),
      ];
      process.stdout.write(`audit journal verified: ${checks.join(', ')}\n  head: ${report.head ? formatChainHead(report.head) : 'none (no entries yet)'} (keep it elsewhere; check later with --expect-head)${notices}\n`);
    } else {
      process.stdout.write(`audit journal FAILED verification (${journalPath}):\n${report.problems.map((p) => `  ${p.message}`).join('\n')}${notices}\n`);
    }
  }
  if (!report.ok) {
    process.stderr.write(`audit verify: ${report.problems.length} problem(s) [ST_ERR_AUDIT_TAMPERED]\n`);
    process.exitCode = EXIT_FAILURE;
  }
}
