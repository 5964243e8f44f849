import {
  BRIEFING_PASS_SCORE,
  PERMIT_WORKING_STATES,
  type Certificate,
  type CertificateType,
  type Company,
  type ContractorAlarmCondition,
  type Permit,
  type PermitRole,
  type PermitType,
  type RegisteredPerson,
  type Point2,
  type Qualification,
  type QualificationProblem,
} from '../contracts/index.js';
import { PermitZone } from '../permits/index.js';

/**
 * The contractor register's rules (issue 17 item 3, docs/contractors.md), pure: no clock, no state. Who
 * qualifies for a role on a permit at a time, who is authorised to be where, whose certificates expire, and
 * the live conditions all that gives on the twin.
 */

const DAY_MS = 86_400_000;
/** Certificate expiry warnings (issue 17): 30 days ahead, and 7 days ahead (and once expired, until renewed). */
export const EXPIRY_WARNING_DAYS = 30;
export const EXPIRY_URGENT_DAYS = 7;

/** A certificate a role needs: its type, and the number the permit names when it names one. */
export type CertificateRequirement = { type: CertificateType; number?: string };

/**
 * Certificates each entrant of a permit type needs (the watcher's are the same for every type):
 * - hot work: the workers the permit lists with a certificate (动火人及证书编号, GB 30871-2022 form A.1) hold
 *   that 焊接与热切割作业 card; helpers not listed need the briefing only;
 * - temporary power: 电工作业 (GB 30871-2022 §10: lines are installed and removed by electricians holding
 *   the 电工作业 card);
 * - work at height: 高处作业 (the catalogue of special operations' 高处安装、维护、拆除作业; a site practice
 *   for all height work, not every job GB 30871 grades);
 * - lifting: 起重机械作业 (TSG Z6001's crane operators and signallers; list only the lifting crew as entrants);
 * - confined space, blinding, excavation, road closure: the briefing; the standard names no card.
 */
const ENTRANT_CERTIFICATE: Partial<Record<PermitType, CertificateType>> = { temporaryPower: 'electrician', workAtHeight: 'workAtHeight', lifting: 'lifting' };

export function certificatesRequired(permit: Permit, role: PermitRole, badgeId: string): CertificateRequirement[] {
  // The watcher: 监护人 trained and examined for the job, with the certificate (GB 30871-2022 §4.10).
  if (role === 'watcher') return [{ type: 'watcher' }];
  if (permit.type === 'hotWork') return permit.workerCertificates.filter((c) => c.badgeId === badgeId).map((c) => ({ type: 'welding', number: c.certificateNo }));
  const type = ENTRANT_CERTIFICATE[permit.type];
  return type ? [{ type }] : [];
}

/** Valid at `atMs`: issued by then (if the date is known) and not yet expired (valid until validUntilMs, exclusive). */
export function certificateValidAt(certificate: Certificate, atMs: number): boolean {
  return (certificate.issuedMs === undefined || certificate.issuedMs <= atMs) && atMs < certificate.validUntilMs;
}

/**
 * Whether a person qualifies, at `atMs`, for work that needs `requirements`: registered and active, their
 * company known, whitelisted and its licence unexpired, the briefing taken with a score of at least the pass
 * mark (80, the mark itself passes) and not lapsed, and each required certificate held and valid. Every
 * problem is listed, in that order.
 */
export function qualificationFor(person: RegisteredPerson | undefined, company: Company | undefined, requirements: readonly CertificateRequirement[], atMs: number): Qualification {
  if (!person) return { qualified: false, problems: [{ code: 'notRegistered' }] };
  if (!person.active) return { qualified: false, problems: [{ code: 'inactive' }] };
  const problems: QualificationProblem[] = [];
  if (!company) problems.push({ code: 'companyUnknown' });
  else {
    if (company.status !== 'whitelisted') problems.push({ code: 'companyNotWhitelisted' });
    if (company.licence?.validUntilMs !== undefined && atMs >= company.licence.validUntilMs) problems.push({ code: 'companyLicenceExpired' });
  }
  const briefing = person.briefing;
  if (!briefing || briefing.takenAtMs > atMs) problems.push({ code: 'briefingMissing' });
  else if (briefing.score < BRIEFING_PASS_SCORE) problems.push({ code: 'briefingFailed' });
  else if (briefing.validUntilMs !== undefined && atMs >= briefing.validUntilMs) problems.push({ code: 'briefingExpired' });
  for (const requirement of requirements) {
    const held = person.certificates.filter((c) => c.type === requirement.type && (requirement.number === undefined || c.number === requirement.number));
    if (held.some((c) => certificateValidAt(c, atMs))) continue;
    const code = held.length > 0 ? 'certificateExpired' : requirement.number !== undefined ? 'certificateNotHeld' : 'certificateMissing';
    problems.push({ code, certificateType: requirement.type });
  }
  return { qualified: problems.length === 0, problems };
}

/**
 * The certificates that count now: per type the one valid longest (a renewed card supersedes the old one);
 * `other` certificates each by their number, as they are different things.
 */
export function currentCertificates(person: RegisteredPerson): Certificate[] {
  const latest = new Map<string, Certificate>();
  for (const certificate of person.certificates) {
    const key = certificate.type === 'other' ? `other:${certificate.number}` : certificate.type;
    const known = latest.get(key);
    if (!known || certificate.validUntilMs > known.validUntilMs) latest.set(key, certificate);
  }
  return [...latest.values()];
}

export type ExpiryWarning = { condition: 'certificateExpiresWithin30Days' | 'certificateExpiresWithin7Days'; certificate: Certificate; daysLeft: number };

/**
 * The expiry warning of an active person at `nowMs`, for their current certificate that expires first: within
 * 7 days (exactly 7 included), or expired and not renewed, the 7-day warning; within 30 days (30 included),
 * the 30-day one; else none. Days left are whole days, rounded down (an expired card has 0 or fewer).
 */
export function expiryWarning(person: RegisteredPerson, nowMs: number): ExpiryWarning | null {
  if (!person.active) return null;
  let soonest: Certificate | undefined;
  for (const certificate of currentCertificates(person)) if (!soonest || certificate.validUntilMs < soonest.validUntilMs) soonest = certificate;
  if (!soonest) return null;
  const leftMs = soonest.validUntilMs - nowMs;
  const daysLeft = Math.floor(leftMs / DAY_MS);
  if (leftMs <= EXPIRY_URGENT_DAYS * DAY_MS) return { condition: 'certificateExpiresWithin7Days', certificate: soonest, daysLeft };
  if (leftMs <= EXPIRY_WARNING_DAYS * DAY_MS) return { condition: 'certificateExpiresWithin30Days', certificate: soonest, daysLeft };
  return null;
}

/** Why a contractor is where they should not be: no authorisation valid now, or in an area none covers. */
export type AuthorisationFinding = { kind: 'window' } | { kind: 'area'; areaId: string };

/**
 * Whether a contractor at `position` is authorised at `nowMs` (区域准入): an authorisation valid now
 * (fromMs ≤ now < toMs; one tied to a permit only while the permit is current) that names the scene area the
 * badge is in, or whose permit's zone holds the badge. Ground in no scene area (roads, the gate) is common to
 * all on site. Null when authorised; the plant's own people (company kind 'plant') are not checked.
 */
export function authorisationFinding(person: RegisteredPerson, company: Company | undefined, position: Point2, areaId: string | null, currentPermits: ReadonlyMap<string, Permit>, nowMs: number): AuthorisationFinding | null {
  if (!person.active || company?.kind === 'plant') return null;
  const valid = person.authorisations.filter((a) => a.fromMs <= nowMs && nowMs < a.toMs && (a.permitNumber === undefined || currentPermits.has(a.permitNumber)));
  if (valid.length === 0) return { kind: 'window' };
  if (areaId === null || valid.some((a) => a.areaIds.includes(areaId))) return null;
  const inPermitZone = valid.some((a) => a.permitNumber !== undefined && new PermitZone(currentPermits.get(a.permitNumber)!).contains(position));
  return inPermitZone ? null : { kind: 'area', areaId };
}

/** What the live rules read of the register: people by badge, companies by code, and whether it is in use. */
export type ContractorBook = {
  personByBadge(badgeId: string): RegisteredPerson | undefined;
  company(id: string): Company | undefined;
  /** Every registered person (for the expiry warnings). */
  people(): Iterable<RegisteredPerson>;
  /** Whether the site keeps its people here (one person at least): only then is an unregistered badge on a permit unqualified. */
  inUse(): boolean;
};

export type ContractorBadge = { badgeId: string; position: Point2; tsMs: number };

/**
 * One active condition of the contractor checks, in the shape of an external alarm condition (add nowMs).
 * Located where it was seen (the badge), else, for a person off the twin, not located.
 */
export type ContractorCondition = {
  sourceId: string;
  sourceKind: 'permit' | 'worker' | 'person';
  condition: ContractorAlarmCondition;
  permitType?: PermitType;
  location?: { x: number; y: number };
  value?: number;
  unit?: string;
  /** Why, in English for logs and the journal. */
  reason: string;
  /** The same by code, for screens and reports in their language. */
  reasonCode: { code: ContractorAlarmCondition; params: Record<string, string | number> };
};

export type ContractorWorld = {
  nowMs: number;
  /** Located badges; those older than badgeStaleAfterMs are ignored. */
  badges: readonly ContractorBadge[];
  /** Permits not closed or reviewed, as the permit register holds them. */
  permits: readonly Permit[];
  /** The scene area a point lies in (contracts areaAt), or null. */
  areaAt(point: Point2): string | null;
  badgeStaleAfterMs: number;
};

/** Which checks to run: the expiry warnings change by the day, so the watch runs them less often. */
export type ContractorChecks = { presence: boolean; expiry: boolean };

/**
 * The active conditions of the contractor checks at one moment (the caller clears those no longer listed):
 * - per working permit (in work or resumed), `unqualifiedInPermitZone` when a badge on it (an entrant, or the
 *   watcher) inside its zone belongs to a person who does not qualify for that role (a badge bound to nobody
 *   counts once the register is in use); badges not on the permit are the permit rules' unlistedBadgeInZone;
 * - per located contractor badge, `contractorOutsideAuthorisation` (authorisationFinding);
 * - per active person, the expiry warning (expiryWarning), located at their badge when it is on the twin.
 */
export function evaluateContractorRules(book: ContractorBook, world: ContractorWorld, checks: ContractorChecks = { presence: true, expiry: true }): ContractorCondition[] {
  const badges = world.badges.filter((b) => world.nowMs - b.tsMs <= world.badgeStaleAfterMs && Number.isFinite(b.position[0]) && Number.isFinite(b.position[1]));
  const out: ContractorCondition[] = [];
  if (checks.presence) {
    const currentPermits = new Map(world.permits.map((p) => [p.number, p]));
    for (const permit of world.permits) {
      const condition = unqualifiedOnPermit(book, permit, badges, world.nowMs);
      if (condition) out.push(condition);
    }
    for (const badge of badges) {
      const person = book.personByBadge(badge.badgeId);
      if (!person) continue;
      const areaId = world.areaAt(badge.position);
      const finding = authorisationFinding(person, book.company(person.companyId), badge.position, areaId, currentPermits, world.nowMs);
      if (!finding) continue;
      const [x, y] = badge.position;
      const reason = finding.kind === 'window' ? `contractor badge ${badge.badgeId} (${person.id}) is on site with no authorisation valid now` : `contractor badge ${badge.badgeId} (${person.id}) is in area ${finding.areaId}, which no authorisation valid now covers`;
      const params: Record<string, string | number> = { badgeId: badge.badgeId, personId: person.id, kind: finding.kind, ...(finding.kind === 'area' && { areaId: finding.areaId }) };
      out.push({ sourceId: badge.badgeId, sourceKind: 'worker', condition: 'contractorOutsideAuthorisation', location: { x, y }, reason, reasonCode: { code: 'contractorOutsideAuthorisation', params } });
    }
  }
  if (checks.expiry) {
    const located = new Map(badges.map((b) => [b.badgeId, b.position]));
    for (const person of book.people()) {
      const warning = expiryWarning(person, world.nowMs);
      if (!warning) continue;
      const at = person.badgeId === undefined ? undefined : located.get(person.badgeId);
      const { type, validUntilMs } = warning.certificate;
      const reason = warning.daysLeft < 0 ? `person ${person.id}: the ${type} certificate expired ${-warning.daysLeft} day(s) ago` : `person ${person.id}: the ${type} certificate expires in ${warning.daysLeft} day(s)`;
      out.push({
        sourceId: person.id,
        sourceKind: 'person',
        condition: warning.condition,
        ...(at && { location: { x: at[0], y: at[1] } }),
        value: warning.daysLeft,
        unit: 'd',
        reason,
        reasonCode: { code: warning.condition, params: { personId: person.id, certificateType: type, daysLeft: warning.daysLeft, validUntilMs } },
      });
    }
  }
  return out;
}

function unqualifiedOnPermit(book: ContractorBook, permit: Permit, badges: readonly ContractorBadge[], nowMs: number): ContractorCondition | undefined {
  if (!PERMIT_WORKING_STATES.has(permit.state)) return undefined;
  const zone = new PermitZone(permit);
  const inUse = book.inUse();
  const unqualified: { badge: ContractorBadge; problem: QualificationProblem }[] = [];
  for (const badge of badges) {
    const role: PermitRole | null = badge.badgeId === permit.watcher.badgeId ? 'watcher' : permit.entrantBadgeIds.includes(badge.badgeId) ? 'entrant' : null;
    if (role === null || !zone.contains(badge.position)) continue;
    const person = book.personByBadge(badge.badgeId);
    // A site that keeps no register: an unregistered badge is not a finding (the permit rules still watch the zone).
    if (!person && !inUse) continue;
    const qualification = qualificationFor(person, person && book.company(person.companyId), certificatesRequired(permit, role, badge.badgeId), nowMs);
    if (!qualification.qualified) unqualified.push({ badge, problem: qualification.problems[0]! });
  }
  unqualified.sort((a, b) => a.badge.badgeId.localeCompare(b.badge.badgeId));
  const first = unqualified[0];
  if (!first) return undefined;
  const [x, y] = first.badge.position;
  const params: Record<string, string | number> = { permit: permit.number, count: unqualified.length, badgeId: first.badge.badgeId, problem: first.problem.code, ...(first.problem.certificateType && { certificateType: first.problem.certificateType }) };
  return {
    sourceId: permit.number,
    sourceKind: 'permit',
    permitType: permit.type,
    condition: 'unqualifiedInPermitZone',
    location: { x, y },
    value: unqualified.length,
    reason: `permit ${permit.number}: ${unqualified.length} unqualified person(s) in the zone: ${unqualified.map((u) => `${u.badge.badgeId} (${u.problem.code}${u.problem.certificateType ? ` ${u.problem.certificateType}` : ''})`).join(', ')}`,
    reasonCode: { code: 'unqualifiedInPermitZone', params },
  };
}
