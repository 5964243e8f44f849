import path from 'node:path';

/** Where recordings and the audit journal live inside the data directory (as for `serve -d`). */
export const recordingsDirOf = (dataDir: string): string => path.join(dataDir, 'recordings');
export const auditDirOf = (dataDir: string): string => path.join(dataDir, 'audit');
