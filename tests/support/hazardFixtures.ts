import { HazardReportSchema, type HazardReportInput, type HazardTicket, type Role } from '../../main/contracts/index.js';
import { defaultHazardsConfig, openHazardTicket, type HazardActor, type HazardStepResult } from '../../main/hazards/index.js';
import { MONDAY_9AM } from './permitFixtures.js';

export { cst, HOUR_MS, MINUTE_MS, MONDAY_9AM } from './permitFixtures.js';

export const hazardsConfig = defaultHazardsConfig();
export const person = (name: string, role: Role): HazardActor => ({ name, role, implicit: false });

/** A phone report of a leak at (120, 40) on the ground floor, placed by a pin, with one photo. */
export function reportOf(extra: Partial<HazardReportInput> = {}) {
  return HazardReportSchema.parse({
    source: { kind: 'phone' },
    location: { point: [120, 40], placedBy: 'pin', areaId: 'unit-100' },
    kind: 'leak',
    description: 'P-101 出口法兰滴漏 / P-101 outlet flange dripping',
    media: [{ ref: 'photo-0001', kind: 'photo', stage: 'report', takenAtMs: MONDAY_9AM - 60_000 }],
    ...extra,
  });
}

export function ticketOk(result: HazardStepResult): HazardTicket {
  if (!result.ok) throw new Error(`refused: ${result.code} ${result.message}`);
  return result.ticket;
}

/** A ticket reported by a viewer (a plant worker's account) at `atMs`. */
export function reportedTicket(number = 'YH-0001', atMs = MONDAY_9AM, extra: Partial<HazardReportInput> = {}): HazardTicket {
  return ticketOk(openHazardTicket(reportOf(extra), number, person('zhao.min', 'viewer'), atMs));
}
