import { z } from 'zod';
import { ALARM_CONDITIONS, AlarmPrioritySchema, SENSOR_KINDS, type AlarmCondition, type Sensor, type SensorKind } from '../contracts/index.js';

/**
 * Alarm-engine configuration: every number the engine uses, with its default and its source.
 * `AlarmConfigSchema.parse({})` gives the documented defaults; a site file overrides any part.
 * Unknown keys are refused (a misspelt key must not silently fall back to a default).
 */

const SensorKindSchema = z.enum(SENSOR_KINDS);
const AlarmConditionSchema = z.enum(ALARM_CONDITIONS);

/** A number or null (off) for every sensor kind, each defaulted on its own. */
function perSensorKindOrOff(defaults: Record<SensorKind, number | null>, value: () => z.ZodNumber) {
  const shape = {} as Record<SensorKind, z.ZodDefault<z.ZodNullable<z.ZodNumber>>>;
  for (const kind of SENSOR_KINDS) shape[kind] = value().nullable().default(defaults[kind]);
  return z.strictObject(shape).prefault({});
}

/** A number for every sensor kind, each defaulted on its own so a file can override one kind. */
function perSensorKind(defaults: Record<SensorKind, number>, value: () => z.ZodNumber) {
  const shape = {} as Record<SensorKind, z.ZodDefault<z.ZodNumber>>;
  for (const kind of SENSOR_KINDS) shape[kind] = value().default(defaults[kind]);
  return z.strictObject(shape).prefault({});
}

/**
 * Deadband (hysteresis) in percent of the sensor's span: a high alarm clears only below
 * limit − deadband, a low alarm only above limit + deadband (ISA-18.2-2016 clause 10, basic
 * alarm design). Flow/level 5 %, pressure 2 %, temperature 1 % are the starting values EEMUA 191
 * and ISA-TR18.2.3 give; every other kind (gas, O2, smoke, vibration, weather) uses 1 %.
 * The span is rangeMax − rangeMin when the scene gives both, else see `spanOf` in sensorAlarmRules.
 */
export const DEFAULT_DEADBAND_PERCENT_OF_RANGE: Record<SensorKind, number> = {
  gas: 1,
  o2: 1,
  smoke: 1,
  temperature: 1,
  pressure: 2,
  level: 5,
  flow: 5,
  vibration: 1,
  windSpeed: 1,
  windDirection: 1,
  humidity: 1,
};

/**
 * On-delay: the value must stay beyond the limit this long before the alarm activates
 * (ISA-18.2-2016 clause 10; EEMUA 191 on/off delays against chattering). Safety detectors (gas,
 * O2, smoke) get none: GB/T 50493-2019 expects the alarm as soon as the set point is reached,
 * and the detector's own response time is already the filter. Process kinds get 5 s, shorter than
 * the 15–60 s EEMUA 191 / ISA-TR18.2.3 starting values, so that a digital twin does not hide a
 * fast excursion before a site has rationalized its alarms; wind gets 10 s so one gust (WMO
 * gusts are 3-s means) does not alarm.
 */
export const DEFAULT_ON_DELAY_MS: Record<SensorKind, number> = {
  gas: 0,
  o2: 0,
  smoke: 0,
  temperature: 5_000,
  pressure: 5_000,
  level: 5_000,
  flow: 5_000,
  vibration: 5_000,
  windSpeed: 10_000,
  windDirection: 10_000,
  humidity: 5_000,
};

/**
 * Off-delay: the value must stay back past limit ∓ deadband this long before the alarm clears
 * (ISA-18.2-2016 clause 10). Holding a safety alarm 5 s longer is harmless and stops a reading
 * that hovers at the limit from chattering.
 */
export const DEFAULT_OFF_DELAY_MS: Record<SensorKind, number> = {
  gas: 5_000,
  o2: 5_000,
  smoke: 5_000,
  temperature: 5_000,
  pressure: 5_000,
  level: 5_000,
  flow: 5_000,
  vibration: 5_000,
  windSpeed: 5_000,
  windDirection: 5_000,
  humidity: 5_000,
};

/**
 * No sample for this long → commLoss (通讯中断). Safety detectors publish every 1–2 s, so 10 s is
 * several missed samples and still early for a safety function (GB/T 50493-2019 requires detector
 * and communication faults to be annunciated apart from gas alarms). Weather stations report
 * more slowly (30 s); process values 60 s. Sources that report by exception (Sparkplug B) may be
 * silent longer while steady: their node death is signalled with `sourceOffline` instead.
 */
export const DEFAULT_COMM_LOSS_TIMEOUT_MS: Record<SensorKind, number> = {
  gas: 10_000,
  o2: 10_000,
  smoke: 10_000,
  temperature: 60_000,
  pressure: 60_000,
  level: 60_000,
  flow: 60_000,
  vibration: 60_000,
  windSpeed: 30_000,
  windDirection: 30_000,
  humidity: 60_000,
};

/**
 * Flat-line (stuck value) noise band in percent of the sensor's span (as the deadband: `spanOf`):
 * a reading whose spread (max − min) stays within the band counts as not moving. A live transmitter
 * digitized at 14–16 bits (0.006–0.0015 % of span per count) always shows the few-count flicker of its
 * loop noise, and its noise (the transmitter specifications in main/simulator/sensorOperatingWindow.ts:
 * RTD ±0.15 °C, pressure ~0.1 % of span) is well above 0.02 % of span; a value inside that band for
 * the flat-line time has stopped changing at all (a frozen transmitter or gateway repeats its last
 * value bit for bit). Weather kinds use the WMO persistence test's minimum variability in 60 minutes
 * (Zahumenský 2004, WMO Guidelines on Quality Control Procedures for Data from Automatic Weather
 * Stations, §"time consistency"): wind speed 0.5 m/s (0.8 % of a 0–60 m/s anemometer), direction
 * 10° (2.8 % of 360°), relative humidity 1 % (1 % of span).
 */
export const DEFAULT_FLAT_LINE_NOISE_BAND_PERCENT_OF_RANGE: Record<SensorKind, number> = {
  gas: 0.02,
  o2: 0.02,
  smoke: 0.02,
  temperature: 0.02,
  pressure: 0.02,
  level: 0.02,
  flow: 0.02,
  vibration: 0.02,
  windSpeed: 0.8,
  windDirection: 2.8,
  humidity: 1,
};

/**
 * Flat-line time: how long a reading must stay inside its noise band, while a neighbour moved, before
 * the 'stuck' alarm; null turns flat-line detection off for the kind. Process values: 30 min, several
 * times the correlation time of a controlled value's own wander (5–30 min), so a steady loop is not
 * mistaken for a frozen one; weather: 60 min, the WMO persistence-test window (Zahumenský 2004).
 * Off by default where a flat reading is normal: a gas, O2 or smoke detector in clean air reads a
 * steady zero (or 20.9 %vol) behind its display zero band, and a cloud reaches only some detectors
 * of an area, so one flat detector beside moving ones proves nothing (bump tests find a dead head;
 * drift against partners is judged below); a flow meter reads exactly zero below its low-flow
 * cut-off while the bay beside it loads.
 */
export const DEFAULT_FLAT_LINE_TIME_MS: Record<SensorKind, number | null> = {
  gas: null,
  o2: null,
  smoke: null,
  temperature: 1_800_000,
  pressure: 1_800_000,
  level: 1_800_000,
  flow: null,
  vibration: 1_800_000,
  windSpeed: 3_600_000,
  windDirection: 3_600_000,
  humidity: 3_600_000,
};

/**
 * Toxic alarm set points in ppm for gas detectors whose scene entry has no high/highHigh.
 * GB/T 50493-2019: 一级 (high) ≤ 100 % OEL, 二级 (highHigh) ≤ 200 % OEL, OELs from GBZ 2.1-2019
 * (MAC, else PC-STEL) converted at 20 °C, 101.3 kPa (ppm = mg/m³ × 24.04 / M), rounded down.
 * Substances not listed fall back to 5 % / 10 % of the scene's IDLH (the same standard's limit
 * when the OEL cannot be measured).
 */
export const DEFAULT_SUBSTANCE_LIMITS_PPM: Record<string, { high: number; highHigh: number }> = {
  // benzene PC-STEL 10 mg/m³ → 3.08 ppm
  benzene: { high: 3, highHigh: 6 },
  // ammonia PC-STEL 30 mg/m³ → 42.3 ppm
  ammonia: { high: 40, highHigh: 80 },
  // chlorine MAC 1 mg/m³ → 0.34 ppm
  chlorine: { high: 0.3, highHigh: 0.6 },
  // hydrogen sulfide MAC 10 mg/m³ → 7.05 ppm
  hydrogenSulfide: { high: 7, highHigh: 14 },
  // carbon monoxide PC-STEL 30 mg/m³ → 25.7 ppm
  carbonMonoxide: { high: 25, highHigh: 50 },
  // methanol PC-STEL 50 mg/m³ → 37.5 ppm
  methanol: { high: 37, highHigh: 75 },
};

const SubstanceLimitsSchema = z
  .strictObject({ high: z.number().positive(), highHigh: z.number().positive() })
  .refine((l) => l.highHigh >= l.high, 'highHigh must not be below high');

const VotingRuleSchema = z.strictObject({
  areaId: z.string().min(1),
  /** Detectors that must be in alarm at once (M of MooN). */
  m: z.number().int().min(1),
  /** The detector alarms that count as a vote. */
  conditions: z.array(AlarmConditionSchema).min(1).default(['high', 'highHigh']),
  priority: AlarmPrioritySchema.default('urgent'),
});
export type VotingRule = z.infer<typeof VotingRuleSchema>;

const LatchingRuleSchema = z.strictObject({ sensorKind: SensorKindSchema.optional(), condition: AlarmConditionSchema });

export const AlarmConfigSchema = z.strictObject({
  deadbandPercentOfRange: perSensorKind(DEFAULT_DEADBAND_PERCENT_OF_RANGE, () => z.number().min(0).max(50)),
  onDelayMs: perSensorKind(DEFAULT_ON_DELAY_MS, () => z.number().int().min(0).max(3_600_000)),
  offDelayMs: perSensorKind(DEFAULT_OFF_DELAY_MS, () => z.number().int().min(0).max(3_600_000)),
  commLossTimeoutMs: perSensorKind(DEFAULT_COMM_LOSS_TIMEOUT_MS, () => z.number().int().min(1_000).max(86_400_000)),
  /**
   * Rate-of-change limits in the sensor's unit per minute (absolute value, either direction).
   * Off unless configured; a sensor id entry wins over its kind's.
   */
  rateOfChangePerMin: z
    .strictObject({
      bySensorKind: z.partialRecord(SensorKindSchema, z.number().positive()).default({}),
      bySensorId: z.record(z.string().min(1), z.number().positive()).default({}),
    })
    .prefault({}),
  /** The rate is measured over at least this span (one minute: the unit of the limit). */
  rateOfChangeWindowMs: z.number().int().min(1_000).max(3_600_000).default(60_000),
  /**
   * %LEL pre-warning (预警) below H, condition 'gasWarning', priority medium; null turns it off.
   * 10 %LEL is the usual pre-alarm of Chinese gas-detection controllers, under GB/T 50493's
   * 一级 ≤ 25 %LEL.
   */
  gasLelStepsPercent: z.number().positive().max(100).nullable().default(10),
  /**
   * H/HH for a %LEL detector whose scene entry has neither: GB/T 50493-2019 一级 ≤ 25 %LEL,
   * 二级 ≤ 50 %LEL.
   */
  gasLelDefaultLimitsPercent: z
    .strictObject({ high: z.number().positive().max(100).default(25), highHigh: z.number().positive().max(100).default(50) })
    .prefault({}),
  /** Entries add to or replace `DEFAULT_SUBSTANCE_LIMITS_PPM` per substance id. */
  substanceLimitsPpm: z
    .record(z.string().min(1), SubstanceLimitsSchema)
    .default({})
    .transform((custom) => ({ ...DEFAULT_SUBSTANCE_LIMITS_PPM, ...custom })),
  /**
   * O2 limits in %vol for an o2 sensor whose scene entry has none. GB/T 50493-2019: 欠氧 19.5,
   * 过氧 23.5 %vol; 18 %vol is the common second low stage of O2 monitors (and the demo plant's).
   */
  o2: z
    .strictObject({
      lowLow: z.number().min(0).max(100).default(18),
      low: z.number().min(0).max(100).default(19.5),
      high: z.number().min(0).max(100).default(23.5),
    })
    .prefault({}),
  voting: z
    .strictObject({
      /** Per-area rules; a rule for an area replaces the default rule there. */
      rules: z.array(VotingRuleSchema).default([]),
      /** 2-out-of-N gas detectors of any area with at least 2 detectors → area alarm (confirmed leak). */
      defaultRule: z
        .strictObject({
          enabled: z.boolean().default(true),
          m: z.number().int().min(2).default(2),
          conditions: z.array(AlarmConditionSchema).min(1).default(['high', 'highHigh']),
          priority: AlarmPrioritySchema.default('urgent'),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Alarm ids, sensor ids or area ids whose alarms are suppressed by design from the start. */
  suppressedByDesign: z.array(z.string().min(1)).default([]),
  /**
   * Latching alarms stay active after their condition clears until acknowledged. Default: gas
   * highHigh, because GB/T 50493-2019 requires the 二级 alarm to hold until manually reset.
   */
  latching: z
    .strictObject({
      alarmIds: z.array(z.string().min(1)).default([]),
      conditions: z.array(LatchingRuleSchema).default([{ sensorKind: 'gas', condition: 'highHigh' }]),
    })
    .prefault({}),
  /** Named lists of alarm ids for first-out (ISA-18.2 first-out alarm) annunciation. */
  tripGroups: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)).default({}),
  /** Priority per alarm id, overriding the mapping of alarmPriority.ts (rationalization result). */
  priorityOverrides: z.record(z.string().min(1), AlarmPrioritySchema).default({}),
  /**
   * Data-quality diagnostics, alarmed as 'stuck' and 'drift' (docs/alarms.md, "Data-quality alarms").
   */
  dataQuality: z
    .strictObject({
      flatLine: z
        .strictObject({
          noiseBandPercentOfRange: perSensorKind(DEFAULT_FLAT_LINE_NOISE_BAND_PERCENT_OF_RANGE, () => z.number().min(0).max(50)),
          timeMs: perSensorKindOrOff(DEFAULT_FLAT_LINE_TIME_MS, () => z.number().int().min(1_000).max(7 * 86_400_000)),
          /**
           * Kinds whose neighbours are the same kind anywhere on the site rather than in the same area: one
           * weather station per area is usual, and the weather is the same over the site.
           */
          siteWideKinds: z.array(SensorKindSchema).default(['windSpeed', 'windDirection', 'humidity']),
        })
        .prefault({}),
      drift: z
        .strictObject({
          enabled: z.boolean().default(true),
          /**
           * |reading − median of the partners| beyond this, in percent of the detector's span (5 %LEL on a
           * 0–100 %LEL head): a zero off by that much is a calibration fault (EN 60079-29-2 asks for a zero
           * and span check when the indication in clean air is off), while healthy heads in clean air agree
           * within their zero noise (a few tenths of a %LEL).
           */
          maxDifferencePercentOfRange: z.number().positive().max(100).default(5),
          /**
           * How long the difference must last: 30 min, far longer than a passing cloud or a leak that is
           * answered, far shorter than the weeks a calibration drift takes to reach an alarm level.
           */
          durationMs: z.number().int().min(1_000).max(7 * 86_400_000).default(1_800_000),
          /**
           * Partners (same area, unit and substance, trusted now) needed for a median: with one partner a
           * disagreement cannot say which of the two has drifted.
           */
          minPartners: z.number().int().min(1).max(100).default(2),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Operator positions sharing the alarm load, for the per-operator alarm rate (ISA-18.2 clause 16). */
  operatorPositions: z.number().int().min(1).max(100).default(1),
  /**
   * The operators' shifts, for alarm counts per shift (GET /api/history/alarms, docs/historian.md): each
   * shift runs from its local start to the next one's. Default: three 8-hour shifts from 08:00, the
   * 四班三倒 pattern of continuous chemical plants that the simulator's crews work (simulator/workShifts.ts).
   * Plant time: utcOffsetMinutes, else the whole-hour zone nearest the site's longitude, as the simulator.
   */
  shifts: z
    .strictObject({
      startsLocal: z
        .array(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time HH:MM'))
        .min(1)
        .max(24)
        .refine((starts) => new Set(starts).size === starts.length, { message: 'shift starts must differ' })
        .default(['08:00', '16:00', '00:00']),
      utcOffsetMinutes: z.number().int().min(-720).max(840).optional(),
    })
    .prefault({}),
});

export type AlarmConfig = z.infer<typeof AlarmConfigSchema>;
export type AlarmConfigInput = z.input<typeof AlarmConfigSchema>;

/** The documented defaults. */
export function defaultAlarmConfig(): AlarmConfig {
  return AlarmConfigSchema.parse({});
}

export function isLatchingByConfig(config: AlarmConfig, alarmId: string, sensorKind: SensorKind | undefined, condition: AlarmCondition): boolean {
  if (config.latching.alarmIds.includes(alarmId)) return true;
  return config.latching.conditions.some((rule) => rule.condition === condition && (rule.sensorKind === undefined || rule.sensorKind === sensorKind));
}

/** How long a sensor may stay silent before commLoss (also the live view's staleness limit). */
export function commLossTimeoutMs(config: AlarmConfig, sensor: Pick<Sensor, 'kind'>): number {
  return config.commLossTimeoutMs[sensor.kind];
}
