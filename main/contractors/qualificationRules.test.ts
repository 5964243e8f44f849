import { describe, expect, it } from 'vitest';
import { areaAt, type CertificateType, type Permit, type PermitState, type Point2, type Scene } from '../contracts/index.js';
import { bookOf, companyOf, DAY_MS, personOf } from '../../tests/support/contractorFixtures.js';
import { HOUR_MS, MONDAY_9AM, permitOf } from '../../tests/support/permitFixtures.js';
import { authorisationFinding, certificatesRequired, evaluateContractorRules, expiryWarning, qualificationFor, type ContractorBadge, type ContractorWorld } from './qualificationRules.js';

const NOW = MONDAY_9AM + HOUR_MS;
const company = companyOf();
const certificate = (type: CertificateType, validUntilMs: number, extra: Record<string, unknown> = {}) => ({ type, number: `${type}-${validUntilMs}`, validUntilMs, ...extra });
const codes = (q: { problems: { code: string; certificateType?: string }[] }) => q.problems.map((p) => (p.certificateType ? `${p.code}:${p.certificateType}` : p.code));
const working = (type: Permit['type'], overrides: Record<string, unknown> = {}, state: PermitState = 'inWork'): Permit => ({ ...permitOf(type, overrides), state });
/** The site: a pipe rack around the fixtures' permits at (100, 50), a tank farm to the west. */
const scene: Pick<Scene, 'areas'> = {
  areas: [
    { id: 'pipe-rack', name: { en: 'Pipe rack' }, kind: 'process', polygon: [[80, 30], [140, 30], [140, 70], [80, 70]] },
    { id: 'tank-farm', name: { en: 'Tank farm' }, kind: 'tankFarm', polygon: [[0, 0], [40, 0], [40, 40], [0, 40]] },
  ],
};
function world(badges: ContractorBadge[], permits: Permit[] = [], nowMs = NOW): ContractorWorld {
  return { nowMs, badges, permits, areaAt: ([x, y]) => areaAt(scene, x, y), badgeStaleAfterMs: 30_000 };
}
const badge = (badgeId: string, position: Point2, tsMs = NOW): ContractorBadge => ({ badgeId, position, tsMs });

describe('who qualifies for a role on a permit (issue 17 item 3)', () => {
  it('passes a whitelisted, briefed person with the certificate, and at the pass mark of 80 exactly', () => {
    expect(qualificationFor(personOf(), company, [{ type: 'welding' }], NOW)).toEqual({ qualified: true, problems: [] });
    expect(qualificationFor(personOf({ briefing: { takenAtMs: NOW - DAY_MS, score: 80 } }), company, [], NOW).qualified).toBe(true);
    expect(codes(qualificationFor(personOf({ briefing: { takenAtMs: NOW - DAY_MS, score: 79.5 } }), company, [], NOW))).toEqual(['briefingFailed']);
  });

  it('refuses without a briefing, with one taken later, or one lapsed (at its end exactly)', () => {
    expect(codes(qualificationFor(personOf({ briefing: undefined }), company, [], NOW))).toEqual(['briefingMissing']);
    expect(codes(qualificationFor(personOf({ briefing: { takenAtMs: NOW + 1, score: 95 } }), company, [], NOW))).toEqual(['briefingMissing']);
    const lapsing = personOf({ briefing: { takenAtMs: NOW - DAY_MS, score: 95, validUntilMs: NOW } });
    expect(codes(qualificationFor(lapsing, company, [], NOW))).toEqual(['briefingExpired']);
    expect(qualificationFor(lapsing, company, [], NOW - 1).qualified).toBe(true);
  });

  it('refuses the people of a company not whitelisted, unknown, or whose licence has expired (at its end exactly)', () => {
    for (const status of ['pending', 'suspended', 'blacklisted'] as const) expect(codes(qualificationFor(personOf(), companyOf({ status }), [], NOW))).toEqual(['companyNotWhitelisted']);
    expect(codes(qualificationFor(personOf(), undefined, [], NOW))).toEqual(['companyUnknown']);
    const licensed = companyOf({ licence: { number: 'AQ-1', validUntilMs: NOW } });
    expect(codes(qualificationFor(personOf(), licensed, [], NOW))).toEqual(['companyLicenceExpired']);
    expect(qualificationFor(personOf(), licensed, [], NOW - 1).qualified).toBe(true);
  });

  it('wants each required certificate valid: expired at its end exactly, not before it was issued, the one the permit names', () => {
    const person = personOf({ certificates: [certificate('welding', NOW, { number: 'W-7' })] });
    expect(codes(qualificationFor(person, company, [{ type: 'welding' }], NOW))).toEqual(['certificateExpired:welding']);
    expect(qualificationFor(person, company, [{ type: 'welding' }], NOW - 1).qualified).toBe(true);
    expect(codes(qualificationFor(person, company, [{ type: 'electrician' }], NOW - 1))).toEqual(['certificateMissing:electrician']);
    expect(codes(qualificationFor(person, company, [{ type: 'welding', number: 'W-8' }], NOW - 1))).toEqual(['certificateNotHeld:welding']);
    expect(codes(qualificationFor(person, company, [{ type: 'welding', number: 'W-7' }], NOW))).toEqual(['certificateExpired:welding']);
    const notYet = personOf({ certificates: [certificate('watcher', NOW + DAY_MS, { issuedMs: NOW + 1 })] });
    expect(codes(qualificationFor(notYet, company, [{ type: 'watcher' }], NOW))).toEqual(['certificateExpired:watcher']);
    // A renewed card counts though the old one has expired.
    const renewed = personOf({ certificates: [certificate('watcher', NOW - DAY_MS), certificate('watcher', NOW + DAY_MS)] });
    expect(qualificationFor(renewed, company, [{ type: 'watcher' }], NOW).qualified).toBe(true);
  });

  it('lists every problem in order; an unregistered badge or an inactive person is refused outright', () => {
    const poor = personOf({ briefing: { takenAtMs: NOW - DAY_MS, score: 60 }, certificates: [] });
    expect(codes(qualificationFor(poor, companyOf({ status: 'blacklisted', licence: { number: 'X', validUntilMs: NOW - 1 } }), [{ type: 'watcher' }, { type: 'welding', number: 'W-1' }], NOW))).toEqual([
      'companyNotWhitelisted',
      'companyLicenceExpired',
      'briefingFailed',
      'certificateMissing:watcher',
      'certificateNotHeld:welding',
    ]);
    expect(codes(qualificationFor(undefined, company, [], NOW))).toEqual(['notRegistered']);
    expect(codes(qualificationFor(personOf({ active: false }), company, [], NOW))).toEqual(['inactive']);
  });

  it('asks of each role the certificates of the permit type', () => {
    const hotWork = permitOf('hotWork', { workerCertificates: [{ badgeId: 'B-001', certificateNo: 'T310101199001011234' }] });
    expect(certificatesRequired(hotWork, 'entrant', 'B-001')).toEqual([{ type: 'welding', number: 'T310101199001011234' }]);
    // A helper the permit lists without a certificate needs the briefing only.
    expect(certificatesRequired(hotWork, 'entrant', 'B-002')).toEqual([]);
    expect(certificatesRequired(hotWork, 'watcher', 'B-900')).toEqual([{ type: 'watcher' }]);
    expect(certificatesRequired(permitOf('temporaryPower'), 'entrant', 'B-001')).toEqual([{ type: 'electrician' }]);
    expect(certificatesRequired(permitOf('workAtHeight'), 'entrant', 'B-001')).toEqual([{ type: 'workAtHeight' }]);
    expect(certificatesRequired(permitOf('lifting'), 'entrant', 'B-001')).toEqual([{ type: 'lifting' }]);
    for (const type of ['confinedSpace', 'blinding', 'excavation', 'roadClosure'] as const) expect(certificatesRequired(permitOf(type), 'entrant', 'B-001')).toEqual([]);
  });
});

describe('certificate expiry warnings at 30 and 7 days', () => {
  const at = (validUntilMs: number, extra: Record<string, unknown> = {}) => expiryWarning(personOf({ certificates: [certificate('welding', validUntilMs)], ...extra }), NOW);
  it('warns from 30 days (30 exactly included), more urgently from 7 days (7 exactly included) and once expired', () => {
    expect(at(NOW + 30 * DAY_MS + 1)).toBeNull();
    expect(at(NOW + 30 * DAY_MS)).toMatchObject({ condition: 'certificateExpiresWithin30Days', daysLeft: 30 });
    expect(at(NOW + 7 * DAY_MS + 1)).toMatchObject({ condition: 'certificateExpiresWithin30Days', daysLeft: 7 });
    expect(at(NOW + 7 * DAY_MS)).toMatchObject({ condition: 'certificateExpiresWithin7Days', daysLeft: 7 });
    expect(at(NOW + 1)).toMatchObject({ condition: 'certificateExpiresWithin7Days', daysLeft: 0 });
    expect(at(NOW - 3 * DAY_MS)).toMatchObject({ condition: 'certificateExpiresWithin7Days', daysLeft: -3 });
  });

  it('judges the card that expires first among the current ones: a renewal supersedes, other certificates count by number', () => {
    const person = (certificates: unknown[]) => personOf({ certificates: certificates as never });
    expect(expiryWarning(person([certificate('welding', NOW + 5 * DAY_MS), certificate('welding', NOW + 400 * DAY_MS)]), NOW)).toBeNull();
    expect(expiryWarning(person([certificate('welding', NOW + 400 * DAY_MS), certificate('watcher', NOW + 20 * DAY_MS)]), NOW)).toMatchObject({ condition: 'certificateExpiresWithin30Days', certificate: { type: 'watcher' } });
    expect(expiryWarning(person([certificate('other', NOW + 400 * DAY_MS, { number: 'A' }), certificate('other', NOW + 2 * DAY_MS, { number: 'B' })]), NOW)).toMatchObject({ condition: 'certificateExpiresWithin7Days', certificate: { number: 'B' } });
    expect(expiryWarning(person([]), NOW)).toBeNull();
    expect(at(NOW + DAY_MS, { active: false })).toBeNull();
  });
});

describe('area authorisation with its time window', () => {
  const permits = new Map<string, Permit>();
  const find = (person = personOf(), position: Point2 = [100, 50], nowMs = NOW, current = permits, owner = company) => authorisationFinding(person, owner, position, areaAt(scene, position[0], position[1]), current, nowMs);
  it('holds inside an authorised area within the window, from its start and until just before its end', () => {
    expect(find()).toBeNull();
    expect(find(undefined, undefined, MONDAY_9AM - HOUR_MS)).toBeNull();
    expect(find(undefined, undefined, MONDAY_9AM + 9 * HOUR_MS - 1)).toBeNull();
    expect(find(undefined, undefined, MONDAY_9AM + 9 * HOUR_MS)).toEqual({ kind: 'window' });
    expect(find(undefined, undefined, MONDAY_9AM - HOUR_MS - 1)).toEqual({ kind: 'window' });
  });

  it('finds a contractor in another area; common ground outside every area is not one; plant staff and inactive people are not checked', () => {
    expect(find(undefined, [20, 20])).toEqual({ kind: 'area', areaId: 'tank-farm' });
    expect(find(undefined, [60, 100])).toBeNull();
    expect(find(personOf({ authorisations: [] }), [60, 100])).toEqual({ kind: 'window' });
    expect(find(undefined, [20, 20], NOW, permits, companyOf({ kind: 'plant' }))).toBeNull();
    expect(find(personOf({ active: false }), [20, 20])).toBeNull();
  });

  it('covers a tied permit zone while the permit is current, and counts for nothing once it is not', () => {
    const sump = permitOf('confinedSpace', { number: 'CS-9', location: { kind: 'point', point: [20, 20], zoneRadiusM: 4 } });
    const tied = personOf({ authorisations: [{ permitNumber: 'CS-9', fromMs: MONDAY_9AM, toMs: MONDAY_9AM + 4 * HOUR_MS }] });
    const current = new Map([['CS-9', sump]]);
    expect(find(tied, [21, 20], NOW, current)).toBeNull();
    expect(find(tied, [30, 30], NOW, current)).toEqual({ kind: 'area', areaId: 'tank-farm' });
    expect(find(tied, [21, 20], NOW, new Map())).toEqual({ kind: 'window' });
  });
});

describe('the live contractor conditions', () => {
  const welder = personOf();
  const helper = personOf({ id: 'P-0002', name: '李四', badgeId: 'B-002', certificates: [] });
  const watcher = personOf({ id: 'P-0900', name: '王伟', badgeId: 'B-900' });
  const book = bookOf([company], [welder, helper, watcher]);
  const inZone = [badge('B-001', [101, 50]), badge('B-002', [99, 51]), badge('B-900', [103, 50])];

  it('raises nothing when everyone on a working permit qualifies and stays where authorised', () => {
    expect(evaluateContractorRules(book, world(inZone, [working('hotWork', { workerCertificates: [{ badgeId: 'B-001', certificateNo: 'T310101199001011234' }] })]))).toEqual([]);
  });

  it('names the permit, counts the unqualified people in its zone and locates the first of them', () => {
    const height = working('workAtHeight', { number: 'GC-7' });
    const [condition, ...rest] = evaluateContractorRules(book, world(inZone, [height]));
    expect(rest).toEqual([]);
    expect(condition).toMatchObject({
      sourceId: 'GC-7',
      sourceKind: 'permit',
      permitType: 'workAtHeight',
      condition: 'unqualifiedInPermitZone',
      location: { x: 99, y: 51 },
      value: 1,
      reasonCode: { code: 'unqualifiedInPermitZone', params: { permit: 'GC-7', count: 1, badgeId: 'B-002', problem: 'certificateMissing', certificateType: 'workAtHeight' } },
    });
    // Names never go into an alarm.
    expect(JSON.stringify(condition)).not.toMatch(/李四|张三|王伟/);
  });

  it('checks the watcher against the watcher certificate, and only badges on the permit inside the zone', () => {
    const noCard = personOf({ id: 'P-0900', name: '王伟', badgeId: 'B-900', certificates: [] });
    const conditions = evaluateContractorRules(bookOf([company], [welder, helper, noCard]), world(inZone, [working('confinedSpace', { number: 'SX-1' })]));
    expect(conditions.map((c) => [c.sourceId, c.reasonCode.params.badgeId, c.reasonCode.params.problem])).toEqual([['SX-1', 'B-900', 'certificateMissing']]);
    // Outside the zone (6 m from a 5 m cordon), or a stranger in it: not this rule's finding.
    expect(evaluateContractorRules(bookOf([company], [welder, helper, noCard]), world([badge('B-900', [106, 50]), badge('B-777', [100, 50])], [working('confinedSpace')]))).toEqual([]);
  });

  it('checks only working permits and fresh badges', () => {
    const height = (state: PermitState) => working('workAtHeight', {}, state);
    for (const state of ['approved', 'suspended', 'closed'] as const) expect(evaluateContractorRules(book, world(inZone, [height(state)]))).toEqual([]);
    expect(evaluateContractorRules(book, world(inZone, [height('resumed')]))).toHaveLength(1);
    expect(evaluateContractorRules(book, world([badge('B-002', [99, 51], NOW - 30_001)], [height('inWork')]))).toEqual([]);
    expect(evaluateContractorRules(book, world([badge('B-002', [99, 51], NOW - 30_000)], [height('inWork')]))).toHaveLength(1);
  });

  it('counts a badge bound to nobody as unqualified once the register is in use, and not on a site that keeps none', () => {
    const permit = working('confinedSpace', { number: 'SX-2', entrantBadgeIds: ['B-001', 'B-404'] });
    const badges = [badge('B-001', [101, 50]), badge('B-404', [100, 49])];
    expect(evaluateContractorRules(book, world(badges, [permit]))[0]!.reasonCode.params).toMatchObject({ badgeId: 'B-404', problem: 'notRegistered', count: 1 });
    expect(evaluateContractorRules(bookOf([company], []), world(badges, [permit]))).toEqual([]);
  });

  it('raises a contractor outside their area or window on their badge, located there', () => {
    const evening = MONDAY_9AM + 10 * HOUR_MS;
    // The window ended at 18:00: on site at 19:00, wherever; the stale badge (an hour old) is not judged.
    const conditions = evaluateContractorRules(book, world([badge('B-001', [20, 20], evening), badge('B-002', [101, 50], NOW)], [], evening));
    expect(conditions.map((c) => [c.sourceId, c.sourceKind, c.condition, c.reasonCode.params.kind, c.location])).toEqual([
      ['B-001', 'worker', 'contractorOutsideAuthorisation', 'window', { x: 20, y: 20 }],
    ]);
    const inTankFarm = evaluateContractorRules(book, world([badge('B-001', [20, 20])]));
    expect(inTankFarm.map((c) => c.reasonCode.params)).toEqual([{ badgeId: 'B-001', personId: 'P-0001', kind: 'area', areaId: 'tank-farm' }]);
  });

  it('warns of expiring certificates on the person, located at their badge when it is on the twin', () => {
    const expiring = personOf({ certificates: [certificate('welding', NOW + 3 * DAY_MS)] });
    const offSite = personOf({ id: 'P-0003', name: '赵六', badgeId: 'B-003', certificates: [certificate('watcher', NOW + 20 * DAY_MS)] });
    const conditions = evaluateContractorRules(bookOf([company], [expiring, offSite]), world([badge('B-001', [101, 50])]), { presence: false, expiry: true });
    expect(conditions).toEqual([
      expect.objectContaining({ sourceId: 'P-0001', sourceKind: 'person', condition: 'certificateExpiresWithin7Days', location: { x: 101, y: 50 }, value: 3, unit: 'd' }),
      expect.objectContaining({ sourceId: 'P-0003', sourceKind: 'person', condition: 'certificateExpiresWithin30Days', value: 20 }),
    ]);
    expect(conditions[1]!.location).toBeUndefined();
    expect(conditions[0]!.reasonCode.params).toEqual({ personId: 'P-0001', certificateType: 'welding', daysLeft: 3, validUntilMs: NOW + 3 * DAY_MS });
    // Presence checks alone leave the expiry warnings out.
    expect(evaluateContractorRules(bookOf([company], [expiring]), world([]), { presence: true, expiry: false })).toEqual([]);
  });
});
