import { z } from 'zod';
import { CONTRACTOR_ALARM_CONDITIONS } from './contractors.js';
import { HAZARD_ALARM_CONDITIONS } from './hazards.js';
import { INDICATOR_ALARM_CONDITIONS } from './indicators.js';
import { PERMIT_RULES, PERMIT_TYPES } from './permits.js';
import { VISION_EVENT_SOURCES } from './vision.js';

/**
 * ISA-18.2 priorities, most urgent first, and the Chinese four-colour grading they map to
 * (红/橙/黄/蓝预警: urgent = red … low = blue).
 */
export const ALARM_PRIORITIES = ['urgent', 'high', 'medium', 'low'] as const;
export const AlarmPrioritySchema = z.enum(ALARM_PRIORITIES);
export type AlarmPriority = z.infer<typeof AlarmPrioritySchema>;
export const PRIORITY_COLOUR: Record<AlarmPriority, 'red' | 'orange' | 'yellow' | 'blue'> = { urgent: 'red', high: 'orange', medium: 'yellow', low: 'blue' };

/**
 * The display state of an alarm (ANSI/ISA-18.2-2016 figure 5 states A–H):
 * normal, unacknowledged (active), acknowledged (active), returned-to-normal unacknowledged,
 * plus shelved, suppressed-by-design and out-of-service, which override the others.
 */
export const ALARM_STATES = ['normal', 'unacknowledged', 'acknowledged', 'returnedUnacknowledged', 'shelved', 'suppressed', 'outOfService'] as const;
export const AlarmStateSchema = z.enum(ALARM_STATES);
export type AlarmState = z.infer<typeof AlarmStateSchema>;

/** What an alarm is about. */
export const ALARM_CONDITIONS = [
  'highHigh',
  'high',
  'low',
  'lowLow',
  /** %LEL pre-warning step below the H limit (预警). */
  'gasWarning',
  'rateOfChange',
  'badQuality',
  /** No sample for the sensor kind's timeout (通讯中断). */
  'commLoss',
  'outOfRange',
  /** M-out-of-N gas detectors of an area in alarm. */
  'areaVoting',
  /** A worker's badge has not moved for the man-down time (人员定位 静止报警). Source: the badge. */
  'manDown',
  /** A worker in a restricted or confined-space area without authorization (闯入禁入区). Source: the badge. */
  'restrictedEntry',
  /** People gathered in a hazardous area beyond the limit (人员聚集预警). Source: the area. */
  'gathering',
  /** A camera saw a person without the required hard hat or vest (未戴安全帽 / 未穿反光衣). Source: the camera. */
  'ppeViolation',
  /** A camera saw a person stay in a zone beyond the dwell time (徘徊). Source: the camera. */
  'loitering',
  /** A camera's stream is lost, or its NVR reports it offline (摄像头离线). Source: the camera. */
  'cameraOffline',
  /** A release reported from the field at an area (泄漏报告): a drill scenario's first report of its leak. Source: the area. */
  'releaseReported',
  /**
   * Data-quality diagnostics (NAMUR NE 107 "maintenance required"; docs/alarms.md): the value has not moved
   * beyond its noise band for the flat-line time while its neighbours moved (数值冻结). Source: the sensor.
   */
  'stuck',
  /** A gas detector has read far from the median of its redundant partners in the area for long (零点漂移). Source: the sensor. */
  'drift',
  /**
   * The live checks of special-operation permits (GB 30871-2022, issue 17), one condition per rule
   * (contracts/permits.ts PERMIT_RULES: gas near hot work, the LEL zone reaching it, confined-space gas
   * test, O2 and head count, the watcher, strangers, camera PPE, the work window). Source: the permit,
   * by its number.
   */
  ...PERMIT_RULES,
  /**
   * The contractor checks (issue 17 item 3, contracts/contractors.ts): an unqualified person in a permit's
   * zone (source: the permit), a contractor outside their authorised area or window (source: the badge),
   * certificate expiry within 30 and 7 days (source: the person's code).
   */
  ...CONTRACTOR_ALARM_CONDITIONS,
  /** Double prevention (issue 18, contracts/hazards.ts): a late or missed inspection round (source: the plan), an overdue hidden-danger ticket (source: the ticket). */
  ...HAZARD_ALARM_CONDITIONS,
  ...INDICATOR_ALARM_CONDITIONS,
] as const;
export const AlarmConditionSchema = z.enum(ALARM_CONDITIONS);
export type AlarmCondition = z.infer<typeof AlarmConditionSchema>;

/**
 * What a camera saw when it raised an alarm: the vision event behind the activation, its rule and the
 * evidence to look at. Hrefs are core API paths (or an NVR's URL for external analytics), never file paths.
 */
export const AlarmEvidenceSchema = z.object({
  eventId: z.string().min(1),
  ruleId: z.string(),
  label: z.string(),
  /** "simulated" events come from the demo simulator's stand-in analytics and are labelled as such. */
  source: z.enum(VISION_EVENT_SOURCES),
  snapshotHref: z.string().optional(),
  /** The nearest RTLS badge at the detection's ground point (fusion), when one was close enough. */
  badgeId: z.string().optional(),
});
export type AlarmEvidence = z.infer<typeof AlarmEvidenceSchema>;

/**
 * What raised an alarm: a sensor, an area (voting, gathering), a camera, a worker's badge, a special-operation
 * permit (its number), or a registered person's qualification record (their code, 一人一码: certificate expiry,
 * which concerns the record, not where the badge is, so it is no people alarm).
 */
export const ALARM_SOURCE_KINDS = ['sensor', 'area', 'camera', 'worker', 'permit', 'person', 'inspection', 'hazard', 'indicator'] as const;
export type AlarmSourceKind = (typeof ALARM_SOURCE_KINDS)[number];

export const AlarmSchema = z.object({
  /** `${sourceId}:${condition}` */
  alarmId: z.string().min(1),
  /** The scene object it belongs to: a sensor id, or an area id for area alarms. */
  sourceId: z.string().min(1),
  sourceKind: z.enum(ALARM_SOURCE_KINDS),
  areaId: z.string().optional(),
  condition: AlarmConditionSchema,
  priority: AlarmPrioritySchema,
  /** Derived from the flags below; what the alarm list shows. */
  state: AlarmStateSchema,
  active: z.boolean(),
  acknowledged: z.boolean(),
  shelvedUntilMs: z.number().optional(),
  /** Who shelved it and why (ISA-18.2 §16.5: shelving is recorded); present while shelved. */
  shelvedBy: z.string().optional(),
  shelveReason: z.string().optional(),
  /** Suppressed by design (configured or set by an authorised user, ISA-18.2 designed suppression). */
  suppressed: z.boolean(),
  /**
   * State-based suppression (ISA-18.2 §3.1.75 designed suppression, by the alarm's own state logic): the
   * id of the more severe active alarm of the same detector that supersedes this one (its high-high over
   * its high and %LEL pre-warning). Present only while this alarm is in alarm and superseded.
   */
  suppressedBy: z.string().optional(),
  /** Removed from service (ISA-18.2 out of service: maintenance), an authorised, recorded act; who and why. */
  outOfService: z.boolean(),
  outOfServiceBy: z.string().optional(),
  outOfServiceReason: z.string().optional(),
  /** A latching alarm stays active until acknowledged after its condition clears. */
  latched: z.boolean(),
  /** First alarm to activate in its trip group (first-out). */
  firstOut: z.boolean(),
  value: z.number().optional(),
  unit: z.string().optional(),
  limit: z.number().optional(),
  raisedAtMs: z.number(),
  changedAtMs: z.number(),
  acknowledgedAtMs: z.number().optional(),
  acknowledgedBy: z.string().optional(),
  clearedAtMs: z.number().optional(),
  /** Where on the plant it was seen, metres (a camera detection's foot point); taken on activation. */
  location: z.object({ x: z.number(), y: z.number() }).optional(),
  /** Camera evidence of the activation (vision alarms only). */
  evidence: AlarmEvidenceSchema.optional(),
  /** A permit alarm's operation type (GB 30871-2022), so every screen names the permit in its language: 动火作业票 HZ-0042. */
  permitType: z.enum(PERMIT_TYPES).optional(),
});
export type Alarm = z.infer<typeof AlarmSchema>;

export const ALARM_ACTIONS = ['activate', 'clear', 'acknowledge', 'shelve', 'unshelve', 'shelveExpired', 'suppress', 'unsuppress', 'removeFromService', 'returnToService', 'priorityChange'] as const;
export type AlarmAction = (typeof ALARM_ACTIONS)[number];

/**
 * Why a rule raised an alarm, by code with the numbers it names, so that screens and reports word it
 * in their own language; the transition's `reason` keeps the English for logs and the journal.
 */
export const ALARM_REASON_CODES = ['manDownStill', 'restrictedEntry', 'gathering', 'superseded', 'supersededEnded', 'visionDetection', ...PERMIT_RULES, ...CONTRACTOR_ALARM_CONDITIONS, ...HAZARD_ALARM_CONDITIONS, ...INDICATOR_ALARM_CONDITIONS] as const;
export const AlarmReasonSchema = z.object({
  code: z.enum(ALARM_REASON_CODES),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type AlarmReason = z.infer<typeof AlarmReasonSchema>;

/** Every change of every alarm, with who caused it: the audit trail the recorder keeps. */
export const AlarmTransitionSchema = z.object({
  alarm: AlarmSchema,
  action: z.enum(ALARM_ACTIONS),
  previousState: AlarmStateSchema,
  atMs: z.number(),
  /** A user name, or "system" for rule-driven changes. */
  by: z.string(),
  reason: z.string().optional(),
  reasonCode: AlarmReasonSchema.optional(),
});
export type AlarmTransition = z.infer<typeof AlarmTransitionSchema>;

/**
 * A reason for the record: at least 2 characters counted as Unicode code points, so a two-character
 * Chinese reason (维修, 标定) is accepted as readily as a short English one; bounded for the journal.
 */
export const MIN_REASON_CHARACTERS = 2;
export const ActionReasonSchema = z
  .string()
  .trim()
  .max(500)
  .refine((reason) => [...reason].length >= MIN_REASON_CHARACTERS, { message: `at least ${MIN_REASON_CHARACTERS} characters` });

/** An alarm id in a request ("<source id>:<condition>"): bounded, as every string a client sends (issue 13: megabyte ids filled the log). */
const AlarmIdSchema = z.string().min(1).max(200);

/** Operator actions on alarms, sent by clients and checked against roles. */
export const AlarmCommandSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('acknowledge'), alarmIds: z.array(AlarmIdSchema).min(1).max(500) }),
  z.object({
    action: z.literal('shelve'),
    alarmId: AlarmIdSchema,
    reason: ActionReasonSchema,
    /** ISA-18.2 §16.5: shelving is time-limited. */
    durationMin: z.number().int().min(1).max(24 * 60),
  }),
  z.object({ action: z.literal('unshelve'), alarmId: AlarmIdSchema }),
  /**
   * ISA-18.2 out of service (removal from service for maintenance) and designed suppression: authorised,
   * recorded acts with a reason. target is an alarm id, or a sensor/area/camera/badge id for all its alarms.
   */
  z.object({ action: z.literal('removeFromService'), target: z.string().min(1).max(200), reason: ActionReasonSchema }),
  z.object({ action: z.literal('returnToService'), target: z.string().min(1).max(200), reason: ActionReasonSchema }),
  z.object({ action: z.literal('suppress'), target: z.string().min(1).max(200), reason: ActionReasonSchema }),
  z.object({ action: z.literal('unsuppress'), target: z.string().min(1).max(200), reason: ActionReasonSchema }),
]);
export type AlarmCommand = z.infer<typeof AlarmCommandSchema>;

/** The role permission each alarm command needs (contracts/roles.ts). */
export function alarmCommandPermission(command: Pick<AlarmCommand, 'action'>): 'alarm:acknowledge' | 'alarm:shelve' | 'alarm:removeFromService' | 'alarm:suppress' {
  switch (command.action) {
    case 'acknowledge':
      return 'alarm:acknowledge';
    case 'shelve':
    case 'unshelve':
      return 'alarm:shelve';
    case 'removeFromService':
    case 'returnToService':
      return 'alarm:removeFromService';
    case 'suppress':
    case 'unsuppress':
      return 'alarm:suppress';
  }
}

/**
 * Alarms about people (a person may be hurt or in danger), which no alarm flood may bury: a worker
 * down, in a restricted or confined space, people gathered in a hazardous area, and any alarm raised
 * by a badge (sourceKind 'worker', e.g. evacuation alarms about a person). The alarm list pins them
 * above a flood and the people strip shows them; both use this one classification.
 */
export const PEOPLE_ALARM_CONDITIONS: ReadonlySet<AlarmCondition> = new Set<AlarmCondition>(['manDown', 'restrictedEntry', 'gathering']);
export function isPeopleAlarm(alarm: Pick<Alarm, 'condition' | 'sourceKind'>): boolean {
  return PEOPLE_ALARM_CONDITIONS.has(alarm.condition) || alarm.sourceKind === 'worker';
}

/**
 * Not annunciated (ISA-18.2): shelved, suppressed by design, superseded by a more severe alarm of the
 * same detector, or out of service. Such an alarm is still tracked and recorded, but neither sounds
 * nor counts towards the operator's alarm rate.
 */
export function isAnnunciationHidden(alarm: Pick<Alarm, 'outOfService' | 'suppressed' | 'suppressedBy' | 'shelvedUntilMs'>): boolean {
  return alarm.outOfService || alarm.suppressed || alarm.suppressedBy !== undefined || alarm.shelvedUntilMs !== undefined;
}

/** Alarm events travel on their own sequenced channel: a gap in seq makes the client resync. */
export const AlarmEventMessageSchema = z.object({ seq: z.number().int().nonnegative(), alarm: AlarmSchema });
export type AlarmEventMessage = z.infer<typeof AlarmEventMessageSchema>;

export const AlarmSnapshotSchema = z.object({ seq: z.number().int().nonnegative(), alarms: z.array(AlarmSchema) });
export type AlarmSnapshot = z.infer<typeof AlarmSnapshotSchema>;

/**
 * Alarm-system performance (ANSI/ISA-18.2 §16.9 and EEMUA 191 targets), named after the
 * OPC UA AlarmMetrics type (Part 9 §8.4) where it has a name.
 */
export type AlarmKpis = {
  windowMs: number;
  /** Alarms activated per 10 minutes per operator position (ISA-18.2 target ≈ 1, max ≤ 2). */
  alarmRatePer10Min: number;
  /** OPC UA MaximumAlarmRate: the highest count in any 10-minute window. */
  maximumAlarmRatePer10Min: number;
  /** Periods with more than 10 alarms in 10 minutes per operator position (floodThreshold). */
  floodPeriods: { startMs: number; endMs: number | null; alarms: number }[];
  /** Share of the window spent in flood, 0–1 (ISA-18.2 target < 1 %). */
  percentTimeInFlood: number;
  /** Alarms active for more than 24 hours (standing/stale). */
  standingAlarms: number;
  /** Alarms with 3 or more activations in 60 s (chattering). */
  chatteringAlarms: string[];
  /** Most frequent alarms in the window. */
  topBadActors: { alarmId: string; activations: number }[];
  /** Share of activations per priority (ISA-18.2 guide ≈ 80/15/5 low/medium/high). */
  priorityMix: Record<AlarmPriority, number>;
  activeAlarms: number;
  unacknowledgedAlarms: number;
  shelvedAlarms: number;
};

/** EEMUA 191 §8.3 / ISA-18.2 §16.9: a flood is more than 10 annunciated alarms in 10 minutes per operator position. */
export const FLOOD_WINDOW_MS = 10 * 60_000;
export const FLOOD_ALARMS_PER_POSITION = 10;
/** The alarm count above which the site's alarm load is a flood: the threshold scales with the operator positions sharing it. */
export const floodThreshold = (operatorPositions: number) => FLOOD_ALARMS_PER_POSITION * operatorPositions;

const PRIORITY_RANK: Record<AlarmPriority, number> = { urgent: 0, high: 1, medium: 2, low: 3 };
export function comparePriority(a: AlarmPriority, b: AlarmPriority): number {
  return PRIORITY_RANK[a] - PRIORITY_RANK[b];
}

/** ISA-18.2 display state from the flags, overriding states first. */
export function deriveAlarmState(flags: Pick<Alarm, 'active' | 'acknowledged' | 'shelvedUntilMs' | 'suppressed' | 'suppressedBy' | 'outOfService'>): AlarmState {
  if (flags.outOfService) return 'outOfService';
  if (flags.suppressed || flags.suppressedBy !== undefined) return 'suppressed';
  if (flags.shelvedUntilMs !== undefined) return 'shelved';
  if (flags.active) return flags.acknowledged ? 'acknowledged' : 'unacknowledged';
  return flags.acknowledged ? 'normal' : 'returnedUnacknowledged';
}
