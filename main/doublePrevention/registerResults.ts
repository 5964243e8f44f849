import { roleMay, type Action, type HAZARD_PROBLEM_CODES, type SessionUser } from '../contracts/index.js';
import type { JournalSink } from '../audit/index.js';
import type { CodedResult } from '../http/index.js';
import type { Logger } from '../log/index.js';

export type HazardCode = keyof typeof HAZARD_PROBLEM_CODES;
const STATUS_OF: Record<HazardCode, 400 | 403 | 404 | 409 | 503> = {
  ST_ERR_HAZARD_INVALID: 400,
  ST_ERR_HAZARD_ASSESSMENT: 400,
  ST_ERR_HAZARD_DEADLINE: 400,
  ST_ERR_HAZARD_MEDIA: 400,
  ST_ERR_HAZARD_FORBIDDEN: 403,
  ST_ERR_HAZARD_NAMED_USER: 403,
  ST_ERR_HAZARD_SAME_PERSON: 403,
  ST_ERR_HAZARD_NOT_FOUND: 404,
  ST_ERR_HAZARD_STATE: 409,
  ST_ERR_HAZARD_CONFLICT: 409,
  ST_ERR_HAZARD_FULL: 409,
  ST_ERR_HAZARD_REGISTER_UNAVAILABLE: 503,
};

/** A coded refusal with the HTTP status it is answered with (nothing changed). */
export function refused<T>(code: HazardCode, message: string): CodedResult<T> {
  return { ok: false, status: STATUS_OF[code], problem: { code, severity: 'info', message } };
}

/** A change the registers take only from a signed-in user whose role may `doing` it: the refusal, or null. */
export function refuseUnlessNamed(user: SessionUser, action: Action, doing: string): CodedResult<never> | null {
  if (!roleMay(user.role, action)) return refused('ST_ERR_HAZARD_FORBIDDEN', `role ${user.role} may not ${doing} (needs ${action})`);
  if (user.implicit) return refused('ST_ERR_HAZARD_NAMED_USER', `${doing} needs a signed-in user`);
  return null;
}

export function unavailable<T>(): CodedResult<T> {
  return refused('ST_ERR_HAZARD_REGISTER_UNAVAILABLE', 'this core runs without a historian: it keeps no hidden dangers, risk points or inspection rounds');
}

/**
 * Journal `data.action` of each change (the audit journal, `safetwin audit verify`): codes, states and counts;
 * the signer is the entry's `by`.
 */
export const HAZARD_JOURNAL_ACTIONS = {
  reported: 'hazardReported',
  /** Tickets filed with their trails already signed (the demo's). */
  seeded: 'hazardSeeded',
  step: 'hazardStep',
  media: 'hazardMediaStored',
  riskPointSaved: 'riskPointSaved',
  riskPointDeleted: 'riskPointDeleted',
  planSaved: 'inspectionPlanSaved',
  roundStarted: 'inspectionRoundStarted',
  checkIn: 'inspectionCheckIn',
  results: 'inspectionResults',
} as const;

/** Writes one change to the audit journal after it is stored (the journal records what is in the register); a failure is logged, never thrown. */
export function journalChange(journal: JournalSink, logger: Logger, by: string, data: Record<string, unknown> & { action: string }): Promise<void> {
  return journal.append({ kind: 'note', by, data }).then(
    () => undefined,
    (error: unknown) => logger.error({ err: error, ...data }, 'audit journal: double-prevention change not recorded'),
  );
}

/** One write at a time per register: each change is decided on what the previous write left. */
export class WriteQueue {
  private writes: Promise<unknown> = Promise.resolve();
  run<T>(write: () => Promise<T>): Promise<T> {
    const next = this.writes.then(write, write);
    this.writes = next.catch(() => undefined);
    return next;
  }
  async drained(): Promise<void> {
    await this.writes.catch(() => undefined);
  }
}

/** Who is told when a register changed (the watches); a listener that throws is logged and the others still run. */
export class ChangeListeners {
  private readonly listeners = new Set<() => void>();
  constructor(
    private readonly logger: Logger,
    private readonly what: string,
  ) {}
  add(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  notify(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (error) {
        this.logger.error({ err: error }, `${this.what} change listener failed`);
      }
    }
  }
}
