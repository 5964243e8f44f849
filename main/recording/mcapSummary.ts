import { Opcode, type McapRecordBuilder } from '@mcap/core';
import type { McapTypes } from '@mcap/core';
import { crc32Final, crc32Init, crc32Update } from './crc32.js';

/** What an MCAP summary section lists (MCAP spec, "Summary Section"). */
export type SummaryParts = {
  schemas: McapTypes.Schema[];
  channels: McapTypes.Channel[];
  statistics: McapTypes.Statistics;
  metadataIndexes: McapTypes.MetadataIndex[];
  attachmentIndexes: McapTypes.AttachmentIndex[];
  chunkIndexes: McapTypes.ChunkIndex[];
};

/**
 * Appends the summary section, its summary offsets, the footer and the closing magic to `records`
 * (empty on entry), whose first byte lies at file offset `summaryStart`. Used by the file writer as
 * it closes a file, and by the partial-file reader to index a file still being written.
 */
export function writeSummary(records: McapRecordBuilder, summaryStart: bigint, parts: SummaryParts): void {
  const offsets: McapTypes.SummaryOffset[] = [];
  const group = (opcode: Opcode, write: () => bigint) => {
    const groupStart = summaryStart + BigInt(records.length);
    const groupLength = write();
    if (groupLength > 0n) offsets.push({ groupOpcode: opcode, groupStart, groupLength });
  };
  const sum = (items: bigint[]) => items.reduce((a, b) => a + b, 0n);
  group(Opcode.SCHEMA, () => sum(parts.schemas.map((s) => records.writeSchema(s))));
  group(Opcode.CHANNEL, () => sum(parts.channels.map((c) => records.writeChannel(c))));
  group(Opcode.STATISTICS, () => records.writeStatistics(parts.statistics));
  group(Opcode.METADATA_INDEX, () => sum(parts.metadataIndexes.map((m) => records.writeMetadataIndex(m))));
  group(Opcode.ATTACHMENT_INDEX, () => sum(parts.attachmentIndexes.map((a) => records.writeAttachmentIndex(a))));
  group(Opcode.CHUNK_INDEX, () => sum(parts.chunkIndexes.map((c) => records.writeChunkIndex(c))));
  const summaryOffsetStart = summaryStart + BigInt(records.length);
  for (const offset of offsets) records.writeSummaryOffset(offset);

  // The summary CRC covers the summary, the summary offsets and the footer up to its CRC field.
  const footerPrefix = new DataView(new ArrayBuffer(1 + 8 + 8 + 8));
  footerPrefix.setUint8(0, Opcode.FOOTER);
  footerPrefix.setBigUint64(1, 20n, true);
  footerPrefix.setBigUint64(9, summaryStart, true);
  footerPrefix.setBigUint64(17, summaryOffsetStart, true);
  const summaryCrc = crc32Final(crc32Update(crc32Update(crc32Init(), records.buffer), new Uint8Array(footerPrefix.buffer)));
  records.writeFooter({ summaryStart, summaryOffsetStart, summaryCrc });
  records.writeMagic();
}
