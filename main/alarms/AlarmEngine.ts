import {
  AlarmCommandSchema,
  type ALARM_COMMAND_PROBLEM_CODES,
  comparePriority,
  deriveAlarmState,
  type Alarm,
  type AlarmCommand,
  type AlarmTransition,
  type SampleQuality,
  type Scene,
  type SensorAlarmSummary,
  summarizeSensorAlarms,
} from '../contracts/index.js';
import { isLatchingByConfig, type AlarmConfig } from './alarmConfig.js';
import { defaultAlarmPriority } from './alarmPriority.js';
import {
  acknowledgeAlarm,
  applyCondition,
  createAlarmRecord,
  setOutOfService,
  setSuppressed,
  shelveAlarm,
  SYSTEM_USER,
  unshelveAlarm,
  type AlarmRecord,
} from './alarmRecord.js';
import { resolveVotingGroups, type VotingGroup } from './areaVoting.js';
import { createExternalRecord, mayNameExternalAlarm, type ExternalConditionInput } from './externalAlarms.js';
import { SensorAlarmEvaluator, type FirstOutJudge, type SensorConditionFlags } from './SensorAlarmEvaluator.js';
import { resolveSensorAlarmRules } from './sensorAlarmRules.js';
import { medianOf, resolveDriftGroups, resolveFlatLineGroups } from './sensorDiagnostics.js';

/** Error codes at the start of command error texts (the catalogue's ALARM_COMMAND_PROBLEM_CODES). */
export const ALARM_ERROR_CODES = {
  unknown: 'ST_ERR_ALARM_UNKNOWN',
  state: 'ST_ERR_ALARM_STATE',
  invalid: 'ST_ERR_ALARM_COMMAND_INVALID',
} as const satisfies Record<string, keyof typeof ALARM_COMMAND_PROBLEM_CODES>;

export type AlarmCommandResult = { transitions: AlarmTransition[]; errors: string[] };
export type { SensorAlarmSummary };

const MS_PER_MIN = 60_000;
const NO_GROUPS: readonly never[] = [];

/**
 * The ISA-18.2 alarm engine for one scene: a pure core (no I/O, no timers, no wall clock; time
 * comes in as nowMs). Samples go in by sensor index, transitions come out; every alarm the scene
 * and configuration can raise exists from the start (in 'normal'), so ids, shelving and
 * out-of-service work before the first activation.
 *
 * Alarm ids are `${sensorId}:${condition}` and `${areaId}:areaVoting`, plus `${sourceId}:${condition}`
 * for conditions computed elsewhere (worker, area and camera rules) and fed in with
 * setExternalCondition; those are created on their first activation.
 *
 * Emitted transitions (AlarmTransition: a snapshot of the alarm after the change, the action,
 * previousState, atMs = the nowMs of the call, by, optional reason):
 * - rules, by 'system': 'activate' (reason for commLoss: 'no sample for N ms' / 'source
 *   offline'), 'clear', 'shelveExpired', 'suppress'/'unsuppress' from setDesignSuppression, and
 *   'suppress'/'unsuppress' of state-based suppression (reason 'superseded by <alarmId>', see
 *   SensorAlarmEvaluator);
 * - commands, by the user: 'acknowledge' (of an alarm and the ones it supersedes; followed by 'clear'
 *   with reason 'latch reset by acknowledgement' for a held latching alarm), 'shelve' (reason = the
 *   operator's), 'unshelve', 'removeFromService'/'returnToService' and 'suppress'/'unsuppress'
 *   (reason given).
 * While shelved, suppressed or out of service the alarm's condition is still tracked and its
 * 'activate'/'clear' are still emitted, with state 'shelved'/'suppressed'/'outOfService': the
 * audit trail is complete and the UI and KPI tracker annunciate only state 'unacknowledged'.
 */
export class AlarmEngine {
  /** Configuration entries that name nothing in the scene, and similar problems. */
  readonly configWarnings: readonly string[];
  private readonly records = new Map<string, AlarmRecord>();
  private readonly recordsBySource = new Map<string, AlarmRecord[]>();
  private readonly evaluators: SensorAlarmEvaluator[];
  private readonly sensorIndexById = new Map<string, number>();
  private readonly votingGroups: { group: VotingGroup; record: AlarmRecord }[];
  private readonly votingGroupsBySensor = new Map<number, { group: VotingGroup; record: AlarmRecord }[]>();
  /** Sensors whose flat line is judged against each other (same kind, same area). */
  private readonly flatLineGroups: readonly (readonly number[])[];
  /** Redundant gas detectors whose readings are compared for drift. */
  private readonly driftGroups: readonly (readonly number[])[];
  private readonly tripGroupsByAlarm = new Map<string, AlarmRecord[][]>();
  private readonly shelved = new Set<AlarmRecord>();
  /** Records created by setExternalCondition; only these may be driven from outside. */
  private readonly external = new Set<AlarmRecord>();
  private readonly config: AlarmConfig;
  private readonly judgeFirstOut: FirstOutJudge = (record) => this.isFirstOut(record);

  constructor(scene: Scene, config: AlarmConfig, startMs: number) {
    const warnings: string[] = [];
    this.config = config;
    const votingGroups = resolveVotingGroups(scene, config, warnings);
    this.driftGroups = resolveDriftGroups(scene, votingGroups, config);
    this.flatLineGroups = resolveFlatLineGroups(scene, config);
    const withDriftPartners = new Set(this.driftGroups.flat());
    this.evaluators = scene.sensors.map((sensor, index) => {
      this.sensorIndexById.set(sensor.id, index);
      return new SensorAlarmEvaluator(
        index,
        sensor,
        resolveSensorAlarmRules(sensor, scene, config, withDriftPartners.has(index)),
        (condition, limit, unit) => {
          const alarmId = `${sensor.id}:${condition}`;
          const priority = config.priorityOverrides[alarmId] ?? defaultAlarmPriority(condition, sensor.kind);
          const spec = { alarmId, sourceId: sensor.id, sourceKind: 'sensor' as const, areaId: sensor.areaId, condition, priority, unit, limit };
          return this.register(createAlarmRecord(spec, isLatchingByConfig(config, alarmId, sensor.kind, condition), index, startMs));
        },
        startMs,
      );
    });
    this.votingGroups = votingGroups.map((group) => {
      const alarmId = `${group.areaId}:areaVoting`;
      const priority = config.priorityOverrides[alarmId] ?? group.priority;
      const spec = { alarmId, sourceId: group.areaId, sourceKind: 'area' as const, areaId: group.areaId, condition: 'areaVoting' as const, priority, limit: group.m };
      const entry = { group, record: this.register(createAlarmRecord(spec, isLatchingByConfig(config, alarmId, undefined, 'areaVoting'), undefined, startMs)) };
      for (const index of group.detectorIndices) this.votingGroupsBySensor.set(index, [...(this.votingGroupsBySensor.get(index) ?? []), entry]);
      return entry;
    });
    this.linkTripGroups(config, warnings);
    this.applyDesignSuppression(config, warnings, scene);
    const unknown = (id: string) => !this.records.has(id) && !mayNameExternalAlarm(id, scene);
    for (const id of config.latching.alarmIds) if (unknown(id)) warnings.push(`latching names unknown alarm "${id}"`);
    for (const id of Object.keys(config.priorityOverrides)) if (unknown(id)) warnings.push(`priorityOverrides names unknown alarm "${id}"`);
    for (const id of Object.keys(config.rateOfChangePerMin.bySensorId)) if (!this.sensorIndexById.has(id)) warnings.push(`rateOfChangePerMin names unknown sensor "${id}"`);
    this.configWarnings = warnings;
  }

  get sensorCount(): number {
    return this.evaluators.length;
  }

  sensorIndexOf(sensorId: string): number | undefined {
    return this.sensorIndexById.get(sensorId);
  }

  /** One sample of one sensor; returns the transitions it caused (possibly none). */
  ingest(sensorIndex: number, value: number, quality: SampleQuality, tsMs: number, nowMs: number): AlarmTransition[] {
    const out: AlarmTransition[] = [];
    const evaluator = this.evaluatorAt(sensorIndex);
    const changesBefore = evaluator.conditionChanges;
    evaluator.ingest(value, quality, tsMs, nowMs, this.judgeFirstOut, out);
    // Votes can only change when a condition of this detector changed (the hot path stays cheap).
    if (evaluator.conditionChanges !== changesBefore) {
      for (const entry of this.votingGroupsBySensor.get(sensorIndex) ?? NO_GROUPS) this.evaluateVoting(entry, nowMs, out);
    }
    return out;
  }

  /**
   * Advances the clock: shelving expiry first (so a condition that falls due at the same instant
   * is annunciated), then per sensor comm-loss timeouts and due on/off delays, the data-quality
   * diagnostics (stuck, drift), then area voting.
   */
  tick(nowMs: number): AlarmTransition[] {
    const out: AlarmTransition[] = [];
    for (const record of [...this.shelved]) {
      if (record.alarm.shelvedUntilMs !== undefined && nowMs >= record.alarm.shelvedUntilMs) {
        unshelveAlarm(record, SYSTEM_USER, 'shelveExpired', nowMs, out);
        this.shelved.delete(record);
      }
    }
    this.updateSupersession(out, 0, nowMs);
    for (const evaluator of this.evaluators) evaluator.tick(nowMs, this.judgeFirstOut, out);
    this.evaluateDataQuality(nowMs, out);
    for (const entry of this.votingGroups) this.evaluateVoting(entry, nowMs, out);
    return out;
  }

  /** The conditions behind a sensor's data-quality score (comm loss, bad quality, stuck, drift). */
  sensorConditionFlags(sensorIndex: number): SensorConditionFlags {
    return this.evaluatorAt(sensorIndex).conditionFlags();
  }

  /**
   * The sources of these sensors are known to be offline (e.g. Sparkplug NDEATH): commLoss at
   * once. Their limit alarms keep their state; the next sample clears commLoss and re-evaluates
   * without re-raising alarms that are still active.
   */
  sourceOffline(sensorIndices: readonly number[], nowMs: number): AlarmTransition[] {
    const out: AlarmTransition[] = [];
    for (const index of sensorIndices) this.evaluatorAt(index).sourceOffline(nowMs, this.judgeFirstOut, out);
    return out;
  }

  /**
   * A condition computed outside the sensor rules (a worker lying still, a badge in a restricted
   * area, people gathering, a camera detection) for alarm `${sourceId}:${condition}`, with the full
   * lifecycle: acknowledgement, shelving, suppression, out of service, latching, KPIs.
   *
   * Idempotent, like the sensor rules: the same state again emits nothing, so a rule evaluator may
   * pass its whole current set every tick without diffing. The record is created on the first
   * activation (an inactive condition for an unknown alarm is a no-op), with the priority of
   * `priorityOverrides` or `defaultAlarmPriority`, latching from `latching`, and suppression by
   * design when `suppressedByDesign` names the alarm or its source. A new activation takes
   * input.areaId as the alarm's area, and input.location / input.evidence (a camera's detection) as
   * they are. While active, a changed value is not re-emitted (as for
   * sensor alarms, the value is the one at activation, and the one at clearing).
   *
   * Throws (programmer error) when the alarm id belongs to the sensor or voting rules, or the
   * source kind differs from the one the alarm was created with.
   */
  setExternalCondition(input: ExternalConditionInput): AlarmTransition[] {
    const out: AlarmTransition[] = [];
    if (input.sourceId.length === 0) throw new Error('an external condition needs a sourceId');
    const alarmId = `${input.sourceId}:${input.condition}`;
    let record = this.records.get(alarmId);
    if (record && !this.external.has(record)) throw new Error(`alarm "${alarmId}" is raised by the engine's own rules, not from outside`);
    if (record && record.alarm.sourceKind !== input.sourceKind) throw new Error(`alarm "${alarmId}" has source kind ${record.alarm.sourceKind}, not ${input.sourceKind}`);
    if (!record) {
      if (!input.active) return out;
      record = this.register(createExternalRecord(input, this.config));
      this.external.add(record);
    }
    if (input.active && !record.alarm.active) {
      if (input.areaId !== undefined) record.alarm.areaId = input.areaId;
      // Location and evidence describe this activation only: a new one without them must not show the last one's.
      if (input.location === undefined) delete record.alarm.location;
      else record.alarm.location = input.location;
      if (input.evidence === undefined) delete record.alarm.evidence;
      else record.alarm.evidence = input.evidence;
    }
    const detail = { value: input.value, ...(input.reason !== undefined ? { reason: input.reason } : {}), ...(input.reasonCode !== undefined ? { reasonCode: input.reasonCode } : {}) };
    applyCondition(record, input.active, input.nowMs, detail, out);
    return out;
  }

  /** Operator commands; problems come back as coded error texts, never as throws. */
  command(cmd: AlarmCommand, user: string, nowMs: number): AlarmCommandResult {
    const out: AlarmTransition[] = [];
    const errors: string[] = [];
    const parsed = AlarmCommandSchema.safeParse(cmd);
    if (!parsed.success) return { transitions: out, errors: [`${ALARM_ERROR_CODES.invalid}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`] };
    const command = parsed.data;
    const withRecord = (alarmId: string, act: (record: AlarmRecord) => string | undefined) => {
      const record = this.records.get(alarmId);
      const problem = record ? act(record) : undefined;
      if (!record) errors.push(`${ALARM_ERROR_CODES.unknown}: no alarm "${alarmId}"`);
      else if (problem !== undefined) errors.push(`${ALARM_ERROR_CODES.state}: alarm "${alarmId}" ${problem}`);
    };
    switch (command.action) {
      case 'acknowledge':
        for (const alarmId of command.alarmIds) withRecord(alarmId, (record) => this.acknowledgeWithSuperseded(record, user, nowMs, out));
        break;
      case 'shelve':
        withRecord(command.alarmId, (record) => {
          const problem = shelveAlarm(record, nowMs + command.durationMin * MS_PER_MIN, user, command.reason, nowMs, out);
          if (problem === undefined) this.shelved.add(record);
          return problem;
        });
        break;
      case 'unshelve':
        withRecord(command.alarmId, (record) => {
          this.shelved.delete(record);
          return unshelveAlarm(record, user, 'unshelve', nowMs, out);
        });
        break;
      case 'removeFromService':
      case 'returnToService':
        return this.setOutOfService(command.target, command.action === 'returnToService', user, command.reason, nowMs);
      case 'suppress':
      case 'unsuppress':
        return this.applyToTargets(command.target, nowMs, (record, transitions) => setSuppressed(record, command.action === 'suppress', user, command.reason, nowMs, transitions));
    }
    this.updateSupersession(out, 0, nowMs);
    return { transitions: out, errors };
  }

  /**
   * Takes an alarm (by alarm id) or every alarm of a source (by sensor or area id) out of service
   * or returns it (ISA-18.2 out-of-service: maintenance). Out-of-service detectors do not vote.
   */
  setOutOfService(alarmOrSourceId: string, inService: boolean, user: string, reason: string, nowMs: number): AlarmCommandResult {
    return this.applyToTargets(alarmOrSourceId, nowMs, (record, out) => setOutOfService(record, !inService, user, reason, nowMs, out));
  }

  /** Suppression by design (e.g. equipment not running), by the system. */
  setDesignSuppression(alarmOrSourceId: string, suppressed: boolean, nowMs: number, reason?: string): AlarmCommandResult {
    return this.applyToTargets(alarmOrSourceId, nowMs, (record, out) => setSuppressed(record, suppressed, SYSTEM_USER, reason, nowMs, out));
  }

  /** Known alarms not in 'normal', most urgent first, then newest first. Snapshots. */
  alarms(): Alarm[] {
    return [...this.records.values()]
      .filter((r) => r.alarm.state !== 'normal')
      .map((r) => ({ ...r.alarm }))
      .sort((a, b) => comparePriority(a.priority, b.priority) || b.raisedAtMs - a.raisedAtMs || (a.alarmId < b.alarmId ? -1 : 1));
  }

  alarm(alarmId: string): Alarm | undefined {
    const record = this.records.get(alarmId);
    return record && { ...record.alarm };
  }

  /**
   * For the 3D marker: whether an annunciated (not shelved, suppressed or out-of-service) alarm of
   * the sensor is active or unacknowledged, and the priority of the most urgent active one.
   */
  sensorAlarmSummary(sensorIndex: number): SensorAlarmSummary {
    return summarizeSensorAlarms(this.evaluatorAt(sensorIndex).records.map((record) => record.alarm));
  }

  private register(record: AlarmRecord): AlarmRecord {
    this.records.set(record.alarm.alarmId, record);
    const list = this.recordsBySource.get(record.alarm.sourceId) ?? [];
    list.push(record);
    this.recordsBySource.set(record.alarm.sourceId, list);
    return record;
  }

  private linkTripGroups(config: AlarmConfig, warnings: string[]): void {
    for (const [name, alarmIds] of Object.entries(config.tripGroups)) {
      for (const id of alarmIds) if (!this.records.has(id)) warnings.push(`trip group "${name}" names unknown alarm "${id}"`);
      const members = alarmIds.flatMap((id) => this.records.get(id) ?? []);
      for (const member of members) this.tripGroupsByAlarm.set(member.alarm.alarmId, [...(this.tripGroupsByAlarm.get(member.alarm.alarmId) ?? []), members]);
    }
  }

  /** Suppression by design applies from the start, silently: there was no previous state to audit. */
  private applyDesignSuppression(config: AlarmConfig, warnings: string[], scene: Scene): void {
    for (const id of config.suppressedByDesign) {
      const targets = this.resolveTargets(id);
      // External alarms do not exist yet; they are suppressed when created (createExternalRecord).
      if (targets.length === 0 && !mayNameExternalAlarm(id, scene)) warnings.push(`suppressedByDesign names unknown alarm or source "${id}"`);
      for (const record of targets) {
        record.alarm.suppressed = true;
        record.alarm.state = deriveAlarmState(record.alarm);
      }
    }
  }

  private evaluatorAt(sensorIndex: number): SensorAlarmEvaluator {
    const evaluator = this.evaluators[sensorIndex];
    if (!evaluator) throw new RangeError(`sensor index ${sensorIndex} is not in the scene (0…${this.evaluators.length - 1})`);
    return evaluator;
  }

  /**
   * Flat line: a sensor is judged stuck only if a neighbour moved within the flat-line time (the sensor
   * itself, being flat, is not among the movers). Drift: each detector against the median of its trusted
   * partners, needing minPartners of them. Evaluated on the tick: both are judged over minutes.
   */
  private evaluateDataQuality(nowMs: number, out: AlarmTransition[]): void {
    for (const group of this.flatLineGroups) {
      const movers = group.filter((index) => this.evaluators[index]!.isMoving(nowMs)).length;
      for (const index of group) {
        const evaluator = this.evaluators[index]!;
        evaluator.judgeStuck(nowMs, movers - (evaluator.isMoving(nowMs) ? 1 : 0) > 0, this.judgeFirstOut, out);
      }
    }
    const { minPartners } = this.config.dataQuality.drift;
    for (const group of this.driftGroups) {
      const values = group.map((index) => this.evaluators[index]!.trustedValue());
      group.forEach((index, position) => {
        const partners = values.filter((value, other): value is number => other !== position && value !== undefined);
        this.evaluators[index]!.judgeDrift(nowMs, partners.length >= minPartners ? medianOf(partners) : undefined, this.judgeFirstOut, out);
      });
    }
  }

  private evaluateVoting({ group, record }: { group: VotingGroup; record: AlarmRecord }, nowMs: number, out: AlarmTransition[]): void {
    let votes = 0;
    for (const index of group.detectorIndices) if (this.evaluators[index]!.hasActiveCondition(group.conditions)) votes++;
    const active = votes >= group.m;
    if (record.conditionActive !== active) applyCondition(record, active, nowMs, { value: votes, isFirstOut: () => this.isFirstOut(record) }, out);
  }

  /**
   * First-out (ISA-18.2 first-out alarm): the activating alarm is first when every other alarm of
   * one of its trip groups is reset, i.e. neither active nor awaiting acknowledgement. The group
   * stays "tripped" until all its alarms are back to normal, so later alarms are not first-out.
   */
  private isFirstOut(record: AlarmRecord): boolean {
    const groups = this.tripGroupsByAlarm.get(record.alarm.alarmId);
    if (!groups) return false;
    return groups.some((members) => members.every((m) => m === record || (!m.alarm.active && m.alarm.acknowledged)));
  }

  private resolveTargets(alarmOrSourceId: string): AlarmRecord[] {
    const record = this.records.get(alarmOrSourceId);
    return record ? [record] : (this.recordsBySource.get(alarmOrSourceId) ?? []);
  }

  private applyToTargets(alarmOrSourceId: string, nowMs: number, act: (record: AlarmRecord, out: AlarmTransition[]) => string | undefined): AlarmCommandResult {
    const out: AlarmTransition[] = [];
    const targets = this.resolveTargets(alarmOrSourceId);
    if (targets.length === 0) return { transitions: out, errors: [`${ALARM_ERROR_CODES.unknown}: no alarm or source "${alarmOrSourceId}"`] };
    const problems = targets.map((record) => act(record, out));
    const errors: string[] = [];
    // For a whole source, alarms already in the requested state are skipped; only "nothing to do" is an error.
    if (out.length === 0) errors.push(`${ALARM_ERROR_CODES.state}: "${alarmOrSourceId}" ${problems.find((p) => p !== undefined) ?? 'is unchanged'}`);
    this.updateSupersession(out, 0, nowMs);
    for (const entry of this.votingGroups) this.evaluateVoting(entry, nowMs, out);
    return { transitions: out, errors };
  }

  /**
   * Acknowledges an alarm and, first, the unacknowledged alarms it supersedes (its detector's H and
   * pre-warning under an HH): they were presented as part of its row, so the operator who acknowledged
   * the HH has seen them, and they must not come back unacknowledged as the gas falls through H (a
   * second flood on the way down). Each is its own 'acknowledge' transition by the user, on the record.
   */
  private acknowledgeWithSuperseded(record: AlarmRecord, user: string, nowMs: number, out: AlarmTransition[]): string | undefined {
    if (record.sensorIndex !== undefined && !record.alarm.acknowledged) {
      for (const lower of this.evaluators[record.sensorIndex]!.records) {
        if (lower.alarm.suppressedBy === record.alarm.alarmId && !lower.alarm.acknowledged) acknowledgeAlarm(lower, user, nowMs, out);
      }
    }
    return acknowledgeAlarm(record, user, nowMs, out);
  }

  /**
   * After operator acts (acknowledging a latched HH resets it; shelving or removing a superseding
   * alarm from service uncovers the ones it superseded): state-based suppression of every detector
   * touched by the transitions out[from…] is brought up to date.
   */
  private updateSupersession(out: AlarmTransition[], from: number, nowMs: number): void {
    const touched = new Set<number>();
    for (let i = from; i < out.length; i++) {
      const index = this.records.get(out[i]!.alarm.alarmId)?.sensorIndex;
      if (index !== undefined) touched.add(index);
    }
    for (const index of touched) this.evaluators[index]!.updateSupersession(nowMs, out);
  }
}
