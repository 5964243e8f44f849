import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { RECORDING_EXTENSION } from './recordingFormat.js';
import { notesSidecarPath } from './recordingFiles.js';

export type RetentionPolicy = {
  /** Delete closed recordings older than this (by last write). Chinese special-operation records: ≥ 6 years. */
  maxAgeDays?: number;
  /** Delete the oldest closed recordings while all of them together exceed this. */
  maxTotalBytes?: number;
};

export type RetentionDeletion = { name: string; reason: 'age' | 'diskBudget'; bytes: number; ageDays: number };

const DAY_MS = 86_400_000;

/**
 * Applies the policy to the closed recordings (*.mcap) in `dir`, oldest first; files still being
 * written (*.mcap.part) are never touched. A recording's notes sidecar goes with it.
 */
export async function applyRetention(dir: string, policy: RetentionPolicy, nowMs: number): Promise<RetentionDeletion[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(RECORDING_EXTENSION));
  const files = await Promise.all(
    names.map(async (name) => {
      const info = await stat(path.join(dir, name));
      return { name, bytes: info.size, mtimeMs: info.mtimeMs };
    }),
  );
  files.sort((a, b) => a.mtimeMs - b.mtimeMs);
  let totalBytes = files.reduce((sum, f) => sum + f.bytes, 0);
  const deleted: RetentionDeletion[] = [];
  for (const file of files) {
    const ageDays = (nowMs - file.mtimeMs) / DAY_MS;
    let reason: RetentionDeletion['reason'] | null = null;
    if (policy.maxAgeDays !== undefined && ageDays > policy.maxAgeDays) reason = 'age';
    else if (policy.maxTotalBytes !== undefined && totalBytes > policy.maxTotalBytes) reason = 'diskBudget';
    if (!reason) continue;
    const filePath = path.join(dir, file.name);
    await rm(filePath, { force: true });
    await rm(notesSidecarPath(filePath), { force: true });
    totalBytes -= file.bytes;
    deleted.push({ name: file.name, reason, bytes: file.bytes, ageDays });
  }
  return deleted;
}
