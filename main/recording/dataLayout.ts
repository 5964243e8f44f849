import path from 'node:path';

/** Where recordings and the audit journal live inside the data directory (as for `serve -d`). */
export const recordingsDirOf = (dataDir: string): string => path.join(dataDir, 'recordings');
export const auditDirOf = (dataDir: string): string => path.join(dataDir, 'audit');
/** Exported training packages: apart from the recordings, whose ranges must not overlap. */
export const exportsDirOf = (dataDir: string): string => path.join(dataDir, 'exports');
