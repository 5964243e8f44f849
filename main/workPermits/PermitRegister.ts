import {
  describePermitIssues,
  GasTestSchema,
  PERMIT_FINISHED_STATES,
  PermitSchema,
  PermitStepRequestSchema,
  type Permit,
  type PermitChangeKind,
  type PermitDetail,
  type PermitListQuery,
  type PermitLocation,
  type PermitRecordView,
  type PermitRule,
  type PermitSignature,
  type SessionUser,
} from '../contracts/index.js';
import type { JournalSink } from '../audit/index.js';
import type { CoreTopics, MessageBus } from '../bus/index.js';
import type { CodedResult } from '../http/index.js';
import type { PermitRecords, StoredPermit } from '../historian/index.js';
import type { Logger } from '../log/index.js';
import { applyPermitStep, recordGasTest, suspendByRule, type PermitLifecycleContext, type PermitProblemCode, type PermitStepResult } from '../permits/index.js';
import type { ActivePermits } from './activePermits.js';
import { permitBounds, permitView, permitViewFor } from './permitViews.js';

/** The register's answer: the value, or a coded problem with the HTTP status it is answered with. */
export type RegisterResult<T> = CodedResult<T>;

/** Journal `data.action` of a filed permit and of a step (the audit journal, `safetwin audit verify`). */
export const PERMIT_CREATED_ACTION = 'permitCreated';
export const PERMIT_STEP_ACTION = 'permitStep';
export const PERMIT_GAS_TEST_ACTION = 'permitGasTest';

type RegisterCode = PermitProblemCode | 'ST_ERR_PERMIT_REGISTER_UNAVAILABLE' | 'ST_ERR_PERMIT_NOT_FOUND' | 'ST_ERR_PERMIT_DUPLICATE' | 'ST_ERR_PERMIT_CONFLICT';
const STATUS_OF: Partial<Record<RegisterCode, 400 | 403 | 404 | 409 | 503>> = {
  ST_ERR_PERMIT_INVALID: 400,
  ST_ERR_PERMIT_FORBIDDEN: 403,
  ST_ERR_PERMIT_NAMED_USER: 403,
  ST_ERR_PERMIT_NOT_FOUND: 404,
  ST_ERR_PERMIT_REGISTER_UNAVAILABLE: 503,
};
/** A refusal: the lifecycle's refusals of a well-formed step are conflicts with the permit as it stands (409). */
function refused<T>(code: RegisterCode, message: string): RegisterResult<T> {
  return { ok: false, status: STATUS_OF[code] ?? 409, problem: { code, severity: 'info', message } };
}

export type PermitRegisterOptions = {
  /** The historian's permit records; null when the core runs without a historian (every request answers 503). */
  records: PermitRecords | null;
  bus: MessageBus<CoreTopics>;
  journal: JournalSink;
  /** The site calendar and the O2 limits the lifecycle checks with (config `permits`). */
  lifecycle: PermitLifecycleContext;
  /** The scene area a permit lies in (permitViews areaLocator). */
  areaOf: (location: PermitLocation) => string | null;
  logger: Logger;
  nowMs?: () => number;
};

/**
 * The special-operation permit register in the running core (issue 17, docs/permits.md): files permits
 * (drafts entered in SafeTwin, imports from a plant's permit system), lists them, returns one with its
 * signed trace, and takes lifecycle steps through main/permits (applyPermitStep, suspendByRule). A change
 * is stored in one transaction, then journaled (who, what, why) and published on the bus (`permitChanged`,
 * and `permit:changed` to the screens, names only to roles that may see them). Writes are taken one at a
 * time, so each step is checked against the permit as the previous one left it.
 */
export class PermitRegister implements ActivePermits {
  private readonly unfinished = new Map<string, Permit>();
  private readonly listeners = new Set<() => void>();
  private writes: Promise<unknown> = Promise.resolve();
  private readonly nowMs: () => number;

  private constructor(private readonly options: PermitRegisterOptions) {
    this.nowMs = options.nowMs ?? Date.now;
  }

  /** The register with the permits not yet closed loaded (the live checks' `current()`). */
  static async open(options: PermitRegisterOptions): Promise<PermitRegister> {
    const register = new PermitRegister(options);
    for (const stored of (await options.records?.unfinished()) ?? []) register.unfinished.set(stored.permit.number, stored.permit);
    return register;
  }

  get available(): boolean {
    return this.options.records !== null;
  }

  current(): readonly Permit[] {
    return [...this.unfinished.values()];
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Files a permit: a draft entered in SafeTwin ('ui': a draft without signatures), or an import from a plant's
   * permit system ('import': in any state, with the signatures it has so far, which must form one trail).
   */
  create(body: unknown, user: SessionUser, source: StoredPermit['source']): Promise<RegisterResult<PermitRecordView>> {
    const records = this.options.records;
    if (!records) return Promise.resolve(unavailable());
    const parsed = PermitSchema.safeParse(body);
    if (!parsed.success) return Promise.resolve(refused('ST_ERR_PERMIT_INVALID', describePermitIssues(parsed.error)));
    const permit = parsed.data;
    const problem = source === 'ui' ? draftProblem(permit) : trailProblem(permit);
    if (problem) return Promise.resolve(refused('ST_ERR_PERMIT_INVALID', problem));
    // Every record change names who made it (as every signed step does).
    if (user.implicit) return Promise.resolve(refused('ST_ERR_PERMIT_NAMED_USER', 'filing a permit needs a signed-in user'));
    return this.exclusive(async () => {
      const atMs = this.nowMs();
      const areaId = this.options.areaOf(permit.location);
      const inserted = await records.insert({ permit, source, createdBy: user.name, atMs, areaId, bounds: permitBounds(permit.location) });
      if (!inserted) return refused('ST_ERR_PERMIT_DUPLICATE', `permit ${permit.number} is already registered`);
      await this.record(user.name, { action: PERMIT_CREATED_ACTION, number: permit.number, type: permit.type, state: permit.state, source, signatures: permit.signatures.length });
      const stored: StoredPermit = { permit, revision: 1, source, createdBy: user.name, createdMs: atMs, updatedMs: atMs, areaId };
      this.changed(stored, 'created', user.name);
      return { ok: true, value: permitViewFor(user, stored) };
    });
  }

  async list(query: PermitListQuery, user: SessionUser): Promise<RegisterResult<PermitRecordView[]>> {
    const records = this.options.records;
    if (!records) return unavailable();
    const stored = await records.list({ ...query, limit: query.limit ?? 200 });
    return { ok: true, value: stored.map((s) => permitViewFor(user, s)) };
  }

  async get(number: string, user: SessionUser): Promise<RegisterResult<PermitDetail>> {
    const records = this.options.records;
    if (!records) return unavailable();
    const stored = await records.get(number);
    if (!stored) return refused('ST_ERR_PERMIT_NOT_FOUND', `no permit ${number}`);
    return { ok: true, value: { ...permitViewFor(user, stored), trace: await records.steps(number) } };
  }

  /** A lifecycle step signed by `user` (its role checked by the lifecycle); answers the permit with its trace. */
  step(number: string, body: unknown, user: SessionUser): Promise<RegisterResult<PermitDetail>> {
    if (!this.options.records) return Promise.resolve(unavailable());
    const request = PermitStepRequestSchema.safeParse(body);
    if (!request.success) return Promise.resolve(refused('ST_ERR_PERMIT_INVALID', describePermitIssues(request.error)));
    return this.exclusive(async () => {
      const taken = await this.take(number, user.name, (permit, nowMs) => applyPermitStep(permit, request.data, user, nowMs, this.options.lifecycle));
      return taken.ok ? this.get(number, user) : taken;
    });
  }

  /**
   * A gas analysis entered by `user` (main/permits recordGasTest: permit:operate, named, not in the future),
   * stored over the revision it was decided on, journaled with its readings and who analysed it, and
   * published as any change; answers the permit with its trace.
   */
  gasTest(number: string, body: unknown, user: SessionUser): Promise<RegisterResult<PermitDetail>> {
    const records = this.options.records;
    if (!records) return Promise.resolve(unavailable());
    const test = GasTestSchema.safeParse(body);
    if (!test.success) return Promise.resolve(refused('ST_ERR_PERMIT_INVALID', describePermitIssues(test.error)));
    return this.exclusive(async () => {
      const stored = await records.get(number);
      if (!stored) return refused('ST_ERR_PERMIT_NOT_FOUND', `no permit ${number}`);
      const atMs = this.nowMs();
      const result = recordGasTest(stored.permit, test.data, user, atMs);
      if (!result.ok) return refused(result.code, result.message);
      if (!(await records.updateDocument(result.permit, stored.revision, atMs))) return refused('ST_ERR_PERMIT_CONFLICT', `permit ${number} was changed by another writer; read it again`);
      await this.record(user.name, { action: PERMIT_GAS_TEST_ACTION, number, ...test.data });
      this.changed({ ...stored, permit: result.permit, revision: stored.revision + 1, updatedMs: atMs }, 'gasTest', user.name);
      return this.get(number, user);
    });
  }

  /** A live rule stops the work: signed 'system' with the rule as the reason; false when the permit is not in work. */
  suspendByRule(permitId: string, rule: PermitRule, atMs: number): Promise<boolean> {
    if (!this.options.records) return Promise.resolve(false);
    return this.exclusive(async () => (await this.take(permitId, 'system', (permit) => suspendByRule(permit, rule, atMs), atMs)).ok);
  }

  /** Waits for the writes in flight (closing the core before the historian). */
  async close(): Promise<void> {
    await this.writes.catch(() => undefined);
  }

  private async take(number: string, by: string, decide: (permit: Permit, nowMs: number) => PermitStepResult, atMs = this.nowMs()): Promise<RegisterResult<PermitSignature>> {
    const records = this.options.records!;
    const stored = await records.get(number);
    if (!stored) return refused('ST_ERR_PERMIT_NOT_FOUND', `no permit ${number}`);
    const result = decide(stored.permit, atMs);
    if (!result.ok) return refused(result.code, result.message);
    if (!(await records.appendStep(result.permit, result.step, stored.revision, atMs))) {
      return refused('ST_ERR_PERMIT_CONFLICT', `permit ${number} was changed by another writer; read it again`);
    }
    const { step } = result;
    await this.record(by, {
      action: PERMIT_STEP_ACTION,
      number,
      step: step.action,
      from: step.from,
      to: step.to,
      role: step.role,
      atMs: step.atMs,
      ...(step.authority !== undefined && { authority: step.authority }),
      ...(step.unit !== undefined && { unit: step.unit }),
      ...(step.reasonCode !== undefined && { reasonCode: step.reasonCode }),
      ...(step.note !== undefined && { note: step.note }),
    });
    this.changed({ ...stored, permit: result.permit, revision: stored.revision + 1, updatedMs: atMs }, step.action, by);
    return { ok: true, value: step };
  }

  /** The audit journal's entry of a change (stored first: the journal records what is in the register). */
  private async record(by: string, data: Record<string, unknown>): Promise<void> {
    await this.options.journal.append({ kind: 'note', by, data }).catch((error: unknown) => this.options.logger.error({ err: error, ...data }, 'audit journal: permit change not recorded'));
  }

  private changed(stored: StoredPermit, change: PermitChangeKind, by: string) {
    const { permit } = stored;
    if (PERMIT_FINISHED_STATES.has(permit.state)) this.unfinished.delete(permit.number);
    else this.unfinished.set(permit.number, permit);
    this.options.bus.publish('permitChanged', { permit, change, by });
    this.options.bus.publish('toScreens', { event: 'permit:changed', payload: { record: permitView(stored, true), change, by }, anonymous: { record: permitView(stored, false), change, by } });
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (error) {
        this.options.logger.error({ err: error }, 'permit change listener failed');
      }
    }
  }

  /** One write at a time: each step is decided on the permit the previous write left. */
  private exclusive<T>(write: () => Promise<T>): Promise<T> {
    const next = this.writes.then(write, write);
    this.writes = next.catch(() => undefined);
    return next;
  }
}

function unavailable<T>(): RegisterResult<T> {
  return refused('ST_ERR_PERMIT_REGISTER_UNAVAILABLE', 'this core runs without a historian (--historian): it keeps no permits');
}

/** A draft entered in SafeTwin starts the lifecycle: no signatures yet. */
function draftProblem(permit: Permit): string | null {
  return permit.state === 'draft' && permit.signatures.length === 0 ? null : 'state: a new draft is in state draft without signatures (its steps are taken in SafeTwin)';
}

/**
 * An imported permit's signatures form one trail: from a draft, each step leaving the state the previous
 * one reached, in time order, ending in the permit's state.
 */
function trailProblem(permit: Permit): string | null {
  let state: Permit['state'] = 'draft';
  let lastMs = -Infinity;
  for (const [i, step] of permit.signatures.entries()) {
    if (step.from !== state) return `signatures.${i}.from: the step leaves ${step.from} but the permit was ${state}`;
    if (step.atMs < lastMs) return `signatures.${i}.atMs: signatures must be in time order`;
    state = step.to;
    lastMs = step.atMs;
  }
  return permit.state === state ? null : `state: the signatures end in ${state}, not ${permit.state}`;
}
