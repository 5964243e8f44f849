import { stat } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_VERSION } from '../platform/index.js';
import { McapFileWriter } from './McapFileWriter.js';
import { encodeKeyframe, encodePayload } from './messageCodec.js';
import { recordingChannels } from './recordingFiles.js';
import { recordingError } from './recordingErrors.js';
import { CHANNEL_KINDS, encodeRecordingMetadata, INDEX_METADATA_NAME, RECORDING_FORMAT_VERSION, RECORDING_METADATA_NAME, RECORDING_PROFILE, msToNs } from './recordingFormat.js';
import type { RecordingSet } from './RecordingSet.js';
import { TimelineMarkers } from './TimelineMarkers.js';

export type ExportResult = { path: string; fromMs: number; toMs: number; messages: number; attachments: number; bytes: number };

/**
 * Copies [fromMs, toMs] of a recording set into a new, self-contained SafeTwin recording (a training
 * package): it starts with a keyframe of the plant at fromMs, then every message, attachment and
 * incident/shift/operator metadata record of the range, with its own timeline index.
 */
export async function exportRange(set: RecordingSet, fromMs: number, toMs: number, outPath: string): Promise<ExportResult> {
  if (!(fromMs < toMs)) throw recordingError('ST_ERR_RECORDING_RANGE', `--from (${new Date(fromMs).toISOString()}) must be before --to (${new Date(toMs).toISOString()})`);
  if (toMs < set.startMs || fromMs > set.endMs) {
    throw recordingError('ST_ERR_RECORDING_RANGE', `${new Date(fromMs).toISOString()} – ${new Date(toMs).toISOString()} does not overlap the recording (${new Date(set.startMs).toISOString()} – ${new Date(set.endMs).toISOString()})`);
  }
  const exists = await stat(outPath).then(
    () => true,
    () => false,
  );
  if (exists) throw recordingError('ST_ERR_RECORDING_RANGE', `${outPath} already exists; choose another output file`);
  const from = Math.max(fromMs, set.startMs);
  const to = Math.min(toMs, set.endMs);
  const state = await set.stateAt(from);
  const writer = await McapFileWriter.create(outPath, { profile: RECORDING_PROFILE, library: `safetwin ${PACKAGE_VERSION}` }, recordingChannels());
  try {
    const first = set.files[0]!.meta;
    await writer.addMetadata(
      RECORDING_METADATA_NAME,
      encodeRecordingMetadata({ formatVersion: RECORDING_FORMAT_VERSION, siteId: first.siteId, sceneVersion: first.sceneVersion, sensorIds: set.sensorIds, startedAtMs: from, recorder: `safetwin ${PACKAGE_VERSION}`, exportedFrom: set.files.map((f) => f.name).join(',') }),
    );
    for (const file of set.files) {
      for (const record of await file.metadata()) {
        if (record.name === RECORDING_METADATA_NAME || record.name === INDEX_METADATA_NAME) continue;
        await writer.addMetadata(record.name, new Map(Object.entries(record.metadata)));
      }
    }
    let sequence = 0;
    const keyframeChannel = CHANNEL_KINDS.indexOf('keyframe');
    writer.addMessage(keyframeChannel, sequence++, msToNs(from), encodeKeyframe(state.toKeyframe()));
    const markers = new TimelineMarkers();
    let messages = 1;
    // From just before `from`: events at exactly that instant are kept (state re-applied over the keyframe is idempotent).
    for await (const message of set.messagesBetween(from - 0.001, to)) {
      if (message.kind === 'keyframe') await writer.flushChunk();
      writer.addMessage(CHANNEL_KINDS.indexOf(message.kind), sequence++, msToNs(message.logMs), encodePayload(message.kind, message.payload));
      markers.add(message.kind, message.logMs, message.payload as never);
      messages++;
      if (writer.pendingChunkBytes >= 4 << 20) await writer.flushChunk();
    }
    let attachments = 0;
    for (const file of set.files) {
      for await (const attachment of file.attachments(from, to)) {
        await writer.addAttachment({ name: attachment.name, mediaType: attachment.mediaType, logTime: msToNs(attachment.logMs), createTime: msToNs(attachment.createMs), data: attachment.data });
        attachments++;
      }
    }
    await writer.addMetadata(INDEX_METADATA_NAME, new Map([['markers', JSON.stringify(markers.markers())]]));
    await writer.close();
    return { path: path.resolve(outPath), fromMs: from, toMs: to, messages, attachments, bytes: writer.bytesWritten };
  } catch (error) {
    await writer.abandon();
    throw error;
  }
}
