import type { HazardKind, HazardTicket, HazardTicketState } from '../contracts/index.js';
import type { HazardsConfig } from './hazardsConfig.js';

/** What screening compares: the kind, the place (point and floor) and the report's time. */
export type ScreenedReport = { kind: HazardKind; location: { point: readonly [number, number]; floor: number }; reportedAtMs: number; number?: string };
export type LikelyDuplicate = { number: string; state: HazardTicketState; distanceM: number; apartMs: number };

/** The screen shows this many candidates at most, the closest first. */
export const MAX_DUPLICATE_CANDIDATES = 10;

/**
 * Tickets a report likely duplicates (issue 18: same place and kind within a set time): the same kind, on the
 * same floor, within `duplicateRadiusM` and `duplicateWindowMs` of it (both inclusive, earlier or later), not
 * itself and not rejected (a rejected duplicate points to its original, which is screened in its own right).
 * Closed tickets stay candidates: the same leak seen again hours after it was closed is for the acceptor to
 * judge — a duplicate of a report still being worked on, or a repeat. Flags only; a person rejects.
 */
export function likelyDuplicates(report: ScreenedReport, tickets: Iterable<HazardTicket>, config: Pick<HazardsConfig, 'duplicateRadiusM' | 'duplicateWindowMs'>): LikelyDuplicate[] {
  const found: LikelyDuplicate[] = [];
  const [x, y] = report.location.point;
  for (const ticket of tickets) {
    if (ticket.number === report.number || ticket.state === 'rejected' || ticket.kind !== report.kind) continue;
    if (ticket.location.floor !== report.location.floor) continue;
    const apartMs = Math.abs(ticket.reportedAtMs - report.reportedAtMs);
    if (apartMs > config.duplicateWindowMs) continue;
    const distanceM = Math.hypot(ticket.location.point[0] - x, ticket.location.point[1] - y);
    if (distanceM > config.duplicateRadiusM) continue;
    found.push({ number: ticket.number, state: ticket.state, distanceM, apartMs });
  }
  return found.sort((a, b) => a.distanceM - b.distanceM || a.apartMs - b.apartMs).slice(0, MAX_DUPLICATE_CANDIDATES);
}
