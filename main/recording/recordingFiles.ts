import { readdir } from 'node:fs/promises';
import type { WriterChannel } from './McapFileWriter.js';
import { CHANNEL_KINDS, CHANNELS, jsonSchemaText, PARTIAL_EXTENSION, RECORDING_EXTENSION, RECORDING_FORMAT_VERSION } from './recordingFormat.js';

let channelsCache: WriterChannel[] | null = null;
const encoder = new TextEncoder();

/** The channels of every SafeTwin recording, in CHANNEL_KINDS order (channel id = index). */
export function recordingChannels(): WriterChannel[] {
  channelsCache ??= CHANNEL_KINDS.map((kind) => ({
    topic: CHANNELS[kind].topic,
    schema: { name: CHANNELS[kind].schemaName, encoding: 'jsonschema', data: encoder.encode(jsonSchemaText(kind)) },
    messageEncoding: 'json',
    metadata: new Map([['safetwin.formatVersion', String(RECORDING_FORMAT_VERSION)]]),
  }));
  return channelsCache;
}

/** 2026-05-03T14:00:00.000Z → 20260503T140000Z: sortable, no characters Windows forbids. */
export function compactUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** `<site>_<UTC start>` (plus -2, -3 … when a file of that second exists), without extension. */
export async function recordingFileName(dir: string, siteId: string, startMs: number): Promise<string> {
  const existing = new Set(await readdir(dir));
  const safeSite = siteId.replace(/[^\w.-]/g, '_');
  const base = `${safeSite}_${compactUtc(startMs)}`;
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    if (!existing.has(name + RECORDING_EXTENSION) && !existing.has(name + PARTIAL_EXTENSION)) return name;
  }
}

/**
 * Sidecar with the trainer's bookmarks and annotations, beside the recording (never inside it).
 * Notes taken on the file being recorded (.mcap.part) belong to the .mcap it becomes.
 */
export function notesSidecarPath(recordingPath: string): string {
  const closedPath = recordingPath.endsWith(PARTIAL_EXTENSION) ? recordingPath.slice(0, -PARTIAL_EXTENSION.length) + RECORDING_EXTENSION : recordingPath;
  return `${closedPath}.notes.json`;
}
