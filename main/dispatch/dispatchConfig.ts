import { z } from 'zod';
import { ChannelsConfigSchema } from './channelConfig.js';
import { ALARM_CONDITIONS, ALARM_PRIORITIES, ALARM_SOURCE_KINDS, DeadlineSchema, DispatchIdSchema, MAX_ROSTER_POSTS, OwnerRuleSchema, SENSOR_KINDS, type AlarmPriority, type Deadline } from '../contracts/index.js';

/**
 * The deadlines per ISA-18.2 priority, minutes: time to acknowledge and to resolve (clear). Urgent 2 / 30:
 * ISA-18.2 (and EEMUA 191) expect an urgent alarm answered within minutes — the operator's response time is
 * part of the alarm's definition; 2 min is the "no urgent warning can sit unseen" made a number, and
 * half an hour is the longest a plant should run with an urgent condition before the safety manager knows.
 * High 5 / 60, medium 15 / 240, low 60 / 1440: each the next class's "soon", an assumption a site replaces.
 */
const DEFAULT_DEADLINES: Record<AlarmPriority, Deadline> = {
  urgent: { ackWithinMin: 2, resolveWithinMin: 30 },
  high: { ackWithinMin: 5, resolveWithinMin: 60 },
  medium: { ackWithinMin: 15, resolveWithinMin: 240 },
  low: { ackWithinMin: 60, resolveWithinMin: 1440 },
};

/**
 * An alarm that sends the people inside its area out (an evacuation notice to the badges in the alarm's area):
 * a field left out matches anything; `sensorKinds` and `units` apply to sensor alarms only (a toxic-gas
 * detector is a gas detector reading ppm, a combustible one reads %LEL: contracts SENSOR_UNITS).
 */
export const EvacuationRuleSchema = z.strictObject({
  sourceKinds: z.array(z.enum(ALARM_SOURCE_KINDS)).min(1).max(ALARM_SOURCE_KINDS.length).optional(),
  sensorKinds: z.array(z.enum(SENSOR_KINDS)).min(1).max(SENSOR_KINDS.length).optional(),
  units: z.array(z.string().min(1).max(20)).min(1).max(20).optional(),
  conditions: z.array(z.enum(ALARM_CONDITIONS)).min(1).max(ALARM_CONDITIONS.length),
});
export type EvacuationRule = z.infer<typeof EvacuationRuleSchema>;

/**
 * Default evacuation rules:
 * - an oxygen detector's low and low-low: O2 below 19.5 %vol is oxygen deficiency (欠氧), GB 30871-2022 §6.4
 *   (confined space: 19.5–21 %vol, up to 23.5 % with enriched air) and GB/T 50493-2019 (the O2 detector's
 *   alarm points: 19.5 % low); nobody stays in air that cannot keep them conscious;
 * - a toxic-gas detector's (gas, ppm) high-high: GB/T 50493-2019's 二级 alarm, ≤ 200 % of the OEL
 *   (main/alarms DEFAULT_SUBSTANCE_LIMITS_PPM) — the level at which people leave, not mask up and stay;
 * - M-out-of-N voting of an area's gas detectors (areaVoting): a release confirmed by more than one detector.
 */
const DEFAULT_EVACUATION_RULES: EvacuationRule[] = [
  { sourceKinds: ['sensor'], sensorKinds: ['o2'], conditions: ['low', 'lowLow'] },
  { sourceKinds: ['sensor'], sensorKinds: ['gas'], units: ['ppm'], conditions: ['highHigh'] },
  { sourceKinds: ['area'], conditions: ['areaVoting'] },
];

/**
 * Warning dispatch's configuration (`config.dispatch`, config file only; docs/dispatch.md): who owns an alarm,
 * how long it may wait, whom it escalates to, which alarms evacuate an area, and where the duty roster comes
 * from. `DispatchConfigSchema.parse({})` gives the defaults; unknown keys are refused. The outbound channels
 * (`channels`: where and how messages go) are channelConfig.ts's.
 */
export const DispatchConfigSchema = z.strictObject({
  /** The post that owns an alarm no owner rule matches: the shift lead (值班长), who answers for the whole shift. */
  defaultPostId: DispatchIdSchema.default('shiftLead'),
  /** First match names the owner post (by area, equipment, source kind, condition, priority); none: defaultPostId. */
  ownerRules: z.array(OwnerRuleSchema).max(500).default([]),
  /**
   * Posts a warning climbs when its deadlines pass, lowest first: 值班长 → 安全经理 → 厂长 (issue 19). A warning
   * owned by a post in the chain starts from there; one owned by a post outside it (an operator) climbs to
   * the chain's first post.
   */
  escalationChain: z.array(DispatchIdSchema).min(1).max(MAX_ROSTER_POSTS).refine((c) => new Set(c).size === c.length, { message: 'a post appears once in the chain' }).default(['shiftLead', 'safetyManager', 'plantLeader']),
  /** Minutes to acknowledge and to resolve, per priority. */
  deadlines: z.strictObject(Object.fromEntries(ALARM_PRIORITIES.map((p) => [p, DeadlineSchema.default(DEFAULT_DEADLINES[p])])) as Record<AlarmPriority, z.ZodDefault<typeof DeadlineSchema>>).prefault({}),
  /** Alarms whose area's people get an evacuation notice. */
  evacuationRules: z.array(EvacuationRuleSchema).max(100).default(DEFAULT_EVACUATION_RULES),
  /** The duty roster to seed the historian with when it holds none (JSON, RosterSchema); relative to the working directory. */
  rosterFile: z.string().min(1).max(2000).optional(),
  /** The outbound channels, each off unless configured, with flood digesting and retries (channelConfig.ts, docs/dispatch.md §channels). */
  channels: ChannelsConfigSchema.prefault({}),
});
export type DispatchConfig = z.infer<typeof DispatchConfigSchema>;
export type DispatchConfigInput = z.input<typeof DispatchConfigSchema>;

/** The documented defaults. */
export function defaultDispatchConfig(): DispatchConfig {
  return DispatchConfigSchema.parse({});
}
