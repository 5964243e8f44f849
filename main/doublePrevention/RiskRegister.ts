import {
  describeRecordIssues,
  RiskPointEntrySchema,
  type AreaRiskGrade,
  type ControlFailure,
  type RiskGrade,
  type RiskPointEntry,
  type RiskPointView,
  type Scene,
  type SessionUser,
} from '../contracts/index.js';
import type { JournalSink } from '../audit/index.js';
import type { CoreTopics, MessageBus } from '../bus/index.js';
import { gradeAssessment, liveRiskGrade, mostSevereGrade, type HazardsConfig } from '../hazards/index.js';
import type { HazardRecords, Stored } from '../historian/index.js';
import type { CodedResult } from '../http/index.js';
import type { Logger } from '../log/index.js';
import { HAZARD_JOURNAL_ACTIONS, journalChange, refused, refuseUnlessNamed, unavailable, WriteQueue } from './registerResults.js';

/** Risk points of one register: a large plant lists a few hundred units and their equipment. */
export const MAX_RISK_POINTS = 5_000;

export type RiskRegisterOptions = {
  records: HazardRecords | null;
  journal: JournalSink;
  bus: MessageBus<CoreTopics>;
  scene: Pick<Scene, 'areas' | 'equipment'>;
  config: HazardsConfig;
  logger: Logger;
  nowMs?: () => number;
};

/**
 * The risk register (风险分级管控, issue 18 item 1, docs/hazards.md §1): risk points graded by the site's method,
 * each area's colour on the four-colour map being its most severe point's live grade — one grade up while a
 * control it relies on has failed (main/hazards liveRiskGrade), with the failures listed. The failures come
 * from RiskGradeWatch; the map goes to every screen as `risk:areas` whenever a grade or its causes change.
 * Risk points are kept by the safety side (hazard:handle), journaled, written through to the historian.
 */
export class RiskRegister {
  private readonly points = new Map<string, Stored<RiskPointEntry>>();
  private readonly queue = new WriteQueue();
  private failures: readonly ControlFailure[] = [];
  private areaGrades: AreaRiskGrade[] = [];
  private areasKey = '';
  private readonly now: () => number;

  private constructor(private readonly options: RiskRegisterOptions) {
    this.now = options.nowMs ?? Date.now;
  }

  static async open(options: RiskRegisterOptions): Promise<RiskRegister> {
    const register = new RiskRegister(options);
    for (const point of (await options.records?.riskPoints()) ?? []) register.points.set(point.record.id, point);
    register.regrade(false);
    return register;
  }

  get available(): boolean {
    return this.options.records !== null;
  }

  /** The four-colour map now (every area with a risk point). */
  areas(): AreaRiskGrade[] {
    return this.areaGrades;
  }

  list(): CodedResult<RiskPointView[]> {
    if (!this.available) return unavailable();
    return { ok: true, value: [...this.points.values()].map((stored) => this.view(stored)) };
  }

  /** The failing controls now (RiskGradeWatch): the map re-grades and, if it changed, goes to the screens. */
  setFailures(failures: readonly ControlFailure[]): void {
    this.failures = failures;
    this.regrade(true);
  }

  /** Creates or replaces risk point `id` (PUT /api/risk-points/:id): its area and equipment must be the scene's, its assessment within the matrix. */
  put(id: string, body: unknown, user: SessionUser): Promise<CodedResult<RiskPointView>> {
    const records = this.options.records;
    if (!records) return Promise.resolve(unavailable());
    const denied = refuseUnlessNamed(user, 'hazard:handle', 'change the risk register');
    if (denied) return Promise.resolve(denied);
    const parsed = RiskPointEntrySchema.safeParse(body);
    if (!parsed.success) return Promise.resolve(refused('ST_ERR_HAZARD_INVALID', describeRecordIssues(parsed.error, 'risk point')));
    const point = parsed.data;
    if (point.id !== id) return Promise.resolve(refused('ST_ERR_HAZARD_INVALID', `id: the body's id ${point.id} is not the path's ${id}`));
    if (!this.options.scene.areas.some((a) => a.id === point.areaId)) return Promise.resolve(refused('ST_ERR_HAZARD_CONFLICT', `areaId: no area ${point.areaId} in the scene`));
    const unknownEquipment = point.equipmentIds.find((e) => !this.options.scene.equipment.some((x) => x.id === e));
    if (unknownEquipment !== undefined) return Promise.resolve(refused('ST_ERR_HAZARD_CONFLICT', `equipmentIds: no equipment ${unknownEquipment} in the scene`));
    const grading = gradeAssessment(point.assessment, this.options.config);
    if (!grading.ok) return Promise.resolve(refused(grading.code, grading.message));
    return this.queue.run(async () => {
      const previous = this.points.get(id);
      if (!previous && this.points.size >= MAX_RISK_POINTS) return refused('ST_ERR_HAZARD_FULL', `the register holds ${MAX_RISK_POINTS} risk points`);
      const atMs = this.now();
      const revision = previous?.revision ?? 0;
      if (!(await records.saveDocument('risk_points', id, point, revision, atMs))) return refused('ST_ERR_HAZARD_CONFLICT', `risk point ${id} was changed by another writer; read it again`);
      const stored = { record: point, revision: revision + 1, updatedMs: atMs };
      this.points.set(id, stored);
      await journalChange(this.options.journal, this.options.logger, user.name, { action: HAZARD_JOURNAL_ACTIONS.riskPointSaved, id, areaId: point.areaId, method: grading.method, score: grading.score, grade: grading.grade, revision: stored.revision });
      this.regrade(true);
      return { ok: true, value: this.view(stored) };
    });
  }

  delete(id: string, user: SessionUser): Promise<CodedResult<{ id: string }>> {
    const records = this.options.records;
    if (!records) return Promise.resolve(unavailable());
    const denied = refuseUnlessNamed(user, 'hazard:handle', 'change the risk register');
    if (denied) return Promise.resolve(denied);
    return this.queue.run(async () => {
      if (!this.points.has(id) || !(await records.deleteDocument('risk_points', id))) return refused('ST_ERR_HAZARD_NOT_FOUND', `no risk point ${id}`);
      this.points.delete(id);
      await journalChange(this.options.journal, this.options.logger, user.name, { action: HAZARD_JOURNAL_ACTIONS.riskPointDeleted, id });
      this.regrade(true);
      return { ok: true, value: { id } };
    });
  }

  close(): Promise<void> {
    return this.queue.drained();
  }

  private view(stored: Stored<RiskPointEntry>): RiskPointView {
    const grading = gradeAssessment(stored.record.assessment, this.options.config);
    // Stored points were graded when saved; a matrix changed since then leaves them at their recorded score's lowest grade.
    const assessed: RiskGrade = grading.ok ? grading.grade : 'low';
    const live = liveRiskGrade(stored.record, assessed, this.failures);
    return { point: stored.record, assessed, score: grading.ok ? grading.score : 0, grade: live.grade, causes: live.causes, revision: stored.revision, updatedMs: stored.updatedMs };
  }

  /** Recomputes each area's grade; tells the screens when the map changed. */
  private regrade(announce: boolean): void {
    const byArea = new Map<string, RiskPointView[]>();
    for (const stored of this.points.values()) {
      const view = this.view(stored);
      byArea.set(view.point.areaId, [...(byArea.get(view.point.areaId) ?? []), view]);
    }
    const areas: AreaRiskGrade[] = [...byArea].map(([areaId, views]) => {
      const causes = new Map<string, ControlFailure>();
      for (const view of views) for (const cause of view.causes) causes.set(JSON.stringify(cause), cause);
      return {
        areaId,
        grade: mostSevereGrade(views.map((v) => v.grade))!,
        assessed: mostSevereGrade(views.map((v) => v.assessed))!,
        causes: [...causes.values()],
        riskPointIds: views.map((v) => v.point.id),
      };
    });
    areas.sort((a, b) => a.areaId.localeCompare(b.areaId));
    const key = JSON.stringify(areas);
    if (key === this.areasKey) return;
    this.areasKey = key;
    this.areaGrades = areas;
    if (announce) this.options.bus.publish('toScreens', { event: 'risk:areas', payload: areas });
  }
}
