/**
 * What a photo or voice note must be before it is stored: one of the kept types (as browsers record and phones
 * take them) and bytes that begin as that type does — a file sent under a photo's type that is not one is refused,
 * so the store holds only what the screens can show. Signatures: JPEG SOI FF D8 FF (ITU T.81), PNG's 8-byte
 * signature (RFC 2083 §3.1), WebM/Matroska's EBML header 1A 45 DF A3, Ogg's capture pattern "OggS" (RFC 3533
 * §6), MP4's "ftyp" box at offset 4 (ISO/IEC 14496-12 §4.3).
 */
const SIGNATURES: Readonly<Record<string, { kind: 'photo' | 'voice'; at: number; bytes: readonly number[] }>> = {
  'image/jpeg': { kind: 'photo', at: 0, bytes: [0xff, 0xd8, 0xff] },
  'image/png': { kind: 'photo', at: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  'audio/webm': { kind: 'voice', at: 0, bytes: [0x1a, 0x45, 0xdf, 0xa3] },
  'audio/ogg': { kind: 'voice', at: 0, bytes: [0x4f, 0x67, 0x67, 0x53] },
  'audio/mp4': { kind: 'voice', at: 4, bytes: [0x66, 0x74, 0x79, 0x70] },
};

/** The media types the register keeps (the HTTP layer parses these bodies as bytes). */
export const HAZARD_MEDIA_TYPES: readonly string[] = Object.keys(SIGNATURES);

/** The kind of a photo or voice note, or why it is not kept. */
export function mediaKindOf(mime: string, bytes: Uint8Array): { ok: true; kind: 'photo' | 'voice' } | { ok: false; message: string } {
  const signature = SIGNATURES[mime];
  if (!signature) return { ok: false, message: `media type ${mime.slice(0, 64)} is not kept (JPEG, PNG, WebM, Ogg, MP4 audio)` };
  const matches = bytes.byteLength >= signature.at + signature.bytes.length && signature.bytes.every((b, i) => bytes[signature.at + i] === b);
  return matches ? { ok: true, kind: signature.kind } : { ok: false, message: `the bytes are not a ${mime} file` };
}

/**
 * Uploads one person may send in a rolling hour: a report carries up to 10 photos, an inspector's round a photo
 * per finding; 120 an hour is far beyond a day's honest use and bounds what one account can write (4 MiB each:
 * 480 MiB an hour at most) before the historian's disk budget has to.
 */
export const MAX_UPLOADS_PER_USER_PER_HOUR = 120;
const HOUR_MS = 3_600_000;
/** Users tracked at most (the oldest forgotten first): a plant has a few thousand accounts. */
const MAX_TRACKED_USERS = 10_000;

/** Counts each user's uploads over the last hour. */
export class UploadQuota {
  private readonly times = new Map<string, number[]>();
  constructor(private readonly perHour = MAX_UPLOADS_PER_USER_PER_HOUR) {}

  /** Takes one upload for `user` at `nowMs`; false when they have sent their hour's worth (nothing is counted then). */
  take(user: string, nowMs: number): boolean {
    const recent = (this.times.get(user) ?? []).filter((t) => t > nowMs - HOUR_MS);
    if (recent.length >= this.perHour) return false;
    recent.push(nowMs);
    this.times.delete(user);
    this.times.set(user, recent);
    if (this.times.size > MAX_TRACKED_USERS) this.times.delete(this.times.keys().next().value!);
    return true;
  }
}
