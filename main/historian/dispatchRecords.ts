import type { Kysely } from 'kysely';
import type { AlarmCondition, AlarmSourceKind, Disposition, ImageBox, Roster, RosterDocument, WarningView } from '../contracts/index.js';
import type { DispositionRow } from '../dispatch/index.js';
import type { HistorianDatabase } from './schema.js';

/**
 * A warning as the desk keeps and stores it: the view less the viewer's `mine`, with what the statistics and
 * the messages need besides — the camera rule and vision model behind a camera alarm, the alarm's value and unit
 * at activation — and `revision`, the writes so far.
 */
export type StoredWarning = Omit<WarningView, 'mine'> & { cameraRuleId?: string; modelId?: string; value?: number; unit?: string; cameraEvent?: WarningCameraEvent; revision: number };

/** The camera event behind a camera alarm: its evidence (event id, the model's class) and, once the event is seen, its box and score (re-training samples). */
export type WarningCameraEvent = { eventId: string; cameraId: string; label: string; score?: number; box?: ImageBox | null };

/**
 * Warning dispatch's records in the historian (issue 19, docs/dispatch.md, schema step 9): each warning's current
 * record keyed by its id, and the duty roster as numbered revisions, with the same Kysely queries on both engines.
 * The desk is the only writer of warnings (it holds them in memory and writes through, latest copy wins); a roster
 * revision is inserted under its number, so two saves of the same revision cannot both succeed.
 */
export class DispatchRecords {
  constructor(private readonly db: Kysely<HistorianDatabase>) {}

  /** The newest `limit` warnings not closed (the desk's start), oldest first. */
  async unclosedWarnings(limit: number): Promise<StoredWarning[]> {
    const rows = await this.db.selectFrom('dispatch_warnings').select('doc_json').where('state', '!=', 'closed').orderBy('raised_at_ms', 'desc').limit(limit).execute();
    return rows.reverse().map((row) => JSON.parse(row.doc_json) as StoredWarning);
  }

  /** Warnings raised in [fromMs, toMs], newest first, at most `limit`. */
  async warnings(query: { fromMs: number; toMs: number; limit: number }): Promise<StoredWarning[]> {
    const rows = await this.db
      .selectFrom('dispatch_warnings')
      .select('doc_json')
      .where('raised_at_ms', '>=', query.fromMs)
      .where('raised_at_ms', '<=', query.toMs)
      .orderBy('raised_at_ms', 'desc')
      .limit(query.limit)
      .execute();
    return rows.map((row) => JSON.parse(row.doc_json) as StoredWarning);
  }

  /** Camera warnings disposed false raised in [fromMs, toMs], oldest first, at most `limit` (the re-training samples). */
  async falseCameraWarnings(query: { fromMs: number; toMs: number; limit: number }): Promise<StoredWarning[]> {
    const rows = await this.db
      .selectFrom('dispatch_warnings')
      .select('doc_json')
      .where('source_kind', '=', 'camera')
      .where('disposition', '=', 'false')
      .where('raised_at_ms', '>=', query.fromMs)
      .where('raised_at_ms', '<=', query.toMs)
      .orderBy('raised_at_ms')
      .limit(query.limit)
      .execute();
    return rows.map((row) => JSON.parse(row.doc_json) as StoredWarning);
  }

  async warning(warningId: string): Promise<StoredWarning | undefined> {
    const row = await this.db.selectFrom('dispatch_warnings').select('doc_json').where('warning_id', '=', warningId).executeTakeFirst();
    return row && (JSON.parse(row.doc_json) as StoredWarning);
  }

  /** The statistics' columns of the warnings raised in [fromMs, toMs]. */
  async statsRows(fromMs: number, toMs: number): Promise<DispositionRow[]> {
    const rows = await this.db
      .selectFrom('dispatch_warnings')
      .select(['warning_id', 'alarm_id', 'source_id', 'source_kind', 'condition', 'raised_at_ms', 'acknowledged_at_ms', 'cleared_at_ms', 'disposition', 'camera_rule_id', 'model_id'])
      .where('raised_at_ms', '>=', fromMs)
      .where('raised_at_ms', '<=', toMs)
      .execute();
    return rows.map((r) => ({
      warningId: r.warning_id,
      alarmId: r.alarm_id,
      sourceId: r.source_id,
      sourceKind: r.source_kind as AlarmSourceKind,
      condition: r.condition as AlarmCondition,
      raisedAtMs: Number(r.raised_at_ms),
      ...(r.acknowledged_at_ms !== null && { acknowledgedAtMs: Number(r.acknowledged_at_ms) }),
      ...(r.cleared_at_ms !== null && { clearedAtMs: Number(r.cleared_at_ms) }),
      ...(r.disposition !== null && { disposition: r.disposition as Disposition }),
      ...(r.camera_rule_id !== null && { cameraRuleId: r.camera_rule_id }),
      ...(r.model_id !== null && { modelId: r.model_id }),
    }));
  }

  /** Writes the warnings' current copies in one transaction (insert or replace). */
  async saveWarnings(warnings: readonly StoredWarning[], atMs: number): Promise<void> {
    if (warnings.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (const w of warnings) {
        const row = {
          warning_id: w.warningId,
          alarm_id: w.alarmId,
          source_id: w.sourceId,
          source_kind: w.sourceKind,
          area_id: w.areaId ?? null,
          condition: w.condition,
          priority: w.priority,
          raised_at_ms: w.raisedAtMs,
          state: w.state,
          level: w.level,
          acknowledged_at_ms: w.acknowledgedAtMs ?? null,
          cleared_at_ms: w.clearedAtMs ?? null,
          closed_at_ms: w.closedAtMs ?? null,
          disposition: w.disposition?.kind ?? null,
          camera_rule_id: w.cameraRuleId ?? null,
          model_id: w.modelId ?? null,
          updated_ms: atMs,
          revision: w.revision,
          doc_json: JSON.stringify(w),
        };
        const { warning_id: _key, ...changed } = row;
        await trx.insertInto('dispatch_warnings').values(row).onConflict((oc) => oc.column('warning_id').doUpdateSet(changed)).execute();
      }
    });
  }

  /** The newest roster revision, or undefined when none was ever saved. */
  async roster(): Promise<RosterDocument | undefined> {
    const row = await this.db.selectFrom('dispatch_roster').selectAll().orderBy('revision', 'desc').limit(1).executeTakeFirst();
    return row && { ...(JSON.parse(row.doc_json) as Roster), revision: Number(row.revision), savedAtMs: Number(row.saved_at_ms), savedBy: row.saved_by };
  }

  /** Stores a roster as `revision`; false when that revision exists already (another save came first). */
  async saveRoster(roster: Roster, revision: number, savedBy: string, savedAtMs: number): Promise<boolean> {
    const result = await this.db
      .insertInto('dispatch_roster')
      .values({ revision, saved_at_ms: savedAtMs, saved_by: savedBy, doc_json: JSON.stringify(roster) })
      .onConflict((oc) => oc.column('revision').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }
}
