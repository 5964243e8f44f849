import { describe, expect, it } from 'vitest';
import { hazardsConfig, HOUR_MS, MONDAY_9AM, person, reportOf, ticketOk } from '../../tests/support/hazardFixtures.js';
import type { HazardTicket } from '../contracts/index.js';
import { applyHazardStep, openHazardTicket } from './hazardTickets.js';
import { MAX_LEADERBOARD_ROWS, participationPoints } from './participation.js';

const commander = person('zhang.wei', 'commander');
const reported = (number: string, reporter: string, atMs = MONDAY_9AM, extra = {}) => ticketOk(openHazardTicket(reportOf(extra), number, person(reporter, 'viewer'), atMs));
const accepted = (ticket: HazardTicket, grade: 'general' | 'major', majorBasis?: string) =>
  ticketOk(applyHazardStep(ticket, { action: 'accept', grade, ...(majorBasis !== undefined && { majorBasis }) }, commander, ticket.reportedAtMs + HOUR_MS, hazardsConfig));
const day = { fromMs: MONDAY_9AM - HOUR_MS, toMs: MONDAY_9AM + 24 * HOUR_MS };

describe('participation points', () => {
  it('gives a valid (accepted) report its accepted grade\'s points, none to a rejected or unanswered one, highest first', () => {
    const tickets = [
      accepted(reported('YH-1', 'wang.fang'), 'general'),
      // Reported as general, accepted as major: the acceptor's grade counts.
      accepted(reported('YH-2', 'wang.fang'), 'major', '安全阀根部阀关闭'),
      accepted(reported('YH-3', 'li.ming'), 'general'),
      ticketOk(applyHazardStep(reported('YH-4', 'li.ming'), { action: 'reject', reason: 'invalid', note: '非隐患' }, commander, MONDAY_9AM + HOUR_MS, hazardsConfig)),
      reported('YH-5', 'chen.jing'),
    ];
    expect(participationPoints(tickets, day, hazardsConfig)).toEqual([
      { reporter: 'wang.fang', points: 25, validReports: 2 },
      { reporter: 'li.ming', points: 5, validReports: 1 },
    ]);
  });

  it('counts reports of the range by their report time, with the configured points, ties by valid reports then name, bounded', () => {
    const outside = accepted(reported('YH-9', 'wang.fang', day.toMs), 'general');
    const config = { participation: { generalPoints: 10, majorPoints: 15, leaderboard: true } };
    expect(participationPoints([outside, accepted(reported('YH-1', 'b'), 'general'), accepted(reported('YH-2', 'a'), 'general')], day, config)).toEqual([
      { reporter: 'a', points: 10, validReports: 1 },
      { reporter: 'b', points: 10, validReports: 1 },
    ]);
    const many = Array.from({ length: MAX_LEADERBOARD_ROWS + 5 }, (_, i) => accepted(reported(`YH-${i + 10}`, `p${i}`), 'general'));
    expect(participationPoints(many, day, hazardsConfig)).toHaveLength(MAX_LEADERBOARD_ROWS);
  });
});
