/**
 * Recording and replay (docs/recording.md): the recorder that writes the core bus to MCAP files,
 * the reader and replay player, exports, incident reports, trainer notes, and the check of the audit
 * journal (main/audit) against the recordings.
 */
export { Recorder, type RecorderOptions, type RecorderStats } from './Recorder.js';
export { RecordingFile, type ChannelInfo, type ChunkInfo } from './RecordingFile.js';
export { RecordingSet, type OpenRecordingsInput, type ReplayMessage } from './RecordingSet.js';
export { PlantState } from './PlantState.js';
export { RecordingError } from './recordingErrors.js';
export { recoverRecording, recoverPartialRecordings, type RecoveryResult } from './recoverRecording.js';
export { applyRetention, type RetentionPolicy } from './retention.js';
export { verifyAuditJournal, type AuditVerifyReport } from './auditVerify.js';
export { CHANNELS, RECORDING_FORMAT_VERSION, type ChannelKind, type MarkerMessage, type SampleBatchMessage, type SimulationRunMessage } from './recordingFormat.js';
export { decodeMessage } from './messageCodec.js';
export { ReplaySession, type ReplaySessionEvents, type ReplaySessionOptions } from './ReplaySession.js';
export { RecordingNotes } from './RecordingNotes.js';
export { exportRange, type ExportResult } from './exportRange.js';
export { parseTimeArgument } from './timeArgument.js';
export { recordingsDirOf, auditDirOf, exportsDirOf } from './dataLayout.js';
export { listRecordings } from './listRecordings.js';
export { renderIncidentReport } from './incidentReport.js';
export { compactUtc } from './recordingFiles.js';
export { PARTIAL_EXTENSION, RECORDING_EXTENSION } from './recordingFormat.js';
export { REPORT_LOCALES, REPORT_STRINGS, type ReportLocale } from './reportStrings.js';
