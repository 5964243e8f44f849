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
