import {
  HazardReportSchema,
  MAX_HAZARD_PHOTOS_PER_STEP,
  type HazardKind,
  type HazardMedia,
  type HazardReport,
  type HazardTicket,
  type HazardTicketGrade,
  type HazardTicketState,
  type Point2,
} from '@contracts';

/**
 * The phone report page's pure parts (issue 18 item 2), kept apart from the DOM so they are unit-tested: which
 * page a URL asks for, the photo downscale size, the draft's check into a HazardReport, the reporter's view of a
 * ticket's progress as steps, the voice note's recorder states, and the small site map's projection.
 */

// ─── Which page ──────────────────────────────────────────────────────────────────────────────────────────────

/** The report page's path: the core serves the renderer's index there, so a phone opens `http://<core>/report`. */
export const REPORT_PATH = '/report';

/** `/report` (or `/report/`), or `?page=report` on any path (the Electron window, a bookmarked index). */
export function isReportPage(location: Pick<Location, 'pathname' | 'search'>): boolean {
  return location.pathname.replace(/\/+$/, '') === REPORT_PATH || new URLSearchParams(location.search).get('page') === 'report';
}

// ─── Photos ──────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * A phone camera's 12–50 megapixel JPEG is 3–15 MB: above the core's 4 MiB media limit and slow over a plant's
 * Wi-Fi. 1600 px on the long side keeps a nameplate or a crack readable at a tenth of the bytes.
 */
export const PHOTO_MAX_EDGE_PX = 1600;
/** JPEG quality of the downscaled photo: 0.85 keeps text sharp at ~300–600 kB for 1600 px. */
export const PHOTO_JPEG_QUALITY = 0.85;

/** The size to draw a photo at: its own when its long side is within `maxEdgePx`, else scaled down to it, aspect kept. */
export function downscaledSize(widthPx: number, heightPx: number, maxEdgePx = PHOTO_MAX_EDGE_PX): { widthPx: number; heightPx: number } {
  if (!(widthPx > 0) || !(heightPx > 0)) throw new RangeError(`an image has a positive size, not ${widthPx}×${heightPx}`);
  const scale = Math.min(1, maxEdgePx / Math.max(widthPx, heightPx));
  // Never 0 px: a 1×10000 strip scaled down still has a column.
  return { widthPx: Math.max(1, Math.round(widthPx * scale)), heightPx: Math.max(1, Math.round(heightPx * scale)) };
}

// ─── The draft and its check ─────────────────────────────────────────────────────────────────────────────────

/** Where the reporter put the danger: a pin on the site map, or their badge's live position. */
export type DraftPlace = { placedBy: 'pin'; point: Point2 } | { placedBy: 'badge'; point: Point2; floor: number; badgeId: string };

/** What the form holds while the reporter fills it in; media are those already uploaded. */
export type ReportDraft = {
  kind: HazardKind | null;
  description: string;
  grade: HazardTicketGrade;
  majorBasis: string;
  media: HazardMedia[];
  place: DraftPlace | null;
};

export const EMPTY_DRAFT: ReportDraft = { kind: null, description: '', grade: 'general', majorBasis: '', media: [], place: null };

/** What is missing before the report can be sent; each is a field the form marks. */
export type DraftProblem = 'kind' | 'description' | 'majorBasis' | 'place' | 'media';

/**
 * The draft as a report for POST /api/hazards, or what is missing. A major proposal says its basis (the
 * schema's rule); texts are trimmed; the result is checked by the contract's own schema, so a report this
 * accepts is one the core accepts.
 */
export function reportFromDraft(draft: ReportDraft): { ok: true; report: HazardReport } | { ok: false; problems: DraftProblem[] } {
  const problems: DraftProblem[] = [];
  const description = draft.description.trim();
  const majorBasis = draft.majorBasis.trim();
  if (draft.kind === null) problems.push('kind');
  if (description === '') problems.push('description');
  if (draft.grade === 'major' && majorBasis === '') problems.push('majorBasis');
  if (draft.place === null) problems.push('place');
  if (draft.media.length > MAX_HAZARD_PHOTOS_PER_STEP) problems.push('media');
  if (problems.length > 0 || draft.kind === null || draft.place === null) return { ok: false, problems };
  const place = draft.place;
  const parsed = HazardReportSchema.safeParse({
    source: { kind: 'phone' },
    location: { point: place.point, floor: place.placedBy === 'badge' ? place.floor : 0, placedBy: place.placedBy },
    kind: draft.kind,
    grade: draft.grade,
    ...(draft.grade === 'major' && { majorBasis }),
    description,
    media: draft.media,
    ...(place.placedBy === 'badge' && { badgeId: place.badgeId }),
  });
  if (parsed.success) return { ok: true, report: parsed.data };
  // What the schema refused beyond the checks above (a text over its length, a point off the site): the field.
  const fields = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
  return {
    ok: false,
    problems: [...(fields.has('description') ? (['description'] as const) : []), ...(fields.has('majorBasis') ? (['majorBasis'] as const) : []), ...(fields.has('location') || fields.has('badgeId') ? (['place'] as const) : []), ...(fields.has('media') ? (['media'] as const) : [])],
  };
}

// ─── The reporter's view of the progress ─────────────────────────────────────────────────────────────────────

/** 上报 → 受理 → 整改中 → 待验收 → 已销号: the way a ticket goes when it is a hidden danger. */
export const PROGRESS_STATES = ['reported', 'accepted', 'rectifying', 'awaitingVerification', 'closed'] as const satisfies readonly HazardTicketState[];

export type ProgressStep = {
  state: HazardTicketState;
  /** done: passed (or the last, closed); current: where the ticket is now; todo: ahead. */
  status: 'done' | 'current' | 'todo';
  /** When the ticket last entered this state (a rework enters 整改中 again). */
  atMs?: number;
};

/**
 * A ticket's progress as the reporter follows it: the five states in order with where it stands, or, when
 * rejected, 上报 then 已驳回 with the reason (duplicate of which ticket, or invalid with the acceptor's note).
 * A returned rectification (退回重新整改) shows 整改中 current again and `reworks` counts the returns.
 */
export function progressSteps(ticket: Pick<HazardTicket, 'state' | 'signatures' | 'duplicateOf'>): {
  steps: ProgressStep[];
  reworks: number;
  rejection?: { reason: 'duplicate' | 'invalid'; duplicateOf?: string; note?: string };
} {
  const enteredAt = new Map<HazardTicketState, number>();
  for (const signature of ticket.signatures) enteredAt.set(signature.to, signature.atMs);
  const reworks = ticket.signatures.filter((s) => s.action === 'returnForRework').length;
  const at = (state: HazardTicketState) => (enteredAt.has(state) ? { atMs: enteredAt.get(state)! } : {});
  if (ticket.state === 'rejected') {
    const reject = ticket.signatures.findLast((s) => s.action === 'reject');
    const reason = reject?.rejectReason ?? 'invalid';
    const duplicateOf = reject?.duplicateOf ?? ticket.duplicateOf;
    return {
      steps: [
        { state: 'reported', status: 'done', ...at('reported') },
        { state: 'rejected', status: 'done', ...at('rejected') },
      ],
      reworks,
      rejection: { reason, ...(duplicateOf !== undefined && { duplicateOf }), ...(reject?.note !== undefined && { note: reject.note }) },
    };
  }
  const current = PROGRESS_STATES.indexOf(ticket.state);
  const steps = PROGRESS_STATES.map((state, i): ProgressStep => {
    // Closed is the end: done, not "current". A step ahead shows no time, even one entered before a rework.
    const status = i < current || ticket.state === 'closed' ? 'done' : i === current ? 'current' : 'todo';
    return { state, status, ...(status !== 'todo' && at(state)) };
  });
  return { steps, reworks };
}

// ─── Voice note ──────────────────────────────────────────────────────────────────────────────────────────────

/** A voice note says what a photo cannot ("it hisses, smells of ammonia") in a few sentences: a minute at most. */
export const VOICE_MAX_S = 60;

/**
 * The audio types the core keeps (HAZARD_MEDIA_TYPES), in the order a recorder is asked for them: Chromium and
 * Firefox record WebM/Opus, older Firefox Ogg, Safari MP4/AAC.
 */
export const VOICE_TYPES = ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus', 'audio/ogg', 'audio/mp4'] as const;

/** The first type the browser records, and the bare type the upload carries (the core's media types have no parameters); null: none. */
export function voiceType(isTypeSupported: (type: string) => boolean): { record: string; upload: 'audio/webm' | 'audio/ogg' | 'audio/mp4' } | null {
  const record = VOICE_TYPES.find((type) => isTypeSupported(type));
  return record ? { record, upload: record.split(';')[0] as 'audio/webm' | 'audio/ogg' | 'audio/mp4' } : null;
}

/** The recorder: nothing yet, recording since when, a note recorded (not yet sent, or sent with its ref), or the microphone refused. */
export type VoiceState =
  | { phase: 'idle' }
  | { phase: 'recording'; startedMs: number }
  | { phase: 'recorded'; durationS: number; ref: string | null }
  | { phase: 'denied' };
export type VoiceEvent =
  | { type: 'start'; atMs: number }
  | { type: 'stop'; atMs: number }
  | { type: 'uploaded'; ref: string }
  | { type: 'delete' }
  | { type: 'denied' };

/** The recorder's next state; an event that does not apply to the state leaves it as it is. */
export function nextVoiceState(state: VoiceState, event: VoiceEvent): VoiceState {
  switch (event.type) {
    case 'start':
      return state.phase === 'idle' || state.phase === 'denied' ? { phase: 'recording', startedMs: event.atMs } : state;
    case 'stop':
      return state.phase === 'recording' ? { phase: 'recorded', durationS: Math.min(VOICE_MAX_S, Math.max(0, (event.atMs - state.startedMs) / 1000)), ref: null } : state;
    case 'uploaded':
      return state.phase === 'recorded' ? { ...state, ref: event.ref } : state;
    case 'delete':
      return state.phase === 'recorded' ? { phase: 'idle' } : state;
    case 'denied':
      return { phase: 'denied' };
  }
}

/** Seconds left of a recording at `nowMs`: the recorder stops itself at 0. */
export function voiceSecondsLeft(state: VoiceState, nowMs: number): number | null {
  return state.phase === 'recording' ? Math.max(0, VOICE_MAX_S - (nowMs - state.startedMs) / 1000) : null;
}

// ─── The small site map ──────────────────────────────────────────────────────────────────────────────────────

export type MapFrame = { pixelsPerMetre: number; toPx: (point: Point2) => Point2; toPlant: (px: Point2) => Point2 };

/**
 * The map's projection: the plant's bounds (metres, y north) fitted into `widthPx` × `heightPx` with a margin,
 * north up, one scale for both axes, centred. `toPlant` inverts `toPx`, so a tap lands where the pin is drawn.
 */
export function mapFrame(bounds: { minX: number; minY: number; maxX: number; maxY: number }, widthPx: number, heightPx: number, marginPx = 8): MapFrame {
  const spanX = Math.max(1, bounds.maxX - bounds.minX);
  const spanY = Math.max(1, bounds.maxY - bounds.minY);
  const pixelsPerMetre = Math.max(1e-6, Math.min((widthPx - 2 * marginPx) / spanX, (heightPx - 2 * marginPx) / spanY));
  const offsetX = (widthPx - spanX * pixelsPerMetre) / 2;
  const offsetY = (heightPx - spanY * pixelsPerMetre) / 2;
  return {
    pixelsPerMetre,
    toPx: ([x, y]) => [offsetX + (x - bounds.minX) * pixelsPerMetre, heightPx - offsetY - (y - bounds.minY) * pixelsPerMetre],
    toPlant: ([px, py]) => [bounds.minX + (px - offsetX) / pixelsPerMetre, bounds.minY + (heightPx - offsetY - py) / pixelsPerMetre],
  };
}

/** The bounds of every area polygon: what the map shows (equipment and gates lie within the areas). */
export function plantBounds(polygons: readonly (readonly Point2[])[]): { minX: number; minY: number; maxX: number; maxY: number } | null {
  const points = polygons.flat();
  if (points.length === 0) return null;
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  return { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) };
}

/**
 * The part of the plant the map shows at `zoom` (1 the whole plant): a window `1/zoom` of the bounds centred on
 * `centre` (the pin, once placed) and kept inside the bounds, so a worker zooms in on where they tapped and
 * places the pin to a few metres on a 390 px screen.
 */
export function zoomedBounds(bounds: { minX: number; minY: number; maxX: number; maxY: number }, zoom: number, centre: Point2 | null): { minX: number; minY: number; maxX: number; maxY: number } {
  if (!(zoom > 1)) return bounds;
  const halfX = (bounds.maxX - bounds.minX) / zoom / 2;
  const halfY = (bounds.maxY - bounds.minY) / zoom / 2;
  const [cx, cy] = centre ?? [(bounds.minX + bounds.maxX) / 2, (bounds.minY + bounds.maxY) / 2];
  const x = Math.min(Math.max(cx, bounds.minX + halfX), bounds.maxX - halfX);
  const y = Math.min(Math.max(cy, bounds.minY + halfY), bounds.maxY - halfY);
  return { minX: x - halfX, minY: y - halfY, maxX: x + halfX, maxY: y + halfY };
}

/** A label's box on the map: centred on (x, y), in pixels. */
export type LabelBox = { x: number; y: number; widthPx: number; heightPx: number };

/**
 * Which area names the small map shows, and where: in the given order (the larger areas first), each kept inside
 * the map and dropped when it would overlap one already placed — at the whole plant's scale on a phone the
 * names of neighbouring units would write over each other. Null for a name left out.
 */
export function placeLabels(labels: readonly LabelBox[], mapWidthPx: number, mapHeightPx: number, gapPx = 2): (LabelBox | null)[] {
  const placed: LabelBox[] = [];
  const overlaps = (a: LabelBox, b: LabelBox) => Math.abs(a.x - b.x) * 2 < a.widthPx + b.widthPx + 2 * gapPx && Math.abs(a.y - b.y) * 2 < a.heightPx + b.heightPx + 2 * gapPx;
  return labels.map((label) => {
    // A label wider than the map is not shown; one over an edge is pulled inside.
    if (label.widthPx > mapWidthPx || label.heightPx > mapHeightPx) return null;
    const x = Math.min(Math.max(label.x, label.widthPx / 2), mapWidthPx - label.widthPx / 2);
    const y = Math.min(Math.max(label.y, label.heightPx / 2), mapHeightPx - label.heightPx / 2);
    // A name whose area is off this part of the map (zoomed in) is not pulled in from afar.
    if (Math.abs(x - label.x) > label.widthPx / 2 || Math.abs(y - label.y) > label.heightPx) return null;
    const box = { ...label, x, y };
    if (placed.some((other) => overlaps(box, other))) return null;
    placed.push(box);
    return box;
  });
}
