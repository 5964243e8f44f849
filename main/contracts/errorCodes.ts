import { PROBLEM_CODES } from './problems.js';
import { RECORDING_PROBLEM_CODES } from './replay.js';
import { VISION_PROBLEM_CODES } from './vision.js';

/**
 * The one catalogue of error codes (ST_ERR_<AREA>_<WHAT>, architecture §5): every code the core sends to a
 * screen, writes in a log or returns from the CLI, with its meaning in English (logs; screens word it in
 * their language, renderer/src/i18n/features/words.*.json). tests/integration/errorCodes.test.ts checks that
 * every code in the core's sources is here and translated in both languages.
 */

/** Leak studies and simulated releases. */
export const DISPERSION_PROBLEM_CODES = {
  ST_ERR_DISPERSION_BAD_REQUEST: 'The leak study request is malformed (give a hole diameter or a release rate, and sensible durations)',
  ST_ERR_DISPERSION_BAD_HOLE: 'The hole is not smaller than the pipe or vessel it is in',
  ST_ERR_DISPERSION_UNKNOWN_EQUIPMENT: 'No such equipment in the scene',
  ST_ERR_DISPERSION_NO_SUBSTANCE: 'The equipment holds no substance the dispersion model knows',
  ST_ERR_DISPERSION_TOO_MANY_LEAKS: 'As many leaks as the core models at once are already running',
  ST_ERR_DISPERSION_NO_SIMULATOR: 'This core runs no plant simulator: a release can only be simulated on the demo plant',
} as const;

/** Operator actions on alarms the engine refused (at the start of each error text it returns). */
export const ALARM_COMMAND_PROBLEM_CODES = {
  ST_ERR_ALARM_UNKNOWN: 'No such alarm',
  ST_ERR_ALARM_STATE: 'The alarm is not in a state that allows this action',
  ST_ERR_ALARM_COMMAND_INVALID: 'The alarm action is malformed',
} as const;

/** The historian (docs/historian.md). */
export const HISTORIAN_PROBLEM_CODES = {
  ST_ERR_HISTORIAN_SCHEMA_NEWER: 'The historian database was written by a newer SafeTwin (its schema version is higher than this build knows); it is left untouched',
  ST_ERR_HISTORIAN_URL: 'The historian location is not a PostgreSQL URL (postgres://…) or a file path',
  ST_ERR_HISTORIAN_OPEN: 'The historian database cannot be opened',
  ST_ERR_HISTORIAN_MIGRATION: 'A historian schema migration failed; the database is left at its previous version',
  ST_ERR_HISTORIAN_SLOW: 'The historian database is slow: writes are queued and spooled to disk, nothing is lost while the spool has room',
  ST_ERR_HISTORIAN_LOST: 'The historian database cannot be reached: history is spooled to disk and written when it returns',
  ST_ERR_HISTORIAN_SPOOL_FULL: 'The historian spool on disk is full: history is being lost until the database returns',
  ST_ERR_HISTORIAN_BUDGET: "The historian's disk holds fewer days at the current rate than raw samples are kept",
  ST_ERR_HISTORIAN_TIMESCALE: 'TimescaleDB is on the PostgreSQL server but could not be used: the historian keeps plain tables (no hypertables or compression)',
  ST_ERR_HISTORIAN_QUERY_TOO_LARGE: 'The range holds more rows than one query may read; ask for a shorter range',
} as const;

/** Recording and the audit journal, besides the recording problems of replay.ts. */
export const RECORDER_PROBLEM_CODES = {
  ST_ERR_RECORDING_BUDGET: 'The recordings disk holds fewer days at the current rate than recordings are kept',
  ST_ERR_AUDIT_KEY: 'The audit key file is missing, too short or inside the data directory',
} as const;

/** Special-operation permits (docs/permits.md): refusals of the lifecycle and the register's input checks. */
export const PERMIT_PROBLEM_CODES = {
  ST_ERR_PERMIT_INVALID: 'The permit is malformed (the message names the field)',
  ST_ERR_PERMIT_FORBIDDEN: 'Your role may not take this step on a permit',
  ST_ERR_PERMIT_STATE: 'The permit is not in a state that allows this step',
  ST_ERR_PERMIT_NAMED_USER: 'Permit steps are signed by a named, signed-in user, not the implicit local user',
  ST_ERR_PERMIT_SAME_PERSON: 'Two-person rule: the applicant, countersigners, approver and reviewer must be different people',
  ST_ERR_PERMIT_COUNTERSIGN_MISSING: 'Not every unit that must countersign the permit has signed it',
  ST_ERR_PERMIT_COUNTERSIGN_DUPLICATE: 'This unit has already countersigned the permit',
  ST_ERR_PERMIT_AUTHORITY: "The approval is signed for a lower authority than the permit's type and grade require",
  ST_ERR_PERMIT_VALIDITY: 'The work window is longer than the validity GB 30871-2022 allows for the type and grade',
  ST_ERR_PERMIT_GRADE: 'The declared grade is lower than GB 30871-2022 requires for the work',
  ST_ERR_PERMIT_OUTSIDE_WINDOW: "The step is outside the permit's work window",
  ST_ERR_PERMIT_GAS_TEST_REQUIRED: 'A passing gas test taken recently enough is required before work starts or resumes',
  ST_ERR_PERMIT_REASON_REQUIRED: 'This step needs a coded reason',
  ST_ERR_PERMIT_REGISTER_UNAVAILABLE: 'The permit register needs the historian (--historian): this core keeps no permits',
  ST_ERR_PERMIT_NOT_FOUND: 'No permit with this number',
  ST_ERR_PERMIT_DUPLICATE: 'A permit with this number is already registered',
  ST_ERR_PERMIT_CONFLICT: 'The permit changed while the step was taken; read it again and retry',
} as const;

/** The contractor register (docs/contractors.md): its input checks and refusals. */
export const CONTRACTOR_PROBLEM_CODES = {
  ST_ERR_CONTRACTOR_INVALID: 'The contractor record is malformed (the message names the field)',
  ST_ERR_CONTRACTOR_NOT_FOUND: 'No company or person with this code',
  ST_ERR_CONTRACTOR_CONFLICT: 'The change contradicts the register: a badge bound to another person, an unknown company, or a company that still has people',
  ST_ERR_CONTRACTOR_FULL: 'The contractor register holds as many companies or people as it may',
  ST_ERR_CONTRACTOR_NAMED_USER: 'Contractor records are changed by a named, signed-in user, not the implicit local user',
  ST_ERR_CONTRACTOR_REGISTER_UNAVAILABLE: 'The contractor register needs the historian (--historian): this core keeps no contractor records',
} as const;

/** Double prevention (docs/hazards.md): refusals of the hidden-danger ticket steps and the risk assessment. */
export const HAZARD_PROBLEM_CODES = {
  ST_ERR_HAZARD_INVALID: 'The hidden-danger report, ticket step or risk point is malformed (the message names the field)',
  ST_ERR_HAZARD_FORBIDDEN: 'Your role may not take this step on a hidden-danger ticket',
  ST_ERR_HAZARD_STATE: 'The hidden-danger ticket is not in a state that allows this step',
  ST_ERR_HAZARD_NAMED_USER: 'Hidden-danger reports and steps are signed by a named, signed-in user, not the implicit local user',
  ST_ERR_HAZARD_SAME_PERSON: 'Two-person rule: whoever rectified a hidden danger may not verify it',
  ST_ERR_HAZARD_DEADLINE: "The deadline is in the past, or later than the grade's default without a note saying why",
  ST_ERR_HAZARD_ASSESSMENT: "The risk assessment's levels lie outside the configured risk matrix",
  ST_ERR_HAZARD_NOT_FOUND: 'No hidden-danger ticket, risk point, inspection plan, round or media with this code',
  ST_ERR_HAZARD_CONFLICT: 'The record changed while the step was taken (read it again), or the change contradicts the register (an unknown plan, area or checkpoint)',
  ST_ERR_HAZARD_FULL: 'The register holds as many records of this kind as it may',
  ST_ERR_HAZARD_MEDIA: 'A photo or voice note is too large or of a type the register does not keep (JPEG, PNG, WebM, Ogg, MP4 audio)',
  ST_ERR_HAZARD_REGISTER_UNAVAILABLE: 'The hidden-danger register needs the historian (--historian): this core keeps no hidden dangers',
} as const;

/** Warning dispatch (docs/dispatch.md): refusals of the warning steps and the duty roster, and the desk's own problems. */
export const DISPATCH_PROBLEM_CODES = {
  ST_ERR_DISPATCH_INVALID: 'The warning step, roster or query is malformed (the message names the field)',
  ST_ERR_DISPATCH_FORBIDDEN: 'Your role may not take this step on a warning or the duty roster',
  ST_ERR_DISPATCH_NAMED_USER: 'Warning steps and roster changes are signed by a named, signed-in user, not the implicit local user',
  ST_ERR_DISPATCH_NOT_FOUND: 'No warning with this id',
  ST_ERR_DISPATCH_STATE: 'The warning is not in a state that allows this step',
  ST_ERR_DISPATCH_CONFLICT: 'The duty roster changed meanwhile (another revision was saved); read it again',
  ST_ERR_DISPATCH_ROSTER: 'The duty roster contradicts itself (an unknown post, shift or person, a duplicate id or two people on one post and shift)',
  ST_ERR_DISPATCH_FLOOD: 'As many warnings are open as the desk holds: further alarms are counted, not dispatched, until some close',
  ST_ERR_DISPATCH_SETUP: 'A post the dispatch configuration or an owner rule names is not in the duty roster: warnings it owns reach nobody until they escalate',
  ST_ERR_DISPATCH_CHANNEL_DOWN: 'An outbound warning channel (webhook, e-mail, WeCom, DingTalk, SMS, Web Push) is failing: its messages are kept and retried, none is lost while the outbox has room',
  ST_ERR_DISPATCH_OUTBOX_FULL: 'The warning outbox holds as many messages as it may: further messages are refused and counted until it drains',
  ST_ERR_DISPATCH_PUSH_OFF: 'Web Push is not configured on this core (config.dispatch.channels.webPush): a browser cannot subscribe',
} as const;

/** Safety operations reports (docs/reports.md): the archive's refusals and the printer's problems. */
export const REPORT_PROBLEM_CODES = {
  ST_ERR_REPORT_INVALID: 'The report request is malformed (the message names the field), or its period runs backwards or beyond a year',
  ST_ERR_REPORT_NOT_FOUND: 'No archived report with this id',
  ST_ERR_REPORT_NO_BROWSER: 'Reports are printed by Chromium, which is not installed where reports.chromiumPath points',
  ST_ERR_REPORT_BUSY: 'As many reports are being printed as the core allows: ask again in a minute',
  ST_ERR_REPORT_PRINT: 'A report could not be printed (the browser failed or took too long)',
  ST_ERR_REPORT_MAIL: 'A scheduled report could not be mailed to reports.mailTo (it is archived and listed)',
} as const;

/** The manager's indicators (docs/indicators.md): refusals of the indicator and incident routes. */
export const INDICATOR_PROBLEM_CODES = {
  ST_ERR_INDICATORS_INVALID: 'The indicator query or incident is malformed (the message names the field), or its range runs backwards or is too long',
  ST_ERR_INDICATORS_NOT_FOUND: 'No indicator with this id in the catalogue',
  ST_ERR_INDICATORS_UNAVAILABLE: 'Indicators are computed from the historian: this core runs without one',
} as const;

export const ERROR_CODES = {
  ...PROBLEM_CODES,
  ...RECORDING_PROBLEM_CODES,
  ...RECORDER_PROBLEM_CODES,
  ...VISION_PROBLEM_CODES,
  ...DISPERSION_PROBLEM_CODES,
  ...ALARM_COMMAND_PROBLEM_CODES,
  ...HISTORIAN_PROBLEM_CODES,
  ...PERMIT_PROBLEM_CODES,
  ...CONTRACTOR_PROBLEM_CODES,
  ...HAZARD_PROBLEM_CODES,
  ...DISPATCH_PROBLEM_CODES,
  ...REPORT_PROBLEM_CODES,
  ...INDICATOR_PROBLEM_CODES,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}
