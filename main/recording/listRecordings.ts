import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RecordingListEntry } from '../contracts/index.js';
import { RecordingError } from './recordingErrors.js';
import { RecordingFile } from './RecordingFile.js';
import { PARTIAL_EXTENSION, RECORDING_EXTENSION } from './recordingFormat.js';


/**
 * Every recording in a folder with its time range and health, by name: closed files are opened and
 * indexed; a .part file is the one being written (or one a crash left, recovered on the next start),
 * listed with its range up to the last flushed chunk;
 * an unreadable file is listed with its problem code rather than hidden.
 */
export async function listRecordings(dir: string): Promise<RecordingListEntry[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const listed: RecordingListEntry[] = [];
  for (const name of names.filter((n) => n.endsWith(RECORDING_EXTENSION) || n.endsWith(PARTIAL_EXTENSION)).sort()) {
    const filePath = path.join(dir, name);
    const bytes = (await stat(filePath)).size;
    if (name.endsWith(PARTIAL_EXTENSION)) {
      const entry: RecordingListEntry = { name, bytes, status: 'recording', message: 'open (being written, or left by a crash: recovered on the next start)' };
      // Readable up to its last flushed chunk: its range so far.
      const file = await RecordingFile.open(filePath).catch(() => null);
      if (file) {
        Object.assign(entry, { startMs: file.startMs, endMs: file.endMs, messages: file.messageCount });
        await file.close();
      }
      listed.push(entry);
      continue;
    }
    try {
      const file = await RecordingFile.open(filePath);
      listed.push({ name, bytes, status: 'ok', startMs: file.startMs, endMs: file.endMs, messages: file.messageCount });
      await file.close();
    } catch (error) {
      if (!(error instanceof RecordingError)) throw error;
      listed.push({ name, bytes, status: error.code, message: error.message });
    }
  }
  return listed;
}
