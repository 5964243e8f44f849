import {
  CompanySchema,
  ContractorImportSchema,
  describeContractorIssues,
  MAX_CONTRACTOR_COMPANIES,
  MAX_CONTRACTOR_PEOPLE,
  RegisteredPersonSchema,
  type Company,
  type CompanyView,
  type ContractorImportResult,
  type ContractorListView,
  type Permit,
  type PermitRole,
  type RegisteredPerson,
  type PersonView,
  type Qualification,
  type SessionUser,
} from '../contracts/index.js';
import type { JournalSink } from '../audit/index.js';
import type { ContractorRecords, StoredCompany, StoredPerson } from '../historian/index.js';
import type { CodedResult } from '../http/index.js';
import type { Logger } from '../log/index.js';
import { mayViewPersonalData, type PersonalData } from '../privacy/index.js';
import { certificatesRequired, expiryWarning, qualificationFor, type ContractorBook } from './qualificationRules.js';

type ContractorCode =
  | 'ST_ERR_CONTRACTOR_INVALID'
  | 'ST_ERR_CONTRACTOR_NOT_FOUND'
  | 'ST_ERR_CONTRACTOR_CONFLICT'
  | 'ST_ERR_CONTRACTOR_FULL'
  | 'ST_ERR_CONTRACTOR_NAMED_USER'
  | 'ST_ERR_CONTRACTOR_REGISTER_UNAVAILABLE';
const STATUS_OF: Record<ContractorCode, 400 | 403 | 404 | 409 | 503> = {
  ST_ERR_CONTRACTOR_INVALID: 400,
  ST_ERR_CONTRACTOR_NAMED_USER: 403,
  ST_ERR_CONTRACTOR_NOT_FOUND: 404,
  ST_ERR_CONTRACTOR_CONFLICT: 409,
  ST_ERR_CONTRACTOR_FULL: 409,
  ST_ERR_CONTRACTOR_REGISTER_UNAVAILABLE: 503,
};

/** The register's answer: the value, or a coded problem with the HTTP status it is answered with. */
export type ContractorResult<T> = CodedResult<T>;

function refused<T>(code: ContractorCode, message: string): ContractorResult<T> {
  return { ok: false, status: STATUS_OF[code], problem: { code, severity: 'info', message } };
}

/** Journal `data.action` of each change (the audit journal, `safetwin audit verify`): codes and counts, never names. */
export const CONTRACTOR_JOURNAL_ACTIONS = { companySaved: 'contractorCompanySaved', companyDeleted: 'contractorCompanyDeleted', personSaved: 'contractorPersonSaved', personDeleted: 'contractorPersonDeleted', imported: 'contractorImport' } as const;

/** The permits a qualification question is asked about (the permit register's current ones). */
export type CurrentPermits = { current(): readonly Permit[] };

export type ContractorRegisterOptions = {
  /** The historian's contractor records; null when the core runs without a historian (every request answers 503). */
  records: ContractorRecords | null;
  journal: JournalSink;
  permits: CurrentPermits;
  /** Journals each showing of names (personalDataViewed, once per user per 10 min), as for the scene's names. */
  personalData?: Pick<PersonalData, 'viewed'>;
  logger: Logger;
  nowMs?: () => number;
};

/**
 * The contractor register in the running core (issue 17 item 3, docs/contractors.md): companies and people
 * (一人一码) with their certificates, briefing and area authorisations, and the badge bound to each. Every
 * record is held in memory (the live checks read it each second) and written through to the historian;
 * a change is stored in one transaction (an import whole or not at all), then journaled by code (who changed
 * what, no names) and announced to the listeners. Writes are taken one at a time. Reads withhold names and
 * certificate numbers from roles that may not see personal data (personnel:viewNames).
 */
export class ContractorRegister implements ContractorBook {
  private readonly companies = new Map<string, StoredCompany>();
  private readonly persons = new Map<string, StoredPerson>();
  private readonly byBadge = new Map<string, string>();
  private readonly listeners = new Set<() => void>();
  private writes: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;

  private constructor(private readonly options: ContractorRegisterOptions) {
    this.now = options.nowMs ?? Date.now;
  }

  static async open(options: ContractorRegisterOptions): Promise<ContractorRegister> {
    const register = new ContractorRegister(options);
    const stored = (await options.records?.all()) ?? { companies: [], people: [] };
    for (const company of stored.companies) register.companies.set(company.company.id, company);
    for (const person of stored.people) register.setPerson(person);
    return register;
  }

  get available(): boolean {
    return this.options.records !== null;
  }

  // ContractorBook: what the live rules read.
  personByBadge(badgeId: string): RegisteredPerson | undefined {
    const id = this.byBadge.get(badgeId);
    return id === undefined ? undefined : this.persons.get(id)?.person;
  }
  company(id: string): Company | undefined {
    return this.companies.get(id)?.company;
  }
  *people(): Iterable<RegisteredPerson> {
    for (const stored of this.persons.values()) yield stored.person;
  }
  inUse(): boolean {
    return this.persons.size > 0;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(user: SessionUser): ContractorResult<ContractorListView> {
    if (!this.available) return unavailable();
    const names = this.showsNames(user, this.persons.size > 0);
    return { ok: true, value: { companies: [...this.companies.values()].map(companyView), people: [...this.persons.values()].map((p) => this.personView(p, names)) } };
  }

  getCompany(id: string): ContractorResult<CompanyView> {
    if (!this.available) return unavailable();
    const stored = this.companies.get(id);
    return stored ? { ok: true, value: companyView(stored) } : refused('ST_ERR_CONTRACTOR_NOT_FOUND', `no company ${id}`);
  }

  getPerson(id: string, user: SessionUser): ContractorResult<PersonView> {
    if (!this.available) return unavailable();
    const stored = this.persons.get(id);
    return stored ? { ok: true, value: this.personView(stored, this.showsNames(user, true)) } : refused('ST_ERR_CONTRACTOR_NOT_FOUND', `no person ${id}`);
  }

  /**
   * Whether the person qualifies now for a role on a current permit (the gate's and the control room's
   * question before someone joins a job). No names in the answer.
   */
  qualification(personId: string, permitNumber: string, role: PermitRole): ContractorResult<Qualification> {
    if (!this.available) return unavailable();
    const stored = this.persons.get(personId);
    if (!stored) return refused('ST_ERR_CONTRACTOR_NOT_FOUND', `no person ${personId}`);
    const permit = this.options.permits.current().find((p) => p.number === permitNumber);
    if (!permit) return refused('ST_ERR_CONTRACTOR_NOT_FOUND', `no current permit ${permitNumber}`);
    const { person } = stored;
    const requirements = person.badgeId === undefined ? (role === 'watcher' ? [{ type: 'watcher' as const }] : []) : certificatesRequired(permit, role, person.badgeId);
    return { ok: true, value: qualificationFor(person, this.company(person.companyId), requirements, this.now()) };
  }

  /** Creates a company (`mode: 'create'`, refused if the code is taken) or creates or replaces it (`'put'`). */
  saveCompany(body: unknown, user: SessionUser, mode: 'create' | 'put', pathId?: string): Promise<ContractorResult<CompanyView>> {
    const parsed = CompanySchema.safeParse(body);
    if (!parsed.success) return Promise.resolve(refused('ST_ERR_CONTRACTOR_INVALID', describeContractorIssues(parsed.error)));
    const company = parsed.data;
    return this.write(user, async (records) => {
      if (pathId !== undefined && pathId !== company.id) return refused('ST_ERR_CONTRACTOR_INVALID', `id: the body's code ${company.id} is not the path's ${pathId}`);
      const known = this.companies.get(company.id);
      if (known && mode === 'create') return refused('ST_ERR_CONTRACTOR_CONFLICT', `company ${company.id} is already registered`);
      if (!known && this.companies.size >= MAX_CONTRACTOR_COMPANIES) return refused('ST_ERR_CONTRACTOR_FULL', `the register holds at most ${MAX_CONTRACTOR_COMPANIES} companies`);
      const stored: StoredCompany = { company, revision: (known?.revision ?? 0) + 1, updatedMs: this.now() };
      await records.save({ companies: [stored] });
      this.companies.set(company.id, stored);
      await this.record(user, { action: CONTRACTOR_JOURNAL_ACTIONS.companySaved, id: company.id, status: company.status, revision: stored.revision });
      return { ok: true, value: companyView(stored) };
    });
  }

  /** Creates a person (refused if the code is taken) or creates or replaces them (`'put'`). */
  savePerson(body: unknown, user: SessionUser, mode: 'create' | 'put', pathId?: string): Promise<ContractorResult<PersonView>> {
    const parsed = RegisteredPersonSchema.safeParse(body);
    if (!parsed.success) return Promise.resolve(refused('ST_ERR_CONTRACTOR_INVALID', describeContractorIssues(parsed.error)));
    const person = parsed.data;
    return this.write(user, async (records) => {
      if (pathId !== undefined && pathId !== person.id) return refused('ST_ERR_CONTRACTOR_INVALID', `id: the body's code ${person.id} is not the path's ${pathId}`);
      const known = this.persons.get(person.id);
      if (known && mode === 'create') return refused('ST_ERR_CONTRACTOR_CONFLICT', `person ${person.id} is already registered`);
      const problem = this.peopleProblem([person], new Set());
      if (problem) return problem;
      const stored: StoredPerson = { person, revision: (known?.revision ?? 0) + 1, updatedMs: this.now() };
      await records.save({ people: [stored] });
      this.setPerson(stored);
      await this.record(user, personSaved(stored));
      return { ok: true, value: this.personView(stored, this.showsNames(user, true)) };
    });
  }

  /** Deletes a company that has no people left. */
  deleteCompany(id: string, user: SessionUser): Promise<ContractorResult<{ id: string }>> {
    return this.write(user, async (records) => {
      if (!this.companies.has(id)) return refused('ST_ERR_CONTRACTOR_NOT_FOUND', `no company ${id}`);
      const members = [...this.persons.values()].filter((p) => p.person.companyId === id).length;
      if (members > 0) return refused('ST_ERR_CONTRACTOR_CONFLICT', `company ${id} still has ${members} people; move or delete them first`);
      await records.save({ deleteCompanyIds: [id] });
      this.companies.delete(id);
      await this.record(user, { action: CONTRACTOR_JOURNAL_ACTIONS.companyDeleted, id });
      return { ok: true, value: { id } };
    });
  }

  /** Deletes a person's record and releases their badge (PIPL: a record is erased once it is no longer needed). */
  deletePerson(id: string, user: SessionUser): Promise<ContractorResult<{ id: string }>> {
    return this.write(user, async (records) => {
      const known = this.persons.get(id);
      if (!known) return refused('ST_ERR_CONTRACTOR_NOT_FOUND', `no person ${id}`);
      await records.save({ deletePersonIds: [id] });
      this.unsetPerson(known.person);
      await this.record(user, { action: CONTRACTOR_JOURNAL_ACTIONS.personDeleted, id });
      return { ok: true, value: { id } };
    });
  }

  /**
   * A bulk import from a plant's contractor system: every company and person in it created or replaced
   * whole, in one transaction; any problem (a malformed record, an unknown company, a badge bound twice,
   * the register full) refuses the whole import and writes nothing.
   */
  import(body: unknown, user: SessionUser): Promise<ContractorResult<ContractorImportResult>> {
    const parsed = ContractorImportSchema.safeParse(body);
    if (!parsed.success) return Promise.resolve(refused('ST_ERR_CONTRACTOR_INVALID', describeContractorIssues(parsed.error)));
    const { companies, people } = parsed.data;
    return this.write(user, async (records) => {
      const duplicate = firstDuplicate(companies.map((c) => c.id)) ?? firstDuplicate(people.map((p) => p.id));
      if (duplicate !== undefined) return refused('ST_ERR_CONTRACTOR_INVALID', `${duplicate} is listed twice in the import`);
      const newCompanies = companies.filter((c) => !this.companies.has(c.id)).length;
      if (this.companies.size + newCompanies > MAX_CONTRACTOR_COMPANIES) return refused('ST_ERR_CONTRACTOR_FULL', `the register holds at most ${MAX_CONTRACTOR_COMPANIES} companies`);
      const problem = this.peopleProblem(people, new Set(companies.map((c) => c.id)));
      if (problem) return problem;
      const atMs = this.now();
      const storedCompanies = companies.map((company) => ({ company, revision: (this.companies.get(company.id)?.revision ?? 0) + 1, updatedMs: atMs }));
      const storedPeople = people.map((person) => ({ person, revision: (this.persons.get(person.id)?.revision ?? 0) + 1, updatedMs: atMs }));
      await records.save({ companies: storedCompanies, people: storedPeople });
      for (const stored of storedCompanies) this.companies.set(stored.company.id, stored);
      for (const stored of storedPeople) this.setPerson(stored);
      await this.record(user, { action: CONTRACTOR_JOURNAL_ACTIONS.imported, companies: companies.map((c) => c.id), people: people.map((p) => p.id) });
      return { ok: true, value: { companies: companies.length, people: people.length } };
    });
  }

  /** Whether this user is shown names; a showing of any is journaled as a personal-data view (PIPL: who saw whom). */
  private showsNames(user: SessionUser, any: boolean): boolean {
    const names = mayViewPersonalData(user);
    if (names && any) this.options.personalData?.viewed(user, { what: 'contractorNames' }, 'http');
    return names;
  }

  /**
   * The person as a user may see them, with where they stand now: without the name and certificate numbers
   * unless the user's role may see personal data.
   */
  private personView(stored: StoredPerson, names: boolean): PersonView {
    const { person } = stored;
    const nowMs = this.now();
    const shown = names ? person : { ...person, name: '', certificates: person.certificates.map((c) => ({ ...c, number: '' })) };
    const warning = expiryWarning(person, nowMs);
    const standing = {
      problems: qualificationFor(person, this.company(person.companyId), [], nowMs).problems,
      expiry: warning && { condition: warning.condition, certificateType: warning.certificate.type, daysLeft: warning.daysLeft },
    };
    return { person: shown, namesWithheld: !names, revision: stored.revision, updatedMs: stored.updatedMs, standing };
  }

  /** Waits for the writes in flight (closing the core before the historian). */
  async close(): Promise<void> {
    await this.writes.catch(() => undefined);
  }

  /**
   * What stops people from being saved as given: an unknown company (neither registered nor in the same
   * import), a badge bound to a person not among them, one badge on two of them, or the register full.
   */
  private peopleProblem(people: readonly RegisteredPerson[], importedCompanies: ReadonlySet<string>): ContractorResult<never> | null {
    const saved = new Set(people.map((p) => p.id));
    const badges = new Map<string, string>();
    for (const person of people) {
      if (!this.companies.has(person.companyId) && !importedCompanies.has(person.companyId)) return refused('ST_ERR_CONTRACTOR_CONFLICT', `person ${person.id}: no company ${person.companyId}`);
      if (person.badgeId === undefined) continue;
      const holder = this.byBadge.get(person.badgeId);
      if (holder !== undefined && holder !== person.id && !saved.has(holder)) return refused('ST_ERR_CONTRACTOR_CONFLICT', `badge ${person.badgeId} is bound to person ${holder}`);
      const other = badges.get(person.badgeId);
      if (other !== undefined) return refused('ST_ERR_CONTRACTOR_CONFLICT', `badge ${person.badgeId} is given to both ${other} and ${person.id}`);
      badges.set(person.badgeId, person.id);
    }
    const added = people.filter((p) => !this.persons.has(p.id)).length;
    if (this.persons.size + added > MAX_CONTRACTOR_PEOPLE) return refused('ST_ERR_CONTRACTOR_FULL', `the register holds at most ${MAX_CONTRACTOR_PEOPLE} people`);
    return null;
  }

  private setPerson(stored: StoredPerson): void {
    const previous = this.persons.get(stored.person.id);
    if (previous) this.unsetPerson(previous.person);
    this.persons.set(stored.person.id, stored);
    if (stored.person.badgeId !== undefined) this.byBadge.set(stored.person.badgeId, stored.person.id);
  }

  private unsetPerson(person: RegisteredPerson): void {
    this.persons.delete(person.id);
    if (person.badgeId !== undefined && this.byBadge.get(person.badgeId) === person.id) this.byBadge.delete(person.badgeId);
  }

  /** One write at a time, by a named user, against a running store; the listeners hear of it once stored. */
  private write<T>(user: SessionUser, change: (records: ContractorRecords) => Promise<ContractorResult<T>>): Promise<ContractorResult<T>> {
    const records = this.options.records;
    if (!records) return Promise.resolve(unavailable());
    // Every record change names who made it (the journal's "who").
    if (user.implicit) return Promise.resolve(refused('ST_ERR_CONTRACTOR_NAMED_USER', 'changing contractor records needs a signed-in user'));
    const run = async () => {
      const result = await change(records);
      if (result.ok) this.changed();
      return result;
    };
    const next = this.writes.then(run, run);
    this.writes = next.catch(() => undefined);
    return next;
  }

  private async record(user: SessionUser, data: Record<string, unknown>): Promise<void> {
    await this.options.journal.append({ kind: 'note', by: user.name, data }).catch((error: unknown) => this.options.logger.error({ err: error, ...data }, 'audit journal: contractor change not recorded'));
  }

  private changed(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (error) {
        this.options.logger.error({ err: error }, 'contractor change listener failed');
      }
    }
  }
}

function unavailable<T>(): ContractorResult<T> {
  return refused('ST_ERR_CONTRACTOR_REGISTER_UNAVAILABLE', 'this core runs without a historian (--historian): it keeps no contractor records');
}

function personSaved(stored: StoredPerson): Record<string, unknown> {
  const { person } = stored;
  return { action: CONTRACTOR_JOURNAL_ACTIONS.personSaved, id: person.id, companyId: person.companyId, badgeId: person.badgeId ?? null, active: person.active, revision: stored.revision };
}

function firstDuplicate(ids: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) return id;
    seen.add(id);
  }
  return undefined;
}

function companyView(stored: StoredCompany): CompanyView {
  return { company: stored.company, revision: stored.revision, updatedMs: stored.updatedMs };
}

