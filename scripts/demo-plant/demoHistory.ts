import type { Kysely } from 'kysely';
import { ALARM_PRIORITIES, type AlarmPriority, type Disposition, type IncidentRecord, type Scene } from '../../main/contracts/index.js';
import type { HistorianDatabase } from '../../main/historian/schema.js';
import { mulberry32 } from '../../main/simulator/random.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * A simulated stretch of plant history written straight into a historian's tables (issue 20: a month for the
 * integration test, a year for the manager's benchmark), deterministic for a seed: alarm activations with their
 * acknowledgements and clears, the warnings dispatched for them with dispositions, restricted-area entries, badge
 * positions through day shifts, camera person detections with and without helmets, weekly drills and a few
 * incidents. What it wrote comes back as plain facts, so a test can compute the figures on its own.
 */
export type DemoHistoryOptions = { fromDay: string; days: number; seed: number; utcOffsetMin: number; badges?: number; fixEveryS?: number };

export type DemoActivation = { alarmId: string; areaId: string; priority: AlarmPriority; condition: string; atMs: number; ackMs: number; clearMs: number; disposition: Disposition; badgeId?: string };
/** One badge's day shift: fixes every `stepMs` from startMs, `fixes` of them, all in one area. */
export type DemoShift = { badgeId: string; areaId: string; startMs: number; fixes: number; stepMs: number };
export type DemoCameraEvent = { cameraId: string; areaId: string; atMs: number; persons: number; bareHeads: number };
export type DemoDrill = { markerId: string; startMs: number; endMs: number | null };
export type DemoHistory = { activations: DemoActivation[]; shifts: DemoShift[]; cameraEvents: DemoCameraEvent[]; drills: DemoDrill[]; incidents: IncidentRecord[]; firstMs: number; lastMs: number };

/** Where badges spend their shift: a point inside each area, clear of the areas nested in it (the compressor house, the pits). */
const WORK_SPOTS: Record<string, [number, number]> = { unit1: [65, 220], unit2: [160, 220], tankFarm: [302, 227], loading: [347, 60], warehouse: [165, 42], utilities: [257, 107], admin: [60, 42] };
const DISPOSITIONS: Disposition[] = ['real', 'real', 'real', 'nuisance', 'false', 'test'];

export const dayStartMs = (day: string, utcOffsetMin: number) => Date.parse(`${day}T00:00:00Z`) - utcOffsetMin * MINUTE_MS;

export function generateDemoHistory(scene: Pick<Scene, 'sensors' | 'cameras' | 'personnel'>, options: DemoHistoryOptions): DemoHistory {
  const random = mulberry32(options.seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const sensors = scene.sensors.filter((s) => s.areaId !== undefined);
  const cameras = scene.cameras.filter((c) => c.areaId !== undefined);
  const badges = scene.personnel.slice(0, options.badges ?? 20).map((p) => p.badgeId);
  const stepMs = (options.fixEveryS ?? 120) * 1000;
  const spots = Object.keys(WORK_SPOTS);
  const history: DemoHistory = { activations: [], shifts: [], cameraEvents: [], drills: [], incidents: [], firstMs: dayStartMs(options.fromDay, options.utcOffsetMin), lastMs: 0 };
  for (let d = 0; d < options.days; d++) {
    const startMs = history.firstMs + d * DAY_MS;
    // Busier weeks and quieter ones: the count drifts so trends have something to show.
    const alarms = 20 + Math.floor(random() * 40) + Math.floor(15 * Math.sin(d / 9));
    for (let i = 0; i < alarms; i++) {
      const sensor = pick(sensors);
      // Whole seconds, apart by at least a second within the day: no two transitions of one alarm share a millisecond.
      const atMs = startMs + Math.floor(((i + random()) / alarms) * (DAY_MS / 1000)) * 1000;
      const ackMs = atMs + (1 + Math.floor(random() * 20)) * MINUTE_MS;
      history.activations.push({ alarmId: `${sensor.id}:high`, areaId: sensor.areaId!, priority: pick(ALARM_PRIORITIES), condition: 'high', atMs, ackMs, clearMs: ackMs + (1 + Math.floor(random() * 60)) * MINUTE_MS, disposition: pick(DISPOSITIONS) });
    }
    for (let i = 0, n = Math.floor(random() * 3); i < n; i++) {
      const badgeId = pick(badges);
      const atMs = startMs + Math.floor((8 + random() * 8) * 3600) * 1000 + 500;
      history.activations.push({ alarmId: `${badgeId}:restrictedEntry`, areaId: 'chlorineYard', priority: 'high', condition: 'restrictedEntry', atMs, ackMs: atMs + 2 * MINUTE_MS, clearMs: atMs + 5 * MINUTE_MS, disposition: 'real', badgeId });
    }
    for (const badgeId of badges) {
      // Day shift 08:00–16:00 local, a few badges off each day.
      if (random() < 0.15) continue;
      history.shifts.push({ badgeId, areaId: pick(spots), startMs: startMs + 8 * 3_600_000, fixes: Math.floor((8 * 3_600_000) / stepMs), stepMs });
    }
    for (let i = 0; i < 60; i++) {
      const camera = pick(cameras);
      const persons = 1 + Math.floor(random() * 3);
      history.cameraEvents.push({ cameraId: camera.id, areaId: camera.areaId!, atMs: startMs + i * 1_440_000 + Math.floor(random() * 600) * 1000, persons, bareHeads: random() < 0.12 ? 1 : 0 });
    }
    if (d % 7 === 3) {
      const drillStart = startMs + 10 * 3_600_000;
      history.drills.push({ markerId: `drill-${options.fromDay}-${d}`, startMs: drillStart, endMs: random() < 0.75 ? drillStart + 45 * MINUTE_MS : null });
    }
    if (random() < 0.08) {
      const occurredAtMs = startMs + Math.floor(random() * DAY_MS);
      const severity = pick(['nearMiss', 'firstAid', 'recordable'] as const);
      history.incidents.push({ id: `INC-demo-${d}`, occurredAtMs, severity, areaId: pick(spots), title: `Demo incident day ${d + 1}`, recordedAtMs: occurredAtMs + 3_600_000, recordedBy: 'demo' });
    }
    history.lastMs = startMs + DAY_MS - 1;
  }
  return history;
}

/** Writes the history into the historian's tables (in chunks, one transaction), with a core start at its first instant. */
export async function writeDemoHistory(db: Kysely<HistorianDatabase>, history: DemoHistory): Promise<void> {
  const chunked = async <T>(rows: T[], write: (part: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += 1000) await write(rows.slice(i, i + 1000));
  };
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('operator_actions').values({ at_ms: history.firstMs, by_user: 'system', action: 'coreStart', target: null, detail_json: null }).execute();
    const transitions = history.activations.flatMap((a) => {
      const base = { alarm_id: a.alarmId, source_id: a.badgeId ?? a.alarmId.slice(0, a.alarmId.lastIndexOf(':')), source_kind: a.badgeId ? 'worker' : 'sensor', area_id: a.areaId, condition: a.condition, priority: a.priority, reason: null };
      return [
        { ...base, at_ms: a.atMs, action: 'activate', previous_state: 'normal', state: 'unacknowledged', by_user: 'system' },
        { ...base, at_ms: a.ackMs, action: 'acknowledge', previous_state: 'unacknowledged', state: 'acknowledged', by_user: 'operator' },
        { ...base, at_ms: a.clearMs, action: 'clear', previous_state: 'acknowledged', state: 'normal', by_user: 'system' },
      ];
    });
    await chunked(transitions, (part) => tx.insertInto('alarm_transitions').values(part).onConflict((oc) => oc.doNothing()).execute());
    await chunked(history.activations, (part) =>
      tx
        .insertInto('dispatch_warnings')
        .values(
          part.map((a) => {
            const warningId = `${a.alarmId}@${a.atMs}`;
            const doc = { warningId, alarmId: a.alarmId, areaId: a.areaId, priority: a.priority, raisedAtMs: a.atMs, acknowledgedAtMs: a.ackMs, clearedAtMs: a.clearMs, state: 'closed', disposition: a.disposition };
            return { warning_id: warningId, alarm_id: a.alarmId, source_id: a.badgeId ?? a.alarmId.slice(0, a.alarmId.lastIndexOf(':')), source_kind: a.badgeId ? 'worker' : 'sensor', area_id: a.areaId, condition: a.condition, priority: a.priority, raised_at_ms: a.atMs, state: 'closed', level: 0, acknowledged_at_ms: a.ackMs, cleared_at_ms: a.clearMs, closed_at_ms: a.clearMs, disposition: a.disposition, camera_rule_id: null, model_id: null, updated_ms: a.clearMs, revision: 3, doc_json: JSON.stringify(doc) };
          }),
        )
        .execute(),
    );
    const positions = history.shifts.flatMap((s) => {
      const [x, y] = WORK_SPOTS[s.areaId]!;
      return Array.from({ length: s.fixes }, (_, k) => ({ badge_id: s.badgeId, ts_ms: s.startMs + k * s.stepMs, x: x + (k % 5), y: y + (k % 3), floor: 0 }));
    });
    await chunked(positions, (part) => tx.insertInto('worker_positions').values(part).execute());
    await chunked(history.cameraEvents, (part) =>
      tx
        .insertInto('camera_events')
        .values(
          part.map((e) => ({
            at_ms: e.atMs,
            camera_id: e.cameraId,
            kind: 'detections',
            detail_json: JSON.stringify({ count: e.persons + e.bareHeads, detections: [...Array.from({ length: e.persons }, () => ({ label: 'person', score: 0.9 })), ...Array.from({ length: e.bareHeads }, () => ({ label: 'no_helmet', score: 0.8 }))] }),
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute(),
    );
    const markers = history.drills.flatMap((d) => [
      { at_ms: d.startMs, kind: 'drill', phase: 'start', marker_id: d.markerId, label: `Drill ${d.markerId}`, by_user: 'demo' },
      ...(d.endMs === null ? [] : [{ at_ms: d.endMs, kind: 'drill', phase: 'end', marker_id: d.markerId, label: `Drill ${d.markerId}`, by_user: 'demo' }]),
    ]);
    await chunked(markers, (part) => tx.insertInto('markers').values(part).execute());
    await chunked(history.incidents, (part) =>
      tx
        .insertInto('incidents')
        .values(part.map((i) => ({ id: i.id, occurred_at_ms: i.occurredAtMs, severity: i.severity, area_id: i.areaId ?? null, contractor: null, recorded_at_ms: i.recordedAtMs, recorded_by: i.recordedBy, doc_json: JSON.stringify(i) })))
        .execute(),
    );
  });
}
