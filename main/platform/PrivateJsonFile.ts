import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { writePrivateFileAtomic } from './privateFiles.js';

/**
 * A lowdb adapter for a small private JSON document: read as it is on disk (null when absent), written
 * atomically as 0600 through platform/privateFiles, so another process never reads half of it and
 * nobody but the core's account reads it at all (lowdb's own JSONFile keeps the umask's mode).
 */
export class PrivateJsonFile<T> implements Adapter<T> {
  constructor(readonly filePath: string) {}

  async read(): Promise<T | null> {
    try {
      return JSON.parse(await readFile(this.filePath, 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  write(data: T): Promise<void> {
    return writePrivateFileAtomic(this.filePath, `${JSON.stringify(data, null, 2)}\n`);
  }
}
