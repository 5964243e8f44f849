import type { Kysely } from 'kysely';
import type { Company, RegisteredPerson } from '../contracts/index.js';
import type { HistorianDatabase } from './schema.js';

/** A stored record with what the register keeps about it: writes so far (1 when created) and the last write's time. */
export type StoredCompany = { company: Company; revision: number; updatedMs: number };
export type StoredPerson = { person: RegisteredPerson; revision: number; updatedMs: number };

/** Rows per INSERT: well inside SQLite's 32,766 and PostgreSQL's 65,535 bound parameters at 6 columns a row. */
const ROWS_PER_INSERT = 500;

/**
 * The contractor register's records in the historian (issue 17 item 3, docs/contractors.md): companies and
 * people as current documents keyed by their codes, the same Kysely queries on both engines. The register
 * keeps every record in memory (the live checks read them each second) and writes through: a save of any
 * number of records is one transaction, so an import is stored whole or not at all.
 */
export class ContractorRecords {
  constructor(private readonly db: Kysely<HistorianDatabase>) {}

  /** Every company and person, in code order. */
  async all(): Promise<{ companies: StoredCompany[]; people: StoredPerson[] }> {
    const companies = await this.db.selectFrom('contractor_companies').select(['document_json', 'revision', 'updated_ms']).orderBy('id').execute();
    const people = await this.db.selectFrom('contractor_people').select(['document_json', 'revision', 'updated_ms']).orderBy('id').execute();
    return {
      companies: companies.map((row) => ({ company: JSON.parse(row.document_json) as Company, revision: Number(row.revision), updatedMs: Number(row.updated_ms) })),
      people: people.map((row) => ({ person: JSON.parse(row.document_json) as RegisteredPerson, revision: Number(row.revision), updatedMs: Number(row.updated_ms) })),
    };
  }

  /**
   * Creates or replaces the given records and deletes the given codes, in one transaction. The people's
   * badges are released first, so a badge moving from one saved person to another in the same save does not
   * trip the one-badge-one-person index on the way.
   */
  async save(change: { companies?: readonly StoredCompany[]; people?: readonly StoredPerson[]; deleteCompanyIds?: readonly string[]; deletePersonIds?: readonly string[] }): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const people = change.people ?? [];
      for (let i = 0; i < people.length; i += ROWS_PER_INSERT) {
        const ids = people.slice(i, i + ROWS_PER_INSERT).map((p) => p.person.id);
        await trx.updateTable('contractor_people').set({ badge_id: null }).where('id', 'in', ids).execute();
      }
      if (change.deletePersonIds && change.deletePersonIds.length > 0) await trx.deleteFrom('contractor_people').where('id', 'in', [...change.deletePersonIds]).execute();
      if (change.deleteCompanyIds && change.deleteCompanyIds.length > 0) await trx.deleteFrom('contractor_companies').where('id', 'in', [...change.deleteCompanyIds]).execute();
      const companies = change.companies ?? [];
      for (let i = 0; i < companies.length; i += ROWS_PER_INSERT) {
        const rows = companies.slice(i, i + ROWS_PER_INSERT).map((c) => ({ id: c.company.id, status: c.company.status, updated_ms: c.updatedMs, revision: c.revision, document_json: JSON.stringify(c.company) }));
        await trx
          .insertInto('contractor_companies')
          .values(rows)
          .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ status: eb.ref('excluded.status'), updated_ms: eb.ref('excluded.updated_ms'), revision: eb.ref('excluded.revision'), document_json: eb.ref('excluded.document_json') })))
          .execute();
      }
      for (let i = 0; i < people.length; i += ROWS_PER_INSERT) {
        const rows = people.slice(i, i + ROWS_PER_INSERT).map((p) => ({
          id: p.person.id,
          company_id: p.person.companyId,
          badge_id: p.person.badgeId ?? null,
          updated_ms: p.updatedMs,
          revision: p.revision,
          document_json: JSON.stringify(p.person),
        }));
        await trx
          .insertInto('contractor_people')
          .values(rows)
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({
              company_id: eb.ref('excluded.company_id'),
              badge_id: eb.ref('excluded.badge_id'),
              updated_ms: eb.ref('excluded.updated_ms'),
              revision: eb.ref('excluded.revision'),
              document_json: eb.ref('excluded.document_json'),
            })),
          )
          .execute();
      }
    });
  }
}
