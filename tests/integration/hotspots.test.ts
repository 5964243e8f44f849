import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserStore } from '../../main/auth/index.js';
import { resolveServeConfig } from '../../main/config/config.js';
import { startCore, type CoreHandle } from '../../main/core/startCore.js';
import { API_PATHS, DEFAULT_RISK_WEIGHTS, polygonCentroid, SceneSchema, type HotspotGrid, type Role } from '../../main/contracts/index.js';
import { HazardRecords, migrateHistorian, openHistorianDb } from '../../main/historian/index.js';
import { cameraViewCentre } from '../../main/indicatorDesk/index.js';
import { createLogger } from '../../main/log/index.js';
import { reportedTicket } from '../support/hazardFixtures.js';
import { makeTempDir } from '../support/tempDir.js';

const UTC_OFFSET_MIN = 480;
const CELL_M = 20;
const scene = SceneSchema.parse(JSON.parse(readFileSync(new URL('../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')));
/** A plant-local (UTC+8) instant. */
const cst = (local: string) => Date.parse(`${local}+08:00`);

const sensor = scene.sensors[0]!;
const area = scene.areas.find((a) => a.id === 'unit1')!;
const camera = scene.cameras[1]!;
const [areaX, areaY] = polygonCentroid(area.polygon);
const viewCentre = cameraViewCentre(camera);

type Written = { atMs: number; x: number; y: number; alarms: number; risk: number; hazards: number; camera: number };
/** Everything written, with where the test itself places it: the expected grids are summed from this list. */
const written: Written[] = [];
const none = { alarms: 0, risk: 0, hazards: 0, camera: 0 };

/** The cell centre of a point, computed here: floor(x / 20) × 20 + 10. */
const cellOf = (x: number, y: number) => `${Math.floor(x / CELL_M) * CELL_M + CELL_M / 2},${Math.floor(y / CELL_M) * CELL_M + CELL_M / 2}`;
function expected(layer: keyof typeof none, fromMs: number, toMs: number): Map<string, number> {
  const sums = new Map<string, number>();
  for (const w of written) if (w.atMs >= fromMs && w.atMs < toMs && w[layer] !== 0) sums.set(cellOf(w.x, w.y), (sums.get(cellOf(w.x, w.y)) ?? 0) + w[layer]);
  return sums;
}
const asMap = (grid: HotspotGrid, field: 'value' | 'compareValue' | 'delta' = 'value') => new Map(grid.cells.map((c) => [`${c.x},${c.y}`, c[field]!]));

/**
 * Hot spots over time on a running core (issue 20 item 4): alarm transitions, hidden-danger tickets and camera
 * events written into the embedded historian before the core starts; the grids GET /api/hotspots answers equal
 * sums made here over the written list; a comparison is per day; the seasonal view over two whole years halves
 * each month; a viewer is refused.
 */
describe('hot spots over time', () => {
  let core: CoreHandle;
  const tokens: Partial<Record<'manager' | 'viewer', string>> = {};
  const get = (query: string, who: keyof typeof tokens = 'manager') => fetch(new URL(`${API_PATHS.hotspots}?${query}`, core.url), { headers: { authorization: `Bearer ${tokens[who]}` } });
  const grid = async (query: string): Promise<HotspotGrid> => {
    const response = await get(query);
    expect(response.status, query).toBe(200);
    return (await response.json()) as HotspotGrid;
  };

  beforeAll(async () => {
    const dataDir = makeTempDir('hotspots');
    const users = await UserStore.open(dataDir);
    for (const [key, name, role] of [['manager', 'zhou.min', 'manager'], ['viewer', 'wang.wei', 'viewer']] as [keyof typeof tokens, string, Role][]) {
      await users.upsertUser(name, role, `${name}-pass-phrase-1`);
      tokens[key] = await users.issueToken(name, 'hotspots test');
    }
    const historian = await openHistorianDb({ engine: 'sqlite', file: path.join(dataDir, 'historian.sqlite') });
    await migrateHistorian(historian.db, historian.engine);
    let alarmSeq = 0;
    const alarm = async (local: string, source: { sourceId: string; sourceKind: string; areaId: string | null; x: number; y: number }, priority: 'urgent' | 'high') => {
      const atMs = cst(local);
      const base = { alarm_id: `A${++alarmSeq}`, source_id: source.sourceId, source_kind: source.sourceKind, area_id: source.areaId, condition: 'high', priority, by_user: 'system', reason: null };
      await historian.db
        .insertInto('alarm_transitions')
        .values([
          { ...base, at_ms: atMs, action: 'activate', previous_state: 'normal', state: 'unacknowledged' },
          // Acknowledgements and clears are not activations: they add nothing.
          { ...base, at_ms: atMs + 60_000, action: 'acknowledge', previous_state: 'unacknowledged', state: 'acknowledged' },
          { ...base, at_ms: atMs + 120_000, action: 'clear', previous_state: 'acknowledged', state: 'normal' },
        ])
        .execute();
      written.push({ atMs, x: source.x, y: source.y, ...none, alarms: 1, risk: DEFAULT_RISK_WEIGHTS.alarmPriority[priority] });
    };
    const atSensor = { sourceId: sensor.id, sourceKind: 'sensor', areaId: null, x: sensor.position.x, y: sensor.position.y };
    const atArea = { sourceId: area.id, sourceKind: 'area', areaId: area.id, x: areaX, y: areaY };
    // A badge's alarm: the person's position is not kept with it, so it is placed at its area's centroid.
    const atWorker = { sourceId: 'B-0007', sourceKind: 'worker', areaId: area.id, x: areaX, y: areaY };
    const atCamera = { sourceId: camera.id, sourceKind: 'camera', areaId: camera.areaId ?? null, x: viewCentre.x, y: viewCentre.y };

    // The history starts on 1 January 2024 (plant time) and March is busy in both years, July only in 2024.
    await alarm('2024-01-01T00:00:00', atSensor, 'urgent');
    for (const day of ['03', '05', '09']) await alarm(`2024-03-${day}T08:00:00`, atSensor, 'urgent');
    await alarm('2024-07-15T12:00:00', atArea, 'high');
    for (const day of ['02', '11', '20', '29', '31']) await alarm(`2025-03-${day}T09:30:00`, atSensor, 'urgent');
    for (const day of ['04', '18', '25']) await alarm(`2025-03-${day}T14:00:00`, atArea, 'high');
    await alarm('2025-03-12T03:00:00', atWorker, 'high');
    await alarm('2025-03-13T03:00:00', atCamera, 'urgent');
    // 23:30 on 31 March plant time is 15:30 UTC: still March. February: two at the sensor.
    await alarm('2025-03-31T23:30:00', atSensor, 'urgent');
    await alarm('2025-02-10T10:00:00', atSensor, 'urgent');
    await alarm('2025-02-27T10:00:00', atSensor, 'urgent');
    await alarm('2025-12-31T10:00:00', atArea, 'high');

    const hazards = new HazardRecords(historian.db);
    const tickets: [string, number, number][] = [
      ['2025-03-03T10:00:00', 101, 41],
      ['2025-03-17T10:00:00', 118, 59],
      ['2025-03-28T10:00:00', 300, 260],
      ['2025-02-14T10:00:00', 300, 250],
    ];
    for (const [i, [local, x, y]] of tickets.entries()) {
      const ticket = reportedTicket(`YH-${String(i + 1).padStart(4, '0')}`, cst(local), { location: { point: [x, y], floor: 0, placedBy: 'pin' } });
      await hazards.saveTicket(ticket, 0, ticket.reportedAtMs);
      written.push({ atMs: cst(local), x, y, ...none, hazards: 1 });
    }

    // Camera events: two with projected foot points (their mean is the place), one with none (the camera's view centre).
    const events: [string, string, number, number][] = [
      ['2025-03-06T10:00:00', JSON.stringify({ count: 2, detections: [{ label: 'person', score: 0.9, ground: [380, 80] }, { label: 'no_helmet', score: 0.8, ground: [384, 90] }] }), 382, 85],
      ['2025-03-07T10:00:00', JSON.stringify({ count: 1, detections: [{ label: 'person', score: 0.9, ground: [50, 10] }] }), 50, 10],
      ['2025-03-08T10:00:00', JSON.stringify({ count: 1, detections: [{ label: 'person', score: 0.9, ground: null }] }), viewCentre.x, viewCentre.y],
    ];
    for (const [local, detailJson, x, y] of events) {
      await historian.db.insertInto('camera_events').values({ at_ms: cst(local), camera_id: camera.id, kind: 'detections', detail_json: detailJson }).execute();
      written.push({ atMs: cst(local), x, y, ...none, camera: 1, risk: DEFAULT_RISK_WEIGHTS.detection });
    }
    await historian.close();

    const resolved = resolveServeConfig({ cli: { port: 0, dataDir, simulate: false, brokerPort: 0, record: false, historian: 'embedded', requireAuth: true }, env: {} });
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
    resolved.config.permits.utcOffsetMin = UTC_OFFSET_MIN;
    core = await startCore({ config: resolved.config, logger: createLogger('silent') });
  }, 60_000);
  afterAll(async () => {
    await core?.close();
  });

  const MARCH = { fromMs: cst('2025-03-01T00:00:00'), toMs: cst('2025-04-01T00:00:00') };
  const FEBRUARY = { fromMs: cst('2025-02-01T00:00:00'), toMs: cst('2025-03-01T00:00:00') };

  it("answers each layer's March cells equal to the sums made here", async () => {
    for (const layer of ['alarms', 'risk', 'hazards', 'camera'] as const) {
      const answer = await grid(`layer=${layer}&from=2025-03-01&to=2025-03-31&cellM=${CELL_M}`);
      expect(answer.capped).toBe(false);
      expect(answer.days).toBe(31);
      const want = expected(layer, MARCH.fromMs, MARCH.toMs);
      expect(want.size, layer).toBeGreaterThan(0);
      const got = asMap(answer);
      expect([...got.keys()].sort(), layer).toEqual([...want.keys()].sort());
      for (const [key, value] of want) expect(got.get(key), `${layer} ${key}`).toBeCloseTo(value, 9);
      expect(answer.max).toBeCloseTo(Math.max(...want.values()), 9);
    }
    // Spot check by hand: the sensor's cell holds its six March activations, the area's centroid the three area alarms and the badge's.
    const alarms = asMap(await grid(`layer=alarms&from=2025-03-01&to=2025-03-31&cellM=${CELL_M}`));
    expect(alarms.get(cellOf(sensor.position.x, sensor.position.y))).toBe(6);
    expect(alarms.get(cellOf(areaX, areaY))).toBe(4);
  });

  it('compares March with February per day', async () => {
    const answer = await grid(`layer=alarms&from=2025-03-01&to=2025-03-31&cellM=${CELL_M}&compareFrom=2025-02-01&compareTo=2025-02-28`);
    expect(answer.compare).toMatchObject({ fromDay: '2025-02-01', toDay: '2025-02-28', days: 28 });
    const march = expected('alarms', MARCH.fromMs, MARCH.toMs);
    const february = expected('alarms', FEBRUARY.fromMs, FEBRUARY.toMs);
    const delta = asMap(answer, 'delta');
    for (const key of new Set([...march.keys(), ...february.keys()])) expect(delta.get(key), key).toBeCloseTo((march.get(key) ?? 0) / 31 - (february.get(key) ?? 0) / 28, 12);
    // The sensor: 6 in 31 days against 2 in 28: 0.1935 − 0.0714 = +0.1221 a day, worse.
    expect(delta.get(cellOf(sensor.position.x, sensor.position.y))).toBeCloseTo(6 / 31 - 2 / 28, 12);
    expect(asMap(answer, 'compareValue').get(cellOf(sensor.position.x, sensor.position.y))).toBe(2);
  });

  it('averages the months of the year over the two years of history', async () => {
    const answer = await grid(`layer=alarms&from=2024-01-01&to=2025-12-31&cellM=${CELL_M}&seasonal=1`);
    expect(answer.months).toHaveLength(12);
    expect(answer.monthsCovered).toBe(12);
    for (const month of answer.months!) expect(month.years, `month ${month.month}`).toBeCloseTo(2, 12);
    const march = answer.months![2]!;
    // March 2024: 3 at the sensor; March 2025: 6 at the sensor and 4 at the area centroid → (3 + 6) / 2 and 4 / 2.
    const marches = [expected('alarms', cst('2024-03-01T00:00:00'), cst('2024-04-01T00:00:00')), expected('alarms', MARCH.fromMs, MARCH.toMs)];
    const got = asMap({ ...answer, cells: march.cells });
    expect([...got.keys()].sort()).toEqual([...new Set(marches.flatMap((m) => [...m.keys()]))].sort());
    for (const [key, value] of got) expect(value, key).toBeCloseTo(((marches[0]!.get(key) ?? 0) + (marches[1]!.get(key) ?? 0)) / 2, 12);
    expect(got.get(cellOf(sensor.position.x, sensor.position.y))).toBeCloseTo(4.5, 12);
    expect(answer.months![6]!.cells).toEqual([{ ...answer.months![6]!.cells[0]!, value: 0.5 }]);
    expect(answer.months![5]!.cells).toEqual([]);
    // History from 1 July 2024 only: the months January–June are covered once (2025), July–December twice.
    const fromJuly = await grid(`layer=alarms&from=2024-07-01&to=2025-12-31&cellM=${CELL_M}&seasonal=1`);
    expect(fromJuly.months!.map((m) => m.years)).toEqual([1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]);
  });

  it('refuses a viewer, a backwards range and a cell out of bounds', async () => {
    expect((await get('layer=alarms&from=2025-03-01&to=2025-03-31', 'viewer')).status).toBe(403);
    expect((await fetch(new URL(`${API_PATHS.hotspots}?layer=alarms&from=2025-03-01&to=2025-03-31`, core.url))).status).toBe(401);
    expect((await get('layer=alarms&from=2025-03-31&to=2025-03-01')).status).toBe(400);
    expect((await get('layer=alarms&from=2025-02-30&to=2025-03-01')).status).toBe(400);
    expect((await get('layer=alarms&from=2025-03-01&to=2025-03-31&cellM=1')).status).toBe(400);
    expect((await get('layer=alarms&from=2025-03-01&to=2025-03-31&compareFrom=2025-02-01')).status).toBe(400);
  });
});
