import { z } from 'zod';
import { Point2Schema } from './geometry.js';
import { BadgeIdSchema, boundedLineSchema, boundedTextSchema, EpochMsSchema } from './permits.js';
import { RoleSchema, type Action } from './roles.js';
import { PLANT_COORDINATE_MAX_M, RECORD_ID_MAX_CHARS, RECORD_NAME_MAX_CHARS, RECORD_NOTE_MAX_CHARS, RECORD_TEXT_MAX_CHARS } from './recordBounds.js';

/**
 * Double prevention (双重预防机制, issue 18, docs/hazards.md): 风险分级管控 — the risk register of risk points
 * (风险点) graded 重大/较大/一般/低 — and 隐患排查治理 — hidden-danger tickets (隐患) from anyone, and inspection
 * rounds (巡检) verified by badge. What the register will keep and the API will take; main/hazards holds the
 * rules. Every size is bounded and unknown keys are refused (a misspelt field must not vanish silently); each
 * field says its invariant.
 *
 * A risk point is `RiskPointEntry`, not `RiskPoint`: that name is the risk heatmap's weighted point
 * (contracts/riskWeighting).
 */

const MAX_ID_CHARS = RECORD_ID_MAX_CHARS;
const MAX_NAME_CHARS = RECORD_NAME_MAX_CHARS;
const MAX_LINE_CHARS = 200;
const MAX_TEXT_CHARS = RECORD_TEXT_MAX_CHARS;
const MAX_NOTE_CHARS = RECORD_NOTE_MAX_CHARS;
const MAX_COORDINATE_M = PLANT_COORDINATE_MAX_M;
/** Photos on one ticket: a few at the report, a few after the rectification, a few more after a rework. */
export const MAX_HAZARD_PHOTOS = 30;
/** Photos one report or one rectification step carries. */
export const MAX_HAZARD_PHOTOS_PER_STEP = 10;
/** Steps of one ticket: report, accept, assign, then rectify and return a few times, verify. */
export const MAX_HAZARD_SIGNATURES = 100;
/** What one risk point lists: a unit's hazards, its controls, the devices a control relies on. */
export const MAX_RISK_POINT_HAZARDS = 50;
export const MAX_RISK_POINT_CONTROLS = 100;
export const MAX_CONTROL_DEVICES = 50;
/** What one inspection plan holds: a unit's walk, each stop's checklist. */
export const MAX_PLAN_CHECKPOINTS = 100;
export const MAX_CHECKPOINT_ITEMS = 50;

const line = boundedLineSchema;
const text = boundedTextSchema;
/** A point in plant metres (contracts/geometry) within 100 km of the datum. */
const plantPoint = Point2Schema.refine(([x, y]) => Math.abs(x) <= MAX_COORDINATE_M && Math.abs(y) <= MAX_COORDINATE_M, { message: `plant coordinates are metres within ${MAX_COORDINATE_M} m of the site datum` });
/** A floor as badge positions give it: 0 the ground, negative below; a plant has no 200-storey structure. */
const floorSchema = z.number().int().min(-10).max(200).default(0);

/**
 * A record's code (risk point, ticket number, plan, checkpoint, item, device): letters, digits, dot, underscore
 * and hyphen, so it is safe in a URL path and an alarm id; scene ids (areas, equipment, sensors) fit it.
 */
export const HazardCodeSchema = line(MAX_ID_CHARS).regex(/^[A-Za-z0-9._-]+$/, 'must be letters, digits, dot, underscore or hyphen');
const codes = (max: number, what: string) =>
  z
    .array(HazardCodeSchema)
    .max(max, `at most ${max} ${what}`)
    .refine((ids) => new Set(ids).size === ids.length, { message: `a ${what.replace(/s$/, '')} is listed twice` })
    .default([]);

// ─── Risk register (风险分级管控) ────────────────────────────────────────────────────────────────────────

/**
 * The four risk grades, most severe first: 重大/较大/一般/低风险 = red/orange/yellow/blue (安全风险四色分布图;
 * 国务院安委办〔2016〕11号). The same values as the scene's static `Area.riskLevel`.
 */
export const RISK_GRADES = ['major', 'large', 'general', 'low'] as const;
export const RiskGradeSchema = z.enum(RISK_GRADES);
export type RiskGrade = z.infer<typeof RiskGradeSchema>;

/**
 * LEC (作业条件危险性评价法, Graham & Kinney 1976): D = L × E × C, each factor from its published scale.
 * L, likelihood of the accident: 10 完全可以预料, 6 相当可能, 3 可能但不经常, 1 可能性小完全意外,
 * 0.5 很不可能可以设想, 0.2 极不可能, 0.1 实际不可能.
 */
export const LEC_LIKELIHOOD_SCORES = [10, 6, 3, 1, 0.5, 0.2, 0.1] as const;
/** E, exposure: 10 连续暴露, 6 每天工作时间内暴露, 3 每周一次或偶然暴露, 2 每月一次, 1 每年几次, 0.5 非常罕见. */
export const LEC_EXPOSURE_SCORES = [10, 6, 3, 2, 1, 0.5] as const;
/** C, consequence: 100 大灾难许多人死亡, 40 灾难数人死亡, 15 非常严重一人死亡, 7 严重重伤, 3 重大致残, 1 引人注目需要救护. */
export const LEC_CONSEQUENCE_SCORES = [100, 40, 15, 7, 3, 1] as const;
const oneOf = (scores: readonly number[], name: string) =>
  z
    .number()
    .finite()
    .refine((v) => scores.includes(v), { message: `${name} must be one of the published scores ${scores.join(', ')}` });

/**
 * How a risk point was assessed, with the method's inputs (the grade is computed from them: main/hazards
 * gradeRiskPoint, never stored beside them, so it cannot disagree with them):
 * - `lec`: L, E, C from their published scales (above);
 * - `matrix`: likelihood and severity levels 1…n of the site's risk matrix (GB/T 27921-2011's
 *   consequence/likelihood matrix; the default 5 × 5 and its bands are HazardsConfig's `riskMatrix`), 1 the least.
 */
export const RiskAssessmentSchema = z.discriminatedUnion('method', [
  z.strictObject({
    method: z.literal('lec'),
    likelihood: oneOf(LEC_LIKELIHOOD_SCORES, 'L'),
    exposure: oneOf(LEC_EXPOSURE_SCORES, 'E'),
    consequence: oneOf(LEC_CONSEQUENCE_SCORES, 'C'),
  }),
  z.strictObject({
    method: z.literal('matrix'),
    /** 1 … the matrix's likelihood levels (checked against the configured matrix when graded). */
    likelihood: z.number().int().min(1).max(10),
    /** 1 … the matrix's severity levels. */
    severity: z.number().int().min(1).max(10),
  }),
]);
export type RiskAssessment = z.infer<typeof RiskAssessmentSchema>;

/**
 * A control measure's kind (管控措施): 工程技术, 管理, 个体防护, 应急处置 (the issue's four), and 培训教育, which the
 * provincial double-prevention guides list beside them.
 */
export const CONTROL_MEASURE_KINDS = ['engineering', 'management', 'training', 'ppe', 'emergency'] as const;
export type ControlMeasureKind = (typeof CONTROL_MEASURE_KINDS)[number];

/**
 * Who keeps the risk under control (管控层级), the highest first: 公司 (company), 车间/部门 (workshop), 班组
 * (team), 岗位 (post). A grade is kept at least at its level (重大 company … 低 post: main/hazards
 * minimumControlLevel).
 */
export const RISK_CONTROL_LEVELS = ['company', 'workshop', 'team', 'post'] as const;
export type RiskControlLevel = (typeof RISK_CONTROL_LEVELS)[number];

/**
 * Accident kinds a hazard may lead to, after GB 6441-1986 《企业职工伤亡事故分类》's list (the ones a chemical
 * plant meets; mining kinds left out), and `other`.
 */
export const HAZARD_ACCIDENT_KINDS = [
  'struckByObject',
  'vehicle',
  'machinery',
  'lifting',
  'electrocution',
  'drowning',
  'burn',
  'fire',
  'fallFromHeight',
  'collapse',
  'containerExplosion',
  'otherExplosion',
  'poisoningAsphyxiation',
  'other',
] as const;

/** A control measure; the detectors and interlocks it relies on are named so their failure re-grades the point. */
export const ControlMeasureSchema = z.strictObject({
  kind: z.enum(CONTROL_MEASURE_KINDS),
  description: line(MAX_NOTE_CHARS),
  /** Scene sensor ids (gas detectors) the measure relies on, besides the detectors of the point's area. */
  sensorIds: codes(MAX_CONTROL_DEVICES, 'sensors'),
  /** Interlock (SIS/联锁) tags the measure relies on: one bypassed (旁路) re-grades the point. */
  interlockIds: codes(MAX_CONTROL_DEVICES, 'interlocks'),
});
export type ControlMeasure = z.infer<typeof ControlMeasureSchema>;

/**
 * A risk point (风险点) of the register: a scene area, or equipment in it, with its hazards (危险源 and the
 * accidents they may cause), control measures, who keeps it under control at which level, and its assessment.
 */
export const RiskPointEntrySchema = z.strictObject({
  id: HazardCodeSchema,
  name: line(MAX_LINE_CHARS),
  /** The scene area the point lies in: its grade colours this area on the four-colour map. */
  areaId: HazardCodeSchema,
  /** Scene equipment ids when the point is equipment (a tank, a pump); empty: the area as a whole. */
  equipmentIds: codes(MAX_CONTROL_DEVICES, 'equipment ids'),
  /** At least one hazard: a risk point without one is not a risk point. */
  hazards: z
    .array(z.strictObject({ accident: z.enum(HAZARD_ACCIDENT_KINDS), description: line(MAX_NOTE_CHARS) }))
    .min(1, 'a risk point names at least one hazard')
    .max(MAX_RISK_POINT_HAZARDS, `at most ${MAX_RISK_POINT_HAZARDS} hazards`),
  /** At least one measure (风险管控清单 lists each point's measures). */
  controls: z.array(ControlMeasureSchema).min(1, 'a risk point has at least one control measure').max(MAX_RISK_POINT_CONTROLS, `at most ${MAX_RISK_POINT_CONTROLS} control measures`),
  /** The person responsible (责任人) and the level they keep the risk at (管控层级). */
  responsible: z.strictObject({ name: line(MAX_NAME_CHARS), level: z.enum(RISK_CONTROL_LEVELS) }),
  assessment: RiskAssessmentSchema,
  /** When and by whom it was assessed (评价人); the register re-assesses at least yearly (not checked here). */
  assessedAtMs: EpochMsSchema,
  assessedBy: line(MAX_NAME_CHARS),
  note: text(MAX_NOTE_CHARS).optional(),
});
export type RiskPointEntry = z.infer<typeof RiskPointEntrySchema>;
export type RiskPointEntryInput = z.input<typeof RiskPointEntrySchema>;

/**
 * A control that is not doing its job now (main/hazards liveRiskGrade): a gas detector in comm loss or
 * out of service (its alarms removed from service, ISA-18.2), or an interlock bypassed. `areaId` is the
 * detector's scene area, if any.
 */
export type ControlFailure =
  | { kind: 'detectorCommLoss' | 'detectorOutOfService'; sensorId: string; areaId?: string }
  | { kind: 'interlockBypassed'; interlockId: string };

// ─── Hidden-danger tickets (隐患排查治理) ───────────────────────────────────────────────────────────────

/**
 * 一般 / 重大事故隐患 (《安全生产事故隐患排查治理暂行规定》, 原国家安监总局令第16号, art. 3): general — little
 * harm and easy to fix, removable at once; major — harm and difficulty great, needs a full or partial stop and
 * time to fix, or cannot be removed by the plant alone. For chemical plants the major ones are listed by
 * 《化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）》(安监总管三〔2017〕121号).
 */
export const HAZARD_TICKET_GRADES = ['general', 'major'] as const;
export const HazardTicketGradeSchema = z.enum(HAZARD_TICKET_GRADES);
export type HazardTicketGrade = z.infer<typeof HazardTicketGradeSchema>;

/**
 * What a hidden danger is, as a reporter picks it on a phone: the physical state (物的危险状态), an unsafe act
 * (人的不安全行为) or a management gap (管理上的缺陷) of art. 3, split where a plant's screening tells them apart.
 */
export const HAZARD_KINDS = [
  /** 跑冒滴漏: a leak, drip, spill or smell. */
  'leak',
  /** 设备设施缺陷: corrosion, vibration, a damaged guard or support. */
  'equipment',
  'electrical',
  /** 仪表及报警: a detector, gauge or interlock not working. */
  'instrumentation',
  /** 消防设施: extinguishers, hydrants, fire water, escape routes. */
  'fireProtection',
  /** 违章作业: an unsafe act (smoking, a bypassed lock). */
  'unsafeAct',
  'ppe',
  /** 特殊作业: special operations against their permit (GB 30871-2022). */
  'specialOperation',
  /** 现场管理: blocked passages, storage, housekeeping. */
  'housekeeping',
  'other',
] as const;
export const HazardKindSchema = z.enum(HAZARD_KINDS);
export type HazardKind = z.infer<typeof HazardKindSchema>;

/**
 * 上报 → 受理 → 整改中 → 待验收 → 已销号, or 已驳回 (a duplicate, or not a hidden danger). HAZARD_TICKET_TRANSITIONS
 * (below) holds the steps between them.
 */
export const HAZARD_TICKET_STATES = ['reported', 'accepted', 'rectifying', 'awaitingVerification', 'closed', 'rejected'] as const;
export const HazardTicketStateSchema = z.enum(HAZARD_TICKET_STATES);
export type HazardTicketState = z.infer<typeof HazardTicketStateSchema>;

/**
 * The steps: `report` opens the ticket; `accept` (受理, the grade confirmed), `reject` (驳回), `assign` (指派整改),
 * `rectify` (整改完成, with the after photos), `verify` (验收销号), `returnForRework` (验收不通过).
 */
export const HAZARD_TICKET_ACTIONS = ['report', 'accept', 'reject', 'assign', 'rectify', 'verify', 'returnForRework'] as const;
export const HazardTicketActionSchema = z.enum(HAZARD_TICKET_ACTIONS);
export type HazardTicketAction = z.infer<typeof HazardTicketActionSchema>;

/**
 * Which states each step leaves from, where it goes, and the role action it needs (contracts/roles): main/hazards
 * applyHazardStep checks a step against it, and the screens offer a user the steps their role may take.
 */
export const HAZARD_TICKET_TRANSITIONS: Readonly<Record<Exclude<HazardTicketAction, 'report'>, { from: readonly HazardTicketState[]; to: HazardTicketState; needs: Action }>> = {
  accept: { from: ['reported'], to: 'accepted', needs: 'hazard:handle' },
  reject: { from: ['reported'], to: 'rejected', needs: 'hazard:handle' },
  // Assigning again (another rectifier) keeps the ticket where it is.
  assign: { from: ['accepted', 'rectifying'], to: 'rectifying', needs: 'hazard:handle' },
  rectify: { from: ['rectifying'], to: 'awaitingVerification', needs: 'hazard:rectify' },
  verify: { from: ['awaitingVerification'], to: 'closed', needs: 'hazard:verify' },
  returnForRework: { from: ['awaitingVerification'], to: 'rectifying', needs: 'hazard:verify' },
};

/** Why a report was rejected: a duplicate of another ticket, or not a hidden danger (the note says why). */
export const HAZARD_REJECT_REASONS = ['duplicate', 'invalid'] as const;

/** How the ticket came in (issue 18 item 2): the phone page, an alarm, a camera event, or an inspection round's failed item. */
export const HazardSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('phone') }),
  z.strictObject({ kind: z.literal('alarm'), alarmId: line(MAX_LINE_CHARS) }),
  z.strictObject({ kind: z.literal('camera'), cameraId: HazardCodeSchema, eventId: line(MAX_LINE_CHARS) }),
  z.strictObject({ kind: z.literal('inspection'), planId: HazardCodeSchema, roundId: HazardCodeSchema, checkpointId: HazardCodeSchema, itemId: HazardCodeSchema }),
]);
export type HazardSource = z.infer<typeof HazardSourceSchema>;

/**
 * Where the danger is: a point in plant metres (contracts/geometry), within 100 km of the datum, on a floor
 * (0 ground, as badge positions), and how it was placed: a pin on the site map, the reporter's badge position,
 * the alarm's source, the camera event's ground point, or the checkpoint of a failed inspection item. The area
 * is the scene area the point lies in, if known.
 */
export const HazardLocationSchema = z.strictObject({
  point: plantPoint,
  floor: floorSchema,
  placedBy: z.enum(['pin', 'badge', 'alarm', 'camera', 'checkpoint']),
  areaId: HazardCodeSchema.optional(),
});
export type HazardLocation = z.infer<typeof HazardLocationSchema>;

/**
 * A photo or voice note: a reference to a file the records store keeps (its key), never the bytes; when taken,
 * and at which stage — at the report (before) or with the rectification (after).
 */
export const HazardMediaSchema = z.strictObject({
  ref: HazardCodeSchema,
  kind: z.enum(['photo', 'voice']),
  stage: z.enum(['report', 'rectification']),
  takenAtMs: EpochMsSchema,
});
export type HazardMedia = z.infer<typeof HazardMediaSchema>;
const mediaOfStep = z.array(HazardMediaSchema).max(MAX_HAZARD_PHOTOS_PER_STEP, `at most ${MAX_HAZARD_PHOTOS_PER_STEP} photos or voice notes per step`);

/** The basis of a major grade: the criterion it meets (an item of 安监总管三〔2017〕121号, or the site's own list). */
const majorBasis = line(MAX_NOTE_CHARS);

/**
 * A report (上报), as the phone page, the alarm list or a camera event sends it. The grade is the reporter's
 * proposal; the safety side confirms or changes it on acceptance. A major proposal says its basis.
 */
export const HazardReportSchema = z
  .strictObject({
    source: HazardSourceSchema,
    location: HazardLocationSchema,
    kind: HazardKindSchema,
    grade: HazardTicketGradeSchema.default('general'),
    majorBasis: majorBasis.optional(),
    description: text(MAX_TEXT_CHARS),
    media: mediaOfStep.default([]),
    /** The reporter's badge, when the location was placed by it. */
    badgeId: BadgeIdSchema.optional(),
  })
  .superRefine((r, ctx) => {
    if (r.grade === 'major' && r.majorBasis === undefined) ctx.addIssue({ code: 'custom', path: ['majorBasis'], message: 'a major hidden danger says which criterion it meets' });
    if (r.location.placedBy === 'badge' && r.badgeId === undefined) ctx.addIssue({ code: 'custom', path: ['badgeId'], message: 'a location placed by badge names the badge' });
    if (r.media.some((m) => m.stage !== 'report')) ctx.addIssue({ code: 'custom', path: ['media'], message: 'a report carries report photos only' });
  });
export type HazardReport = z.infer<typeof HazardReportSchema>;
export type HazardReportInput = z.input<typeof HazardReportSchema>;

/**
 * One signed step: who (a named user and their role), when, which action, the state before (null for the
 * report that opens the ticket) and after, and what the step carried.
 */
export const HazardSignatureSchema = z.strictObject({
  action: HazardTicketActionSchema,
  from: HazardTicketStateSchema.nullable(),
  to: HazardTicketStateSchema,
  user: line(MAX_NAME_CHARS),
  role: RoleSchema,
  atMs: EpochMsSchema,
  /** accept: the confirmed grade. */
  grade: HazardTicketGradeSchema.optional(),
  /** accept: the deadline set. */
  deadlineMs: EpochMsSchema.optional(),
  /** reject: why; with the ticket it duplicates. */
  rejectReason: z.enum(HAZARD_REJECT_REASONS).optional(),
  duplicateOf: HazardCodeSchema.optional(),
  /** assign: who rectifies. */
  assignee: line(MAX_NAME_CHARS).optional(),
  note: text(MAX_NOTE_CHARS).optional(),
});
export type HazardSignature = z.infer<typeof HazardSignatureSchema>;

/**
 * A hidden-danger ticket: the report, and what the steps set — the confirmed grade and deadline on acceptance,
 * the assignee, the after photos — with the signed trail. Invariants (checked by the schema): the trail starts
 * with the report and its last step's `to` is the state; a major grade says its basis; a deadline comes after
 * the report.
 */
export const HazardTicketSchema = z
  .strictObject({
    /** The register's number (隐患编号), unique. */
    number: HazardCodeSchema,
    source: HazardSourceSchema,
    location: HazardLocationSchema,
    kind: HazardKindSchema,
    grade: HazardTicketGradeSchema,
    majorBasis: majorBasis.optional(),
    description: text(MAX_TEXT_CHARS),
    reportedAtMs: EpochMsSchema,
    reporter: line(MAX_NAME_CHARS),
    badgeId: BadgeIdSchema.optional(),
    state: HazardTicketStateSchema,
    /** Rectified by (整改完成时限), set on acceptance: the grade's default (4 h major, 24 h general) or later. */
    deadlineMs: EpochMsSchema.optional(),
    assignee: line(MAX_NAME_CHARS).optional(),
    /** Before (report) and after (rectification) photos and voice notes, in the order they came. */
    media: z.array(HazardMediaSchema).max(MAX_HAZARD_PHOTOS, `at most ${MAX_HAZARD_PHOTOS} photos or voice notes per ticket`),
    /** Set when rejected as a duplicate: the ticket it duplicates. */
    duplicateOf: HazardCodeSchema.optional(),
    signatures: z.array(HazardSignatureSchema).min(1).max(MAX_HAZARD_SIGNATURES, `at most ${MAX_HAZARD_SIGNATURES} steps`),
  })
  .superRefine((t, ctx) => {
    if (t.signatures[0]?.action !== 'report') ctx.addIssue({ code: 'custom', path: ['signatures', 0], message: 'the trail starts with the report' });
    if (t.signatures.at(-1)?.to !== t.state) ctx.addIssue({ code: 'custom', path: ['state'], message: "the state is the last step's" });
    for (let i = 1; i < t.signatures.length; i++) {
      if (t.signatures[i]!.from !== t.signatures[i - 1]!.to) ctx.addIssue({ code: 'custom', path: ['signatures', i, 'from'], message: 'each step starts where the one before ended' });
    }
    if (t.grade === 'major' && t.majorBasis === undefined) ctx.addIssue({ code: 'custom', path: ['majorBasis'], message: 'a major hidden danger says which criterion it meets' });
    if (t.deadlineMs !== undefined && t.deadlineMs <= t.reportedAtMs) ctx.addIssue({ code: 'custom', path: ['deadlineMs'], message: 'the deadline comes after the report' });
  });
export type HazardTicket = z.infer<typeof HazardTicketSchema>;

/** A step a person asks for on a ticket (`report` is the report itself, HazardReportSchema). */
export const HazardStepRequestSchema = z.discriminatedUnion('action', [
  /** The grade as confirmed; a later deadline than the grade's default says why in the note. */
  z.strictObject({ action: z.literal('accept'), grade: HazardTicketGradeSchema, majorBasis: majorBasis.optional(), deadlineMs: EpochMsSchema.optional(), note: text(MAX_NOTE_CHARS).optional() }),
  /** A duplicate names the ticket it duplicates; an invalid report is told why in the note. */
  z
    .strictObject({ action: z.literal('reject'), reason: z.enum(HAZARD_REJECT_REASONS), duplicateOf: HazardCodeSchema.optional(), note: text(MAX_NOTE_CHARS).optional() })
    .superRefine((r, ctx) => {
      if (r.reason === 'duplicate' && r.duplicateOf === undefined) ctx.addIssue({ code: 'custom', path: ['duplicateOf'], message: 'a duplicate names the ticket it duplicates' });
      if (r.reason === 'invalid' && r.note === undefined) ctx.addIssue({ code: 'custom', path: ['note'], message: 'an invalid report is told why' });
      if (r.reason === 'invalid' && r.duplicateOf !== undefined) ctx.addIssue({ code: 'custom', path: ['duplicateOf'], message: 'only a duplicate names another ticket' });
    }),
  z.strictObject({ action: z.literal('assign'), assignee: line(MAX_NAME_CHARS), note: text(MAX_NOTE_CHARS).optional() }),
  /** What was done, with at least one after photo. */
  z.strictObject({ action: z.literal('rectify'), note: text(MAX_NOTE_CHARS), media: mediaOfStep.min(1, 'a rectification carries at least one after photo') }),
  z.strictObject({ action: z.literal('verify'), note: text(MAX_NOTE_CHARS).optional() }),
  z.strictObject({ action: z.literal('returnForRework'), note: text(MAX_NOTE_CHARS) }),
]);
export type HazardStepRequest = z.infer<typeof HazardStepRequestSchema>;

// ─── Inspection rounds (巡检) ─────────────────────────────────────────────────────────────────────────────

/**
 * The inspection class of a plan's areas (issue 18: A daily, B every two days, C twice a week; HazardsConfig
 * `roundFrequencies`). Not the scene's `Area.riskClass`, which is GB 50160's fire-hazard category 甲/乙/丙.
 */
export const INSPECTION_AREA_CLASSES = ['A', 'B', 'C'] as const;
export type InspectionAreaClass = (typeof INSPECTION_AREA_CLASSES)[number];

/**
 * A check item (检查项): look and judge (正常/异常), or read a value against its normal range. `hazardKind` is the
 * kind of the ticket a failure opens (a seal item's failure is a leak).
 */
export const CheckItemSchema = z.discriminatedUnion('kind', [
  z.strictObject({ id: HazardCodeSchema, kind: z.literal('judgement'), text: line(MAX_NOTE_CHARS), hazardKind: HazardKindSchema.default('other') }),
  z
    .strictObject({
      id: HazardCodeSchema,
      kind: z.literal('reading'),
      text: line(MAX_NOTE_CHARS),
      hazardKind: HazardKindSchema.default('other'),
      unit: line(16),
      /** The normal range, inclusive; at least one bound. */
      min: z.number().finite().optional(),
      max: z.number().finite().optional(),
    })
    .refine((i) => i.min !== undefined || i.max !== undefined, { message: 'a reading item has a normal range (min, max or both)' })
    .refine((i) => i.min === undefined || i.max === undefined || i.min <= i.max, { message: 'min must not exceed max', path: ['max'] }),
]);
export type CheckItem = z.infer<typeof CheckItemSchema>;

/**
 * A checkpoint (巡检点) of a plan: where the inspector must stand (plant metres, a floor) and its checklist. Its
 * own check-in radius overrides the configured one where RTLS coverage is worse (a corner of the unit).
 */
export const CheckpointSchema = z
  .strictObject({
    id: HazardCodeSchema,
    name: line(MAX_LINE_CHARS),
    point: plantPoint,
    floor: floorSchema,
    checkInRadiusM: z.number().finite().min(1).max(50).optional(),
    items: z.array(CheckItemSchema).min(1, 'a checkpoint has at least one check item').max(MAX_CHECKPOINT_ITEMS),
  })
  .refine((c) => new Set(c.items.map((i) => i.id)).size === c.items.length, { message: 'check item ids are unique in a checkpoint', path: ['items'] });
export type Checkpoint = z.infer<typeof CheckpointSchema>;

/**
 * An inspection plan (巡检计划): its areas' class (which sets the frequency), the checkpoints in walking order,
 * and the local date its periods count from (B's every other day and C's weeks start there).
 */
/** A plan's fields, before the check across them (a record built from parts — the demo's — picks from these). */
export const InspectionPlanFieldsSchema = z.strictObject({
  id: HazardCodeSchema,
  name: line(MAX_LINE_CHARS),
  areaClass: z.enum(INSPECTION_AREA_CLASSES),
  areaIds: codes(100, 'areas'),
  /** The local date the plan's periods count from: no slot before it exists, so none is missed. */
  anchorDate: z.iso.date(),
  checkpoints: z.array(CheckpointSchema).min(1, 'a plan has at least one checkpoint').max(MAX_PLAN_CHECKPOINTS),
});
export const InspectionPlanSchema = InspectionPlanFieldsSchema.refine((p) => new Set(p.checkpoints.map((c) => c.id)).size === p.checkpoints.length, { message: 'checkpoint ids are unique in a plan', path: ['checkpoints'] });
export type InspectionPlan = z.infer<typeof InspectionPlanSchema>;

/**
 * A check-in at a checkpoint: when the inspector said they were there, and whether their badge agreed
 * (main/hazards verifyCheckIn): the distance of the nearest badge fix in the time window, or none.
 */
export const CheckInSchema = z.strictObject({
  checkpointId: HazardCodeSchema,
  atMs: EpochMsSchema,
  verified: z.boolean(),
  /** The nearest fix's distance, metres; absent when no fix of the badge fell in the window. */
  badgeDistanceM: z.number().finite().min(0).optional(),
});
export type CheckIn = z.infer<typeof CheckInSchema>;

/**
 * A check item's result: the inspector's judgement, the value of a reading (main/hazards checkFailed also
 * fails a reading outside its range), a photo (stage report: it goes with the ticket a failure opens), and for a
 * failure its urgency — the grade the ticket proposes; an urgent (major) one says why in the note.
 */
export const CheckResultSchema = z
  .strictObject({
    checkpointId: HazardCodeSchema,
    itemId: HazardCodeSchema,
    ok: z.boolean(),
    value: z.number().finite().optional(),
    photo: HazardMediaSchema.optional(),
    urgency: HazardTicketGradeSchema.optional(),
    note: text(MAX_NOTE_CHARS).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.urgency === 'major' && r.note === undefined) ctx.addIssue({ code: 'custom', path: ['note'], message: 'a major urgency says why' });
    if (r.photo !== undefined && r.photo.stage !== 'report') ctx.addIssue({ code: 'custom', path: ['photo', 'stage'], message: "an inspection photo is a report (before) photo" });
  });
export type CheckResult = z.infer<typeof CheckResultSchema>;

/**
 * One round (巡检记录) of a plan for one scheduled slot (`slotStartMs`, main/hazards inspectionSlots): who walked
 * it with which badge, their check-ins and results. Complete when every checkpoint has a verified check-in.
 */
export const InspectionRoundSchema = z.strictObject({
  id: HazardCodeSchema,
  planId: HazardCodeSchema,
  slotStartMs: EpochMsSchema,
  inspector: line(MAX_NAME_CHARS),
  badgeId: BadgeIdSchema,
  startedAtMs: EpochMsSchema,
  checkIns: z.array(CheckInSchema).max(4 * MAX_PLAN_CHECKPOINTS),
  results: z.array(CheckResultSchema).max(MAX_PLAN_CHECKPOINTS * MAX_CHECKPOINT_ITEMS),
});
export type InspectionRound = z.infer<typeof InspectionRoundSchema>;

/** Where a slot stands: before it, open, past its end within the grace, done in time, done in the grace, or missed. */
export const ROUND_STATUSES = ['upcoming', 'due', 'overdue', 'done', 'late', 'missed'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];


// ─── What the register answers (docs/hazards.md §6) ─────────────────────────────────────────────────────────

/** A likely duplicate of a ticket (main/hazards likelyDuplicates), shown to whoever accepts it. */
export type HazardDuplicateView = { number: string; state: HazardTicketState; distanceM: number; apartMs: number };

/**
 * A ticket as a user sees it: names (reporter, assignee, signers) withheld from roles without
 * personnel:viewNames, except the user's own name (a reporter follows their own report). `timing` is where it
 * stands against its deadline now (main/hazards hazardTicketTiming); `mine`: this user reported it.
 */
export type HazardTicketView = {
  ticket: HazardTicket;
  namesWithheld: boolean;
  mine: boolean;
  revision: number;
  updatedMs: number;
  timing: { deadlineMs: number; running: boolean; overdue: boolean; remindersDue: number; escalationLevel: number };
  /** The steps this user's role may take now (HAZARD_TICKET_TRANSITIONS from the ticket's state). */
  steps: Exclude<HazardTicketAction, 'report'>[];
};
/** One ticket with the likely duplicates its acceptor should look at. */
export type HazardTicketDetail = HazardTicketView & { likelyDuplicates: HazardDuplicateView[] };

/** GET /api/hazards filters; every list is bounded. `mine`: only the user's own reports. */
export const HazardListQuerySchema = z.strictObject({
  states: z.array(HazardTicketStateSchema).max(HAZARD_TICKET_STATES.length).optional(),
  grades: z.array(HazardTicketGradeSchema).max(2).optional(),
  kinds: z.array(HazardKindSchema).max(HAZARD_KINDS.length).optional(),
  sources: z.array(z.enum(['phone', 'alarm', 'camera', 'inspection'])).max(4).optional(),
  areaIds: z.array(HazardCodeSchema).max(100).optional(),
  mine: z.boolean().optional(),
  fromMs: EpochMsSchema.optional(),
  toMs: EpochMsSchema.optional(),
  limit: z.number().int().min(1).max(1_000).default(200),
});
export type HazardListQuery = z.infer<typeof HazardListQuerySchema>;

/** A risk point with its grade as assessed and as it stands now (liveRiskGrade), and why it was raised. */
export type RiskPointView = { point: RiskPointEntry; assessed: RiskGrade; score: number; grade: RiskGrade; causes: ControlFailure[]; revision: number; updatedMs: number };

/**
 * The four-colour map (安全风险四色分布图) as the register draws it: each scene area's grade now — its most severe
 * risk point's live grade — the assessed one beside it, and the failures that raised it. Areas without a risk
 * point are absent (the screens show them uncoloured: not assessed).
 */
export type AreaRiskGrade = { areaId: string; grade: RiskGrade; assessed: RiskGrade; causes: ControlFailure[]; riskPointIds: string[] };

/** An inspection slot as the screens list it: the plan, the slot, its status, the round that answered it. */
export type InspectionSlotView = { planId: string; startMs: number; endMs: number; status: RoundStatus; roundId?: string; completedAtMs?: number };

/** Opening a round: the plan's slot it answers (its start) and the inspector's badge. */
export const InspectionRoundStartSchema = z.strictObject({ planId: HazardCodeSchema, slotStartMs: EpochMsSchema, badgeId: BadgeIdSchema });
/** A check-in at a checkpoint of the round's plan, now: the core checks the badge (verifyCheckIn). */
export const InspectionCheckInRequestSchema = z.strictObject({ checkpointId: HazardCodeSchema });
/** The results of some check items (one or a whole checkpoint's): a failure opens a ticket. */
export const InspectionResultsRequestSchema = z.strictObject({ results: z.array(CheckResultSchema).min(1).max(MAX_CHECKPOINT_ITEMS) });

/** What `hazard:changed` tells every screen: the ticket, its state and grade, where it is, the step; never a name. */
export type HazardChange = { number: string; state: HazardTicketState; grade: HazardTicketGrade; point: [number, number]; areaId?: string; change: HazardTicketAction; atMs: number };

// ─── Monthly hidden-danger analysis (docs/hazards.md, "Monthly analysis") ───────────────────────────────────

/** The ways a ticket comes in, as HazardSourceSchema lists them (the analysis counts each). */
export const HAZARD_SOURCE_KINDS = HazardSourceSchema.options.map((option) => option.shape.kind.value);
export type HazardSourceKind = HazardSource['kind'];
/** The analysis's area bucket for tickets whose location names no scene area. */
export const HAZARD_UNKNOWN_AREA = 'unknown';

/**
 * The monthly hidden-danger analysis (隐患排查治理月度分析, issue 18 item 5) of one local calendar month, as
 * main/hazards monthlyHazardAnalysis computes it; every figure is defined there. Lists are bounded: the counts
 * beside them are whole.
 */
export type HazardMonthlyAnalysis = {
  /** The local month, YYYY-MM, and the site's UTC offset it was cut by. */
  month: string;
  utcOffsetMin: number;
  /** The month as UTC instants, [startMs, endMs). */
  startMs: number;
  endMs: number;
  /** The cutoff: the month's end, or now while the month runs; the trails are read as they stood then. */
  asOfMs: number;
  /** Whether the month was over (else the figures are the month so far). */
  complete: boolean;
  /** Tickets reported in the month, rejected ones included. */
  reported: {
    total: number;
    byGrade: Record<HazardTicketGrade, number>;
    byKind: Record<HazardKind, number>;
    bySource: Record<HazardSourceKind, number>;
    /** The most reported areas first (HAZARD_UNKNOWN_AREA for no area); the areas beyond the list summed in otherAreas. */
    byArea: { areaId: string; count: number }[];
    otherAreas: { areas: number; tickets: number };
    /** Where they stood at the cutoff. */
    byState: Record<HazardTicketState, number>;
  };
  rejected: { duplicate: number; invalid: number };
  /** closed ÷ accepted; null when none was accepted. */
  closure: { accepted: number; closed: number; rate: number | null };
  /** Closed tickets and their mean report-to-rectification time, hours (null when none closed), per grade. */
  rectification: Record<HazardTicketGrade, { closed: number; meanHours: number | null }>;
  overdue: Record<HazardTicketGrade, number>;
  /** Repeats of a danger closed before, with (number, earlierNumber) pairs, the earliest reported first. */
  repeats: { count: number; pairs: { number: string; earlierNumber: string }[] };
  /** Tickets open at the cutoff, whenever reported: the oldest first. */
  carriedOver: {
    count: number;
    overdue: number;
    tickets: { number: string; grade: HazardTicketGrade; state: HazardTicketState; reportedAtMs: number; deadlineMs: number; overdue: boolean; areaId?: string }[];
  };
};

/**
 * Double prevention's alarms (docs/hazards.md §5, §3), each an ISA-18.2 alarm of its own class:
 * - `inspectionRoundLate`: a plan's latest slot has ended without a complete round and is within its grace
 *   (the round may still come, late). Source: the plan, by its code.
 * - `inspectionRoundMissed`: a plan's latest finished slot (grace over) had no complete round, and no later
 *   round has been completed yet. Source: the plan.
 * - `hazardTicketOverdue`: a hidden-danger ticket past its rectification deadline with its clock running
 *   (its escalation level is the ticket's timing). Source: the ticket, by its number.
 * Each is also its reason code.
 */
export const HAZARD_ALARM_CONDITIONS = ['inspectionRoundLate', 'inspectionRoundMissed', 'hazardTicketOverdue'] as const;
export type HazardAlarmCondition = (typeof HAZARD_ALARM_CONDITIONS)[number];
