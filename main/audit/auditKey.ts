import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';

/** Environment variable naming the audit key file (kept outside the data directory). */
export const AUDIT_KEY_FILE_ENV = 'SAFETWIN_AUDIT_KEY_FILE';
/** HMAC-SHA256 keys shorter than the hash output weaken it (RFC 2104 §3): at least 32 bytes. */
const MIN_KEY_BYTES = 32;

export class AuditKeyError extends Error {
  readonly code = 'ST_ERR_AUDIT_KEY';
}

/**
 * Reads the audit key: a file of at least 32 bytes (e.g. `head -c 32 /dev/urandom > key`) that must
 * lie outside the data directory, so that whoever can edit the journal cannot also forge its MACs
 * (keep it readable only by the service account, or on another volume). Returns null when none is
 * configured.
 */
export async function loadAuditKey(keyFile: string | undefined, dataDir: string | null): Promise<Buffer | null> {
  if (!keyFile) return null;
  let key: Buffer;
  let real: string;
  try {
    real = await realpath(keyFile);
    key = await readFile(real);
  } catch (error) {
    throw new AuditKeyError(`cannot read the audit key file ${keyFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (dataDir) {
    const realDataDir = await realpath(dataDir).catch(() => path.resolve(dataDir));
    const relative = path.relative(realDataDir, real);
    if (!relative.startsWith('..') && !path.isAbsolute(relative)) throw new AuditKeyError(`the audit key file ${keyFile} lies inside the data directory ${dataDir}: keep it elsewhere, or the journal's editor can forge its MACs`);
  }
  if (key.length < MIN_KEY_BYTES) throw new AuditKeyError(`the audit key file ${keyFile} holds ${key.length} bytes; at least ${MIN_KEY_BYTES} are needed (e.g. head -c 32 /dev/urandom > ${keyFile})`);
  return key;
}
