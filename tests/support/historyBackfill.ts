import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { CoreTopics } from '../../main/bus/coreTopics.js';
import { MessageBus } from '../../main/bus/MessageBus.js';
import { deriveAlarmState, type AlarmPriority, type AlarmTransition, type Scene } from '../../main/contracts/index.js';
import { Recorder } from '../../main/recording/index.js';
import { SAFETWIN_BIN } from './serveProcess.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** A gas release seen by a detector: when it starts (days before the end), its peak (%LEL) and how long it lasts. */
export type GasEvent = { daysAgo: number; peak: number; minutes: number };

/**
 * Readings of a catalytic %LEL detector: a small zero offset drifting with the day's temperature and
 * a little noise (deterministic), and releases that ramp up over a fifth of their time, hold, and fall
 * away. Resolution 0.1 %LEL, as such transmitters report.
 */
function lelReading(tsMs: number, endMs: number, events: readonly GasEvent[], phase: number): number {
  const dayFraction = (tsMs % DAY_MS) / DAY_MS;
  const noise = Math.sin(tsMs / 7_919 + phase) * 0.25 + Math.sin(tsMs / 104_729 + 2 * phase) * 0.2;
  let value = 0.8 + 0.5 * Math.sin(2 * Math.PI * (dayFraction + phase / 10)) + noise;
  for (const e of events) {
    const startMs = endMs - e.daysAgo * DAY_MS;
    const t = (tsMs - startMs) / (e.minutes * MINUTE_MS);
    if (t < 0 || t > 1) continue;
    const shape = t < 0.2 ? t / 0.2 : t < 0.5 ? 1 : (1 - t) / 0.5;
    value = Math.max(value, e.peak * shape);
  }
  return Math.max(0, Math.round(value * 10) / 10);
}

/**
 * Writes `days` of history for some of the scene's %LEL gas detectors through the real Recorder on a
 * simulated clock — one reading a minute per detector, and the alarm transitions a plant's alarm
 * system makes of them (high at the sensor's H limit, high-high at HH, acknowledged by an operator 3
 * minutes later, cleared below the limit minus 2 %LEL of deadband) — then back-fills the historian of
 * `dataDir` with the real `safetwin history import` (docs/historian.md §6). Returns the alarm
 * activations written, for the test to find as marks.
 */
export async function backfillGasHistory(options: { scene: Scene; sensorIds: string[]; events: Record<string, GasEvent[]>; days: number; endMs: number; recordingsDir: string; dataDir: string }): Promise<{ activations: AlarmTransition[]; samples: number; importOutput: string }> {
  const { scene, sensorIds, events, days, endMs } = options;
  const indices = sensorIds.map((id) => scene.sensors.findIndex((s) => s.id === id));
  if (indices.some((i) => i < 0)) throw new Error(`unknown sensor among ${sensorIds.join(', ')}`);
  let nowMs = endMs - days * DAY_MS;
  const bus = new MessageBus<CoreTopics>();
  // Keyframes every 6 h and no hourly files: a month of a few sensors in one file, as a low-rate recorder keeps it.
  const recorder = new Recorder({ bus, dir: options.recordingsDir, scene, nowMs: () => nowMs, autoFlush: false, thread: 'inline', rotateHourly: false, keyframeIntervalMs: 6 * 3_600_000 });
  await recorder.start();
  const activations: AlarmTransition[] = [];
  // Per sensor and condition: active, acknowledged, when it came in.
  const states = new Map<string, { active: boolean; acknowledged: boolean; raisedAtMs: number }>();
  const publish = (sensorIndex: number, condition: 'high' | 'highHigh', priority: AlarmPriority, action: AlarmTransition['action'], atMs: number, next: { active: boolean; acknowledged: boolean; raisedAtMs: number }, by: string) => {
    const sensor = scene.sensors[sensorIndex]!;
    const alarmId = `${sensor.id}:${condition}`;
    const previous = states.get(alarmId) ?? { active: false, acknowledged: true, raisedAtMs: atMs };
    const previousState = deriveAlarmState({ active: previous.active, acknowledged: previous.acknowledged, suppressed: false, outOfService: false });
    const state = deriveAlarmState({ active: next.active, acknowledged: next.acknowledged, suppressed: false, outOfService: false });
    const transition: AlarmTransition = {
      alarm: { alarmId, sourceId: sensor.id, sourceKind: 'sensor', areaId: sensor.areaId, condition, priority, state, active: next.active, acknowledged: next.acknowledged, suppressed: false, outOfService: false, latched: false, firstOut: false, raisedAtMs: next.raisedAtMs, changedAtMs: atMs },
      action,
      previousState,
      atMs,
      by,
    };
    states.set(alarmId, next);
    bus.publish('alarmTransition', transition);
    if (action === 'activate') activations.push(transition);
  };
  let samples = 0;
  for (let tsMs = endMs - days * DAY_MS; tsMs < endMs; tsMs += MINUTE_MS) {
    nowMs = tsMs + 200;
    const values = Float64Array.from(indices, (index, k) => lelReading(tsMs, endMs, events[sensorIds[k]!] ?? [], k + 1));
    bus.publish('samples', { indices: Uint32Array.from(indices), values, tsMs: Float64Array.from(indices, () => tsMs), qualities: new Uint8Array(indices.length) });
    samples += indices.length;
    indices.forEach((index, k) => {
      const sensor = scene.sensors[index]!;
      const value = values[k]!;
      for (const [condition, priority, limit] of [['high', 'high', sensor.limits.high], ['highHigh', 'urgent', sensor.limits.highHigh]] as const) {
        if (limit === undefined) continue;
        const current = states.get(`${sensor.id}:${condition}`) ?? { active: false, acknowledged: true, raisedAtMs: 0 };
        if (!current.active && value >= limit) publish(index, condition, priority, 'activate', nowMs, { active: true, acknowledged: false, raisedAtMs: nowMs }, 'system');
        else if (current.active && !current.acknowledged && nowMs - current.raisedAtMs >= 3 * MINUTE_MS) publish(index, condition, priority, 'acknowledge', nowMs, { ...current, acknowledged: true }, 'operator.li');
        if (current.active && current.acknowledged && value < limit - 2) publish(index, condition, priority, 'clear', nowMs, { active: false, acknowledged: true, raisedAtMs: current.raisedAtMs }, 'system');
      }
    });
    if ((tsMs / MINUTE_MS) % 60 === 0) await recorder.flush();
  }
  await recorder.stop();
  const files = readdirSync(options.recordingsDir)
    .filter((name) => name.endsWith('.mcap'))
    .map((name) => path.join(options.recordingsDir, name));
  const { stdout } = await promisify(execFile)(process.execPath, [SAFETWIN_BIN, 'history', 'import', ...files, '--data-dir', options.dataDir, '--json'], { maxBuffer: 16 * 2 ** 20 });
  return { activations, samples, importOutput: stdout };
}
