import { afterAll, describe, expect, it } from 'vitest';
import { HazardRecords, HotspotRecords, migrateHistorian } from '../../main/historian/index.js';
import { reportedTicket } from '../support/hazardFixtures.js';
import { historianTestEngines } from '../support/historianEngines.js';

const DAY_MS = 86_400_000;
const CST_MIN = 480;
const cst = (local: string) => Date.parse(`${local}+08:00`);
/** Whole plant-local (UTC+8) days since the epoch: the day index the records count by. */
const plantDayIndex = (local: string) => Date.parse(`${local.slice(0, 10)}T00:00:00Z`) / DAY_MS;

/**
 * The hot-spot map's historian reads on both engines (issue 20 item 4): alarm activations counted per plant-local
 * day and source in SQL (a UTC+8 day runs from 16:00 UTC), acknowledgements not counted; ticket points; camera
 * events counted per day and camera, and read whole or every n-th by id; a read over its bound says `capped`; the earliest record per layer.
 */
describe.each(historianTestEngines())('hot-spot records on $name', (engine) => {
  afterAll(() => engine.dispose());

  it('counts activations per plant-local day and source, and bounds every read', async () => {
    const { open } = await engine.fresh();
    const db = await open();
    try {
      await migrateHistorian(db.db, db.engine);
      const row = (local: string, sourceId: string, action: string, priority = 'high') => ({
        at_ms: cst(local),
        alarm_id: `${sourceId}:high`,
        source_id: sourceId,
        source_kind: 'sensor',
        area_id: sourceId === 'GD-1' ? 'unit1' : null,
        condition: 'high',
        priority,
        action,
        previous_state: 'normal',
        state: 'unacknowledged',
        by_user: 'system',
        reason: null,
      });
      await db.db
        .insertInto('alarm_transitions')
        .values([
          // 00:10 and 23:50 plant time on 5 March are one plant day (the first is 16:10 UTC on 4 March).
          row('2026-03-05T00:10:00', 'GD-1', 'activate'),
          row('2026-03-05T23:50:00', 'GD-1', 'activate'),
          row('2026-03-05T23:55:00', 'GD-1', 'acknowledge'),
          row('2026-03-06T00:05:00', 'GD-1', 'activate'),
          row('2026-03-05T12:00:00', 'GD-2', 'activate', 'urgent'),
          row('2026-03-07T12:00:00', 'GD-2', 'activate', 'urgent'),
        ])
        .execute();
      await new HazardRecords(db.db).saveTicket(reportedTicket('YH-0001', cst('2026-03-05T09:00:00'), { location: { point: [12.5, -3], floor: 0, placedBy: 'pin' } }), 0, cst('2026-03-05T09:00:00'));
      // Four events of CAM-01 on 5 March (plant time) and one on the 6th at 00:30 (16:30 UTC on the 5th).
      const detail = '{"count":0,"detections":[]}';
      for (const local of ['2026-03-05T08:00:00', '2026-03-05T08:00:01', '2026-03-05T08:00:02', '2026-03-05T08:00:03', '2026-03-06T00:30:00']) {
        await db.db.insertInto('camera_events').values({ at_ms: cst(local), camera_id: 'CAM-01', kind: 'detections', detail_json: detail }).execute();
      }
      const records = new HotspotRecords(db.db);
      const range = { fromMs: cst('2026-03-05T00:00:00'), toMs: cst('2026-03-07T00:00:00'), utcOffsetMin: CST_MIN };

      const read = await records.activationDays({ ...range, limit: 100 });
      expect(read.capped).toBe(false);
      const sorted = [...read.rows].sort((a, b) => a.dayIndex - b.dayIndex || a.sourceId.localeCompare(b.sourceId));
      expect(sorted).toEqual([
        { dayIndex: plantDayIndex('2026-03-05'), sourceId: 'GD-1', sourceKind: 'sensor', areaId: 'unit1', priority: 'high', count: 2 },
        { dayIndex: plantDayIndex('2026-03-05'), sourceId: 'GD-2', sourceKind: 'sensor', areaId: null, priority: 'urgent', count: 1 },
        { dayIndex: plantDayIndex('2026-03-06'), sourceId: 'GD-1', sourceKind: 'sensor', areaId: 'unit1', priority: 'high', count: 1 },
      ]);
      expect(await records.activationDays({ ...range, limit: 2 })).toMatchObject({ capped: true, rows: { length: 2 } });

      expect(await records.ticketPoints({ ...range, limit: 10 })).toEqual({ rows: [{ atMs: cst('2026-03-05T09:00:00'), x: 12.5, y: -3 }], capped: false });
      expect(await records.ticketPoints({ ...range, limit: 0 })).toEqual({ rows: [], capped: true });
      expect(await records.cameraDays({ ...range, limit: 10 })).toEqual({
        rows: [
          { dayIndex: plantDayIndex('2026-03-05'), cameraId: 'CAM-01', count: 4 },
          { dayIndex: plantDayIndex('2026-03-06'), cameraId: 'CAM-01', count: 1 },
        ],
        capped: false,
      });
      const all = await records.cameraEvents({ ...range, limit: 10, everyNth: 1 });
      expect(all.rows).toHaveLength(5);
      expect(all.rows[0]).toEqual({ atMs: cst('2026-03-05T08:00:00'), dayIndex: plantDayIndex('2026-03-05'), cameraId: 'CAM-01', detailJson: detail });
      expect(all.rows[4]!.dayIndex).toBe(plantDayIndex('2026-03-06'));
      // Every second row by id: ids 2 and 4 of the five (1–5).
      expect((await records.cameraEvents({ ...range, limit: 10, everyNth: 2 })).rows.map((r) => r.atMs)).toEqual([cst('2026-03-05T08:00:01'), cst('2026-03-05T08:00:03')]);

      expect(await records.firstMs(['alarms'])).toBe(cst('2026-03-05T00:10:00'));
      expect(await records.firstMs(['camera', 'hazards'])).toBe(cst('2026-03-05T08:00:00'));
    } finally {
      await db.close();
    }
  });
});
