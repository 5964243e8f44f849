import { deriveAlarmState, type Alarm, type AlarmTransition } from '../../main/contracts/index.js';
import type { AlarmTransitionRow } from '../../main/historian/historianBatch.js';

const DAY_MS = 86_400_000;
const MIN_MS = 60_000;

/** One alarm of the generated history: where it is and how often it is raised a day (before / from `busyFromMs`). */
export type AlarmHabit = { alarmId: string; areaId: string; perDay: [before: number, from: number] };

/** Sensors of the demo plant: unit 1's reactor pressure most often (the hot spot and first bad actor), a tank-farm detector and unit 2 less. */
export const DEMO_ALARM_HABITS: AlarmHabit[] = [
  { alarmId: 'PT-R101:high', areaId: 'unit1', perDay: [6, 9] },
  { alarmId: 'GD-T101-C1:high', areaId: 'tankFarm', perDay: [2, 3] },
  { alarmId: 'PT-R201:low', areaId: 'unit2', perDay: [1, 1] },
];

/**
 * Alarm life over [fromMs, toMs) as the historian stores it: each alarm raised (annunciated), acknowledged by an
 * operator 3 min later and cleared 10 min after it was raised, `perDay` times a day at spread minutes; more often
 * from `busyFromMs` on (a worse month to report).
 */
export function alarmHistory(fromMs: number, toMs: number, busyFromMs: number, habits: readonly AlarmHabit[] = DEMO_ALARM_HABITS): AlarmTransitionRow[] {
  const rows: AlarmTransitionRow[] = [];
  for (let dayMs = fromMs; dayMs < toMs; dayMs += DAY_MS) {
    const busy = dayMs >= busyFromMs ? 1 : 0;
    for (const habit of habits) {
      for (let k = 0; k < habit.perDay[busy]; k++) {
        const atMs = dayMs + (60 + k * 97) * MIN_MS;
        const [sourceId, condition] = habit.alarmId.split(':') as [string, Alarm['condition']];
        const base: Alarm = { alarmId: habit.alarmId, sourceId, sourceKind: 'sensor', areaId: habit.areaId, condition, priority: 'high', state: 'normal', active: false, acknowledged: true, suppressed: false, outOfService: false, latched: false, firstOut: false, raisedAtMs: atMs, changedAtMs: atMs };
        const step = (at: number, action: AlarmTransition['action'], flags: Partial<Alarm>, previous: Alarm['state'], by: string): Alarm['state'] => {
          const state = deriveAlarmState({ ...base, ...flags });
          rows.push({ atMs: at, alarmId: habit.alarmId, sourceId, sourceKind: 'sensor', areaId: habit.areaId, condition, priority: 'high', action, previousState: previous, state, by, reason: null });
          return state;
        };
        const raised = step(atMs, 'activate', { active: true, acknowledged: false }, 'normal', 'system');
        const acked = step(atMs + 3 * MIN_MS, 'acknowledge', { active: true, acknowledged: true }, raised, 'operator-li');
        step(atMs + 10 * MIN_MS, 'clear', { active: false, acknowledged: true }, acked, 'system');
      }
    }
  }
  return rows;
}
