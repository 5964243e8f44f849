import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { BookmarkSchema, NewBookmarkSchema, type Bookmark, type NewBookmark } from '../contracts/index.js';
import { writePrivateFileAtomic } from '../platform/index.js';
import { recordingError } from './recordingErrors.js';
import { notesSidecarPath } from './recordingFiles.js';

const NOTES_FORMAT_VERSION = 1;
const NotesFileSchema = z.object({ formatVersion: z.number().int(), recording: z.string(), bookmarks: z.array(BookmarkSchema) });

/**
 * A trainer's bookmarks and annotations for one recording, in a JSON sidecar beside it
 * (`<file>.mcap.notes.json`): the recording itself stays exactly as recorded (its digest is in the
 * audit journal), and notes can be shared or deleted without touching it.
 */
export class RecordingNotes {
  static async load(recordingPath: string): Promise<Bookmark[]> {
    let text: string;
    try {
      text = await readFile(notesSidecarPath(recordingPath), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    let parsed: z.infer<typeof NotesFileSchema>;
    try {
      parsed = NotesFileSchema.parse(JSON.parse(text));
    } catch {
      throw recordingError('ST_ERR_RECORDING_CORRUPT', `${path.basename(notesSidecarPath(recordingPath))} is not a valid notes file`, 'Fix or remove the sidecar; the recording itself is unaffected.');
    }
    if (parsed.formatVersion > NOTES_FORMAT_VERSION) throw recordingError('ST_ERR_RECORDING_VERSION', `${path.basename(notesSidecarPath(recordingPath))} is notes format ${parsed.formatVersion}`);
    return parsed.bookmarks;
  }

  /** Adds a bookmark (validated) and rewrites the sidecar atomically (temp file + rename). */
  static async add(recordingPath: string, input: NewBookmark, by: string, nowMs: number): Promise<Bookmark> {
    const fields = NewBookmarkSchema.parse(input);
    const bookmark = BookmarkSchema.parse({ ...fields, id: randomUUID(), by, createdAtMs: nowMs });
    const bookmarks = [...(await RecordingNotes.load(recordingPath)), bookmark].sort((a, b) => a.tsMs - b.tsMs);
    await RecordingNotes.save(recordingPath, bookmarks);
    return bookmark;
  }

  static async remove(recordingPath: string, id: string): Promise<boolean> {
    const bookmarks = await RecordingNotes.load(recordingPath);
    const kept = bookmarks.filter((b) => b.id !== id);
    if (kept.length === bookmarks.length) return false;
    await RecordingNotes.save(recordingPath, kept);
    return true;
  }

  private static async save(recordingPath: string, bookmarks: Bookmark[]): Promise<void> {
    const target = notesSidecarPath(recordingPath);
    await writePrivateFileAtomic(target, `${JSON.stringify({ formatVersion: NOTES_FORMAT_VERSION, recording: path.basename(recordingPath), bookmarks }, null, 2)}\n`);
  }
}
