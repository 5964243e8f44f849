import { roleMay, type Action, type DISPATCH_PROBLEM_CODES, type SessionUser } from '../contracts/index.js';
import type { JournalSink } from '../audit/index.js';
import type { CodedResult } from '../http/index.js';
import type { Logger } from '../log/index.js';

type DispatchCode = keyof typeof DISPATCH_PROBLEM_CODES;
/** The refusals of the desk's and the roster book's requests, with their HTTP status. */
const STATUS_OF = {
  ST_ERR_DISPATCH_INVALID: 400,
  ST_ERR_DISPATCH_ROSTER: 400,
  ST_ERR_DISPATCH_FORBIDDEN: 403,
  ST_ERR_DISPATCH_NAMED_USER: 403,
  ST_ERR_DISPATCH_NOT_FOUND: 404,
  ST_ERR_DISPATCH_STATE: 409,
  ST_ERR_DISPATCH_CONFLICT: 409,
  ST_ERR_DISPATCH_OUTBOX_FULL: 503,
  ST_ERR_DISPATCH_PUSH_OFF: 503,
} as const satisfies Partial<Record<DispatchCode, 400 | 403 | 404 | 409 | 503>>;
export type DispatchRefusal = keyof typeof STATUS_OF;

/** A coded refusal with the HTTP status it is answered with (nothing changed). */
export function refused<T>(code: DispatchRefusal, message: string): CodedResult<T> {
  return { ok: false, status: STATUS_OF[code], problem: { code, severity: 'info', message } };
}

/** A change taken only from a signed-in user whose role may `action`: the refusal, or null. */
export function refuseUnlessNamed(user: SessionUser, action: Action, doing: string): CodedResult<never> | null {
  if (!roleMay(user.role, action)) return refused('ST_ERR_DISPATCH_FORBIDDEN', `role ${user.role} may not ${doing} (needs ${action})`);
  if (user.implicit) return refused('ST_ERR_DISPATCH_NAMED_USER', `${doing} needs a signed-in user`);
  return null;
}

/**
 * Journal `data.action` of each dispatch step (the audit journal, `safetwin audit verify`): ids, states, posts
 * and roster people by id; the user (or 'dispatch' for the desk's own steps) is the entry's `by`.
 */
export const DISPATCH_JOURNAL_ACTIONS = {
  rosterSeeded: 'dutyRosterSeeded',
  rosterSaved: 'dutyRosterSaved',
  rosterImported: 'dutyRosterImported',
  opened: 'warningOpened',
  acknowledged: 'warningAcknowledged',
  escalated: 'warningEscalated',
  cleared: 'warningCleared',
  disposed: 'warningDisposed',
  noted: 'warningNoted',
  read: 'warningRead',
  notified: 'warningNotified',
  delivery: 'warningDelivery',
  refused: 'warningsRefused',
} as const;

/** The desk's own steps (escalations, automatic dispositions) are signed by this name. */
export const DISPATCH_USER = 'dispatch';

/** Writes one step to the audit journal (kind 'note', as the registers do); a failure is logged, never thrown. */
export function journalStep(journal: JournalSink | null, logger: Logger, by: string, data: Record<string, unknown> & { action: string }): Promise<void> {
  if (!journal) return Promise.resolve();
  return journal.append({ kind: 'note', by, data }).then(
    () => undefined,
    (error: unknown) => logger.error({ err: error, ...data }, 'audit journal: dispatch step not recorded'),
  );
}
