import { stat } from 'node:fs/promises';
import { resolveServeConfig } from '../config/index.js';
import { EMBEDDED_HISTORIAN, HISTORIAN_SCHEMA_VERSION, type HistorianDb, HistorianError, type HistorianLocation, type HistoryTier, MAX_POINTS_PER_SERIES, migrateHistorian, openHistorianDb, parseHistorianLocation, querySamples, rawHeldFrom, readSchemaVersion, samplesCsv } from '../historian/index.js';
import { formatProblems } from '../scene/index.js';
import { EXIT_BAD_INPUT, EXIT_FAILURE } from './exitCodes.js';

/** --historian, --data-dir and --config resolve as for `safetwin serve` (flag, SAFETWIN_HISTORIAN, config file); absent: the embedded file. */
export type HistorianFlags = { historian?: string; dataDir?: string; config?: string };

const STEPS = ['auto', 'raw', '1m', '1h'] as const;
/** A progress line at most this often: a long file shows it is moving, a short one prints none. */
const PROGRESS_INTERVAL_MS = 1000;

function badInput(message: string): void {
  process.stderr.write(`safetwin history: ${message}\n`);
  process.exitCode = EXIT_BAD_INPUT;
}

/**
 * A historian problem (newer schema, unreachable server, failed migration): its message, code and tip; exit 1.
 * A database driver's own error (connection refused, authentication) is reported as ST_ERR_HISTORIAN_OPEN.
 */
function historianFailure(thrown: unknown): void {
  const error = thrown instanceof HistorianError ? thrown : new HistorianError('ST_ERR_HISTORIAN_OPEN', (thrown as Error).message?.slice(0, 300));
  process.stderr.write(`safetwin history: ${error.message} [${error.code}]${error.tip ? `\n  tip: ${error.tip}` : ''}\n`);
  process.exitCode = EXIT_FAILURE;
}

/** The raw tier's retention cut-off for `--step auto` (config historianRetention), as the core's queries use it. */
function rawHeldFromMs(flags: HistorianFlags): number {
  const resolved = resolveServeConfig({ cli: { dataDir: flags.dataDir, config: flags.config, historian: flags.historian }, env: process.env });
  return resolved.ok ? rawHeldFrom(resolved.config.historianRetention, Date.now()) : -Infinity;
}

function resolveLocation(flags: HistorianFlags): HistorianLocation | null {
  const resolved = resolveServeConfig({ cli: { dataDir: flags.dataDir, config: flags.config, historian: flags.historian }, env: process.env });
  if (!resolved.ok) {
    badInput(formatProblems(resolved.problems));
    return null;
  }
  const historian = resolved.config.historian ?? EMBEDDED_HISTORIAN;
  try {
    return parseHistorianLocation(historian === EMBEDDED_HISTORIAN ? undefined : historian, resolved.config.dataDir);
  } catch (error) {
    // An unsupported --historian is the caller's input, not the database's failure: exit 2.
    if (error instanceof HistorianError) badInput(`${error.message} [${error.code}]`);
    else throw error;
    return null;
  }
}

const describeLocation = (location: HistorianLocation) => (location.engine === 'sqlite' ? location.file : location.url.replace(/\/\/[^@/]*@/, '//'));

/** Opens the historian; with `mustExist`, an embedded file that is not there is bad input rather than a new empty database. */
async function openLocation(location: HistorianLocation, mustExist: boolean): Promise<HistorianDb | null> {
  if (mustExist && location.engine === 'sqlite' && !(await stat(location.file).then(() => true, () => false))) {
    badInput(`no historian at ${location.file} (a core started with --historian writes it; or give --historian <file|postgres://…>)`);
    return null;
  }
  try {
    return await openHistorianDb(location);
  } catch (error) {
    historianFailure(error);
    return null;
  }
}

/** An ISO 8601 date-time or epoch milliseconds (as the HTTP API takes them). */
function parseTime(text: string): number {
  return /^\d{1,15}$/.test(text) ? Number(text) : /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
}

/** `safetwin history query`: sensors' history in display buckets, as the API returns it (JSON) or as CSV. */
export async function historyQueryCommand(options: HistorianFlags & { sensor: string; from: string; to?: string; step?: string; maxPoints?: string; format?: string }): Promise<void> {
  const sensorIds = options.sensor.split(',').filter((id) => id.length > 0);
  if (sensorIds.length === 0) return badInput('--sensor needs at least one sensor id (a,b,…)');
  const fromMs = parseTime(options.from);
  const toMs = options.to === undefined ? Date.now() : parseTime(options.to);
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) return badInput(`--from/--to must be ISO 8601 date-times or epoch milliseconds (got ${JSON.stringify(Number.isFinite(fromMs) ? options.to : options.from)})`);
  if (toMs <= fromMs) return badInput('--to must be after --from');
  const step = (options.step ?? 'auto') as (typeof STEPS)[number];
  if (!STEPS.includes(step)) return badInput(`--step must be one of ${STEPS.join(', ')}`);
  const maxPoints = options.maxPoints === undefined ? MAX_POINTS_PER_SERIES : Number(options.maxPoints);
  if (!Number.isInteger(maxPoints) || maxPoints < 1) return badInput('--max-points must be a positive whole number');
  const format = options.format ?? 'json';
  if (format !== 'json' && format !== 'csv') return badInput('--format must be json or csv');
  const location = resolveLocation(options);
  if (!location) return;
  const historian = await openLocation(location, true);
  if (!historian) return;
  try {
    let version: number;
    try {
      version = await readSchemaVersion(historian.db);
    } catch (error) {
      // No historian_meta table: a database no core or migrate has written (pg: 'relation … does not exist', SQLite: 'no such table').
      if (/historian_meta/.test((error as Error).message)) return badInput(`${describeLocation(location)} holds no history (run safetwin history migrate or import first)`);
      throw error;
    }
    // A newer schema may have changed what the tables mean; an older build must not read it as its own.
    if (version > HISTORIAN_SCHEMA_VERSION) throw new HistorianError('ST_ERR_HISTORIAN_SCHEMA_NEWER', `database schema version ${version}, this build knows up to ${HISTORIAN_SCHEMA_VERSION}`, 'Query it with a SafeTwin at least as new as the one that last wrote it');
    const series = await querySamples(historian.db, { sensorIds, fromMs, toMs, step: step as HistoryTier | 'auto', maxPoints, rawHeldFromMs: rawHeldFromMs(options) });
    process.stdout.write(format === 'csv' ? samplesCsv(series) : `${JSON.stringify({ fromMs, toMs, series })}\n`);
  } catch (error) {
    historianFailure(error);
  } finally {
    await historian.close();
  }
}

/** `safetwin history migrate`: brings the schema up to this build's version (a newer one is refused untouched). */
export async function historyMigrateCommand(flags: HistorianFlags): Promise<void> {
  const location = resolveLocation(flags);
  if (!location) return;
  const historian = await openLocation(location, false);
  if (!historian) return;
  try {
    const { fromVersion, toVersion } = await migrateHistorian(historian.db, historian.engine);
    process.stdout.write(`${describeLocation(location)}: schema version ${fromVersion} → ${toVersion}${fromVersion === toVersion ? ' (up to date)' : ''}\n`);
  } catch (error) {
    historianFailure(error);
  } finally {
    await historian.close();
  }
}

/**
 * `safetwin history import <recording.mcap…>`: back-fills recordings into the historian (samples,
 * alarm transitions, markers, studies), exactly once; progress on stderr, one summary line per file.
 */
export async function historyImportCommand(files: string[], flags: HistorianFlags & { json?: boolean }): Promise<void> {
  const location = resolveLocation(flags);
  if (!location) return;
  // The recording reader (@mcap/core) only for this subcommand: query and migrate do not load it.
  const [{ importRecording }, { RecordingError }, { SensorKeys }] = await Promise.all([import('../historian/importRecording.js'), import('../recording/index.js'), import('../historian/index.js')]);
  const historian = await openLocation(location, false);
  if (!historian) return;
  try {
    await migrateHistorian(historian.db, historian.engine);
    const sensorKeys = new SensorKeys();
    for (const file of files) {
      const startedMs = Date.now();
      let lastProgressMs = startedMs;
      try {
        const result = await importRecording(historian.db, file, {
          sensorKeys,
          onProgress: (progress) => {
            const nowMs = Date.now();
            if (nowMs - lastProgressMs < PROGRESS_INTERVAL_MS || progress.fraction >= 1) return;
            lastProgressMs = nowMs;
            process.stderr.write(`${progress.file}: ${Math.floor(progress.fraction * 100)} %, ${progress.samplesRead} samples read\n`);
          },
        });
        const seconds = (Date.now() - startedMs) / 1000;
        if (flags.json) process.stdout.write(`${JSON.stringify({ ...result, seconds })}\n`);
        else
          process.stdout.write(
            `${result.file}: ${new Date(result.startMs).toISOString()} – ${new Date(result.endMs).toISOString()}, ${result.samplesInserted} of ${result.samplesRead} samples new` +
              `${result.samplesRejected > 0 ? ` (${result.samplesRejected} not storable)` : ''}, ${result.alarmTransitionsInserted} alarm transitions, ${result.markersInserted} markers, ${result.operatorActionsInserted} studies` +
              `${result.eventsSkipped > 0 ? `, ${result.eventsSkipped} events already there` : ''} in ${seconds.toFixed(1)} s\n`,
          );
      } catch (error) {
        if (!(error instanceof RecordingError)) throw error;
        // One unreadable file does not stop the others; the exit status tells a script something was left out.
        process.stderr.write(`safetwin history: ${error.message} [${error.code}]${error.tip ? `\n  tip: ${error.tip}` : ''}\n`);
        process.exitCode = EXIT_BAD_INPUT;
      }
    }
  } catch (error) {
    historianFailure(error);
  } finally {
    await historian.close();
  }
}
