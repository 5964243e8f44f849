import { constants, zstdCompressSync, zstdDecompressSync } from 'node:zlib';
import type { McapTypes } from '@mcap/core';

/**
 * Chunk compression of SafeTwin recordings: zstd from Node's own zlib (Node ≥ 22.15), which the
 * MCAP readers (the MCAP library with decompress handlers, Foxglove, the mcap CLI) read. JSON sample
 * batches repeat field names and digits, so they shrink several-fold (docs/bench/replay.json).
 * Level 3 is zstd's default: fast enough for the recorder's worker thread at every 0.5 s chunk.
 */
export const CHUNK_COMPRESSION = 'zstd';
const ZSTD_LEVEL = 3;

export function compressChunk(records: Uint8Array): { compression: string; compressedData: Uint8Array } {
  return { compression: CHUNK_COMPRESSION, compressedData: zstdCompressSync(records, { params: { [constants.ZSTD_c_compressionLevel]: ZSTD_LEVEL } }) };
}

/** Every compression SafeTwin reads ('' = none). lz4 is not among them: it would need a native add-on. */
export const MCAP_DECOMPRESS_HANDLERS: McapTypes.DecompressHandlers = {
  zstd: (buffer, decompressedSize) => {
    const out = zstdDecompressSync(buffer);
    if (BigInt(out.byteLength) !== decompressedSize) throw new Error(`zstd chunk decompressed to ${out.byteLength} bytes, its header says ${decompressedSize}`);
    return out;
  },
};

export function canDecompress(compression: string): boolean {
  return compression === '' || compression in MCAP_DECOMPRESS_HANDLERS;
}

/** The chunk's records, decompressed when needed (`canDecompress` first). */
export function decompressChunk(compression: string, data: Uint8Array, uncompressedSize: bigint): Uint8Array {
  if (compression === '') return data;
  const handler = MCAP_DECOMPRESS_HANDLERS[compression];
  if (!handler) throw new Error(`chunks compressed with "${compression}" cannot be read by this build`);
  return handler(data, uncompressedSize);
}
