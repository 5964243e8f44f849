import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { McapIndexedReader, Opcode } from '@mcap/core';
import type { McapTypes } from '@mcap/core';
import type { TimelineMarker } from '../contracts/index.js';
import { canDecompress, decompressChunk, MCAP_DECOMPRESS_HANDLERS } from './chunkCompression.js';
import { crc32 } from './crc32.js';
import { decodeMessage } from './messageCodec.js';
import { indexPartialRecording } from './partialRecording.js';
import { recordingError, RecordingError } from './recordingErrors.js';
import {
  CHANNELS,
  decodeRecordingMetadata,
  INDEX_METADATA_NAME,
  KIND_BY_TOPIC,
  PARTIAL_EXTENSION,
  RECORDING_EXTENSION,
  RECORDING_FORMAT_VERSION,
  RECORDING_METADATA_NAME,
  RECORDING_PROFILE,
  nsToMs,
  type ChannelKind,
  type RecordingMetadata,
} from './recordingFormat.js';
import { TimelineMarkers } from './TimelineMarkers.js';

const MCAP_MAGIC = Buffer.from([0x89, 0x4d, 0x43, 0x41, 0x50, 0x30, 0x0d, 0x0a]);

/** channelIds: the channels with messages in the chunk (from its message indexes). */
export type ChunkInfo = { startMs: number; endMs: number; offset: number; length: number; compression: string; hasKeyframe: boolean; channelIds: ReadonlySet<number> };
export type RecordedMessage = { kind: ChannelKind; logMs: number; data: Uint8Array };
export type ChannelInfo = { id: number; topic: string; schemaName: string; messages: number; kind: ChannelKind | null };

/** IReadable over a file handle that returns a fresh buffer per read (the library's reuses one). */
class FileReadable implements McapTypes.IReadable {
  constructor(
    private readonly handle: FileHandle,
    private readonly bytes: number,
  ) {}
  async size(): Promise<bigint> {
    return BigInt(this.bytes);
  }
  async read(offset: bigint, length: bigint): Promise<Uint8Array> {
    const buffer = Buffer.allocUnsafe(Number(length));
    const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, Number(offset));
    if (bytesRead !== buffer.length) throw new Error(`short read at ${offset}: ${bytesRead} of ${length} bytes`);
    return buffer;
  }
}

/**
 * One closed SafeTwin recording, opened through its MCAP summary (no scan of the data): metadata,
 * channels and counts, the chunk list with which chunks start with a keyframe, and the timeline
 * index. Messages are read chunk by chunk in file order. Everything that makes the file unusable
 * is a RecordingError with a code and a tip.
 */
export class RecordingFile {
  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
    readonly bytes: number,
    private readonly reader: McapIndexedReader,
    readonly meta: RecordingMetadata,
    readonly channels: ChannelInfo[],
    readonly chunks: ChunkInfo[],
    readonly startMs: number,
    readonly endMs: number,
    readonly messageCount: number,
  ) {}

  get name(): string {
    return path.basename(this.path);
  }

  static async open(filePath: string): Promise<RecordingFile> {
    const name = path.basename(filePath);
    let handle: FileHandle;
    try {
      handle = await open(filePath, 'r');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // The file being recorded closed (renamed to .mcap) since it was listed.
      if (code === 'ENOENT' && filePath.endsWith(PARTIAL_EXTENSION)) return RecordingFile.open(filePath.slice(0, -PARTIAL_EXTENSION.length) + RECORDING_EXTENSION);
      if (code === 'ENOENT') throw recordingError('ST_ERR_RECORDING_NOT_FOUND', filePath);
      throw recordingError('ST_ERR_RECORDING_NOT_FOUND', `${filePath} (${code ?? (error as Error).message})`);
    }
    try {
      return await RecordingFile.read(handle, filePath, name);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  private static async read(handle: FileHandle, filePath: string, name: string): Promise<RecordingFile> {
    const bytes = (await handle.stat()).size;
    const head = Buffer.alloc(8);
    const tail = Buffer.alloc(8);
    if (bytes >= 8) {
      await handle.read(head, 0, 8, 0);
      await handle.read(tail, 0, 8, bytes - 8);
    }
    if (bytes < 8 || !head.equals(MCAP_MAGIC)) throw recordingError('ST_ERR_RECORDING_NOT_MCAP', `${name} does not start with the MCAP magic bytes`);
    let readable: McapTypes.IReadable;
    let usableBytes = bytes;
    if (filePath.endsWith(PARTIAL_EXTENSION)) {
      // The file being recorded: read up to its last flushed chunk, never making the recorder rotate.
      const partial = await indexPartialRecording(handle, bytes).catch((error: unknown) => {
        throw recordingError('ST_ERR_RECORDING_CORRUPT', `${name}: ${(error as Error).message}`, `Try: safetwin recordings repair "${filePath}"`);
      });
      if (partial.chunks === 0) throw recordingError('ST_ERR_RECORDING_EMPTY', `${name} holds no complete chunk yet`);
      readable = partial.readable;
      usableBytes = partial.completeBytes;
    } else {
      if (!tail.equals(MCAP_MAGIC)) throw recordingError('ST_ERR_RECORDING_TRUNCATED', `${name} has no MCAP footer`, `Repair it: safetwin recordings repair "${filePath}" (keeps everything up to the last complete chunk).`);
      readable = new FileReadable(handle, bytes);
    }
    let reader: McapIndexedReader;
    try {
      reader = await McapIndexedReader.Initialize({ readable, decompressHandlers: MCAP_DECOMPRESS_HANDLERS });
    } catch (error) {
      throw recordingError('ST_ERR_RECORDING_CORRUPT', `${name}: ${(error as Error).message}`, `Try: safetwin recordings repair "${filePath}"`);
    }
    if (reader.header.profile !== RECORDING_PROFILE) throw recordingError('ST_ERR_RECORDING_FOREIGN', `${name} has MCAP profile "${reader.header.profile}" (library "${reader.header.library}"), not "${RECORDING_PROFILE}"`, 'Open it in Foxglove or the mcap CLI instead.');
    let meta: RecordingMetadata | null = null;
    for await (const record of reader.readMetadata({ name: RECORDING_METADATA_NAME })) meta = decodeRecordingMetadata(record.metadata);
    if (!meta) throw recordingError('ST_ERR_RECORDING_CORRUPT', `${name} lacks a valid ${RECORDING_METADATA_NAME} metadata record`);
    if (meta.formatVersion > RECORDING_FORMAT_VERSION) throw recordingError('ST_ERR_RECORDING_VERSION', `${name} is format version ${meta.formatVersion}; this build reads up to version ${RECORDING_FORMAT_VERSION}`, 'Update SafeTwin to replay it.');
    const counts = reader.statistics?.channelMessageCounts;
    const channels: ChannelInfo[] = [...reader.channelsById.values()].map((channel) => ({
      id: channel.id,
      topic: channel.topic,
      schemaName: reader.schemasById.get(channel.schemaId)?.name ?? '',
      messages: Number(counts?.get(channel.id) ?? 0n),
      kind: KIND_BY_TOPIC.get(channel.topic) ?? null,
    }));
    const keyframeChannel = channels.find((c) => c.kind === 'keyframe')?.id;
    const chunks: ChunkInfo[] = reader.chunkIndexes
      .map((chunk) => ({
        startMs: nsToMs(chunk.messageStartTime),
        endMs: nsToMs(chunk.messageEndTime),
        offset: Number(chunk.chunkStartOffset),
        length: Number(chunk.chunkLength),
        compression: chunk.compression,
        hasKeyframe: keyframeChannel !== undefined && chunk.messageIndexOffsets.has(keyframeChannel),
        channelIds: new Set(chunk.messageIndexOffsets.keys()),
      }))
      .sort((a, b) => a.offset - b.offset);
    const messageCount = Number(reader.statistics?.messageCount ?? BigInt(channels.reduce((s, c) => s + c.messages, 0)));
    if (messageCount === 0 || chunks.length === 0) throw recordingError('ST_ERR_RECORDING_EMPTY', `${name} holds no messages`);
    const unreadable = chunks.find((c) => !canDecompress(c.compression));
    if (unreadable) throw recordingError('ST_ERR_RECORDING_VERSION', `${name} has ${unreadable.compression}-compressed chunks; SafeTwin reads zstd-compressed and uncompressed ones`, `Convert it: mcap convert --compression zstd "${name}" out.mcap`);
    const startMs = Math.min(...chunks.map((c) => c.startMs));
    const endMs = Math.max(...chunks.map((c) => c.endMs));
    return new RecordingFile(handle, filePath, usableBytes, reader, meta, channels, chunks, startMs, endMs, messageCount);
  }

  /** Alarm and drill markers: the index written at close, or (files without one) a scan of those channels. */
  async markers(): Promise<TimelineMarker[]> {
    for await (const record of this.reader.readMetadata({ name: INDEX_METADATA_NAME })) {
      try {
        return JSON.parse(record.metadata.get('markers') ?? '[]') as TimelineMarker[];
      } catch {
        break;
      }
    }
    const collector = new TimelineMarkers();
    for await (const message of this.messages(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, new Set(['alarmTransition', 'marker', 'simulationRun']))) {
      collector.add(message.kind, message.logMs, decodeMessage(message.kind, message.data, this.name) as never);
    }
    return collector.markers();
  }

  async metadata(): Promise<{ name: string; metadata: Record<string, string> }[]> {
    const records: { name: string; metadata: Record<string, string> }[] = [];
    for await (const record of this.reader.readMetadata()) records.push({ name: record.name, metadata: Object.fromEntries(record.metadata) });
    return records;
  }

  attachmentIndex(): { name: string; mediaType: string; logMs: number; bytes: number }[] {
    return this.reader.attachmentIndexes.map((a) => ({ name: a.name, mediaType: a.mediaType, logMs: nsToMs(a.logTime), bytes: Number(a.dataSize) }));
  }

  async *attachments(fromMs: number, toMs: number): AsyncGenerator<{ name: string; mediaType: string; logMs: number; createMs: number; data: Uint8Array }> {
    for (const index of this.reader.attachmentIndexes) {
      const logMs = nsToMs(index.logTime);
      if (logMs < fromMs || logMs > toMs) continue;
      for await (const attachment of this.reader.readAttachments({ name: index.name, startTime: index.logTime, endTime: index.logTime })) {
        yield { name: attachment.name, mediaType: attachment.mediaType, logMs, createMs: nsToMs(attachment.createTime), data: attachment.data };
      }
    }
  }

  /** The last chunk starting with a keyframe at or before t (null: none). */
  keyframeChunkAt(tMs: number): number | null {
    let found: number | null = null;
    this.chunks.forEach((chunk, i) => {
      if (chunk.hasKeyframe && chunk.startMs <= tMs) found = i;
    });
    return found;
  }

  /**
   * Messages with fromMs ≤ logMs ≤ toMs (in file order, which is time order for SafeTwin files),
   * optionally from chunk `firstChunk` on and only of `kinds`.
   */
  async *messages(fromMs: number, toMs: number, kinds?: ReadonlySet<ChannelKind>, firstChunk = 0, validateCrc = false): AsyncGenerator<RecordedMessage> {
    const kindById = new Map<number, ChannelKind>();
    for (const channel of this.channels) if (channel.kind && (!kinds || kinds.has(channel.kind))) kindById.set(channel.id, channel.kind);
    for (let i = firstChunk; i < this.chunks.length; i++) {
      const chunk = this.chunks[i]!;
      if (chunk.endMs < fromMs) continue;
      if (chunk.startMs > toMs) break;
      // Chunks without a wanted channel are not read (the timeline scan reads a few chunks of an hour).
      if (kinds && ![...chunk.channelIds].some((id) => kindById.has(id))) continue;
      const records = await this.chunkRecords(chunk, validateCrc);
      const view = new DataView(records.buffer, records.byteOffset, records.byteLength);
      let offset = 0;
      while (offset + 9 <= records.byteLength) {
        const opcode = view.getUint8(offset);
        const length = Number(view.getBigUint64(offset + 1, true));
        const body = offset + 9;
        if (body + length > records.byteLength) throw recordingError('ST_ERR_RECORDING_CORRUPT', `${this.name}: a record overruns its chunk at offset ${chunk.offset}`);
        if (opcode === Opcode.MESSAGE && length >= 22) {
          const kind = kindById.get(view.getUint16(body, true));
          if (kind) {
            const logMs = nsToMs(view.getBigUint64(body + 6, true));
            if (logMs > toMs) return;
            if (logMs >= fromMs) yield { kind, logMs, data: records.subarray(body + 22, body + length) };
          }
        }
        offset = body + length;
      }
    }
  }

  /** Reads every chunk and checks its CRC (`inspect`): the first failure, or null when all pass. */
  async verifyChunks(): Promise<string | null> {
    for (const chunk of this.chunks) {
      try {
        await this.chunkRecords(chunk, true);
      } catch (error) {
        return error instanceof RecordingError ? error.message : `${this.name}: ${(error as Error).message}`;
      }
    }
    return null;
  }

  private async chunkRecords(chunk: ChunkInfo, validateCrc: boolean): Promise<Uint8Array> {
    const raw = Buffer.allocUnsafe(chunk.length);
    const { bytesRead } = await this.handle.read(raw, 0, chunk.length, chunk.offset);
    if (bytesRead !== chunk.length || raw[0] !== Opcode.CHUNK) throw recordingError('ST_ERR_RECORDING_CORRUPT', `${this.name}: no chunk at offset ${chunk.offset}`);
    // opcode, length, start, end, uncompressed size, crc, compression (length-prefixed), records length, records
    const uncompressedSize = raw.readBigUInt64LE(25);
    const crc = raw.readUInt32LE(33);
    const compressionLength = raw.readUInt32LE(37);
    const compression = raw.toString('utf8', 41, 41 + compressionLength);
    const recordsStart = 41 + compressionLength + 8;
    const recordsLength = Number(raw.readBigUInt64LE(41 + compressionLength));
    if (recordsStart + recordsLength > raw.length) throw recordingError('ST_ERR_RECORDING_CORRUPT', `${this.name}: the chunk at offset ${chunk.offset} overruns its index entry`);
    let records: Uint8Array;
    try {
      records = decompressChunk(compression, raw.subarray(recordsStart, recordsStart + recordsLength), uncompressedSize);
    } catch (error) {
      throw recordingError('ST_ERR_RECORDING_CORRUPT', `${this.name}: the chunk at offset ${chunk.offset} does not decompress (${(error as Error).message})`);
    }
    if (validateCrc && crc !== 0 && crc32(records) !== crc) throw recordingError('ST_ERR_RECORDING_CORRUPT', `${this.name}: the chunk at offset ${chunk.offset} fails its CRC check`);
    return records;
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}

export const TOPIC_OF: Record<ChannelKind, string> = Object.fromEntries(Object.entries(CHANNELS).map(([kind, c]) => [kind, c.topic])) as Record<ChannelKind, string>;
