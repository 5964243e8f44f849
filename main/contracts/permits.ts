import { z } from 'zod';
import { Point2Schema, PolygonSchema, type Point2 } from './geometry.js';
import { RoleSchema } from './roles.js';
import { describeRecordIssues, PLANT_COORDINATE_MAX_M, RECORD_ID_MAX_CHARS, RECORD_NAME_MAX_CHARS, RECORD_NOTE_MAX_CHARS, RECORD_TEXT_MAX_CHARS } from './recordBounds.js';

/**
 * Special-operation permits (安全作业票) of GB 30871-2022 《危险化学品企业特殊作业安全规范》: the record a
 * plant's permit system sends to `POST /api/permits` and the register keeps. Every size is bounded (the body
 * comes over a token-authenticated write API: bad input is refused with a message naming the field, never
 * stored in part). Clause numbers below are GB 30871-2022's; docs/permits.md lists them.
 */

/** The eight special operations (GB 30871-2022 §1, §3.4–3.12). */
export const PERMIT_TYPES = ['hotWork', 'confinedSpace', 'blinding', 'workAtHeight', 'lifting', 'temporaryPower', 'excavation', 'roadClosure'] as const;
export type PermitType = (typeof PERMIT_TYPES)[number];

/** 特级 / 一级 / 二级 动火 (§5.1.1–5.1.4), most severe first. */
export const HOT_WORK_GRADES = ['special', 'first', 'second'] as const;
export type HotWorkGrade = (typeof HOT_WORK_GRADES)[number];
/** 高处作业 Ⅰ–Ⅳ级 (§8.1, GB/T 3608 table 2), least severe first. */
export const HEIGHT_GRADES = ['I', 'II', 'III', 'IV'] as const;
export type HeightGrade = (typeof HEIGHT_GRADES)[number];
/** 一级 / 二级 / 三级 吊装 by the load's mass (§9.1), most severe first. */
export const LIFTING_GRADES = ['first', 'second', 'third'] as const;
export type LiftingGrade = (typeof LIFTING_GRADES)[number];
/** 动火方式 (§3.4 note), in the order a form offers them. */
export const HOT_WORK_METHODS = ['electricWelding', 'gasWelding', 'gasCutting', 'torch', 'grinding', 'drilling', 'sandBlasting', 'other'] as const;
/** 盲板抽堵: one permit is one operation on one blind (§7.11), fitting (堵) or removing (抽) it. */
export const BLINDING_OPERATIONS = ['fit', 'remove'] as const;

/**
 * The lifecycle (issue 17): draft → submitted → approved → inWork ⇄ suspended → resumed → closed → reviewed.
 * `resumed` is work going on again after a suspension, kept apart from `inWork` so every screen shows that
 * the permit was stopped once. main/permits/permitLifecycle.ts holds the transitions.
 */
export const PERMIT_STATES = ['draft', 'submitted', 'approved', 'inWork', 'suspended', 'resumed', 'closed', 'reviewed'] as const;
export const PermitStateSchema = z.enum(PERMIT_STATES);
export type PermitState = z.infer<typeof PermitStateSchema>;
/** States in which work goes on: the live rules check these permits only. */
export const PERMIT_WORKING_STATES: ReadonlySet<PermitState> = new Set<PermitState>(['inWork', 'resumed']);
/** States of a permit whose trail is final: closed, and reviewed after it. Every other permit is current (the register, the wall). */
export const PERMIT_FINISHED_STATES: ReadonlySet<PermitState> = new Set<PermitState>(['closed', 'reviewed']);

/** What each transition of the lifecycle is called in a step record. */
export const PERMIT_ACTIONS = ['submit', 'countersign', 'reject', 'approve', 'start', 'suspend', 'resume', 'close', 'review'] as const;
export const PermitActionSchema = z.enum(PERMIT_ACTIONS);
export type PermitAction = z.infer<typeof PermitActionSchema>;

/**
 * The live rules (issue 17 item 2); each is also a suspension reason when it stops the work. Their alarm
 * id is `${permitNumber}:${rule}`.
 */
export const PERMIT_RULES = [
  /** Hot work: a combustible-gas detector within 15 m at or above its pre-warning (§5.2.4's 15 m). */
  'combustibleGasNearby',
  /** Hot work: the live leak cloud's LEL zone reaches the permit's zone. */
  'lelZoneReachesPermit',
  /** Confined space: the last gas test is older than the allowed age (issue 17: 30 min; §6.3 a, §6.5). */
  'gasTestOverdue',
  /** Confined space: O2 outside the allowed range (issue 17: 19.5–23.5 %; §6.4 a). */
  'oxygenOutOfRange',
  /** Confined space: badges inside the zone (the watcher aside) differ in number from the permit's entrants. */
  'entrantCountMismatch',
  /** The watcher's badge is not within the set distance of the work (§4.10 f: the watcher stays at the job). */
  'watcherAway',
  /** A badge that is neither an entrant nor the watcher inside the permit's zone. */
  'unlistedBadgeInZone',
  /** A camera's PPE or harness event inside the permit's zone (§4.3 PPE, §8.2.1 harness). */
  'ppeEventInZone',
  /** Work goes on outside the permit's window (§4.16: a permit past its validity must be issued anew). */
  'outsideWorkWindow',
] as const;
export const PermitRuleSchema = z.enum(PERMIT_RULES);
export type PermitRule = z.infer<typeof PermitRuleSchema>;

/**
 * Why work was suspended, by code: a live rule, or an act of a person — gas alarm (§6.5, §5.2.6), weather
 * (§5.2.15, §8.2.6, §9.2.4 wind, snow, rain), an abnormal plant condition (§4.8), a violation seen by the
 * watcher (§4.10 e), the watcher leaving (§4.10 f), or other (the note says what).
 */
export const PERMIT_SUSPENSION_REASONS = [...PERMIT_RULES, 'gasAlarm', 'weather', 'processUpset', 'violation', 'watcherLeft', 'other'] as const;
export const PermitSuspensionReasonSchema = z.enum(PERMIT_SUSPENSION_REASONS);
export type PermitSuspensionReason = z.infer<typeof PermitSuspensionReasonSchema>;

/**
 * Who approves (审批) each permit (GB 30871-2022 appendix B table B.1), from the lowest level up:
 * 所在基层单位, 所在单位专业部门, 安全管理部门, 主管领导 / 主管厂长或总工程师. The power supplier (配送电单位)
 * approves temporary power and stands apart from the ladder.
 */
export const PERMIT_AUTHORITIES = ['baseUnit', 'specialistDepartment', 'safetyDepartment', 'plantLeadership', 'powerSupplier'] as const;
export const PermitAuthoritySchema = z.enum(PERMIT_AUTHORITIES);
export type PermitAuthority = z.infer<typeof PermitAuthoritySchema>;

/**
 * Units that countersign (会签) before approval (table B.1): excavation by water, power, steam, process,
 * equipment, fire and safety; road closure by fire and safety; temporary power by the power supplier.
 */
export const PERMIT_COUNTERSIGN_UNITS = ['water', 'power', 'steam', 'process', 'equipment', 'fire', 'safety', 'powerSupplier'] as const;
export const PermitCountersignUnitSchema = z.enum(PERMIT_COUNTERSIGN_UNITS);
export type PermitCountersignUnit = z.infer<typeof PermitCountersignUnitSchema>;

// Bounds: ids and names a badge system or a permit form holds, texts a form's field holds, lists a job has.
const MAX_ID_CHARS = RECORD_ID_MAX_CHARS;
const MAX_NAME_CHARS = RECORD_NAME_MAX_CHARS;
const MAX_UNIT_CHARS = 128;
const MAX_TEXT_CHARS = RECORD_TEXT_MAX_CHARS;
const MAX_NOTE_CHARS = RECORD_NOTE_MAX_CHARS;
const MAX_COORDINATE_M = PLANT_COORDINATE_MAX_M;
/** Vertices of a permit polygon: a drawn work area, not a survey. */
export const MAX_PERMIT_POLYGON_VERTICES = 200;
export const MAX_PERMIT_ENTRANTS = 100;
export const MAX_PERMIT_GAS_TESTS = 500;
/** Every step of a long job: submit, countersigns, approval, starts, suspensions and resumptions, close, review. */
export const MAX_PERMIT_SIGNATURES = 500;
/** Epoch milliseconds from 2000 to 2100: a timestamp outside is a unit mistake (seconds, microseconds). */
export const EpochMsSchema = z.number().int('must be whole milliseconds').min(946_684_800_000, 'must be epoch milliseconds after 2000').max(4_102_444_800_000, 'must be epoch milliseconds before 2100');

/** Printable text without control characters, trimmed, within bounds (a form's single-line field). */
export function boundedLineSchema(maxChars: number) {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(maxChars, `must be at most ${maxChars} characters`)
    .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');
}
/** Multi-line text (descriptions, notes): line breaks and tabs allowed, other control characters not. */
export function boundedTextSchema(maxChars: number) {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(maxChars, `must be at most ${maxChars} characters`)
    .regex(/^(?:[^\p{Cc}]|[\n\r\t])*$/u, 'must not contain control characters other than line breaks and tabs');
}
const line = boundedLineSchema;
const text = boundedTextSchema;

/** A badge id as RTLS reports it (contracts/live WorkerPositionSchema). */
export const BadgeIdSchema = line(MAX_ID_CHARS);
const withinPlant = (points: readonly Point2[]) => points.every(([x, y]) => Math.abs(x) <= MAX_COORDINATE_M && Math.abs(y) <= MAX_COORDINATE_M);
const beyondPlant = { message: `plant coordinates are metres within ${MAX_COORDINATE_M} m of the site datum` };

/**
 * Where the work is, in plant metres (contracts/geometry): a point (the hot-work point, a manhole) with the
 * radius of its cordoned zone (警戒区), or the zone's polygon. Rules measure distances to the point, or to
 * the polygon's edge (0 inside).
 */
export const PermitLocationSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('point'),
    point: Point2Schema.refine((point) => withinPlant([point]), beyondPlant),
    /** The cordoned zone around the point, metres: badges and camera events inside it are "in the zone". */
    zoneRadiusM: z.number().finite().min(0.5, 'zoneRadiusM must be at least 0.5 m').max(200, 'zoneRadiusM must be at most 200 m'),
  }),
  z.strictObject({
    kind: z.literal('polygon'),
    polygon: PolygonSchema.max(MAX_PERMIT_POLYGON_VERTICES, `a permit polygon has at most ${MAX_PERMIT_POLYGON_VERTICES} vertices`).refine(withinPlant, beyondPlant),
  }),
]);
export type PermitLocation = z.infer<typeof PermitLocationSchema>;

/** The work window (作业实施时间 自…至…), epoch ms; the end is after the start. */
export const PermitWindowSchema = z
  .strictObject({ startMs: EpochMsSchema, endMs: EpochMsSchema })
  .refine((w) => w.endMs > w.startMs, { message: 'the window must end after it starts', path: ['endMs'] });
export type PermitWindow = z.infer<typeof PermitWindowSchema>;

/** The watcher (监护人, §4.10): trained, marked, at the job the whole time. */
export const PermitWatcherSchema = z.strictObject({ badgeId: BadgeIdSchema, name: line(MAX_NAME_CHARS) });

/** An isolation measure (§4.2 energy isolation, §5.2.2 and §6.1 blinds, not valves or water seals). */
export const ISOLATION_KINDS = ['blind', 'disconnectedPipe', 'electricalLockout', 'purge', 'ventilation', 'cover', 'other'] as const;
export const IsolationMeasureSchema = z.strictObject({
  kind: z.enum(ISOLATION_KINDS),
  description: line(MAX_NOTE_CHARS),
  /** Who confirmed it in place (确认人). */
  confirmedBy: line(MAX_NAME_CHARS).optional(),
});

/**
 * One gas analysis (气体分析, §5.3 and §6.3–6.5): when, O2 %vol, combustibles %LEL, toxic gases in ppm, by
 * whom. Percentages are 0–100; at least one reading.
 */
export const GasTestSchema = z
  .strictObject({
    takenAtMs: EpochMsSchema,
    oxygenPct: z.number().finite().min(0).max(100).optional(),
    combustibleLelPct: z.number().finite().min(0).max(100).optional(),
    /** Toxic gases by name, ppm (limits: GBZ 2.1, §6.4 b). */
    toxic: z
      .array(z.strictObject({ substance: line(MAX_ID_CHARS), ppm: z.number().finite().min(0).max(1_000_000) }))
      .max(10, 'at most 10 toxic readings per test')
      .default([]),
    /** Where it was sampled (分析部位: top, middle, bottom of a vessel, §5.3.1 a). */
    samplePoint: line(MAX_UNIT_CHARS).optional(),
    /** Who took and analysed the sample (分析人). */
    analystName: line(MAX_NAME_CHARS),
  })
  .refine((t) => t.oxygenPct !== undefined || t.combustibleLelPct !== undefined || t.toxic.length > 0, { message: 'a gas test needs at least one reading (oxygenPct, combustibleLelPct or toxic)' });
export type GasTest = z.infer<typeof GasTestSchema>;

/** Who signs a step: a named user with their SafeTwin role, or the core's live rules ('system'). */
export const PermitSignerRoleSchema = z.union([RoleSchema, z.literal('system')]);

/**
 * One signed step of the trail: who (user and role), when, which action, the state before and after, the
 * authority or unit signed for (approval, countersign), and the coded reason (suspension, rejection). The
 * register journals each one; the permit keeps them in order.
 */
export const PermitSignatureSchema = z.strictObject({
  action: PermitActionSchema,
  from: PermitStateSchema,
  to: PermitStateSchema,
  user: line(MAX_NAME_CHARS),
  role: PermitSignerRoleSchema,
  atMs: EpochMsSchema,
  /** The level an approval is signed for (table B.1). */
  authority: PermitAuthoritySchema.optional(),
  /** The unit a countersignature is signed for (table B.1). */
  unit: PermitCountersignUnitSchema.optional(),
  reasonCode: PermitSuspensionReasonSchema.optional(),
  note: text(MAX_NOTE_CHARS).optional(),
});
export type PermitSignature = z.infer<typeof PermitSignatureSchema>;

// Each type's own fields (appendix A's form for that type).
const HotWorkFieldsSchema = z.strictObject({
  type: z.literal('hotWork'),
  /** As declared; night and holidays raise it (main/permits effectiveHotWorkGrade, §5.1.1). */
  grade: z.enum(HOT_WORK_GRADES),
  /** 动火方式 (§3.4 note). */
  method: z.enum(HOT_WORK_METHODS),
  /** Hot-work permit numbers of the workers' certificates (动火人及证书编号), by badge. */
  workerCertificates: z.array(z.strictObject({ badgeId: BadgeIdSchema, certificateNo: line(MAX_ID_CHARS) })).max(MAX_PERMIT_ENTRANTS).default([]),
});
const ConfinedSpaceFieldsSchema = z.strictObject({
  type: z.literal('confinedSpace'),
  /** 受限空间名称 and 原有介质名称 (form A.2). */
  spaceName: line(MAX_UNIT_CHARS),
  formerContents: line(MAX_UNIT_CHARS),
});
const BlindingFieldsSchema = z.strictObject({
  type: z.literal('blinding'),
  /** One permit is one operation on one blind (§7.11): fit (堵) or remove (抽). */
  operation: z.enum(BLINDING_OPERATIONS),
  /** The blind's number on the blind position drawing (盲板位置图, §7.1, §7.4). */
  blindNo: line(MAX_ID_CHARS),
  /** The equipment or pipe (设备、管道名称) and what it holds. */
  pipeline: line(MAX_UNIT_CHARS),
  medium: line(MAX_UNIT_CHARS),
  /** The medium's temperature, °C. */
  mediumTemperatureC: z.number().finite().min(-273.15).max(2_000),
  /** Gauge pressure, MPa; §7.5 wants it brought to atmospheric before work. */
  mediumPressureMPa: z.number().finite().min(-0.1).max(1_000),
  /** The blind's material and size (材质, 规格: DN100 PN16), per HG/T 21547 or JB/T 2772 (§7.3). */
  blindMaterial: line(MAX_ID_CHARS),
  blindSpec: line(MAX_ID_CHARS),
});
const WorkAtHeightFieldsSchema = z.strictObject({
  type: z.literal('workAtHeight'),
  /** Height above the fall reference plane, metres; work at height begins at 2 m (§3.8). */
  heightM: z.number().finite().min(2, 'work at height starts at 2 m (GB 30871-2022 §3.8)').max(1_000),
  /** As declared: at least table 2's grade for the height (main/permits minimumHeightGrade, checked at submission). */
  grade: z.enum(HEIGHT_GRADES),
  /** Any of the nine objective hazards of §8.1.2 present: the grade follows method B of table 2. */
  objectiveHazard: z.boolean(),
});
const LiftingFieldsSchema = z.strictObject({
  type: z.literal('lifting'),
  /** The load's mass, tonnes (§9.1 grades by it). */
  loadMassT: z.number().finite().positive().max(100_000),
  /** Must be the grade of the mass (liftingGradeForMass). */
  grade: z.enum(LIFTING_GRADES),
  /** A lifting plan was written and approved (§9.2.1: required for grades 一 and 二). */
  liftPlanApproved: z.boolean(),
  /** The signaller who directs the lift (指挥人员, §9.2.6). */
  signallerName: line(MAX_NAME_CHARS),
});
const TemporaryPowerFieldsSchema = z.strictObject({
  type: z.literal('temporaryPower'),
  /** 电源接入点, 许可用电功率 kW, 工作电压 V (form A.6). */
  connectionPoint: line(MAX_UNIT_CHARS),
  powerKw: z.number().finite().positive().max(100_000),
  voltageV: z.number().finite().positive().max(1_000_000),
  electricianCertificateNo: line(MAX_ID_CHARS),
});
const ExcavationFieldsSchema = z.strictObject({
  type: z.literal('excavation'),
  /** Depth, metres; beyond 1.2 m where flammable or toxic gas may be, confined-space rules apply too (§11.10). */
  depthM: z.number().finite().positive().max(1_000),
  areaM2: z.number().finite().positive().max(1_000_000),
});
const RoadClosureFieldsSchema = z.strictObject({
  type: z.literal('roadClosure'),
  /** The road and section closed (断路地段). */
  road: line(MAX_UNIT_CHARS),
  /** The traffic plan keeps fire engines and emergency vehicles passing (§12.1). */
  trafficPlan: text(MAX_TEXT_CHARS),
});

/**
 * Each type's own fields by type: the UI's draft form describes its inputs against these (renderer
 * permitTypeFields), reading their bounds from them.
 */
export const PERMIT_TYPE_FIELD_SCHEMAS = {
  hotWork: HotWorkFieldsSchema,
  confinedSpace: ConfinedSpaceFieldsSchema,
  blinding: BlindingFieldsSchema,
  workAtHeight: WorkAtHeightFieldsSchema,
  lifting: LiftingFieldsSchema,
  temporaryPower: TemporaryPowerFieldsSchema,
  excavation: ExcavationFieldsSchema,
  roadClosure: RoadClosureFieldsSchema,
} as const satisfies Record<PermitType, z.ZodObject>;

/** Fields every permit has. */
const PermitCommonShape = {
  /** The permit's unique number (编号), as the plant's permit system gives it. */
  number: line(MAX_ID_CHARS).regex(/^[^\s/\\]+$/, 'must not contain spaces or slashes'),
  location: PermitLocationSchema,
  window: PermitWindowSchema,
  description: text(MAX_TEXT_CHARS),
  /** Badges of the people doing the work (作业人); for confined space, the people who enter. */
  entrantBadgeIds: z.array(BadgeIdSchema).min(1, 'a permit names at least one worker').max(MAX_PERMIT_ENTRANTS, `at most ${MAX_PERMIT_ENTRANTS} workers per permit`),
  watcher: PermitWatcherSchema,
  /** The unit that applies for the permit (作业申请单位), and the contractor doing the work (作业单位), if another company. */
  issuingUnit: line(MAX_UNIT_CHARS),
  contractor: line(MAX_UNIT_CHARS).optional(),
  isolationMeasures: z.array(IsolationMeasureSchema).max(100, 'at most 100 isolation measures').default([]),
  gasTests: z.array(GasTestSchema).max(MAX_PERMIT_GAS_TESTS, `at most ${MAX_PERMIT_GAS_TESTS} gas tests`).default([]),
  /** Permit numbers of the other special operations the same job holds (§4.6). */
  linkedPermitNumbers: z.array(line(MAX_ID_CHARS)).max(20).default([]),
  /** Where the permit is in its lifecycle; a new permit is a draft. */
  state: PermitStateSchema.default('draft'),
  /** The signed trail in order (§3 of docs/permits.md); applyPermitStep appends to it. */
  signatures: z.array(PermitSignatureSchema).max(MAX_PERMIT_SIGNATURES, `at most ${MAX_PERMIT_SIGNATURES} signatures`).default([]),
};

const checkCommon = (p: { entrantBadgeIds: string[]; watcher: { badgeId: string }; gasTests: GasTest[] }, ctx: z.RefinementCtx) => {
  if (new Set(p.entrantBadgeIds).size !== p.entrantBadgeIds.length) ctx.addIssue({ code: 'custom', path: ['entrantBadgeIds'], message: 'a badge is listed twice' });
  // §6.8 a: the watcher stays outside and watches; a watcher who also works is no watcher.
  if (p.entrantBadgeIds.includes(p.watcher.badgeId)) ctx.addIssue({ code: 'custom', path: ['watcher', 'badgeId'], message: 'the watcher must not be one of the workers' });
  for (let i = 1; i < p.gasTests.length; i++) {
    if (p.gasTests[i]!.takenAtMs < p.gasTests[i - 1]!.takenAtMs) ctx.addIssue({ code: 'custom', path: ['gasTests', i, 'takenAtMs'], message: 'gas tests must be in time order' });
  }
};

/**
 * A permit: the common fields and the fields of its type (a union discriminated on `type`). Unknown keys
 * are refused (a misspelt field must not vanish silently).
 */
export const PermitSchema = z
  .discriminatedUnion('type', [
    HotWorkFieldsSchema.extend(PermitCommonShape),
    ConfinedSpaceFieldsSchema.extend(PermitCommonShape),
    BlindingFieldsSchema.extend(PermitCommonShape),
    WorkAtHeightFieldsSchema.extend(PermitCommonShape),
    LiftingFieldsSchema.extend(PermitCommonShape),
    TemporaryPowerFieldsSchema.extend(PermitCommonShape),
    ExcavationFieldsSchema.extend(PermitCommonShape),
    RoadClosureFieldsSchema.extend(PermitCommonShape),
  ])
  .superRefine((p, ctx) => {
    checkCommon(p, ctx);
    if (p.type === 'hotWork') {
      p.workerCertificates.forEach((c, i) => {
        if (!p.entrantBadgeIds.includes(c.badgeId)) ctx.addIssue({ code: 'custom', path: ['workerCertificates', i, 'badgeId'], message: 'a certificate belongs to a worker listed in entrantBadgeIds' });
      });
    }
    if (p.type === 'lifting') {
      const grade = liftingGradeForMass(p.loadMassT);
      if (p.grade !== grade) ctx.addIssue({ code: 'custom', path: ['grade'], message: `a ${p.loadMassT} t load is a ${grade} grade lift (GB 30871-2022 §9.1)` });
      if (grade !== 'third' && !p.liftPlanApproved) ctx.addIssue({ code: 'custom', path: ['liftPlanApproved'], message: 'grade first and second lifts need an approved lifting plan (GB 30871-2022 §9.2.1)' });
    }
  });
export type Permit = z.infer<typeof PermitSchema>;
export type PermitInput = z.input<typeof PermitSchema>;
export type PermitOf<T extends PermitType> = Extract<Permit, { type: T }>;

/** §9.1: 一级 above 100 t, 二级 40–100 t (both inclusive), 三级 below 40 t. */
export function liftingGradeForMass(loadMassT: number): LiftingGrade {
  if (loadMassT > 100) return 'first';
  return loadMassT >= 40 ? 'second' : 'third';
}

/** The first zod issue as "path: message", for an error a client can act on. */
export function describePermitIssues(error: z.ZodError): string {
  return describeRecordIssues(error, 'permit');
}

/**
 * A step a person asks the register for (`POST /api/permits/:number/steps`, main/permits applyPermitStep):
 * the action and what that action needs — the unit countersigned for, the authority approved for, the
 * coded suspension reason, a note (required to return a permit or resume work).
 */
export const PermitStepRequestSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('submit') }),
  z.strictObject({ action: z.literal('countersign'), unit: PermitCountersignUnitSchema, note: text(MAX_NOTE_CHARS).optional() }),
  z.strictObject({ action: z.literal('reject'), note: text(MAX_NOTE_CHARS) }),
  z.strictObject({ action: z.literal('approve'), authority: PermitAuthoritySchema, note: text(MAX_NOTE_CHARS).optional() }),
  z.strictObject({ action: z.literal('start') }),
  z.strictObject({ action: z.literal('suspend'), reasonCode: PermitSuspensionReasonSchema, note: text(MAX_NOTE_CHARS).optional() }),
  z.strictObject({ action: z.literal('resume'), note: text(MAX_NOTE_CHARS) }),
  z.strictObject({ action: z.literal('close'), note: text(MAX_NOTE_CHARS).optional() }),
  z.strictObject({ action: z.literal('review'), note: text(MAX_NOTE_CHARS).optional() }),
]);
export type PermitStepRequestBody = z.infer<typeof PermitStepRequestSchema>;

/**
 * A permit as the register shows it to one user: the document, where it came from, and whether the names
 * in it (the watcher's, the gas analysts', who confirmed an isolation, a lift's signaller) were withheld
 * because the user's role may not see names (personnel:viewNames); withheld names are empty strings.
 */
export type PermitRecordView = {
  permit: Permit;
  namesWithheld: boolean;
  /** Writes so far: 1 when filed, one more per step. */
  revision: number;
  /** 'ui': entered in SafeTwin; 'import': from a plant's permit system through the write API. */
  source: 'ui' | 'import';
  createdBy: string;
  createdMs: number;
  updatedMs: number;
  /** The scene area the permit's point or polygon centroid lies in, if any. */
  areaId: string | null;
};
/** A permit with its complete signed trace, in order (`GET /api/permits/:number`). */
export type PermitDetail = PermitRecordView & { trace: { seq: number; step: PermitSignature }[] };
/** What changed a permit: filed ('created'), a lifecycle step, or a gas test added ('gasTest'). */
export type PermitChangeKind = 'created' | PermitAction | 'gasTest';
/** What changed (`permit:changed` to every screen): the permit as it now stands, the change and who made it. */
export type PermitChange = { record: PermitRecordView; change: PermitChangeKind; by: string };

/** Permits the register lists at most per request. */
export const MAX_PERMITS_PER_LIST = 1_000;
/**
 * Which permits to list (`GET /api/permits`, `permit:list`): every filter given must match; `fromMs`/`toMs`
 * keep permits whose work window overlaps [fromMs, toMs).
 */
export const PermitListQuerySchema = z.strictObject({
  states: z.array(PermitStateSchema).max(PERMIT_STATES.length).optional(),
  types: z.array(z.enum(PERMIT_TYPES)).max(PERMIT_TYPES.length).optional(),
  areaIds: z.array(line(MAX_ID_CHARS)).max(100).optional(),
  fromMs: EpochMsSchema.optional(),
  toMs: EpochMsSchema.optional(),
  limit: z.number().int().min(1).max(MAX_PERMITS_PER_LIST).default(200),
});
export type PermitListQuery = z.input<typeof PermitListQuerySchema>;
/** The permit number and step of `permit:step` (the HTTP route takes the number from its path). */
export const PermitStepMessageSchema = z.strictObject({ number: line(MAX_ID_CHARS), step: PermitStepRequestSchema });
/** The permit number and gas test of `permit:gasTest` (the HTTP route takes the number from its path). */
export const PermitGasTestMessageSchema = z.strictObject({ number: line(MAX_ID_CHARS), test: GasTestSchema });
