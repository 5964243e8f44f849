import type { AlarmCondition, AlarmTransition, SampleQuality, Sensor } from '../contracts/index.js';
import { applyCondition, setSupersededBy, type AlarmRecord } from './alarmRecord.js';
import { cancelPendingDebounce, fireDueDebounce, newDebounceState, stepDebounce, type DebounceState } from './conditionDebounce.js';
import { RateOfChangeWindow } from './RateOfChangeWindow.js';
import { FlatLineTracker } from './sensorDiagnostics.js';
import { isOutOfRange, THRESHOLD_SEVERITY_RANK, thresholdWanted, type RateOfChangeRule, type SensorAlarmRules, type ThresholdRule } from './sensorAlarmRules.js';

export type AlarmRecordFactory = (condition: AlarmCondition, limit: number | undefined, unit: string | undefined) => AlarmRecord;
/** Whether an alarm that is activating now is the first out of one of its trip groups. */
export type FirstOutJudge = (record: AlarmRecord) => boolean;

type ThresholdEntry = { rule: ThresholdRule; record: AlarmRecord; debounce: DebounceState };
type RateEntry = { rule: RateOfChangeRule; record: AlarmRecord; debounce: DebounceState; window: RateOfChangeWindow; lastRatePerMin: number | undefined };
type StuckEntry = { record: AlarmRecord; tracker: FlatLineTracker; timeMs: number };
type DriftEntry = { record: AlarmRecord; debounce: DebounceState; rule: ThresholdRule; durationMs: number };

/** What the data-quality score needs of the engine's view of one sensor (the conditions, not the annunciation). */
export type SensorConditionFlags = { commLoss: boolean; badQuality: boolean; stuck: boolean; drift: boolean };

/**
 * All alarm rules of one sensor: limits with deadband and on/off delays, %LEL warning, rate of
 * change, out of range, bad quality and communication loss, and the data-quality diagnostics
 * stuck (flat line) and drift, which the engine judges with the sensor's neighbours and partners.
 *
 * Trust: while the latest sample is bad (OPC UA Bad family) or the sensor has lost
 * communication, the value says nothing about the process, so limit, rate and range alarms keep
 * the state they had (neither cleared nor raised on no evidence) and pending on/off delays are
 * cancelled; the next good sample re-evaluates everything. 'uncertain' samples are evaluated
 * like good ones (OPC UA: usable with caution).
 *
 * Time: delays and the comm-loss timeout run on the engine clock (nowMs, arrival); the rate of
 * change uses the source timestamps (tsMs) because the rate is a property of the signal.
 *
 * State-based suppression (ISA-18.2 designed suppression; EEMUA 191 §6 "alarm suppression by
 * state"): while a more severe limit alarm of the same direction is active and annunciated, the
 * less severe ones that are in alarm (a gas detector's H and %LEL pre-warning under its HH, or L
 * under LL) carry `suppressedBy` = its id and are not annunciated. One gas cloud then raises one
 * alarm per detector instead of three; the superseded ones stay on record and nest under it.
 */
export class SensorAlarmEvaluator {
  readonly records: readonly AlarmRecord[];
  readonly badQuality: AlarmRecord;
  readonly commLoss: AlarmRecord;
  /** Counts changes of any condition of this sensor, so the engine re-votes only when needed. */
  conditionChanges = 0;
  private readonly thresholds: ThresholdEntry[];
  private readonly rate: RateEntry | undefined;
  private readonly outOfRange: AlarmRecord | undefined;
  private readonly stuck: StuckEntry | undefined;
  private readonly drift: DriftEntry | undefined;
  private lastHeardAtMs: number;
  private lastAcceptedTsMs: number | undefined;
  private lastValue: number | undefined;
  private valueTrusted = false;

  constructor(
    readonly sensorIndex: number,
    readonly sensor: Sensor,
    readonly rules: SensorAlarmRules,
    createRecord: AlarmRecordFactory,
    startMs: number,
  ) {
    // Never-heard sensors count their silence from the engine start.
    this.lastHeardAtMs = startMs;
    this.thresholds = rules.thresholds.map((rule) => ({ rule, record: createRecord(rule.condition, rule.limit, sensor.unit), debounce: newDebounceState() }));
    this.rate = rules.rateOfChange && {
      rule: rules.rateOfChange,
      record: createRecord('rateOfChange', rules.rateOfChange.limitPerMin, `${sensor.unit}/min`),
      debounce: newDebounceState(),
      window: new RateOfChangeWindow(rules.rateOfChange.windowMs),
      lastRatePerMin: undefined,
    };
    this.outOfRange = rules.range && createRecord('outOfRange', undefined, sensor.unit);
    this.badQuality = createRecord('badQuality', undefined, undefined);
    this.commLoss = createRecord('commLoss', undefined, undefined);
    this.stuck = rules.flatLine && { record: createRecord('stuck', undefined, sensor.unit), tracker: new FlatLineTracker(rules.flatLine.noiseBand), timeMs: rules.flatLine.timeMs };
    // The drift limit is a difference from the partners' median, so it reuses the threshold rule (with the deadband).
    this.drift = rules.drift && {
      record: createRecord('drift', rules.drift.maxDifference, sensor.unit),
      debounce: newDebounceState(),
      rule: { condition: 'high', direction: 'high', limit: rules.drift.maxDifference },
      durationMs: rules.drift.durationMs,
    };
    this.records = [
      ...this.thresholds.map((t) => t.record),
      ...(this.rate ? [this.rate.record] : []),
      ...(this.outOfRange ? [this.outOfRange] : []),
      this.badQuality,
      this.commLoss,
      ...(this.stuck ? [this.stuck.record] : []),
      ...(this.drift ? [this.drift.record] : []),
    ];
  }

  /**
   * One sample. Delays that fell due since the last call are completed first (sample-and-hold:
   * the previous value stood until this sample), then the sample clears commLoss and is judged.
   * A sample older than the newest accepted one proves the link is alive but is not judged.
   */
  ingest(value: number, quality: SampleQuality, tsMs: number, nowMs: number, judge: FirstOutJudge, out: AlarmTransition[]): void {
    this.withSupersession(nowMs, out, () => this.judgeSample(value, quality, tsMs, nowMs, judge, out));
  }

  private judgeSample(value: number, quality: SampleQuality, tsMs: number, nowMs: number, judge: FirstOutJudge, out: AlarmTransition[]): void {
    this.fireDueDelays(nowMs, judge, out);
    this.lastHeardAtMs = nowMs;
    this.set(this.commLoss, false, nowMs, this.lastValue, judge, out);
    if (this.lastAcceptedTsMs !== undefined && tsMs < this.lastAcceptedTsMs) return;
    this.lastAcceptedTsMs = tsMs;
    // A non-finite value is as useless as a bad one.
    const bad = quality === 'bad' || !Number.isFinite(value);
    this.set(this.badQuality, bad, nowMs, bad ? undefined : value, judge, out);
    if (bad) {
      this.distrust();
      return;
    }
    this.valueTrusted = true;
    this.lastValue = value;
    this.stuck?.tracker.observe(value, nowMs);
    const { deadband, onDelayMs, offDelayMs } = this.rules;
    for (const t of this.thresholds) {
      const wanted = thresholdWanted(t.rule, value, deadband, t.debounce.active);
      if (stepDebounce(t.debounce, wanted, nowMs, onDelayMs, offDelayMs)) this.set(t.record, t.debounce.active, nowMs, value, judge, out);
    }
    if (this.outOfRange && this.rules.range) this.set(this.outOfRange, isOutOfRange(this.rules.range, value), nowMs, value, judge, out);
    if (this.rate) {
      const ratePerMin = this.rate.window.add(tsMs, value);
      if (ratePerMin !== undefined) {
        this.rate.lastRatePerMin = ratePerMin;
        // Either direction; no deadband (the limit is a rate, the off-delay does the filtering).
        const wanted = Math.abs(ratePerMin) > this.rate.rule.limitPerMin;
        if (stepDebounce(this.rate.debounce, wanted, nowMs, onDelayMs, offDelayMs)) this.set(this.rate.record, this.rate.debounce.active, nowMs, ratePerMin, judge, out);
      }
    }
  }

  /**
   * The clock moved on: due on/off delays first (they fell due while the last value still
   * stood), then the comm-loss timeout.
   */
  tick(nowMs: number, judge: FirstOutJudge, out: AlarmTransition[]): void {
    this.withSupersession(nowMs, out, () => {
      this.fireDueDelays(nowMs, judge, out);
      const timeoutMs = this.rules.commLossTimeoutMs;
      if (!this.commLoss.conditionActive && nowMs - this.lastHeardAtMs >= timeoutMs) this.loseCommunication(nowMs, `no sample for ${timeoutMs} ms`, judge, out);
    });
  }

  /** The source (e.g. a Sparkplug node, NDEATH) is known to be gone: commLoss now. */
  sourceOffline(nowMs: number, judge: FirstOutJudge, out: AlarmTransition[]): void {
    this.withSupersession(nowMs, out, () => {
      this.fireDueDelays(nowMs, judge, out);
      if (!this.commLoss.conditionActive) this.loseCommunication(nowMs, 'source offline', judge, out);
    });
  }

  /**
   * Runs one evaluation step, then updates state-based suppression once for the whole step: an HH and
   * its H that clear in the same sample do not uncover the H for an instant. (An alarm that activates
   * under an active superseding one is superseded at once, in set().)
   */
  private withSupersession(nowMs: number, out: AlarmTransition[], step: () => void): void {
    const changesBefore = this.conditionChanges;
    step();
    if (this.conditionChanges !== changesBefore) this.updateSupersession(nowMs, out);
  }

  /** The latest value while it can be trusted (a good or uncertain sample, communication alive). */
  trustedValue(): number | undefined {
    return this.valueTrusted ? this.lastValue : undefined;
  }

  /** Moved beyond its noise band within its flat-line time, with a trusted value: evidence for its neighbours. */
  isMoving(nowMs: number): boolean {
    return this.valueTrusted && this.stuck !== undefined && this.stuck.tracker.movedWithin(nowMs, this.stuck.timeMs);
  }

  conditionFlags(): SensorConditionFlags {
    return { commLoss: this.commLoss.conditionActive, badQuality: this.badQuality.conditionActive, stuck: this.stuck?.record.conditionActive ?? false, drift: this.drift?.record.conditionActive ?? false };
  }

  /**
   * Flat-line rule: stuck once the value has stayed inside its noise band for the flat-line time while
   * a neighbour moved (a whole area that is quiet is a quiet process, not a frozen transmitter); clears
   * as soon as it moves. An untrusted value keeps the state (as for the limit alarms).
   */
  judgeStuck(nowMs: number, neighbourMoved: boolean, judge: FirstOutJudge, out: AlarmTransition[]): void {
    if (!this.stuck || !this.valueTrusted) return;
    const flat = this.stuck.tracker.flatForMs(nowMs) >= this.stuck.timeMs;
    const wanted = this.stuck.record.conditionActive ? flat : flat && neighbourMoved;
    this.set(this.stuck.record, wanted, nowMs, this.lastValue, judge, out);
  }

  /**
   * Drift rule: |value − median of the trusted partners| beyond the limit for the drift duration (on-delay),
   * clearing below limit − deadband after the off-delay. Without a trusted value or enough partners the
   * state is kept and a pending change dropped.
   */
  judgeDrift(nowMs: number, partnerMedian: number | undefined, judge: FirstOutJudge, out: AlarmTransition[]): void {
    if (!this.drift) return;
    if (!this.valueTrusted || partnerMedian === undefined || this.lastValue === undefined) return cancelPendingDebounce(this.drift.debounce);
    const difference = this.lastValue - partnerMedian;
    const wanted = thresholdWanted(this.drift.rule, Math.abs(difference), this.rules.deadband, this.drift.debounce.active);
    if (stepDebounce(this.drift.debounce, wanted, nowMs, this.drift.durationMs, this.rules.offDelayMs)) this.set(this.drift.record, this.drift.debounce.active, nowMs, difference, judge, out);
  }

  /** Whether one of the given conditions is active on this sensor (for area voting). */
  hasActiveCondition(conditions: ReadonlySet<AlarmCondition>): boolean {
    return this.records.some((r) => r.conditionActive && !r.alarm.outOfService && conditions.has(r.alarm.condition));
  }

  private loseCommunication(nowMs: number, reason: string, judge: FirstOutJudge, out: AlarmTransition[]): void {
    this.set(this.commLoss, true, nowMs, this.lastValue, judge, out, reason);
    this.distrust();
  }

  private distrust(): void {
    this.valueTrusted = false;
    for (const t of this.thresholds) cancelPendingDebounce(t.debounce);
    if (this.drift) cancelPendingDebounce(this.drift.debounce);
    if (this.rate) {
      cancelPendingDebounce(this.rate.debounce);
      this.rate.window.reset();
      this.rate.lastRatePerMin = undefined;
    }
  }

  private fireDueDelays(nowMs: number, judge: FirstOutJudge, out: AlarmTransition[]): void {
    if (!this.valueTrusted) return;
    const { onDelayMs, offDelayMs } = this.rules;
    for (const t of this.thresholds) {
      if (fireDueDebounce(t.debounce, nowMs, onDelayMs, offDelayMs)) this.set(t.record, t.debounce.active, nowMs, this.lastValue, judge, out);
    }
    if (this.rate && fireDueDebounce(this.rate.debounce, nowMs, onDelayMs, offDelayMs)) {
      this.set(this.rate.record, this.rate.debounce.active, nowMs, this.rate.lastRatePerMin, judge, out);
    }
  }

  private set(record: AlarmRecord, active: boolean, nowMs: number, value: number | undefined, judge: FirstOutJudge, out: AlarmTransition[], reason?: string): void {
    if (record.conditionActive === active) return;
    this.conditionChanges++;
    const entry = this.thresholds.find((t) => t.record === record);
    // An alarm that activates under an active superseding one is superseded from its first transition,
    // so it is never annunciated (nor counted in the alarm rate) for an instant.
    if (entry && active && !record.alarm.active) {
      const superseder = this.supersederOf(entry);
      if (superseder) record.alarm.suppressedBy = superseder.alarm.alarmId;
    }
    const detail = reason === undefined ? { value, isFirstOut: () => judge(record) } : { value, reason, isFirstOut: () => judge(record) };
    applyCondition(record, active, nowMs, detail, out);
  }

  /**
   * Brings the state-based suppression of this detector's limit alarms up to date (after a condition
   * change here, or an operator's acknowledgement, shelving or removal from service of one of them):
   * an alarm in alarm (active, or returned but unacknowledged) is superseded by the most severe
   * annunciated active alarm above it; emits 'suppress'/'unsuppress' for each change.
   */
  updateSupersession(nowMs: number, out: AlarmTransition[]): void {
    for (const entry of this.thresholds) {
      const alarm = entry.record.alarm;
      const inAlarm = alarm.active || !alarm.acknowledged;
      setSupersededBy(entry.record, inAlarm ? this.supersederOf(entry)?.alarm.alarmId : undefined, nowMs, out);
    }
  }

  /** The most severe active, annunciated limit alarm of the same direction above `entry`, if any. */
  private supersederOf(entry: ThresholdEntry): AlarmRecord | undefined {
    const rank = THRESHOLD_SEVERITY_RANK[entry.rule.condition];
    let best: ThresholdEntry | undefined;
    for (const other of this.thresholds) {
      const otherRank = THRESHOLD_SEVERITY_RANK[other.rule.condition];
      if (other.rule.direction !== entry.rule.direction || otherRank >= rank) continue;
      const alarm = other.record.alarm;
      // A superseding alarm the operator cannot see (shelved, suppressed, out of service) supersedes nothing.
      if (!alarm.active || alarm.outOfService || alarm.suppressed || alarm.shelvedUntilMs !== undefined) continue;
      if (!best || otherRank < THRESHOLD_SEVERITY_RANK[best.rule.condition]) best = other;
    }
    return best?.record;
  }
}
