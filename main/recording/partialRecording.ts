import type { FileHandle } from 'node:fs/promises';
import { McapRecordBuilder, Opcode } from '@mcap/core';
import type { McapTypes } from '@mcap/core';
import { writeSummary } from './mcapSummary.js';

const MAGIC_BYTES = 8;
const RECORD_HEAD_BYTES = 9;
/** Enough for the fixed fields and the names of a chunk, attachment or metadata record head. */
const RECORD_PEEK_BYTES = 4096;
/**
 * Record heads are read through a window of this size: a chunk's head, its message indexes and
 * often the next chunk's head come in one read instead of one read each (an hour of 0.5 s chunks
 * has about 7,200 chunks and ten times as many record heads).
 */
const WINDOW_BYTES = 64 * 1024;

/** Positional reads served from the last window read, when they fall inside it. */
class WindowedReader {
  private window = Buffer.alloc(0);
  private windowStart = 0;
  constructor(
    private readonly handle: FileHandle,
    private readonly fileBytes: number,
  ) {}
  async read(offset: number, length: number): Promise<Uint8Array> {
    if (offset < this.windowStart || offset + length > this.windowStart + this.window.length) {
      const size = Math.min(Math.max(length, WINDOW_BYTES), this.fileBytes - offset);
      const buffer = Buffer.alloc(size);
      const { bytesRead } = await this.handle.read(buffer, 0, size, offset);
      this.window = buffer.subarray(0, bytesRead);
      this.windowStart = offset;
    }
    const start = offset - this.windowStart;
    return this.window.subarray(start, Math.min(start + length, this.window.length));
  }
}

/** Reads at offsets of the file's complete prefix, then of the summary synthesized after it. */
class PrefixWithSummary implements McapTypes.IReadable {
  constructor(
    private readonly handle: FileHandle,
    private readonly prefixBytes: number,
    private readonly summary: Uint8Array,
  ) {}
  async size(): Promise<bigint> {
    return BigInt(this.prefixBytes + this.summary.byteLength);
  }
  async read(offset: bigint, length: bigint): Promise<Uint8Array> {
    const start = Number(offset);
    const end = start + Number(length);
    const out = Buffer.alloc(end - start);
    const fromFile = Math.max(0, Math.min(end, this.prefixBytes) - start);
    if (fromFile > 0) {
      const { bytesRead } = await this.handle.read(out, 0, fromFile, start);
      if (bytesRead !== fromFile) throw new Error(`short read at ${start}: ${bytesRead} of ${fromFile} bytes`);
    }
    if (end > this.prefixBytes) {
      const summaryStart = Math.max(0, start - this.prefixBytes);
      out.set(this.summary.subarray(summaryStart, end - this.prefixBytes), fromFile);
    }
    return out;
  }
}

/** A little-endian cursor over one record's bytes. */
class Fields {
  private offset = 0;
  private readonly view: DataView;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  u16(): number {
    const v = this.view.getUint16(this.offset, true);
    this.offset += 2;
    return v;
  }
  u32(): number {
    const v = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return v;
  }
  u64(): bigint {
    const v = this.view.getBigUint64(this.offset, true);
    this.offset += 8;
    return v;
  }
  string(): string {
    const length = this.u32();
    const text = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + this.offset, length).toString('utf8');
    this.offset += length;
    return text;
  }
  bytesField(): Uint8Array {
    const length = this.u32();
    const out = this.bytes.slice(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }
  map(): Map<string, string> {
    const end = this.offset + 4 + this.view.getUint32(this.offset, true);
    this.offset += 4;
    const out = new Map<string, string>();
    while (this.offset < end) out.set(this.string(), this.string());
    return out;
  }
}

export type PartialIndex = {
  /** Reads the file as if it were closed: its complete prefix followed by a summary built from it. */
  readable: McapTypes.IReadable;
  /** Bytes of the file up to the end of its last complete chunk (or other record). */
  completeBytes: number;
  chunks: number;
};

/**
 * Indexes an MCAP file that is still being written (or was left open), up to its last complete
 * chunk, without reading chunk contents: each record's head is read at its offset, and schemas,
 * channels, chunk, metadata and attachment indexes and statistics are rebuilt from them. The
 * result reads like a closed, indexed file, so a replay can include the hour being recorded
 * without the recorder rotating its file (issue 13 item 6). The writer only appends, so what lies
 * before the size read here does not change underneath.
 *
 * A chunk counts once its record is complete; its message indexes (which follow it in the same
 * write) give which channels it holds. A torn record ends the scan; a chunk whose message indexes
 * were torn is left out (it will be complete at the next open).
 */
export async function indexPartialRecording(handle: FileHandle, fileBytes: number): Promise<PartialIndex> {
  const schemas: McapTypes.Schema[] = [];
  const channels: McapTypes.Channel[] = [];
  const chunkIndexes: McapTypes.ChunkIndex[] = [];
  const metadataIndexes: McapTypes.MetadataIndex[] = [];
  const attachmentIndexes: McapTypes.AttachmentIndex[] = [];
  const channelMessageCounts = new Map<number, bigint>();
  let messageCount = 0n;
  let startNs: bigint | null = null;
  let endNs: bigint | null = null;
  /** The chunk whose message indexes are being read, with its counts not yet committed. */
  let open: { index: McapTypes.ChunkIndex; counts: Map<number, bigint> } | null = null;
  let completeBytes = MAGIC_BYTES;

  const commitChunk = () => {
    if (!open) return;
    chunkIndexes.push(open.index);
    for (const [channelId, n] of open.counts) {
      channelMessageCounts.set(channelId, (channelMessageCounts.get(channelId) ?? 0n) + n);
      messageCount += n;
    }
    if (startNs === null || open.index.messageStartTime < startNs) startNs = open.index.messageStartTime;
    if (endNs === null || open.index.messageEndTime > endNs) endNs = open.index.messageEndTime;
    open = null;
  };
  const reader = new WindowedReader(handle, fileBytes);
  const readAt = (offset: number, length: number) => reader.read(offset, length);

  let offset = MAGIC_BYTES;
  let closedFile = false;
  while (offset + RECORD_HEAD_BYTES <= fileBytes) {
    const head = await readAt(offset, RECORD_HEAD_BYTES);
    const opcode = head[0]!;
    const length = Number(new DataView(head.buffer, head.byteOffset, RECORD_HEAD_BYTES).getBigUint64(1, true));
    const bodyStart = offset + RECORD_HEAD_BYTES;
    const end = bodyStart + length;
    if (end > fileBytes) break;
    if (opcode === Opcode.DATA_END || opcode === Opcode.FOOTER) {
      closedFile = true;
      break;
    }
    if (opcode !== Opcode.MESSAGE_INDEX) commitChunk();
    if (opcode === Opcode.SCHEMA) {
      const f = new Fields(await readAt(bodyStart, length));
      schemas.push({ id: f.u16(), name: f.string(), encoding: f.string(), data: f.bytesField() });
    } else if (opcode === Opcode.CHANNEL) {
      const f = new Fields(await readAt(bodyStart, length));
      channels.push({ id: f.u16(), schemaId: f.u16(), topic: f.string(), messageEncoding: f.string(), metadata: f.map() });
    } else if (opcode === Opcode.CHUNK) {
      const f = new Fields(await readAt(bodyStart, Math.min(length, RECORD_PEEK_BYTES)));
      const messageStartTime = f.u64();
      const messageEndTime = f.u64();
      const uncompressedSize = f.u64();
      f.u32();
      const compression = f.string();
      const compressedSize = f.u64();
      open = {
        index: { messageStartTime, messageEndTime, chunkStartOffset: BigInt(offset), chunkLength: BigInt(end - offset), messageIndexOffsets: new Map(), messageIndexLength: 0n, compression, compressedSize, uncompressedSize },
        counts: new Map(),
      };
    } else if (opcode === Opcode.MESSAGE_INDEX && open) {
      const f = new Fields(await readAt(bodyStart, 6));
      const channelId = f.u16();
      open.index.messageIndexOffsets.set(channelId, BigInt(offset));
      open.index.messageIndexLength += BigInt(end - offset);
      open.counts.set(channelId, BigInt(f.u32() / 16));
    } else if (opcode === Opcode.METADATA) {
      const f = new Fields(await readAt(bodyStart, Math.min(length, RECORD_PEEK_BYTES)));
      metadataIndexes.push({ offset: BigInt(offset), length: BigInt(end - offset), name: f.string() });
    } else if (opcode === Opcode.ATTACHMENT) {
      const f = new Fields(await readAt(bodyStart, Math.min(length, RECORD_PEEK_BYTES)));
      const logTime = f.u64();
      const createTime = f.u64();
      const name = f.string();
      const mediaType = f.string();
      attachmentIndexes.push({ offset: BigInt(offset), length: BigInt(end - offset), logTime, createTime, dataSize: f.u64(), name, mediaType });
    }
    offset = end;
    if (!open) completeBytes = end;
  }
  // A chunk counts when the scan went past its message indexes, or the file ends cleanly after them.
  if (offset === fileBytes || closedFile) {
    commitChunk();
    completeBytes = offset;
  }

  const records = new McapRecordBuilder();
  records.writeDataEnd({ dataSectionCrc: 0 });
  const summaryStart = BigInt(completeBytes + records.length);
  const dataEnd = records.buffer.slice();
  records.reset();
  writeSummary(records, summaryStart, {
    schemas,
    channels,
    statistics: {
      messageCount,
      schemaCount: schemas.length,
      channelCount: channels.length,
      attachmentCount: attachmentIndexes.length,
      metadataCount: metadataIndexes.length,
      chunkCount: chunkIndexes.length,
      messageStartTime: startNs ?? 0n,
      messageEndTime: endNs ?? 0n,
      channelMessageCounts,
    },
    metadataIndexes,
    attachmentIndexes,
    chunkIndexes,
  });
  const tail = new Uint8Array(dataEnd.byteLength + records.length);
  tail.set(dataEnd, 0);
  tail.set(records.buffer, dataEnd.byteLength);
  return { readable: new PrefixWithSummary(handle, completeBytes, tail), completeBytes, chunks: chunkIndexes.length };
}
