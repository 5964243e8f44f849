import type { z } from 'zod';

/**
 * Bounds shared by the management records (permits, contractors, hidden dangers): ids and names a badge system
 * or a form holds, texts a form's field holds, and plant coordinates (beyond 100 km a unit mistake —
 * millimetres, or degrees — not a plant).
 */
export const RECORD_ID_MAX_CHARS = 64;
export const RECORD_NAME_MAX_CHARS = 64;
export const RECORD_TEXT_MAX_CHARS = 2_000;
export const RECORD_NOTE_MAX_CHARS = 500;
export const PLANT_COORDINATE_MAX_M = 100_000;

/** Issues a client can act on: at most the first five. */
const MAX_ISSUES_TOLD = 5;

/** A record's failed parse as one message a client can act on: "path: message; …", `whole` naming the record itself. */
export function describeRecordIssues(error: z.ZodError, whole: string): string {
  return error.issues
    .slice(0, MAX_ISSUES_TOLD)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : whole}: ${issue.message}`)
    .join('; ');
}
