import { createReadStream } from 'node:fs';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { McapStreamReader } from '@mcap/core';
import type { McapTypes } from '@mcap/core';
import { AUDIT_HEAD_METADATA_NAME, encodeAuditHead, sha256File, type ChainedJournalSink } from '../audit/index.js';
import { MCAP_DECOMPRESS_HANDLERS } from './chunkCompression.js';
import { McapFileWriter } from './McapFileWriter.js';
import { decodeMessage } from './messageCodec.js';
import { INDEX_METADATA_NAME, KIND_BY_TOPIC, PARTIAL_EXTENSION, RECORDING_EXTENSION, RECORDING_PROFILE, nsToMs } from './recordingFormat.js';
import { TimelineMarkers } from './TimelineMarkers.js';

export type RecoveryResult = {
  path: string;
  messages: number;
  attachments: number;
  /** Bytes at the end of the input that did not form a complete record (the torn chunk). */
  discardedBytes: number;
  /** Log time of the last message kept (epoch ms), null when none. */
  lastMessageMs: number | null;
  /** Why reading stopped before the end, when it did (a damaged record rather than a torn one). */
  stoppedBy: string | null;
};

const READ_PIECE_BYTES = 1 << 20;
/** Recovered chunks are closed at this size (the original 0.5 s chunks do not matter offline). */
const RECOVERED_CHUNK_BYTES = 4 << 20;

/**
 * Rewrites a truncated or damaged MCAP file as a complete, indexed one: reads it with the stream
 * reader (which needs no summary) up to the last complete, CRC-valid record, and copies what it
 * read — channels, messages, metadata, attachments — into `outputPath`. A crash mid-write leaves a
 * torn last chunk; everything before it survives. SafeTwin files get their timeline index rebuilt,
 * and keyframes keep starting their own chunk (seeks rely on it).
 */
export async function recoverRecording(inputPath: string, outputPath: string, options: { closingMetadata?: { name: string; metadata: Map<string, string> }[] } = {}): Promise<RecoveryResult> {
  const reader = new McapStreamReader({ validateCrcs: true, decompressHandlers: MCAP_DECOMPRESS_HANDLERS });
  // Held in an object: the record handler below assigns it, which flow analysis would not see.
  const out: { writer: McapFileWriter | null } = { writer: null };
  const channelMap = new Map<number, number>();
  const schemas = new Map<number, McapTypes.Schema>();
  const markers = new TimelineMarkers();
  const keyframeTopic = '/state/keyframes';
  const keyframeChannels = new Set<number>();
  let safetwin = false;
  const result: RecoveryResult = { path: outputPath, messages: 0, attachments: 0, discardedBytes: 0, lastMessageMs: null, stoppedBy: null };

  const handle = async (record: McapTypes.TypedMcapRecord): Promise<void> => {
    switch (record.type) {
      case 'Header':
        safetwin = record.profile === RECORDING_PROFILE;
        out.writer = await McapFileWriter.create(outputPath, { profile: record.profile, library: record.library }, []);
        return;
      case 'Schema':
        schemas.set(record.id, record);
        return;
      case 'Channel': {
        const writer = out.writer;
        if (!writer || channelMap.has(record.id)) return;
        const schema = schemas.get(record.schemaId);
        const id = await writer.addChannel({ topic: record.topic, schema: schema ? { name: schema.name, encoding: schema.encoding, data: schema.data.slice() } : null, messageEncoding: record.messageEncoding, metadata: record.metadata });
        channelMap.set(record.id, id);
        if (record.topic === keyframeTopic) keyframeChannels.add(record.id);
        return;
      }
      case 'Message': {
        const channelId = channelMap.get(record.channelId);
        const w = out.writer;
        if (!w || channelId === undefined) return;
        if (keyframeChannels.has(record.channelId)) await w.flushChunk();
        w.addMessage(channelId, record.sequence, record.logTime, record.data);
        if (w.pendingChunkBytes >= RECOVERED_CHUNK_BYTES) await w.flushChunk();
        result.messages++;
        result.lastMessageMs = nsToMs(record.logTime);
        if (safetwin) collectMarker(markers, channelTopic(record.channelId), record, inputPath);
        return;
      }
      case 'Metadata':
        if (record.name === INDEX_METADATA_NAME || record.name === AUDIT_HEAD_METADATA_NAME) return;
        await out.writer?.addMetadata(record.name, record.metadata);
        return;
      case 'Attachment':
        await out.writer?.addAttachment({ name: record.name, logTime: record.logTime, createTime: record.createTime, mediaType: record.mediaType, data: record.data.slice() });
        result.attachments++;
        return;
      default:
        // Chunks' contents arrive as their own records; indexes, statistics and the summary are rebuilt.
        return;
    }
  };
  const topics = new Map<number, string>();
  const channelTopic = (id: number) => topics.get(id) ?? '';

  try {
    outer: for await (const piece of createReadStream(inputPath, { highWaterMark: READ_PIECE_BYTES })) {
      reader.append(piece as Buffer);
      for (;;) {
        let record: McapTypes.TypedMcapRecord | undefined;
        try {
          record = reader.nextRecord();
        } catch (error) {
          result.stoppedBy = (error as Error).message;
          break outer;
        }
        if (!record) break;
        if (record.type === 'Channel') topics.set(record.id, record.topic);
        if (record.type === 'DataEnd') break outer;
        await handle(record);
      }
    }
    result.discardedBytes = reader.bytesRemaining();
    const w = out.writer;
    if (!w) throw new Error(`${path.basename(inputPath)} has no MCAP header: nothing to recover`);
    if (safetwin) await w.addMetadata(INDEX_METADATA_NAME, new Map([['markers', JSON.stringify(markers.markers())]]));
    for (const { name, metadata } of options.closingMetadata ?? []) await w.addMetadata(name, metadata);
    await w.close();
  } catch (error) {
    await out.writer?.abandon();
    await rm(outputPath, { force: true });
    throw error;
  }
  return result;
}

function collectMarker(markers: TimelineMarkers, topic: string, record: McapTypes.Message, where: string): void {
  const kind = KIND_BY_TOPIC.get(topic);
  if (kind !== 'alarmTransition' && kind !== 'marker' && kind !== 'simulationRun') return;
  try {
    markers.add(kind, nsToMs(record.logTime), decodeMessage(kind, record.data, where));
  } catch {
    // A damaged message is kept in the file as it was; it just gets no timeline mark.
  }
}

/**
 * Recovers every `*.mcap.part` in `dir` (files a recorder left open when it died) into `*.mcap`,
 * journaling each. A part that holds nothing usable (no header) is kept aside as `.damaged`.
 */
export async function recoverPartialRecordings(dir: string, journal?: ChainedJournalSink): Promise<RecoveryResult[]> {
  const results: RecoveryResult[] = [];
  for (const name of (await readdir(dir)).filter((n) => n.endsWith(PARTIAL_EXTENSION)).sort()) {
    const partPath = path.join(dir, name);
    const finalPath = partPath.slice(0, -PARTIAL_EXTENSION.length) + RECORDING_EXTENSION;
    const tempPath = `${finalPath}.recovering`;
    const partBytes = (await stat(partPath)).size;
    try {
      // Like every closed recording, it holds the journal's chain head (docs/recording.md).
      const closingMetadata = journal ? [{ name: AUDIT_HEAD_METADATA_NAME, metadata: encodeAuditHead(await journal.settledHead()) }] : [];
      const result = await recoverRecording(partPath, tempPath, { closingMetadata });
      await rename(tempPath, finalPath);
      await rm(partPath, { force: true });
      results.push({ ...result, path: finalPath });
      if (journal) {
        await journal.append({
          kind: 'recordingRecovered',
          by: 'system',
          data: { file: path.basename(finalPath), partBytes, messages: result.messages, discardedBytes: result.discardedBytes, lastMessageMs: result.lastMessageMs, stoppedBy: result.stoppedBy },
        });
        await journal.append({ kind: 'recordingClosed', by: 'system', data: { file: path.basename(finalPath), sha256: await sha256File(finalPath), bytes: (await stat(finalPath)).size, messages: result.messages, recovered: true } });
      }
    } catch (error) {
      await rename(partPath, `${partPath}.damaged`);
      if (journal) await journal.append({ kind: 'note', by: 'system', data: { file: name, problem: `unrecoverable recording kept as ${name}.damaged: ${(error as Error).message}` } });
    }
  }
  return results;
}
