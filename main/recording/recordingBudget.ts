import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { type DiskBudget, diskBudgetOf } from '../platform/index.js';
import { PARTIAL_EXTENSION, RECORDING_EXTENSION } from './recordingFormat.js';

const DAY_MS = 86_400_000;
/** The rate is measured over the newest recordings covering about this much time. */
const RATE_WINDOW_MS = DAY_MS;
/** Less recorded time than this says nothing about the rate yet. */
const MIN_MEASURED_MS = 60_000;

export type RecordingBudget = DiskBudget;

/** `<site>_20260503T140000Z[-2].mcap[.part]` → the file's start (epoch ms), or null. */
function startOfName(name: string): number | null {
  const match = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z(?:-\d+)?\.mcap(?:\.part)?$/.exec(name);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/**
 * The recorder's data rate from the newest recordings in `dir` (closed ones and the one being
 * written: bytes over the time from each file's start, in its name, to its last write), and how
 * many days `maxTotalBytes` holds at that rate (issue 14 item 17: an honest disk budget). Null
 * until about a minute has been recorded.
 */
export async function estimateRecordingBudget(dir: string, policy: { maxTotalBytes: number; maxAgeDays?: number }): Promise<RecordingBudget | null> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(RECORDING_EXTENSION) || n.endsWith(PARTIAL_EXTENSION));
  // Names sort by start time: the newest first, until a day of recording is covered.
  const newestFirst = names.map((name) => ({ name, startMs: startOfName(name) })).filter((f): f is { name: string; startMs: number } => f.startMs !== null);
  newestFirst.sort((a, b) => b.startMs - a.startMs);
  let bytes = 0;
  let durationMs = 0;
  for (const file of newestFirst) {
    const info = await stat(path.join(dir, file.name)).catch(() => null);
    if (!info) continue;
    const spanMs = info.mtimeMs - file.startMs;
    if (spanMs <= 0) continue;
    bytes += info.size;
    durationMs += spanMs;
    if (durationMs >= RATE_WINDOW_MS) break;
  }
  if (durationMs < MIN_MEASURED_MS || bytes === 0) return null;
  return diskBudgetOf({ bytes, durationMs }, policy.maxAgeDays === undefined ? { maxTotalBytes: policy.maxTotalBytes } : { maxTotalBytes: policy.maxTotalBytes, retentionDays: policy.maxAgeDays });
}
