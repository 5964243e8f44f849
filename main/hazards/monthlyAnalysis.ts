import {
  HAZARD_KINDS,
  HAZARD_SOURCE_KINDS,
  HAZARD_TICKET_GRADES,
  HAZARD_TICKET_STATES,
  HAZARD_UNKNOWN_AREA,
  type HazardMonthlyAnalysis,
  type HazardSignature,
  type HazardTicket,
  type HazardTicketGrade,
  type HazardTicketState,
} from '../contracts/index.js';
import type { HazardsConfig } from './hazardsConfig.js';
import { hazardTicketTiming } from './hazardTickets.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** Areas the analysis lists at most (a plant's scene has tens); the rest are summed in `otherAreas`. */
export const MAX_ANALYSIS_AREAS = 100;
/** Repeat pairs listed at most; `repeats.count` counts them all. */
export const MAX_ANALYSIS_REPEATS = 100;
/** Carried-over tickets listed at most; `carriedOver.count` counts them all. */
export const MAX_ANALYSIS_CARRIED_OVER = 200;

/** A local calendar month: the year and the month 1–12. */
export type LocalMonth = { year: number; month: number };

/** A ticket as its trail stood at the cutoff: the steps signed by then, the state, grade and deadline they set. */
type TicketThen = { ticket: HazardTicket; steps: HazardSignature[]; state: HazardTicketState; grade: HazardTicketGrade; deadlineMs: number | undefined };
type TimingConfig = Pick<HazardsConfig, 'ticketDeadlineMs' | 'reminderAtFractions' | 'escalationStepMs'>;

const OPEN_STATES: ReadonlySet<HazardTicketState> = new Set<HazardTicketState>(['reported', 'accepted', 'rectifying', 'awaitingVerification']);
const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/**
 * The monthly hidden-danger analysis (隐患排查治理月度分析, issue 18 item 5) of one local calendar month, from the
 * tickets and their signed trails. Pure; `tickets` is the register's (every month: repeats look back).
 *
 * - **The month** is local: from the 1st 00:00 to the next month's 1st 00:00 at the site's fixed UTC offset
 *   (`utcOffsetMin`, as inspection slots and the permit rules take it; China keeps no daylight saving).
 * - **The cutoff** is the month's end, or `nowMs` while the month runs (`complete` false: the month so far).
 *   Every trail is read as it stood then — the steps signed before the month's end and at or before now —
 *   so a past month's figures do not change when tickets move on. A ticket's grade is the one confirmed on
 *   acceptance, else the reported one; its deadline the one set on acceptance, else its grade's default
 *   (hazardSchedule).
 * - **Reported**: tickets whose report falls in the month, rejected ones included, counted by grade, scene
 *   area (`location.areaId`, HAZARD_UNKNOWN_AREA without one), kind, source and state at the cutoff.
 * - **Rejected**: those of them rejected by the cutoff, as a duplicate or as invalid (not a hidden danger).
 * - **Closure rate**: of the month's tickets accepted by the cutoff (whatever they went on to), the share closed
 *   (verified, 已销号) by then. Reports not yet accepted and rejected ones are out of it; null when none was
 *   accepted.
 * - **Rectification time**: for the month's tickets closed by the cutoff, from the report to the last
 *   rectification handed in before the verification that closed it (after a rework, the final one), in hours;
 *   the mean per grade.
 * - **Overdue**: the month's tickets, not rejected by the cutoff, that missed their deadline — a rectification
 *   handed in at or after it (rectification is due before the deadline; a rework's hand-in counts too), or still
 *   not handed in at the cutoff with the deadline passed (hazardTicketTiming; a report nobody accepted included).
 * - **Repeats**: the month's tickets, not rejected by the cutoff, of the same kind, on the same floor and within
 *   `duplicateRadiusM` (inclusive) of a ticket closed before they were reported, whenever — the danger came back
 *   after it was fixed. Each counts once, paired with the latest closed such ticket (the fix that did not hold;
 *   the nearest on a tie).
 * - **Carried over**: every ticket reported by the cutoff, in any month, still open then (reported, accepted,
 *   being rectified or awaiting verification), with whether it was overdue then (still to be handed in, the
 *   deadline passed); the oldest first.
 *
 * A month outside 2000–2099 or an offset beyond −12:00…+14:00 is a caller's mistake (the API validates first):
 * RangeError.
 */
export function monthlyHazardAnalysis(tickets: Iterable<HazardTicket>, month: LocalMonth, nowMs: number, config: TimingConfig & Pick<HazardsConfig, 'duplicateRadiusM'>, utcOffsetMin: number): HazardMonthlyAnalysis {
  const { year } = month;
  if (!Number.isInteger(year) || year < 2000 || year > 2099 || !Number.isInteger(month.month) || month.month < 1 || month.month > 12) throw new RangeError(`not a month: ${year}-${month.month}`);
  if (!Number.isInteger(utcOffsetMin) || utcOffsetMin < -720 || utcOffsetMin > 840) throw new RangeError(`not a UTC offset: ${utcOffsetMin} min`);
  const offsetMs = utcOffsetMin * MINUTE_MS;
  const startMs = Date.UTC(year, month.month - 1, 1) - offsetMs;
  const endMs = Date.UTC(year, month.month, 1) - offsetMs;
  const asOfMs = Math.min(endMs, nowMs);
  const { figures, all } = analysed(tickets, { startMs, endMs }, asOfMs, (atMs) => atMs < endMs && atMs <= nowMs, config, () => true);
  return { month: `${year}-${String(month.month).padStart(2, '0')}`, utcOffsetMin, startMs, endMs, asOfMs, complete: nowMs >= endMs, ...figures, carriedOver: carriedOver(all, asOfMs, config) };
}

/** The analysis' figures of a set of reports: the month's own fields and the register-wide carried-over list left out. */
export type HazardCohortFigures = Omit<HazardMonthlyAnalysis, 'month' | 'utcOffsetMin' | 'startMs' | 'endMs' | 'asOfMs' | 'complete' | 'carriedOver'>;

/**
 * The monthly analysis' figures — reported, rejected, closure rate, rectification time, overdue, repeats —
 * of the tickets reported in [startMs, endMs) that `include` selects, their trails read as they stand at
 * `asOfMs` (at or after endMs: a cohort of reports followed up to now). The same definitions as
 * monthlyHazardAnalysis, which is this with the cutoff at the month's end; the indicators (main/indicators)
 * compute a day's cohort per area with it. Repeats look back over every ticket, whatever `include` says.
 */
export function hazardCohortFigures(tickets: Iterable<HazardTicket>, range: { startMs: number; endMs: number }, asOfMs: number, config: TimingConfig & Pick<HazardsConfig, 'duplicateRadiusM'>, include: (ticket: HazardTicket) => boolean = () => true): HazardCohortFigures {
  return analysed(tickets, range, asOfMs, (atMs) => atMs <= asOfMs, config, include).figures;
}

function analysed(
  tickets: Iterable<HazardTicket>,
  range: { startMs: number; endMs: number },
  asOfMs: number,
  happened: (atMs: number) => boolean,
  config: TimingConfig & Pick<HazardsConfig, 'duplicateRadiusM'>,
  include: (ticket: HazardTicket) => boolean,
): { figures: HazardCohortFigures; all: TicketThen[] } {
  const all: TicketThen[] = [];
  for (const ticket of tickets) {
    const then = asTheyStood(ticket, happened);
    if (then) all.push(then);
  }
  const ofMonth = all.filter((t) => t.ticket.reportedAtMs >= range.startMs && t.ticket.reportedAtMs < range.endMs && include(t.ticket));

  const analysis: HazardCohortFigures = {
    reported: { total: ofMonth.length, byGrade: zeros(HAZARD_TICKET_GRADES), byKind: zeros(HAZARD_KINDS), bySource: zeros(HAZARD_SOURCE_KINDS), byArea: [], otherAreas: { areas: 0, tickets: 0 }, byState: zeros(HAZARD_TICKET_STATES) },
    rejected: { duplicate: 0, invalid: 0 },
    closure: { accepted: 0, closed: 0, rate: null },
    rectification: { general: { closed: 0, meanHours: null }, major: { closed: 0, meanHours: null } },
    overdue: zeros(HAZARD_TICKET_GRADES),
    repeats: repeatsOf(ofMonth, all, config.duplicateRadiusM),
  };

  const areas = new Map<string, number>();
  const rectifiedMs = { general: 0, major: 0 };
  for (const t of ofMonth) {
    const { reported } = analysis;
    reported.byGrade[t.grade] += 1;
    reported.byKind[t.ticket.kind] += 1;
    reported.bySource[t.ticket.source.kind] += 1;
    reported.byState[t.state] += 1;
    const areaId = t.ticket.location.areaId ?? HAZARD_UNKNOWN_AREA;
    areas.set(areaId, (areas.get(areaId) ?? 0) + 1);
    if (t.state === 'rejected') {
      const reason = t.steps.at(-1)?.rejectReason;
      if (reason) analysis.rejected[reason] += 1;
      continue;
    }
    if (t.steps.some((s) => s.action === 'accept')) analysis.closure.accepted += 1;
    if (t.state === 'closed') {
      analysis.closure.closed += 1;
      // Closed is final, so the verification is the last step, and the last rectification the one it accepted.
      const handedIn = t.steps.findLast((s) => s.action === 'rectify');
      if (handedIn) {
        analysis.rectification[t.grade].closed += 1;
        rectifiedMs[t.grade] += handedIn.atMs - t.ticket.reportedAtMs;
      }
    }
    if (missedDeadline(t, asOfMs, config)) analysis.overdue[t.grade] += 1;
  }
  for (const grade of HAZARD_TICKET_GRADES) {
    const { closed } = analysis.rectification[grade];
    if (closed > 0) analysis.rectification[grade].meanHours = rectifiedMs[grade] / closed / HOUR_MS;
  }
  if (analysis.closure.accepted > 0) analysis.closure.rate = analysis.closure.closed / analysis.closure.accepted;

  const byArea = [...areas].map(([areaId, count]) => ({ areaId, count })).sort((a, b) => b.count - a.count || a.areaId.localeCompare(b.areaId));
  const beyond = byArea.slice(MAX_ANALYSIS_AREAS);
  analysis.reported.byArea = byArea.slice(0, MAX_ANALYSIS_AREAS);
  analysis.reported.otherAreas = { areas: beyond.length, tickets: beyond.reduce((sum, a) => sum + a.count, 0) };
  return { figures: analysis, all };
}

/** The ticket as its trail stood at the cutoff (the steps before the first one after it); none if not yet reported. */
function asTheyStood(ticket: HazardTicket, happened: (atMs: number) => boolean): TicketThen | undefined {
  if (!happened(ticket.reportedAtMs)) return undefined;
  const steps: HazardSignature[] = [];
  for (const step of ticket.signatures) {
    if (!happened(step.atMs)) break;
    steps.push(step);
  }
  const last = steps.at(-1);
  if (!last) return undefined;
  const accepted = steps.find((s) => s.action === 'accept');
  return { ticket, steps, state: last.to, grade: accepted?.grade ?? steps[0]?.grade ?? ticket.grade, deadlineMs: accepted?.deadlineMs };
}

/** What hazardTicketTiming reads of a ticket, as it stood at the cutoff (or in another state at one of its steps). */
function timed(t: TicketThen, state: HazardTicketState) {
  return { grade: t.grade, reportedAtMs: t.ticket.reportedAtMs, deadlineMs: t.deadlineMs, state };
}

/** A rectification handed in once the ticket was overdue, or the ticket overdue at the cutoff. */
function missedDeadline(t: TicketThen, asOfMs: number, config: TimingConfig): boolean {
  const lateHandIn = t.steps.some((s) => s.action === 'rectify' && s.from !== null && hazardTicketTiming(timed(t, s.from), s.atMs, config).overdue);
  return lateHandIn || hazardTicketTiming(timed(t, t.state), asOfMs, config).overdue;
}

/**
 * The month's repeats: for each ticket not rejected, the latest ticket closed before its report of the same kind,
 * on the same floor, within the radius. Closed tickets are grouped by kind and floor, so each looks only at its own.
 */
function repeatsOf(ofMonth: readonly TicketThen[], all: readonly TicketThen[], radiusM: number): HazardMonthlyAnalysis['repeats'] {
  const closedByPlace = new Map<string, { ticket: HazardTicket; closedAtMs: number }[]>();
  for (const t of all) {
    const verified = t.steps.find((s) => s.action === 'verify');
    if (!verified) continue;
    const key = placeKey(t.ticket);
    const place = closedByPlace.get(key) ?? [];
    place.push({ ticket: t.ticket, closedAtMs: verified.atMs });
    closedByPlace.set(key, place);
  }
  const pairs: { number: string; earlierNumber: string; reportedAtMs: number }[] = [];
  for (const { ticket, state } of ofMonth) {
    if (state === 'rejected') continue;
    const [x, y] = ticket.location.point;
    let best: { number: string; closedAtMs: number; distanceM: number } | undefined;
    for (const earlier of closedByPlace.get(placeKey(ticket)) ?? []) {
      if (earlier.closedAtMs >= ticket.reportedAtMs || earlier.ticket.number === ticket.number) continue;
      const distanceM = Math.hypot(earlier.ticket.location.point[0] - x, earlier.ticket.location.point[1] - y);
      if (distanceM > radiusM) continue;
      if (!best || earlier.closedAtMs > best.closedAtMs || (earlier.closedAtMs === best.closedAtMs && distanceM < best.distanceM)) best = { number: earlier.ticket.number, closedAtMs: earlier.closedAtMs, distanceM };
    }
    if (best) pairs.push({ number: ticket.number, earlierNumber: best.number, reportedAtMs: ticket.reportedAtMs });
  }
  pairs.sort((a, b) => a.reportedAtMs - b.reportedAtMs || a.number.localeCompare(b.number));
  return { count: pairs.length, pairs: pairs.slice(0, MAX_ANALYSIS_REPEATS).map(({ number, earlierNumber }) => ({ number, earlierNumber })) };
}

function placeKey(ticket: HazardTicket): string {
  return `${ticket.kind}@${ticket.location.floor}`;
}

/** Every ticket open at the cutoff, whenever reported, the oldest first. */
function carriedOver(all: readonly TicketThen[], asOfMs: number, config: TimingConfig): HazardMonthlyAnalysis['carriedOver'] {
  const open = all
    .filter((t) => OPEN_STATES.has(t.state))
    .map((t) => {
      const timing = hazardTicketTiming(timed(t, t.state), asOfMs, config);
      const { number, reportedAtMs, location } = t.ticket;
      return { number, grade: t.grade, state: t.state, reportedAtMs, deadlineMs: timing.deadlineMs, overdue: timing.overdue, ...(location.areaId !== undefined && { areaId: location.areaId }) };
    })
    .sort((a, b) => a.reportedAtMs - b.reportedAtMs || a.number.localeCompare(b.number));
  return { count: open.length, overdue: open.filter((t) => t.overdue).length, tickets: open.slice(0, MAX_ANALYSIS_CARRIED_OVER) };
}
