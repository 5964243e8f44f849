import type { Kysely } from 'kysely';
import { PERMIT_FINISHED_STATES, type Permit, type PermitRecordView, type PermitSignature, type PermitState, type PermitType } from '../contracts/index.js';
import type { HistorianDatabase, PermitsTable } from './schema.js';

/** A stored permit: its current document and what the register keeps about it (the record a user sees, before names are withheld). */
export type StoredPermit = Omit<PermitRecordView, 'namesWithheld'>;

/** One step of a permit's signed trace as stored: its place in the permit's signatures (from 1) and the signature. */
export type StoredPermitStep = { seq: number; step: PermitSignature };

/** What the register files a new permit with: where it lies (the scene area, the bounding box in plant metres). */
export type NewPermitRecord = {
  permit: Permit;
  source: StoredPermit['source'];
  createdBy: string;
  atMs: number;
  areaId: string | null;
  bounds: { minX: number; minY: number; maxX: number; maxY: number };
};

export type PermitListFilter = {
  states?: readonly PermitState[];
  types?: readonly PermitType[];
  areaIds?: readonly string[];
  /** Permits whose work window overlaps [fromMs, toMs). */
  fromMs?: number;
  toMs?: number;
  limit: number;
};


/**
 * The permit register's records in the historian (issue 17, docs/permits.md): one table of current
 * documents keyed by the permit's unique number and one of signed steps, the same Kysely queries on both
 * engines. A new permit and its imported signatures are one transaction; a step and the permit it
 * produced are another, written only over the revision the step was taken on.
 */
export class PermitRecords {
  constructor(private readonly db: Kysely<HistorianDatabase>) {}

  /** Files a new permit with the signatures it came with; false when its number is taken (nothing written). */
  async insert(record: NewPermitRecord): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('permits')
        .values({
          number: record.permit.number,
          type: record.permit.type,
          state: record.permit.state,
          area_id: record.areaId,
          min_x: record.bounds.minX,
          min_y: record.bounds.minY,
          max_x: record.bounds.maxX,
          max_y: record.bounds.maxY,
          window_start_ms: record.permit.window.startMs,
          window_end_ms: record.permit.window.endMs,
          source: record.source,
          created_by: record.createdBy,
          created_ms: record.atMs,
          updated_ms: record.atMs,
          revision: 1,
          document_json: JSON.stringify(record.permit),
          grade: 'grade' in record.permit ? record.permit.grade : null,
          issuing_unit: record.permit.issuingUnit,
          contractor: record.permit.contractor ?? null,
        })
        .onConflict((oc) => oc.column('number').doNothing())
        .returning('number')
        .execute();
      if (inserted.length === 0) return false;
      if (record.permit.signatures.length > 0) {
        await trx
          .insertInto('permit_steps')
          .values(record.permit.signatures.map((step, i) => stepRow(record.permit.number, i + 1, step)))
          .execute();
      }
      return true;
    });
  }

  /**
   * Stores a step and the permit it produced, in one transaction, over `revision`; false when the permit
   * has been written since (nothing written).
   */
  async appendStep(permit: Permit, step: PermitSignature, revision: number, atMs: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      if (!(await replaceDocument(trx, permit, revision, atMs))) return false;
      await trx.insertInto('permit_steps').values(stepRow(permit.number, permit.signatures.length, step)).execute();
      return true;
    });
  }

  /** Stores a change of the document that is not a step (a gas test added), over `revision`; false when written since. */
  updateDocument(permit: Permit, revision: number, atMs: number): Promise<boolean> {
    return replaceDocument(this.db, permit, revision, atMs);
  }

  async get(number: string): Promise<StoredPermit | null> {
    const row = await this.db.selectFrom('permits').selectAll().where('number', '=', number).executeTakeFirst();
    return row ? storedPermit(row) : null;
  }

  /** The permit's signed trace in order. */
  async steps(number: string): Promise<StoredPermitStep[]> {
    const rows = await this.db.selectFrom('permit_steps').select(['seq', 'step_json']).where('permit_number', '=', number).orderBy('seq').execute();
    return rows.map((row) => ({ seq: Number(row.seq), step: JSON.parse(row.step_json) as PermitSignature }));
  }

  /** Permits matching every given filter, the latest window first. */
  async list(filter: PermitListFilter): Promise<StoredPermit[]> {
    const rows = await this.db
      .selectFrom('permits')
      .selectAll()
      .$if(filter.states !== undefined, (q) => q.where('state', 'in', [...filter.states!]))
      .$if(filter.types !== undefined, (q) => q.where('type', 'in', [...filter.types!]))
      .$if(filter.areaIds !== undefined, (q) => q.where('area_id', 'in', [...filter.areaIds!]))
      .$if(filter.fromMs !== undefined, (q) => q.where('window_end_ms', '>', filter.fromMs!))
      .$if(filter.toMs !== undefined, (q) => q.where('window_start_ms', '<', filter.toMs!))
      .orderBy('window_start_ms', 'desc')
      .orderBy('number')
      .limit(filter.limit)
      .execute();
    return rows.map(storedPermit);
  }

  /** Every permit not closed or reviewed (the live checks' and the wall's). */
  async unfinished(): Promise<StoredPermit[]> {
    const rows = await this.db.selectFrom('permits').selectAll().where('state', 'not in', [...PERMIT_FINISHED_STATES]).orderBy('number').execute();
    return rows.map(storedPermit);
  }
}

/** The permit's row replaced by its new document, only over the revision the change was decided on. */
async function replaceDocument(db: Kysely<HistorianDatabase>, permit: Permit, revision: number, atMs: number): Promise<boolean> {
  const updated = await db
    .updateTable('permits')
    .set({ state: permit.state, updated_ms: atMs, revision: revision + 1, document_json: JSON.stringify(permit) })
    .where('number', '=', permit.number)
    .where('revision', '=', revision)
    .returning('number')
    .execute();
  return updated.length > 0;
}

function stepRow(permitNumber: string, seq: number, step: PermitSignature) {
  return {
    permit_number: permitNumber,
    seq,
    action: step.action,
    from_state: step.from,
    to_state: step.to,
    by_user: step.user,
    role: step.role,
    at_ms: step.atMs,
    reason_code: step.reasonCode ?? null,
    note: step.note ?? null,
    step_json: JSON.stringify(step),
  };
}

function storedPermit(row: PermitsTable): StoredPermit {
  return {
    permit: JSON.parse(row.document_json) as Permit,
    revision: Number(row.revision),
    source: row.source === 'import' ? 'import' : 'ui',
    createdBy: row.created_by,
    createdMs: Number(row.created_ms),
    updatedMs: Number(row.updated_ms),
    areaId: row.area_id,
  };
}
