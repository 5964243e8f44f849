import type { ExternalConditionInput, SensorConditionFlags } from '../alarms/index.js';
import type { Alarm, AlarmCommand, AlarmTransition, SampleQuality, SensorAlarmSummary } from '../contracts/index.js';

/** What the live path needs from the alarm engine (main/alarms/AlarmEngine satisfies it). */
export interface AlarmEvaluator {
  ingest(sensorIndex: number, value: number, quality: SampleQuality, tsMs: number, nowMs: number): AlarmTransition[];
  tick(nowMs: number): AlarmTransition[];
  sourceOffline(sensorIndices: number[], nowMs: number): AlarmTransition[];
  command(command: AlarmCommand, user: string, nowMs: number): { transitions: AlarmTransition[]; errors: string[] };
  alarms(): Alarm[];
  setExternalCondition(input: ExternalConditionInput): AlarmTransition[];
  sensorAlarmSummary(sensorIndex: number): SensorAlarmSummary;
  sensorConditionFlags(sensorIndex: number): SensorConditionFlags;
}
