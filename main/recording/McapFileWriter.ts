import type { FileHandle } from 'node:fs/promises';
import { McapChunkBuilder, McapRecordBuilder } from '@mcap/core';
import type { McapTypes } from '@mcap/core';
import { openPrivateFile } from '../platform/index.js';
import { compressChunk } from './chunkCompression.js';
import { crc32, crc32Final, crc32Init, crc32Update } from './crc32.js';
import { writeSummary } from './mcapSummary.js';

type Schema = McapTypes.Schema;
type Channel = McapTypes.Channel;
type ChunkIndex = McapTypes.ChunkIndex;

export type McapFileWriterStatistics = {
  messageCount: number;
  chunkCount: number;
  startNs: bigint | null;
  endNs: bigint | null;
  channelMessageCounts: Map<number, number>;
};

/** A channel and its schema (null: schemaless); channel ids follow the order they are added in. */
export type WriterChannel = { topic: string; schema: Omit<Schema, 'id'> | null; messageEncoding?: string; metadata?: Map<string, string> };

/** 'zstd' (default): chunks compressed with zstd (chunkCompression.ts); 'none': written as they are. */
export type ChunkCompressionSetting = 'zstd' | 'none';

/**
 * An indexed MCAP file writer whose chunks the caller closes (`flushChunk`): @mcap/core's McapWriter
 * only closes a chunk when it is full, so a crash could lose a whole megabyte-sized chunk. Here the
 * recorder closes one at least every second, which bounds what SIGKILL loses (issue 8: ≤ 1 s).
 *
 * Layout (MCAP spec): magic, header, schemas and channels (outside chunks, so a truncated file
 * read by a stream reader always knows them), then chunks with their message indexes, metadata and
 * attachments as they come; on close: data end, summary (schemas, channels, statistics, metadata,
 * attachment and chunk indexes), summary offsets, footer, magic.
 *
 * Calls must not overlap (the recorder awaits each); a call made while another runs throws.
 */
export class McapFileWriter {
  private readonly records = new McapRecordBuilder();
  private readonly chunk = new McapChunkBuilder({ useMessageIndex: true });
  private readonly schemas: Schema[] = [];
  private readonly channels: Channel[] = [];
  private readonly chunkIndexes: ChunkIndex[] = [];
  private readonly attachmentIndexes: McapTypes.AttachmentIndex[] = [];
  private readonly metadataIndexes: McapTypes.MetadataIndex[] = [];
  private attachmentCount = 0;
  private metadataCount = 0;
  private dataCrc = crc32Init();
  private position = 0;
  private busy = false;
  private closed = false;
  readonly stats: McapFileWriterStatistics = { messageCount: 0, chunkCount: 0, startNs: null, endNs: null, channelMessageCounts: new Map() };

  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
    private readonly compression: ChunkCompressionSetting,
  ) {}

  /** Creates (truncates) the file and writes magic, header, schemas and channels. */
  static async create(path: string, header: McapTypes.Header, channels: WriterChannel[], options: { compression?: ChunkCompressionSetting } = {}): Promise<McapFileWriter> {
    const handle = await openPrivateFile(path, 'w');
    const writer = new McapFileWriter(handle, path, options.compression ?? 'zstd');
    writer.records.writeMagic();
    writer.records.writeHeader(header);
    for (const channel of channels) writer.writeChannelRecords(channel);
    await writer.writeData();
    return writer;
  }

  /** Adds a channel (and its schema) after the start: written outside chunks, before its first message. */
  async addChannel(channel: WriterChannel): Promise<number> {
    await this.flushChunk();
    const id = this.writeChannelRecords(channel);
    await this.writeData();
    return id;
  }

  private writeChannelRecords(channel: WriterChannel): number {
    let schemaId = 0;
    if (channel.schema) {
      const schema: Schema = { ...channel.schema, id: this.schemas.length + 1 };
      this.schemas.push(schema);
      this.records.writeSchema(schema);
      schemaId = schema.id;
    }
    const record: Channel = { id: this.channels.length, schemaId, topic: channel.topic, messageEncoding: channel.messageEncoding ?? 'json', metadata: channel.metadata ?? new Map() };
    this.channels.push(record);
    this.records.writeChannel(record);
    return record.id;
  }

  get bytesWritten(): number {
    return this.position;
  }

  /** Bytes waiting in the open chunk (not yet on disk). */
  get pendingChunkBytes(): number {
    return this.chunk.byteLength;
  }

  get pendingMessages(): number {
    return this.chunk.numMessages;
  }

  /** Adds a message to the open chunk (memory only until flushChunk). */
  addMessage(channelId: number, sequence: number, logTimeNs: bigint, data: Uint8Array): void {
    if (this.closed) throw new Error('McapFileWriter: addMessage after close');
    this.chunk.addMessage({ channelId, sequence, logTime: logTimeNs, publishTime: logTimeNs, data });
    const stats = this.stats;
    stats.messageCount++;
    if (stats.startNs === null || logTimeNs < stats.startNs) stats.startNs = logTimeNs;
    if (stats.endNs === null || logTimeNs > stats.endNs) stats.endNs = logTimeNs;
    stats.channelMessageCounts.set(channelId, (stats.channelMessageCounts.get(channelId) ?? 0) + 1);
  }

  /** Writes the open chunk and its message indexes to the file (one write call). */
  async flushChunk(): Promise<void> {
    if (this.chunk.numMessages === 0) return;
    const uncompressed = this.chunk.buffer;
    // The CRC is of the uncompressed records (MCAP spec), so readers check what they decompressed.
    const { compression, compressedData } = this.compression === 'zstd' ? compressChunk(uncompressed) : { compression: '', compressedData: uncompressed };
    const chunkStartOffset = BigInt(this.position);
    const chunkLength = this.records.writeChunk({
      messageStartTime: this.chunk.messageStartTime,
      messageEndTime: this.chunk.messageEndTime,
      uncompressedSize: BigInt(uncompressed.byteLength),
      uncompressedCrc: crc32(uncompressed),
      compression,
      records: compressedData,
    });
    const messageIndexOffsets = new Map<number, bigint>();
    let messageIndexLength = 0n;
    const messageIndexStart = chunkStartOffset + chunkLength;
    for (const index of this.chunk.indices) {
      if (index.records.length === 0) continue;
      messageIndexOffsets.set(index.channelId, messageIndexStart + messageIndexLength);
      messageIndexLength += this.records.writeMessageIndex(index);
    }
    this.chunkIndexes.push({
      messageStartTime: this.chunk.messageStartTime,
      messageEndTime: this.chunk.messageEndTime,
      chunkStartOffset,
      chunkLength,
      messageIndexOffsets,
      messageIndexLength,
      compression,
      compressedSize: BigInt(compressedData.byteLength),
      uncompressedSize: BigInt(uncompressed.byteLength),
    });
    this.stats.chunkCount++;
    this.chunk.reset();
    await this.writeData();
  }

  async addMetadata(name: string, metadata: Map<string, string>): Promise<void> {
    await this.flushChunk();
    const offset = BigInt(this.position);
    const length = this.records.writeMetadata({ name, metadata });
    this.metadataIndexes.push({ name, offset, length });
    this.metadataCount++;
    await this.writeData();
  }

  async addAttachment(attachment: McapTypes.Attachment): Promise<void> {
    await this.flushChunk();
    const offset = BigInt(this.position);
    const length = this.records.writeAttachment(attachment);
    this.attachmentIndexes.push({ offset, length, logTime: attachment.logTime, createTime: attachment.createTime, dataSize: BigInt(attachment.data.byteLength), name: attachment.name, mediaType: attachment.mediaType });
    this.attachmentCount++;
    await this.writeData();
  }

  /** Flushes, writes the summary and footer (the file becomes indexed) and closes the handle. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flushChunk();
    this.closed = true;
    this.records.writeDataEnd({ dataSectionCrc: crc32Final(this.dataCrc) });
    await this.writeRaw();

    const stats = this.stats;
    writeSummary(this.records, BigInt(this.position), {
      schemas: this.schemas,
      channels: this.channels,
      statistics: {
        messageCount: BigInt(stats.messageCount),
        schemaCount: this.schemas.length,
        channelCount: this.channels.length,
        attachmentCount: this.attachmentCount,
        metadataCount: this.metadataCount,
        chunkCount: stats.chunkCount,
        messageStartTime: stats.startNs ?? 0n,
        messageEndTime: stats.endNs ?? 0n,
        channelMessageCounts: new Map([...stats.channelMessageCounts].map(([id, n]) => [id, BigInt(n)])),
      },
      metadataIndexes: this.metadataIndexes,
      attachmentIndexes: this.attachmentIndexes,
      chunkIndexes: this.chunkIndexes,
    });
    await this.writeRaw();
    await this.handle.sync();
    await this.handle.close();
  }

  /** Closes the handle without a summary: what a crash leaves (tests, and giving up on a broken disk). */
  async abandon(): Promise<void> {
    this.closed = true;
    await this.handle.close().catch(() => undefined);
  }

  private async writeData(): Promise<void> {
    this.dataCrc = crc32Update(this.dataCrc, this.records.buffer);
    await this.writeRaw();
  }

  private async writeRaw(): Promise<void> {
    if (this.busy) throw new Error('McapFileWriter: overlapping writes (await each call)');
    this.busy = true;
    try {
      const bytes = this.records.buffer;
      let done = 0;
      while (done < bytes.byteLength) {
        const { bytesWritten } = await this.handle.write(bytes, done, bytes.byteLength - done);
        done += bytesWritten;
      }
      this.position += bytes.byteLength;
      this.records.reset();
    } finally {
      this.busy = false;
    }
  }
}
