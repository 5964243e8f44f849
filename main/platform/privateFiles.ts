import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/**
 * Modes for everything the core keeps in its data directory (users and token digests, the audit
 * journal, recordings, exports, evidence): readable by the account that runs the core and nobody
 * else. Applied explicitly, whatever the umask, and corrected on files and folders that already
 * exist (a data dir made by hand or by an older version with 0755/0644).
 * (CIS benchmarks and OWASP ASVS V8.3: sensitive data at rest with least-privilege file access.)
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and missing parents) and makes `dir` itself 0700, even when it already existed. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  await chmod(dir, PRIVATE_DIR_MODE);
}

/** Makes an existing file 0600; a missing file is not an error (it will be created private). */
export async function makeFilePrivate(file: string): Promise<void> {
  await chmod(file, PRIVATE_FILE_MODE).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/** Opens (creating 0600) a data file and corrects the mode of one that already existed. */
export async function openPrivateFile(file: string, flags: 'a+' | 'w' | 'wx'): Promise<FileHandle> {
  const handle = await open(file, flags, PRIVATE_FILE_MODE);
  try {
    await handle.chmod(PRIVATE_FILE_MODE);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

/**
 * Replaces `file` with `text` atomically: a 0600 temporary file in the same folder, flushed, then
 * renamed over the target, so a reader (another process) sees the old or the new content, never
 * half of it, and the file is never readable by others, not even for a moment.
 */
export async function writePrivateFileAtomic(file: string, text: string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', PRIVATE_FILE_MODE);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
