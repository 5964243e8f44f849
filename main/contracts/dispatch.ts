import { z } from 'zod';
import { ALARM_CONDITIONS, ALARM_SOURCE_KINDS, AlarmPrioritySchema, type AlarmPriority } from './alarms.js';
import { BadgeIdSchema, boundedLineSchema, boundedTextSchema } from './permits.js';
import { RECORD_ID_MAX_CHARS, RECORD_NAME_MAX_CHARS, RECORD_NOTE_MAX_CHARS } from './recordBounds.js';
import { LocalizedTextSchema } from './scene.js';

/**
 * Warning dispatch (issue 19, docs/dispatch.md): every annunciated alarm becomes a warning with a responsible
 * person resolved from the duty roster, deadlines to acknowledge and to resolve, an escalation chain, outbound
 * notifications, read receipts and, on closing, a disposition (real / nuisance / false / test / maintenance)
 * from which false-alarm rates, MTTA and MTTR are measured. What the core keeps and the API takes; main/dispatch
 * holds the pure rules, main/dispatchDesk the runtime. Sizes are bounded and unknown keys refused.
 */

const line = boundedLineSchema;
const text = boundedTextSchema;

/** Ids of posts, shifts and roster people: letters, digits, dot, underscore, hyphen (URL- and CSV-safe). */
export const DispatchIdSchema = line(RECORD_ID_MAX_CHARS).regex(/^[A-Za-z0-9._-]+$/, 'must be letters, digits, dot, underscore or hyphen');

// ─── Grades ─────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The four warning grades as Chinese regulators write them (《中华人民共和国突发事件应对法》 art. 42 and the
 * hazardous-chemicals early-warning guides: 一级(红色) the most severe … 四级(蓝色)), from the alarm's
 * ISA-18.2 priority: urgent → 1 red, high → 2 orange, medium → 3 yellow, low → 4 blue (PRIORITY_COLOUR).
 */
export const WARNING_GRADES = [1, 2, 3, 4] as const;
export type WarningGrade = (typeof WARNING_GRADES)[number];
const GRADE_OF_PRIORITY: Record<AlarmPriority, WarningGrade> = { urgent: 1, high: 2, medium: 3, low: 4 };
export function warningGradeOf(priority: AlarmPriority): WarningGrade {
  return GRADE_OF_PRIORITY[priority];
}

// ─── Duty roster (值班表) ───────────────────────────────────────────────────────────────────────────────

export const MAX_ROSTER_PEOPLE = 2_000;
export const MAX_ROSTER_POSTS = 200;
export const MAX_ROSTER_SHIFTS = 6;
/** A year of three shifts for 60 posts is 65,700; a roster keeps the weeks around now, not history. */
export const MAX_ROSTER_ASSIGNMENTS = 20_000;
export const MAX_DEPUTIES = 5;

/** A duty post (岗位): who answers for what, e.g. the unit 1 board operator, the shift lead, the safety manager. */
export const DutyPostSchema = z.strictObject({ id: DispatchIdSchema, name: LocalizedTextSchema });
export type DutyPost = z.infer<typeof DutyPostSchema>;

/** A shift (班次) by its local start "HH:MM"; it runs to the next shift's start, round the clock. */
export const RosterShiftSchema = z.strictObject({
  id: DispatchIdSchema,
  name: LocalizedTextSchema,
  startLocal: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM'),
});
export type RosterShift = z.infer<typeof RosterShiftSchema>;

/**
 * A person who can be on duty and be notified. The contact addresses are personal data: they never leave the
 * core except to the roster's editors (dispatch:manage) and to the channel that delivers.
 */
export const RosterPersonSchema = z.strictObject({
  id: DispatchIdSchema,
  name: line(RECORD_NAME_MAX_CHARS),
  /** Their SafeTwin account: "my warnings" on the phone page are those of the person with the signed-in user's name. */
  userName: line(RECORD_NAME_MAX_CHARS).optional(),
  /** Their RTLS badge: where they are, for evacuation notices to the people inside an area. */
  badgeId: BadgeIdSchema.optional(),
  email: z.email().max(254).optional(),
  /** A mobile number (SMS, DingTalk @mention), E.164 or a national number as the gateway takes it. */
  phone: z.string().regex(/^\+?[0-9]{5,20}$/, 'must be digits, optionally with a leading +').optional(),
  /** The WeCom member id, for an @mention in a WeCom group robot's message. */
  wecomUserId: line(64).optional(),
  /** Preferred language of their messages. */
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
});
export type RosterPerson = z.infer<typeof RosterPersonSchema>;
export type RosterPersonInput = z.input<typeof RosterPersonSchema>;

/**
 * Who holds a post on a shift. `date` is the local date the shift starts on; `null` is the standing
 * assignment used on every shift without a dated one (a safety manager and a plant leader do not rotate).
 */
export const DutyAssignmentSchema = z.strictObject({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD').nullable(),
  /** A dated assignment names its shift; a standing one names a shift (that shift every day) or '*' (every shift). */
  shiftId: z.union([DispatchIdSchema, z.literal('*')]),
  postId: DispatchIdSchema,
  personId: DispatchIdSchema,
  /** Who stands in when the person does not acknowledge (or is absent), in order. */
  deputyIds: z.array(DispatchIdSchema).max(MAX_DEPUTIES).default([]),
});
export type DutyAssignment = z.infer<typeof DutyAssignmentSchema>;

export const RosterSchema = z.strictObject({
  shifts: z.array(RosterShiftSchema).min(1).max(MAX_ROSTER_SHIFTS),
  posts: z.array(DutyPostSchema).max(MAX_ROSTER_POSTS),
  people: z.array(RosterPersonSchema).max(MAX_ROSTER_PEOPLE),
  assignments: z.array(DutyAssignmentSchema).max(MAX_ROSTER_ASSIGNMENTS),
});
export type Roster = z.infer<typeof RosterSchema>;
export type RosterInput = z.input<typeof RosterSchema>;
/** The roster as stored: every save is a revision (a PUT names the revision it edits, as permits do). */
export type RosterDocument = Roster & { revision: number; savedAtMs: number; savedBy: string };

/** Who is on a post now (GET /api/dispatch/on-duty). Names only for roles with personnel:viewNames. */
export type OnDutyView = { postId: string; shiftId: string; personId: string | null; name: string; deputies: { personId: string; name: string }[] };

// ─── Owner rules, deadlines, escalation (configuration: config.dispatch) ───────────────────────────────

/** First matching rule names the alarm's owner post; a field left out matches anything. */
export const OwnerRuleSchema = z.strictObject({
  areaIds: z.array(DispatchIdSchema).max(100).optional(),
  equipmentIds: z.array(DispatchIdSchema).max(500).optional(),
  sourceKinds: z.array(z.enum(ALARM_SOURCE_KINDS)).max(ALARM_SOURCE_KINDS.length).optional(),
  conditions: z.array(z.enum(ALARM_CONDITIONS)).max(ALARM_CONDITIONS.length).optional(),
  priorities: z.array(AlarmPrioritySchema).max(4).optional(),
  postId: DispatchIdSchema,
});
export type OwnerRule = z.infer<typeof OwnerRuleSchema>;

/** Time to acknowledge and to resolve (clear) a warning, per priority, in minutes. */
export const DeadlineSchema = z.strictObject({ ackWithinMin: z.number().positive().max(10_080), resolveWithinMin: z.number().positive().max(525_600) });
export type Deadline = z.infer<typeof DeadlineSchema>;

// ─── Warnings ──────────────────────────────────────────────────────────────────────────────────────────

/** What a closed warning was (the operator's or a rule's call); the false-alarm rate is measured from it. */
export const DISPOSITIONS = ['real', 'nuisance', 'false', 'test', 'maintenance'] as const;
export const DispositionSchema = z.enum(DISPOSITIONS);
export type Disposition = z.infer<typeof DispositionSchema>;

export const WARNING_STATES = ['open', 'acknowledged', 'cleared', 'closed'] as const;
export type WarningState = (typeof WARNING_STATES)[number];

/** Why a warning moved up its chain: nobody acknowledged in time, or it was not resolved in time. */
export const ESCALATION_REASONS = ['ackOverdue', 'resolveOverdue'] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

export const DELIVERY_CHANNELS = ['webhook', 'email', 'wecom', 'dingtalk', 'sms', 'webPush', 'screen'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];
export const DELIVERY_STATUSES = ['queued', 'sent', 'retrying', 'failed', 'read'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A message the dispatcher decided to send: what about, to whom, why. Rendered per channel and locale. */
export const MESSAGE_KINDS = ['assigned', 'escalated', 'evacuate', 'digest', 'cleared'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/**
 * One outbound channel's health (GET /api/dispatch/channels, dispatch:manage; docs/dispatch.md §channels): whether
 * it is configured and runs (its secrets found), healthy (its last send went through), its last error and send,
 * and the messages waiting on it. Never an address, URL or secret.
 */
export type DispatchChannelStatus = { channel: Exclude<DeliveryChannel, 'screen'>; configured: boolean; active: boolean; healthy: boolean; lastError?: string; lastErrorAtMs?: number; lastSentAtMs?: number; queued: number };

/** One delivery as the warning's record shows it (no addresses: the person and the channel). */
export type DeliveryView = { deliveryId: string; channel: DeliveryChannel; personId: string | null; kind: MessageKind; status: DeliveryStatus; attempts: number; queuedAtMs: number; sentAtMs?: number; readAtMs?: number; error?: string };

export type WarningOwner = { postId: string; personId: string | null; name: string; deputies: { personId: string; name: string }[] };

/**
 * One alarm occurrence's warning. `warningId` = `${alarmId}@${raisedAtMs}`. Names (owner, escalations,
 * notes' authors) are '' for roles without personnel:viewNames.
 */
export type WarningView = {
  warningId: string;
  alarmId: string;
  sourceId: string;
  sourceKind: (typeof ALARM_SOURCE_KINDS)[number];
  areaId?: string;
  condition: (typeof ALARM_CONDITIONS)[number];
  priority: AlarmPriority;
  grade: WarningGrade;
  state: WarningState;
  raisedAtMs: number;
  /** Where the alarm was seen (camera foot point) or its source's place, plant metres. */
  point?: [number, number];
  /** A camera alarm's snapshot (core API path). */
  snapshotHref?: string;
  owner: WarningOwner;
  /** 0 = the owner's post; each escalation moves one post up the chain. */
  level: number;
  /** The post now answerable (the owner's, or the chain's post at `level`). */
  currentPostId: string;
  escalations: { level: number; postId: string; personId: string | null; name: string; atMs: number; reason: EscalationReason }[];
  ackDueMs: number;
  resolveDueMs: number;
  acknowledgedAtMs?: number;
  acknowledgedBy?: string;
  clearedAtMs?: number;
  closedAtMs?: number;
  disposition?: { kind: Disposition; by: string; atMs: number; auto: boolean; note?: string };
  notes: { by: string; atMs: number; text: string }[];
  deliveries: DeliveryView[];
  /** Evacuation notices sent for it (an O2-deficiency or toxic alarm in an area with people inside). */
  evacuation?: { areaId: string; badgeIds: string[]; atMs: number };
  /** Whether the signed-in user is the owner, a deputy or the escalated person (the phone page's "my warnings"). */
  mine: boolean;
};

/** The countdowns the wall and the alarm list show beside each open warning (socket `warning:deadlines`). */
export type WarningDeadline = { warningId: string; alarmId: string; level: number; currentPostId: string; ackDueMs: number; resolveDueMs: number; acknowledged: boolean };

/** The full-screen notice on a phone whose user's badge is inside the area (socket `warning:evacuate`, Web Push). */
export type EvacuationNotice = { warningId: string; areaId: string; condition: (typeof ALARM_CONDITIONS)[number]; sensorId: string; value?: number; unit?: string; musterPointIds: string[]; issuedAtMs: number };

// ─── Requests ──────────────────────────────────────────────────────────────────────────────────────────

export const WarningNoteRequestSchema = z.strictObject({ text: text(RECORD_NOTE_MAX_CHARS).pipe(z.string().min(1)) });
export const WarningAckRequestSchema = z.strictObject({ note: text(RECORD_NOTE_MAX_CHARS).optional() });
export const WarningDispositionRequestSchema = z.strictObject({ disposition: DispositionSchema, note: text(RECORD_NOTE_MAX_CHARS).optional() });
export const RosterSaveRequestSchema = z.strictObject({ revision: z.number().int().nonnegative(), roster: RosterSchema });
/** A browser's Web Push subscription (PushSubscription.toJSON()). */
export const PushSubscriptionSchema = z.strictObject({
  endpoint: z.url().max(1_000),
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({ p256dh: z.string().min(1).max(200), auth: z.string().min(1).max(100) }),
});
export type PushSubscriptionInput = z.infer<typeof PushSubscriptionSchema>;

// ─── Statistics (served to the KPI tiles and to the indicators issue) ─────────────────────────────────

/**
 * Disposition statistics of the warnings raised in [fromMs, toMs] (docs/dispatch.md §5):
 * falseAlarmRate = false / (real + nuisance + false) and nuisanceRate = nuisance / (real + nuisance + false),
 * test and maintenance excluded (not plant events); null where nothing was disposed.
 * MTTA: mean raised → acknowledged; MTTR: mean raised → cleared (ms), over those that got there.
 */
export type DispositionGroupStats = { key: string; warnings: number; disposed: number; real: number; nuisance: number; false: number; test: number; maintenance: number; falseAlarmRate: number | null; nuisanceRate: number | null };
export type DispositionStats = {
  fromMs: number;
  toMs: number;
  warnings: number;
  undisposed: number;
  mttaMs: number | null;
  mttrMs: number | null;
  falseAlarmRate: number | null;
  /** Per detector (sensor id), per camera rule (rule id) and per model (the vision model behind the rule). */
  byDetector: DispositionGroupStats[];
  byCameraRule: DispositionGroupStats[];
  byModel: DispositionGroupStats[];
};
