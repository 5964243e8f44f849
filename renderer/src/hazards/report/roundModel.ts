import {
  InspectionResultsRequestSchema,
  type CheckItem,
  type Checkpoint,
  type CheckResult,
  type HazardMedia,
  type HazardTicketGrade,
  type InspectionPlan,
  type InspectionRound,
  type InspectionSlotView,
  type Point2,
} from '@contracts';

/**
 * The inspector's round on the phone (巡检, issue 18 item 4), its pure parts: which slot of a plan is shown and
 * which may be started, a reading against its normal range, a checkpoint's answers as the results the core takes,
 * where the round stands (walking order, progress), and the part of the plant the small map shows.
 */

/** A plan as GET /api/inspections lists it (main/doublePrevention InspectionPlanView). */
export type PlanSlots = { plan: InspectionPlan; revision: number; slots: InspectionSlotView[] };

// ─── Slots ──────────────────────────────────────────────────────────────────────────────────────────────────

/** A slot a round may be opened for: open now, or past its end within the grace (the core refuses the others). */
export const isStartable = (slot: Pick<InspectionSlotView, 'status'>): boolean => slot.status === 'due' || slot.status === 'overdue';

/**
 * What the plan's row shows: the slot it is in now (the one containing `nowMs`, else the next one, else the last),
 * and the slots a round may be started for — an overdue one first (it is missed when its grace ends), then the due one.
 */
export function planSlotChoice(slots: readonly InspectionSlotView[], nowMs: number): { current: InspectionSlotView | undefined; startable: InspectionSlotView[] } {
  const sorted = [...slots].sort((a, b) => a.startMs - b.startMs);
  const current = sorted.find((s) => s.startMs <= nowMs && nowMs < s.endMs) ?? sorted.find((s) => s.startMs > nowMs) ?? sorted.at(-1);
  const startable = sorted.filter(isStartable).sort((a, b) => (a.status === b.status ? a.startMs - b.startMs : a.status === 'overdue' ? -1 : 1));
  return { current, startable };
}

// ─── Readings ───────────────────────────────────────────────────────────────────────────────────────────────

/**
 * A typed reading as a number: digits with a point or a comma (a Chinese phone keyboard may give either), a sign;
 * null when it is not a number.
 */
export function parseReading(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/** Whether a reading lies outside its item's normal range, bounds inclusive: the rule the core fails it by (main/hazards checkFailed). */
export function readingOutOfRange(item: Pick<Extract<CheckItem, { kind: 'reading' }>, 'min' | 'max'>, value: number): boolean {
  return (item.min !== undefined && value < item.min) || (item.max !== undefined && value > item.max);
}

// ─── A checkpoint's answers ─────────────────────────────────────────────────────────────────────────────────

/** What the inspector has answered for one item: a judgement, or the reading as typed; for an abnormal one urgency, note and photo. */
export type ItemAnswer = { ok: boolean | null; reading: string; urgency: HazardTicketGrade; note: string; photo: HazardMedia | null };
export const EMPTY_ANSWER: ItemAnswer = { ok: null, reading: '', urgency: 'general', note: '', photo: null };

/** An item's standing as the form marks it: not answered, normal, or abnormal (a judgement, or a reading out of range). */
export function answerStanding(item: CheckItem, answer: ItemAnswer): 'open' | 'normal' | 'abnormal' {
  if (item.kind === 'judgement') return answer.ok === null ? 'open' : answer.ok ? 'normal' : 'abnormal';
  const value = parseReading(answer.reading);
  if (value === null) return 'open';
  return readingOutOfRange(item, value) ? 'abnormal' : 'normal';
}

/** What keeps a checkpoint's results from being sent, item by item. */
export type AnswerProblem = { itemId: string; problem: 'unanswered' | 'notANumber' | 'majorNote' | 'tooLong' };

/**
 * A checkpoint's answers as POST …/results takes them, every item answered: a reading carries its value and is
 * ok only within range; an abnormal item its urgency, its photo (a report photo: it goes with the ticket the
 * failure opens) and its note (a major one must say why, as the core's schema asks). Checked by the contract's
 * own schema, so what this accepts the core accepts.
 */
export function checkpointResults(checkpoint: Pick<Checkpoint, 'id' | 'items'>, answers: Readonly<Record<string, ItemAnswer>>): { ok: true; results: CheckResult[] } | { ok: false; problems: AnswerProblem[] } {
  const problems: AnswerProblem[] = [];
  const results: CheckResult[] = [];
  for (const item of checkpoint.items) {
    const answer = answers[item.id] ?? EMPTY_ANSWER;
    const standing = answerStanding(item, answer);
    if (standing === 'open') {
      problems.push({ itemId: item.id, problem: item.kind === 'reading' && answer.reading.trim() !== '' ? 'notANumber' : 'unanswered' });
      continue;
    }
    const note = answer.note.trim();
    const abnormal = standing === 'abnormal';
    if (abnormal && answer.urgency === 'major' && note === '') problems.push({ itemId: item.id, problem: 'majorNote' });
    results.push({
      checkpointId: checkpoint.id,
      itemId: item.id,
      ok: !abnormal,
      ...(item.kind === 'reading' && { value: parseReading(answer.reading)! }),
      ...(abnormal && { urgency: answer.urgency }),
      ...(abnormal && answer.photo && { photo: answer.photo }),
      ...(abnormal && note !== '' && { note }),
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  const parsed = InspectionResultsRequestSchema.safeParse({ results });
  if (parsed.success) return { ok: true, results: parsed.data.results };
  // Beyond the checks above the schema bounds a note's length.
  const itemIds = new Set(parsed.error.issues.map((issue) => (typeof issue.path[1] === 'number' ? results[issue.path[1]]?.itemId : undefined)).filter((id) => id !== undefined));
  return { ok: false, problems: [...itemIds].map((itemId) => ({ itemId, problem: 'tooLong' as const })) };
}

// ─── Where the round stands ─────────────────────────────────────────────────────────────────────────────────

export type CheckpointProgress = {
  checkpoint: Checkpoint;
  /** The badge agreed at a check-in here during this round. */
  checkedIn: boolean;
  /** Every item of the checkpoint has a result. */
  answered: boolean;
  /** The latest check-in here (verified or not): what the page says about the last try. */
  lastCheckIn: InspectionRound['checkIns'][number] | undefined;
};

/**
 * The round's checkpoints in the plan's walking order with what is done at each, the one to go to next (the first
 * not both checked in and answered) and how many are done; complete as the core counts a round complete
 * (main/hazards roundCompletedAtMs: a verified check-in and a result for every item at every checkpoint).
 */
export function roundProgress(plan: Pick<InspectionPlan, 'checkpoints'>, round: Pick<InspectionRound, 'checkIns' | 'results'>): { checkpoints: CheckpointProgress[]; next: CheckpointProgress | undefined; done: number; complete: boolean } {
  const checkpoints = plan.checkpoints.map((checkpoint): CheckpointProgress => {
    const here = round.checkIns.filter((c) => c.checkpointId === checkpoint.id);
    return {
      checkpoint,
      checkedIn: here.some((c) => c.verified),
      answered: checkpoint.items.every((item) => round.results.some((r) => r.checkpointId === checkpoint.id && r.itemId === item.id)),
      lastCheckIn: here.at(-1),
    };
  });
  const done = checkpoints.filter((c) => c.checkedIn && c.answered).length;
  return { checkpoints, next: checkpoints.find((c) => !(c.checkedIn && c.answered)), done, complete: done === checkpoints.length };
}

// ─── The small map ──────────────────────────────────────────────────────────────────────────────────────────

/** The map around a checkpoint spans at least this much: a few units' width, enough to find one's way. */
const MAP_MIN_SPAN_M = 80;
/** Room around the checkpoint and the badge so neither mark sits on the edge. */
const MAP_MARGIN_M = 15;

/**
 * The part of the plant the round's map shows: the checkpoint and the badge's position (when known) with room
 * around them, at least MAP_MIN_SPAN_M across, centred between them.
 */
export function roundMapBounds(checkpoint: Point2, badge: Point2 | null): { minX: number; minY: number; maxX: number; maxY: number } {
  const points = badge ? [checkpoint, badge] : [checkpoint];
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  const half = (min: number, max: number) => Math.max(MAP_MIN_SPAN_M, max - min + 2 * MAP_MARGIN_M) / 2;
  const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
  const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
  const hx = half(Math.min(...xs), Math.max(...xs));
  const hy = half(Math.min(...ys), Math.max(...ys));
  return { minX: cx - hx, minY: cy - hy, maxX: cx + hx, maxY: cy + hy };
}
