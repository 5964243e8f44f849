import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SceneSchema, type AlarmTransition, type Scene } from '../contracts/index.js';
import { AlarmConfigSchema, type AlarmConfigInput } from './alarmConfig.js';
import { AlarmEngine } from './AlarmEngine.js';
import { FlatLineTracker, medianOf } from './sensorDiagnostics.js';

const sensor = (id: string, kind: 'temperature' | 'gas', unit: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind,
  unit,
  areaId: 'A',
  position: { x: 1, y: 1 },
  mountingHeightM: 1,
  mqttTopic: `lab/${id}`,
  ...extra,
});
const square = [[0, 0], [10, 0], [10, 10], [0, 10]];
/**
 * Area A: three temperatures (limits H 80 / HH 100: span 100 °C, so the default band of 0.02 % is 0.02 °C),
 * four benzene %LEL heads (range 0–100: drift limit 5 %LEL, deadband 1 %LEL) and one H2S ppm cell (another measurand).
 */
const demo = JSON.parse(readFileSync(new URL('../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')) as { substances: { id: string }[] };
const scene: Scene = SceneSchema.parse({
  format: 'safetwin-scene',
  version: 1,
  site: { id: 'lab', name: { en: 'Lab' }, geoReference: { latitudeDeg: 31, longitudeDeg: 121 }, boundary: square },
  areas: [{ id: 'A', name: { en: 'A' }, kind: 'process', polygon: square }],
  substances: demo.substances.filter((s) => s.id === 'benzene' || s.id === 'hydrogenSulfide'),
  sensors: [
    ...['TT-1', 'TT-2', 'TT-3'].map((id) => sensor(id, 'temperature', 'degC', { limits: { high: 80, highHigh: 100 } })),
    ...['GD-1', 'GD-2', 'GD-3', 'GD-4'].map((id) => sensor(id, 'gas', '%LEL', { substanceId: 'benzene', rangeMin: 0, rangeMax: 100 })),
    sensor('GD-H2S', 'gas', 'ppm', { substanceId: 'hydrogenSulfide', rangeMin: 0, rangeMax: 100 }),
  ],
});
const MIN = 60_000;
const FLAT_MS = 10 * MIN;
const DRIFT_MS = 5 * MIN;
const config: AlarmConfigInput = { dataQuality: { flatLine: { timeMs: { temperature: FLAT_MS } }, drift: { durationMs: DRIFT_MS } } };
const engineWith = (overrides: AlarmConfigInput = config) => new AlarmEngine(scene, AlarmConfigSchema.parse(overrides), 0);
const index = (engine: AlarmEngine, id: string) => engine.sensorIndexOf(id)!;
const summary = (ts: AlarmTransition[]) => ts.map((t) => `${t.action} ${t.alarm.alarmId} ${t.alarm.state}`);

/**
 * Feeds every sensor once a second from fromMs to toMs (exclusive) with valueAt(id, tMs), ticking after
 * each second as the live hub does; returns the data-quality transitions.
 */
function run(engine: AlarmEngine, fromMs: number, toMs: number, valueAt: (id: string, tMs: number) => number): AlarmTransition[] {
  const out: AlarmTransition[] = [];
  for (let t = fromMs; t < toMs; t += 1_000) {
    for (const s of scene.sensors) out.push(...engine.ingest(index(engine, s.id), valueAt(s.id, t), 'good', t, t));
    out.push(...engine.tick(t));
  }
  return out.filter((tr) => tr.alarm.condition === 'stuck' || tr.alarm.condition === 'drift');
}

/** A live temperature: 50 °C with a visible wiggle of ±0.1 °C (well beyond the 0.02 °C band). */
const wiggle = (tMs: number) => 50 + 0.1 * Math.sin(tMs / 7_000);

describe('FlatLineTracker and medianOf', () => {
  it('counts flat time while the spread stays in the band and restarts on a move beyond it', () => {
    const tracker = new FlatLineTracker(0.5);
    expect(tracker.flatForMs(1_000)).toBe(0);
    tracker.observe(10, 0);
    tracker.observe(10.3, 1_000);
    tracker.observe(9.9, 2_000); // spread 0.4: still flat
    expect(tracker.flatForMs(5_000)).toBe(5_000);
    expect(tracker.movedWithin(5_000, 60_000)).toBe(false); // a first value is no movement
    tracker.observe(10.41, 6_000); // spread 0.51 > 0.5: a move
    expect(tracker.flatForMs(7_000)).toBe(1_000);
    expect(tracker.movedWithin(7_000, 60_000)).toBe(true);
    expect(tracker.movedWithin(66_000, 60_000)).toBe(false);
  });

  it('takes the median, robust to one wild value', () => {
    expect(medianOf([])).toBeUndefined();
    expect(medianOf([3, 1, 2])).toBe(2);
    expect(medianOf([1, 2, 3, 90])).toBe(2.5);
  });
});

describe('flat line (stuck)', () => {
  it('alarms a temperature frozen for the flat-line time while its neighbours move, as a low-priority sensor alarm, and clears when it moves', () => {
    const engine = engineWith();
    const frozenFromMs = 60_000;
    const valueAt = (id: string, t: number) => (id === 'TT-1' && t >= frozenFromMs ? 49 : id.startsWith('TT') ? wiggle(t + id.length * 1_000) : 0);
    // Not before the flat-line time has passed.
    expect(run(engine, 0, frozenFromMs + FLAT_MS - 1_000, valueAt)).toEqual([]);
    const raised = run(engine, frozenFromMs + FLAT_MS - 1_000, frozenFromMs + FLAT_MS + 1_000, valueAt);
    expect(summary(raised)).toEqual(['activate TT-1:stuck unacknowledged']);
    expect(raised[0]!.alarm).toMatchObject({ sourceId: 'TT-1', sourceKind: 'sensor', areaId: 'A', priority: 'low', value: 49, unit: 'degC' });
    expect(engine.sensorConditionFlags(index(engine, 'TT-1'))).toMatchObject({ stuck: true, drift: false });
    // It lives again: the alarm clears at once (returned, unacknowledged: the normal lifecycle).
    const cleared = run(engine, frozenFromMs + FLAT_MS + 1_000, frozenFromMs + FLAT_MS + 3_000, (id, t) => (id === 'TT-1' ? 52 : valueAt(id, t)));
    expect(summary(cleared)).toEqual(['clear TT-1:stuck returnedUnacknowledged']);
  });

  it('raises nothing when the whole area is legitimately flat (a shut-down unit), however long', () => {
    const engine = engineWith();
    expect(run(engine, 0, 3 * FLAT_MS, (id) => (id.startsWith('TT') ? 20 : 0))).toEqual([]);
  });

  it('raises nothing in a flat area whose sensors first report at different instants (a first value is no movement)', () => {
    const engine = engineWith();
    const out: AlarmTransition[] = [];
    for (let t = 0; t < 3 * FLAT_MS; t += 1_000) {
      // TT-1 reports on the second, TT-2 and TT-3 400 and 800 ms later; all steady at 20 °C.
      ['TT-1', 'TT-2', 'TT-3'].forEach((id, k) => out.push(...engine.ingest(index(engine, id), 20, 'good', t + 400 * k, t + 400 * k)));
      out.push(...engine.tick(t + 100), ...engine.tick(t + 500), ...engine.tick(t + 900));
    }
    expect(out.filter((tr) => tr.alarm.condition === 'stuck')).toEqual([]);
  });

  it('keeps an active stuck alarm when the neighbours go quiet too: a quiet area proves nothing about a frozen transmitter', () => {
    const engine = engineWith();
    const valueAt = (id: string, t: number) => (id === 'TT-1' ? 50 : id.startsWith('TT') ? wiggle(t) : 0);
    expect(summary(run(engine, 0, FLAT_MS + 2_000, valueAt))).toEqual(['activate TT-1:stuck unacknowledged']);
    expect(run(engine, FLAT_MS + 2_000, 3 * FLAT_MS, (id) => (id.startsWith('TT') ? 50 : 0))).toEqual([]);
    expect(engine.alarm('TT-1:stuck')).toMatchObject({ active: true });
  });

  it('treats flicker inside the noise band as flat and is off for kinds without a flat-line time (gas by default)', () => {
    const engine = engineWith();
    // ±0.008 °C of flicker: inside the 0.02 °C band.
    const raised = run(engine, 0, FLAT_MS + 2_000, (id, t) => (id === 'TT-1' ? 50 + (t % 2_000 === 0 ? 0.008 : -0.008) : id.startsWith('TT') ? wiggle(t) : 0));
    expect(summary(raised)).toEqual(['activate TT-1:stuck unacknowledged']);
    expect(engine.alarm('GD-1:stuck')).toBeUndefined();
  });

  it('goes through the normal lifecycle: acknowledged, shelved, removed from service', () => {
    const engine = engineWith();
    run(engine, 0, FLAT_MS + 2_000, (id, t) => (id === 'TT-1' ? 50 : id.startsWith('TT') ? wiggle(t) : 0));
    expect(summary(engine.command({ action: 'acknowledge', alarmIds: ['TT-1:stuck'] }, 'op', FLAT_MS + 3_000).transitions)).toEqual(['acknowledge TT-1:stuck acknowledged']);
    expect(summary(engine.command({ action: 'shelve', alarmId: 'TT-1:stuck', reason: '维修', durationMin: 60 }, 'op', FLAT_MS + 4_000).transitions)).toEqual(['shelve TT-1:stuck shelved']);
    const removed = engine.command({ action: 'removeFromService', target: 'TT-1:stuck', reason: 'transmitter replaced, WO-12' }, 'admin', FLAT_MS + 5_000);
    expect(summary(removed.transitions)).toEqual(['removeFromService TT-1:stuck outOfService']);
  });
});

describe('drift against the redundant partners', () => {
  const clean = (id: string, t: number) => (id.startsWith('TT') ? wiggle(t) : id === 'GD-H2S' ? 0 : 0.3);

  it('alarms a %LEL head reading more than 5 %LEL from the median of its three partners for the drift duration', () => {
    const engine = engineWith();
    const valueAt = (id: string, t: number) => (id === 'GD-2' ? 6 : clean(id, t));
    // 5.7 %LEL from the partners' median 0.3: after 5 min, not before.
    expect(run(engine, 0, DRIFT_MS, valueAt)).toEqual([]);
    const raised = run(engine, DRIFT_MS, DRIFT_MS + 2_000, valueAt);
    expect(summary(raised)).toEqual(['activate GD-2:drift unacknowledged']);
    expect(raised[0]!.alarm).toMatchObject({ priority: 'low', limit: 5, unit: '%LEL', value: 5.7 });
    // Its partners stay clean: one wild detector does not move the median of the others.
    for (const id of ['GD-1', 'GD-3', 'GD-4']) expect(engine.alarm(`${id}:drift`)).toMatchObject({ active: false, state: 'normal' });
    // The ppm cell has no partner measuring the same: no drift rule at all.
    expect(engine.alarm('GD-H2S:drift')).toBeUndefined();
    // Back within limit − deadband (4 %LEL) it clears after the gas off-delay (5 s).
    const cleared = run(engine, DRIFT_MS + 2_000, DRIFT_MS + 10_000, (id, t) => (id === 'GD-2' ? 3.5 : clean(id, t)));
    expect(summary(cleared)).toEqual(['clear GD-2:drift returnedUnacknowledged']);
  });

  it('does not alarm a short excursion (a passing cloud at one head) nor a difference within the limit', () => {
    const engine = engineWith();
    expect(run(engine, 0, DRIFT_MS - 10_000, (id, t) => (id === 'GD-2' ? 20 : clean(id, t)))).toEqual([]);
    expect(run(engine, DRIFT_MS - 10_000, 4 * DRIFT_MS, (id, t) => (id === 'GD-2' ? 4.5 : clean(id, t)))).toEqual([]);
  });

  it('needs two trusted partners: with two of the four heads silent it keeps its state and judges nothing', () => {
    const engine = engineWith();
    const out: AlarmTransition[] = [];
    for (let t = 0; t < 2 * DRIFT_MS; t += 1_000) {
      for (const id of ['GD-1', 'GD-2']) out.push(...engine.ingest(index(engine, id), id === 'GD-2' ? 30 : 0, 'good', t, t));
      for (const id of ['GD-3', 'GD-4']) if (t === 0) engine.ingest(index(engine, id), 0, 'good', t, t);
      out.push(...engine.tick(t));
    }
    // GD-3 and GD-4 lost communication after 10 s: GD-2 has one trusted partner left.
    expect(engine.alarm('GD-3:commLoss')).toMatchObject({ active: true });
    expect(out.filter((tr) => tr.alarm.condition === 'drift')).toEqual([]);
  });

  it('is off when disabled in the configuration', () => {
    const engine = engineWith({ dataQuality: { drift: { enabled: false } } });
    expect(engine.alarm('GD-1:drift')).toBeUndefined();
  });
});
