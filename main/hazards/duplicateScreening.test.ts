import { describe, expect, it } from 'vitest';
import type { HazardTicket } from '../contracts/index.js';
import { HOUR_MS, hazardsConfig, MONDAY_9AM, person, reportedTicket, ticketOk } from '../../tests/support/hazardFixtures.js';
import { likelyDuplicates, type ScreenedReport } from './duplicateScreening.js';
import { applyHazardStep } from './hazardTickets.js';

/** A leak ticket at (x, 40) reported `hoursAgo` before Monday 09:00. */
const leakAt = (number: string, x: number, hoursAgo = 1, extra: Partial<HazardTicket> = {}): HazardTicket => ({ ...reportedTicket(number, MONDAY_9AM - hoursAgo * HOUR_MS, { location: { point: [x, 40], placedBy: 'pin' } }), ...extra });
const report: ScreenedReport = { kind: 'leak', location: { point: [120, 40], floor: 0 }, reportedAtMs: MONDAY_9AM };
const numbers = (tickets: HazardTicket[], r: ScreenedReport = report) => likelyDuplicates(r, tickets, hazardsConfig).map((d) => d.number);

describe('duplicate screening', () => {
  it('flags the same kind within 20 m and 24 h, both limits included, the closest first', () => {
    const tickets = [leakAt('far', 140.01), leakAt('edge', 140), leakAt('near', 125), leakAt('same', 120, 24), leakAt('old', 120, 24.01)];
    expect(numbers(tickets)).toEqual(['same', 'near', 'edge']);
    const [first] = likelyDuplicates(report, tickets, hazardsConfig);
    expect(first).toEqual({ number: 'same', state: 'reported', distanceM: 0, apartMs: 24 * HOUR_MS });
  });

  it('passes over another kind, another floor, a rejected ticket and the report itself', () => {
    const tickets = [leakAt('YH-1', 121, 1, { kind: 'electrical' }), leakAt('YH-2', 121, 1, { location: { point: [121, 40], floor: 2, placedBy: 'pin' } }), leakAt('YH-3', 121), leakAt('YH-4', 121)];
    tickets[2] = ticketOk(applyHazardStep(tickets[2]!, { action: 'reject', reason: 'invalid', note: '误报' }, person('chen.jing', 'manager'), MONDAY_9AM, hazardsConfig));
    expect(numbers(tickets, { ...report, number: 'YH-4' })).toEqual([]);
    expect(numbers(tickets)).toEqual(['YH-4']);
  });

  it('keeps a closed ticket a candidate (a repeat or a duplicate is the acceptor\'s call), with its state, and looks both ways in time', () => {
    expect(likelyDuplicates(report, [leakAt('done', 118, 3, { state: 'closed' })], hazardsConfig)).toMatchObject([{ number: 'done', state: 'closed' }]);
    expect(numbers([leakAt('later', 120, -2)])).toEqual(['later']);
  });

  it('follows the configured radius and window, and lists ten at most', () => {
    const wide = { ...hazardsConfig, duplicateRadiusM: 50, duplicateWindowMs: 48 * HOUR_MS };
    expect(likelyDuplicates(report, [leakAt('a', 160, 30)], wide).map((d) => d.number)).toEqual(['a']);
    expect(likelyDuplicates(report, Array.from({ length: 30 }, (_, i) => leakAt(`YH-${i}`, 120 + i / 2)), hazardsConfig)).toHaveLength(10);
  });
});
