import type { HazardTicket } from '../contracts/index.js';
import type { HazardsConfig } from './hazardsConfig.js';

/** The board lists this many reporters at most. */
export const MAX_LEADERBOARD_ROWS = 50;

export type ParticipationRow = { reporter: string; points: number; validReports: number };

/**
 * Participation points of [fromMs, toMs) (by report time): each report accepted by now earns the points of the
 * grade it was accepted with (configured, 5 general / 20 major by default); rejected and not-yet-accepted reports
 * earn none. Reports the core filed for an inspector (a failed check item) count as theirs: finding it was their
 * round's work. Highest first, then most valid reports, then name; at most MAX_LEADERBOARD_ROWS.
 */
export function participationPoints(tickets: Iterable<HazardTicket>, range: { fromMs: number; toMs: number }, config: Pick<HazardsConfig, 'participation'>): ParticipationRow[] {
  const rows = new Map<string, ParticipationRow>();
  for (const ticket of tickets) {
    if (ticket.reportedAtMs < range.fromMs || ticket.reportedAtMs >= range.toMs) continue;
    const accepted = ticket.signatures.findLast((s) => s.action === 'accept');
    if (!accepted) continue;
    const points = (accepted.grade ?? ticket.grade) === 'major' ? config.participation.majorPoints : config.participation.generalPoints;
    const row = rows.get(ticket.reporter) ?? { reporter: ticket.reporter, points: 0, validReports: 0 };
    row.points += points;
    row.validReports += 1;
    rows.set(ticket.reporter, row);
  }
  return [...rows.values()].sort((a, b) => b.points - a.points || b.validReports - a.validReports || a.reporter.localeCompare(b.reporter)).slice(0, MAX_LEADERBOARD_ROWS);
}
