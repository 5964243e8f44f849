import path from 'node:path';
import type { CoreTopics } from '../../main/bus/coreTopics.js';
import { MessageBus } from '../../main/bus/MessageBus.js';
import { deriveAlarmState, type Alarm, type AlarmTransition, type Scene } from '../../main/contracts/index.js';
import { AuditJournal } from '../../main/audit/index.js';
import { Recorder } from '../../main/recording/index.js';
import { auditDirOf, recordingsDirOf } from '../../main/recording/dataLayout.js';

/** A small scene shape for recorder tests (the recorder reads only the site id, version and sensor ids). */
export function syntheticScene(sensors: number): Scene {
  return { version: 1, site: { id: 'test-site' }, sensors: Array.from({ length: sensors }, (_, i) => ({ id: `GD-${String(i).padStart(4, '0')}` })) } as unknown as Scene;
}

export function alarmTransition(sensorId: string, action: AlarmTransition['action'], atMs: number, by: string, flags: { active: boolean; acknowledged: boolean }): AlarmTransition {
  const alarm: Alarm = {
    alarmId: `${sensorId}:high`,
    sourceId: sensorId,
    sourceKind: 'sensor',
    condition: 'high',
    priority: 'high',
    state: deriveAlarmState({ ...flags, suppressed: false, outOfService: false }),
    active: flags.active,
    acknowledged: flags.acknowledged,
    suppressed: false,
    outOfService: false,
    latched: false,
    firstOut: false,
    raisedAtMs: atMs,
    changedAtMs: atMs,
  };
  if (action === 'acknowledge') {
    alarm.acknowledgedAtMs = atMs;
    alarm.acknowledgedBy = by;
  }
  return { alarm, action, previousState: 'normal', atMs, by };
}

/**
 * Records `seconds` of a synthetic session into <dataDir>/recordings with an audit journal:
 * every sensor at 1 Hz (batches every 100 ms), two badges, one alarm raised, acknowledged by
 * "liu.yang" and cleared. Returns the start and end times.
 */
export async function recordSyntheticSession(dataDir: string, options: { sensors?: number; seconds?: number; startMs?: number; sensor0SilentFromS?: number } = {}): Promise<{ startMs: number; endMs: number; recordingsDir: string }> {
  const sensors = options.sensors ?? 50;
  const seconds = options.seconds ?? 180;
  const startMs = options.startMs ?? Date.UTC(2026, 4, 3, 8, 0, 0);
  let now = startMs;
  const scene = syntheticScene(sensors);
  const bus = new MessageBus<CoreTopics>();
  const journal = await AuditJournal.open(auditDirOf(dataDir), { nowMs: () => now });
  journal.attachToBus(bus);
  const recorder = new Recorder({ bus, dir: recordingsDirOf(dataDir), scene, nowMs: () => now, autoFlush: false, journal });
  await recorder.start();
  const perBatch = Math.ceil(sensors / 10);
  for (let tick = 1; tick <= seconds * 10; tick++) {
    now = startMs + tick * 100;
    const first = ((tick - 1) % 10) * perBatch;
    const silent = (index: number) => index === 0 && options.sensor0SilentFromS !== undefined && tick / 10 >= options.sensor0SilentFromS;
    const indices = Uint32Array.from({ length: Math.max(0, Math.min(perBatch, sensors - first)) }, (_, i) => first + i).filter((index) => !silent(index));
    bus.publish('samples', { indices, values: Float64Array.from(indices, (i) => 20 + i + tick / 100), tsMs: Float64Array.from(indices, () => now - 5), qualities: new Uint8Array(indices.length) });
    if (tick % 10 === 0) for (const badgeId of ['B-001', 'B-002']) bus.publish('worker', { badgeId, x: tick / 10, y: badgeId === 'B-001' ? 5 : 9, floor: 0, tsMs: now });
    const second = tick / 10;
    if (second === 30) bus.publish('alarmTransition', alarmTransition('GD-0003', 'activate', now, 'system', { active: true, acknowledged: false }));
    if (second === 42) bus.publish('alarmTransition', alarmTransition('GD-0003', 'acknowledge', now, 'liu.yang', { active: true, acknowledged: true }));
    if (second === 90) bus.publish('alarmTransition', alarmTransition('GD-0003', 'clear', now, 'system', { active: false, acknowledged: true }));
    if (tick % 10 === 0) await recorder.flush();
  }
  await recorder.stop();
  await journal.close();
  return { startMs, endMs: now, recordingsDir: recordingsDirOf(dataDir) };
}

/**
 * One minute recorded by a real Recorder over a two-sensor scene (a sample a second keeps it going),
 * `publish` adding what a test records at each second; the recording's folder and time span.
 */
export async function recordMinute(dataDir: string, publish: (bus: MessageBus<CoreTopics>, nowMs: number, second: number) => void): Promise<{ dir: string; startMs: number; endMs: number }> {
  const startMs = Date.UTC(2026, 4, 3, 8, 0, 0);
  let now = startMs;
  const bus = new MessageBus<CoreTopics>();
  const recorder = new Recorder({ bus, dir: recordingsDirOf(dataDir), scene: syntheticScene(2), nowMs: () => now, autoFlush: false });
  await recorder.start();
  for (let second = 1; second <= 60; second++) {
    now = startMs + second * 1000;
    bus.publish('samples', { indices: Uint32Array.of(0), values: Float64Array.of(1), tsMs: Float64Array.of(now), qualities: new Uint8Array(1) });
    publish(bus, now, second);
    await recorder.flush();
  }
  await recorder.stop();
  return { dir: recordingsDirOf(dataDir), startMs, endMs: now };
}

export const journalPathOf = (dataDir: string) => path.join(auditDirOf(dataDir), 'journal.jsonl');
