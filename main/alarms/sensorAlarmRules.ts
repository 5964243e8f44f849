import type { AlarmLimits, Scene, Sensor } from '../contracts/index.js';
import type { AlarmConfig } from './alarmConfig.js';

/** Conditions judged by comparing the value with a limit. */
export type ThresholdCondition = 'highHigh' | 'high' | 'gasWarning' | 'low' | 'lowLow';

/** Severity within a direction, 0 most severe: a more severe active alarm supersedes a less severe one. */
export const THRESHOLD_SEVERITY_RANK: Readonly<Record<ThresholdCondition, number>> = { highHigh: 0, high: 1, gasWarning: 2, lowLow: 0, low: 1 };

export type ThresholdRule = {
  condition: ThresholdCondition;
  /** 'high': active at value ≥ limit; 'low': active at value ≤ limit. */
  direction: 'high' | 'low';
  /** In the sensor's unit. */
  limit: number;
};

export type RateOfChangeRule = { limitPerMin: number; windowMs: number };

/** Everything the engine needs to judge one sensor, resolved once from scene and configuration. */
export type SensorAlarmRules = {
  /**
   * Most severe first within each direction (HH, H, pre-warning, LL, L), so transitions of one sample
   * come out in a stable, meaningful order and a superseding alarm activates before the ones it supersedes.
   */
  thresholds: ThresholdRule[];
  /** In the sensor's unit; applies to the thresholds. */
  deadband: number;
  onDelayMs: number;
  offDelayMs: number;
  commLossTimeoutMs: number;
  rateOfChange: RateOfChangeRule | undefined;
  /** Present when the scene gives rangeMin and/or rangeMax. */
  range: { min: number | undefined; max: number | undefined } | undefined;
  /** The flat-line ('stuck') rule, when its kind has a flat-line time. Band in the sensor's unit. */
  flatLine: { noiseBand: number; timeMs: number } | undefined;
  /** The drift rule, for a gas detector with redundant partners. Difference in the sensor's unit. */
  drift: { maxDifference: number; durationMs: number } | undefined;
};

/**
 * Spans implied by a unit when the scene gives no range: a %LEL, % or %RH signal is 0–100,
 * a bearing 0–360°, an O2 cell 0–25 %vol (the usual electrochemical O2 sensor range).
 */
const NATURAL_SPAN_BY_UNIT: Readonly<Record<string, number>> = { '%LEL': 100, '%': 100, '%RH': 100, deg: 360, '%vol': 25 };

/**
 * Span for the deadband: rangeMax − rangeMin when both are set; else the unit's natural span;
 * else the largest limit magnitude, a conservative stand-in for full scale because trip points
 * sit inside the instrument range (deadband then errs small, never hides a real return).
 */
export function spanOf(sensor: Sensor, limits: AlarmLimits): number {
  if (sensor.rangeMin !== undefined && sensor.rangeMax !== undefined && sensor.rangeMax > sensor.rangeMin) return sensor.rangeMax - sensor.rangeMin;
  const natural = NATURAL_SPAN_BY_UNIT[sensor.unit];
  if (natural !== undefined) return natural;
  const magnitudes = [limits.lowLow, limits.low, limits.high, limits.highHigh].filter((l): l is number => l !== undefined).map(Math.abs);
  return magnitudes.length === 0 ? 0 : Math.max(...magnitudes);
}

const hasAny = (limits: AlarmLimits, keys: readonly (keyof AlarmLimits)[]) => keys.some((k) => limits[k] !== undefined);

/**
 * The limits the engine applies: the scene's, or the standards' defaults for a safety detector
 * that has none of its own (a scene that gives any of the relevant limits is taken as written).
 */
export function effectiveLimits(sensor: Sensor, scene: Pick<Scene, 'substances'>, config: AlarmConfig): AlarmLimits {
  const limits: AlarmLimits = { ...sensor.limits };
  if (sensor.kind === 'gas' && !hasAny(limits, ['high', 'highHigh'])) {
    if (sensor.unit === '%LEL') {
      limits.high = config.gasLelDefaultLimitsPercent.high;
      limits.highHigh = config.gasLelDefaultLimitsPercent.highHigh;
    } else if (sensor.unit === 'ppm' && sensor.substanceId !== undefined) {
      const configured = config.substanceLimitsPpm[sensor.substanceId];
      const idlhPpm = scene.substances.find((s) => s.id === sensor.substanceId)?.idlhPpm;
      if (configured) {
        limits.high = configured.high;
        limits.highHigh = configured.highHigh;
      } else if (idlhPpm !== undefined) {
        // GB/T 50493-2019: where the OEL cannot be used, 一级 ≤ 5 % IDLH and 二级 ≤ 10 % IDLH.
        limits.high = (5 * idlhPpm) / 100;
        limits.highHigh = (10 * idlhPpm) / 100;
      }
    }
  }
  if (sensor.kind === 'o2' && !hasAny(limits, ['lowLow', 'low', 'high', 'highHigh'])) {
    limits.lowLow = config.o2.lowLow;
    limits.low = config.o2.low;
    limits.high = config.o2.high;
  }
  return limits;
}

function thresholdsOf(sensor: Sensor, limits: AlarmLimits, config: AlarmConfig): ThresholdRule[] {
  const rules: ThresholdRule[] = [];
  if (limits.highHigh !== undefined) rules.push({ condition: 'highHigh', direction: 'high', limit: limits.highHigh });
  if (limits.high !== undefined) rules.push({ condition: 'high', direction: 'high', limit: limits.high });
  // The %LEL pre-warning only makes sense below the first real alarm level.
  const warning = config.gasLelStepsPercent;
  const firstHigh = limits.high ?? limits.highHigh;
  if (sensor.kind === 'gas' && sensor.unit === '%LEL' && warning !== null && (firstHigh === undefined || warning < firstHigh)) {
    rules.push({ condition: 'gasWarning', direction: 'high', limit: warning });
  }
  if (limits.lowLow !== undefined) rules.push({ condition: 'lowLow', direction: 'low', limit: limits.lowLow });
  if (limits.low !== undefined) rules.push({ condition: 'low', direction: 'low', limit: limits.low });
  return rules;
}

/**
 * A detector's first rising alarm step as the engine applies it, in the sensor's unit: the %LEL
 * pre-warning (预警) where the engine raises one, else its high, else its high-high; undefined for a
 * sensor with no rising limit. The permit rules judge gas near hot work against it (docs/permits.md).
 */
export function firstRisingLimit(sensor: Sensor, scene: Pick<Scene, 'substances'>, config: AlarmConfig): number | undefined {
  const rising = thresholdsOf(sensor, effectiveLimits(sensor, scene, config), config).filter((rule) => rule.direction === 'high');
  return rising.length === 0 ? undefined : Math.min(...rising.map((rule) => rule.limit));
}

/** `hasDriftPartners`: the detector is in a drift group (sensorDiagnostics.resolveDriftGroups). */
export function resolveSensorAlarmRules(sensor: Sensor, scene: Pick<Scene, 'substances'>, config: AlarmConfig, hasDriftPartners = false): SensorAlarmRules {
  const limits = effectiveLimits(sensor, scene, config);
  const span = spanOf(sensor, limits);
  const { flatLine, drift } = config.dataQuality;
  const flatLineTimeMs = flatLine.timeMs[sensor.kind];
  const rocLimit = config.rateOfChangePerMin.bySensorId[sensor.id] ?? config.rateOfChangePerMin.bySensorKind[sensor.kind];
  const hasRange = sensor.rangeMin !== undefined || sensor.rangeMax !== undefined;
  return {
    thresholds: thresholdsOf(sensor, limits, config),
    deadband: (span * config.deadbandPercentOfRange[sensor.kind]) / 100,
    onDelayMs: config.onDelayMs[sensor.kind],
    offDelayMs: config.offDelayMs[sensor.kind],
    commLossTimeoutMs: config.commLossTimeoutMs[sensor.kind],
    rateOfChange: rocLimit === undefined ? undefined : { limitPerMin: rocLimit, windowMs: config.rateOfChangeWindowMs },
    range: hasRange ? { min: sensor.rangeMin, max: sensor.rangeMax } : undefined,
    flatLine: flatLineTimeMs === null ? undefined : { noiseBand: (span * flatLine.noiseBandPercentOfRange[sensor.kind]) / 100, timeMs: flatLineTimeMs },
    drift: hasDriftPartners ? { maxDifference: (span * drift.maxDifferencePercentOfRange) / 100, durationMs: drift.durationMs } : undefined,
  };
}

/**
 * Whether a threshold condition is wanted, with hysteresis relative to the current (debounced)
 * state: once active, a high alarm holds until the value goes below limit − deadband; a low alarm
 * until above limit + deadband (a value just inside the deadband keeps it).
 */
export function thresholdWanted(rule: ThresholdRule, value: number, deadband: number, currentlyActive: boolean): boolean {
  if (rule.direction === 'high') return currentlyActive ? !(value < rule.limit - deadband) : value >= rule.limit;
  return currentlyActive ? !(value > rule.limit + deadband) : value <= rule.limit;
}

/** Out of the instrument range (e.g. NAMUR NE 43 over/under-range): no deadband, a diagnostic. */
export function isOutOfRange(range: NonNullable<SensorAlarmRules['range']>, value: number): boolean {
  return (range.min !== undefined && value < range.min) || (range.max !== undefined && value > range.max);
}
