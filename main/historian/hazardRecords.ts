import type { Kysely } from 'kysely';
import type { HazardTicket, InspectionPlan, InspectionRound, RiskPointEntry } from '../contracts/index.js';
import type { HistorianDatabase } from './schema.js';

/** A stored record with what the register keeps about it: writes so far (1 when created) and the last write's time. */
export type Stored<T> = { record: T; revision: number; updatedMs: number };
/** A photo or voice note as stored: its bytes and type, who sent it, when. */
export type StoredMedia = { ref: string; mime: string; bytes: Uint8Array; createdMs: number; createdBy: string };

type DocumentTable = 'risk_points' | 'inspection_plans';

/**
 * Double prevention's records in the historian (issue 18, docs/hazards.md §6): risk points, tickets,
 * inspection plans and rounds as current documents keyed by their codes, and the photos and voice notes they
 * refer to, with the same Kysely queries on both engines. The register holds the documents in memory and
 * writes through; a ticket or round is written over the revision it was decided on (false: another writer
 * came first), so a step is never decided on a stale copy.
 */
export class HazardRecords {
  constructor(private readonly db: Kysely<HistorianDatabase>) {}

  /** Every risk point, by code: the risk register's own read (each register reads only its tables at start). */
  async riskPoints(): Promise<Stored<RiskPointEntry>[]> {
    return (await this.db.selectFrom('risk_points').select(['document_json', 'revision', 'updated_ms']).orderBy('id').execute()).map(parsed<RiskPointEntry>);
  }

  /** Every ticket, oldest report first. */
  async tickets(): Promise<Stored<HazardTicket>[]> {
    return (await this.db.selectFrom('hazard_tickets').select(['document_json', 'revision', 'updated_ms']).orderBy('reported_ms').execute()).map(parsed<HazardTicket>);
  }

  /** Every plan, and the rounds of slots starting at or after `roundsFromMs` (older ones stay stored, unread). */
  async inspections(roundsFromMs: number): Promise<{ plans: Stored<InspectionPlan>[]; rounds: Stored<InspectionRound>[] }> {
    const plans = await this.db.selectFrom('inspection_plans').select(['document_json', 'revision', 'updated_ms']).orderBy('id').execute();
    const rounds = await this.db.selectFrom('inspection_rounds').select(['document_json', 'revision', 'updated_ms']).where('slot_start_ms', '>=', roundsFromMs).orderBy('id').execute();
    return { plans: plans.map(parsed<InspectionPlan>), rounds: rounds.map(parsed<InspectionRound>) };
  }

  /** Creates (expectedRevision 0) or replaces a risk point or plan; false when the stored revision is not the expected one. */
  saveDocument(table: DocumentTable, id: string, document: RiskPointEntry | InspectionPlan, expectedRevision: number, atMs: number): Promise<boolean> {
    return this.write(table, 'id', id, expectedRevision, { id, updated_ms: atMs, revision: expectedRevision + 1, document_json: JSON.stringify(document) });
  }

  async deleteDocument(table: DocumentTable, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom(table).where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  saveTicket(ticket: HazardTicket, expectedRevision: number, atMs: number): Promise<boolean> {
    return this.write('hazard_tickets', 'number', ticket.number, expectedRevision, {
      number: ticket.number,
      state: ticket.state,
      grade: ticket.grade,
      kind: ticket.kind,
      area_id: ticket.location.areaId ?? null,
      reported_ms: ticket.reportedAtMs,
      updated_ms: atMs,
      revision: expectedRevision + 1,
      document_json: JSON.stringify(ticket),
    });
  }

  saveRound(round: InspectionRound, expectedRevision: number, atMs: number): Promise<boolean> {
    return this.write('inspection_rounds', 'id', round.id, expectedRevision, { id: round.id, plan_id: round.planId, slot_start_ms: round.slotStartMs, updated_ms: atMs, revision: expectedRevision + 1, document_json: JSON.stringify(round) });
  }

  async putMedia(media: StoredMedia): Promise<void> {
    await this.db.insertInto('hazard_media').values({ ref: media.ref, mime: media.mime, size_bytes: media.bytes.byteLength, created_ms: media.createdMs, created_by: media.createdBy, bytes: media.bytes }).execute();
  }

  async getMedia(ref: string): Promise<StoredMedia | undefined> {
    const row = await this.db.selectFrom('hazard_media').selectAll().where('ref', '=', ref).executeTakeFirst();
    return row && { ref: row.ref, mime: row.mime, bytes: new Uint8Array(row.bytes), createdMs: Number(row.created_ms), createdBy: row.created_by };
  }

  /** Insert when expected 0 (false if the key exists), else update where the revision is the expected one. */
  private async write(table: 'risk_points' | 'inspection_plans' | 'hazard_tickets' | 'inspection_rounds', key: 'id' | 'number', id: string, expectedRevision: number, row: Record<string, unknown>): Promise<boolean> {
    // Kysely's per-table row types do not narrow through the generic table name; the rows are built above per table.
    /* eslint-disable @typescript-eslint/no-explicit-any */
    const db = this.db as Kysely<any>;
    const name = table as string;
    if (expectedRevision === 0) {
      const result = await db.insertInto(name).values(row).onConflict((oc) => oc.column(key).doNothing()).executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    }
    const result = await db.updateTable(name).set(row).where(key, '=', id).where('revision', '=', expectedRevision).executeTakeFirst();
    /* eslint-enable @typescript-eslint/no-explicit-any */
    return result.numUpdatedRows > 0n;
  }
}

function parsed<T>(row: { document_json: string; revision: number; updated_ms: number }): Stored<T> {
  return { record: JSON.parse(row.document_json) as T, revision: Number(row.revision), updatedMs: Number(row.updated_ms) };
}
