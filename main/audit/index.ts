/**
 * The audit journal: append-only, hash-chained (optionally keyed) JSON lines of every operator action and
 * record change (docs/recording.md "Audit journal"). Apart from the recordings: they carry its chain head,
 * and `safetwin audit verify` (recording/auditVerify) checks one against the other.
 */
export * from './AuditJournal.js';
export * from './auditKey.js';
