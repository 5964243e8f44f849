import { CompanySchema, RegisteredPersonSchema, type Company, type CompanyInput, type RegisteredPerson, type RegisteredPersonInput } from '../../main/contracts/index.js';
import type { ContractorBook } from '../../main/contractors/index.js';
import { HOUR_MS, MONDAY_9AM } from './permitFixtures.js';

export const DAY_MS = 24 * HOUR_MS;

/** The raw body of a whitelisted contractor with a licence valid for a year after the fixtures' Monday. */
export function companyInput(overrides: Partial<CompanyInput> = {}): CompanyInput {
  return { id: 'HDAZ', name: '华东安装公司', kind: 'contractor', status: 'whitelisted', licence: { number: 'AQ-2026-001', validUntilMs: MONDAY_9AM + 365 * DAY_MS }, ...overrides };
}

/**
 * The raw body of a person qualified for every role at the fixtures' Monday 09:00: badge B-001, briefed with
 * 92 points, a welding, electrician, work-at-height, lifting and watcher certificate valid for 90 more days,
 * authorised for the pipe rack from 08:00 to 18:00.
 */
export function personInput(overrides: Partial<RegisteredPersonInput> = {}): RegisteredPersonInput {
  const valid = { issuedMs: MONDAY_9AM - 365 * DAY_MS, validUntilMs: MONDAY_9AM + 90 * DAY_MS };
  return {
    id: 'P-0001',
    name: '张三',
    companyId: 'HDAZ',
    badgeId: 'B-001',
    briefing: { takenAtMs: MONDAY_9AM - DAY_MS, score: 92 },
    certificates: [
      { type: 'welding', number: 'T310101199001011234', ...valid },
      { type: 'electrician', number: 'E-1', ...valid },
      { type: 'workAtHeight', number: 'H-1', ...valid },
      { type: 'lifting', number: 'Q-1', ...valid },
      { type: 'watcher', number: 'W-1', ...valid },
    ],
    authorisations: [{ areaIds: ['pipe-rack'], fromMs: MONDAY_9AM - HOUR_MS, toMs: MONDAY_9AM + 9 * HOUR_MS }],
    ...overrides,
  };
}

export const companyOf = (overrides: Partial<CompanyInput> = {}): Company => CompanySchema.parse(companyInput(overrides));
export const personOf = (overrides: Partial<RegisteredPersonInput> = {}): RegisteredPerson => RegisteredPersonSchema.parse(personInput(overrides));

/** A register's book over plain lists (the pure rules' view of ContractorRegister). */
export function bookOf(companies: readonly Company[], people: readonly RegisteredPerson[]): ContractorBook {
  return {
    personByBadge: (badgeId) => people.find((p) => p.badgeId === badgeId),
    company: (id) => companies.find((c) => c.id === id),
    people: () => people,
    inUse: () => people.length > 0,
  };
}
