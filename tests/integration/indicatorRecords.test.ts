import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultAlarmConfig } from '../../main/alarms/index.js';
import { SceneSchema, type IndicatorDay } from '../../main/contracts/index.js';
import { defaultHazardsConfig } from '../../main/hazards/index.js';
import { ContractorRecords, IndicatorRecords, migrateHistorian } from '../../main/historian/index.js';
import { DayFactsReader, dayDimensionsOf, IndicatorBook } from '../../main/indicatorDesk/index.js';
import { DEFAULT_INDEX_CONFIGS, IndicatorsConfigSchema } from '../../main/indicators/index.js';
import { createLogger } from '../../main/log/index.js';
import { dayStartMs, generateDemoHistory, writeDemoHistory } from '../../scripts/demo-plant/demoHistory.js';
import { historianTestEngines } from '../support/historianEngines.js';

const UTC_OFFSET_MIN = 480;
const DAY_MS = 86_400_000;
const scene = SceneSchema.parse(JSON.parse(readFileSync(new URL('../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')));
const row = (day: string, indicatorId: string, key: string, numerator: number, denominator: number): IndicatorDay => ({ day, indicatorId, dimension: key === 'site' ? 'site' : 'area', key, numerator, denominator });

/** The indicator records (schema step 11) and a day's facts read from them, the same on node:sqlite and PostgreSQL. */
describe.each(historianTestEngines())('indicator records on $name', (engine) => {
  afterAll(() => engine.dispose());

  it('replaces a day whole, reads ranges bounded and filtered, keeps incidents and reports', async () => {
    const { open } = await engine.fresh();
    const historian = await open();
    try {
      await migrateHistorian(historian.db, historian.engine);
      const records = new IndicatorRecords(historian.db);
      await records.replaceDay('2026-11-02', [row('2026-11-02', 'mttaMin', 'site', 30, 4), row('2026-11-02', 'mttaMin', 'unit1', 12, 1)], 1);
      await records.replaceDay('2026-11-03', [row('2026-11-03', 'mttaMin', 'site', 5, 1)], 2);
      // Recomputed: the area without data that day any more is gone, not left stale.
      await records.replaceDay('2026-11-02', [row('2026-11-02', 'mttaMin', 'site', 31, 5)], 3);
      expect(await records.storedDays('2026-11-01', '2026-11-30')).toEqual(['2026-11-02', '2026-11-03']);
      expect(await records.days({ fromDay: '2026-11-01', toDay: '2026-11-30', limit: 10 })).toEqual([row('2026-11-02', 'mttaMin', 'site', 31, 5), row('2026-11-03', 'mttaMin', 'site', 5, 1)]);
      expect(await records.days({ fromDay: '2026-11-01', toDay: '2026-11-30', dimension: 'area', limit: 10 })).toEqual([]);
      expect(await records.days({ fromDay: '2026-11-01', toDay: '2026-11-30', indicatorIds: ['falseAlarmRate'], limit: 10 })).toEqual([]);
      expect(await records.days({ fromDay: '2026-11-01', toDay: '2026-11-30', limit: 1 })).toHaveLength(1);
      // Thousands of rows in one day: inserted in chunks under both engines' parameter limits.
      const many = Array.from({ length: 6_000 }, (_, i) => row('2026-11-04', 'mttaMin', `area${i}`, i, 1));
      await records.replaceDay('2026-11-04', many, 4);
      expect(await records.days({ fromDay: '2026-11-04', toDay: '2026-11-04', limit: 10_000 })).toHaveLength(6_000);

      const incident = { id: 'INC-1', occurredAtMs: 1_780_000_000_000, severity: 'firstAid' as const, areaId: 'unit2', title: '烫伤 scald', recordedAtMs: 1_780_000_100_000, recordedBy: 'zhou.min' };
      await records.addIncident(incident);
      expect(await records.incidents({ fromMs: 1_779_999_999_000, toMs: 1_780_000_001_000, limit: 10 })).toEqual([incident]);
      expect(await records.incidents({ fromMs: 0, toMs: 1_000, limit: 10 })).toEqual([]);
      const report = { reportId: 'R-1', kind: 'monthly' as const, fromDay: '2026-11-01', toDay: '2026-11-30', locale: 'zh-CN' as const, createdAtMs: 5, createdBy: 'zhou.min', bytes: 1234, sha256: 'ab'.repeat(32), pages: 6, file: 'R-1.pdf' };
      await records.addReport(report);
      expect(await records.reports(10)).toEqual([report]);
    } finally {
      await historian.close();
    }
  }, 120_000);

  it("reads a day's facts and stores its figures the same on both engines", async () => {
    const { open } = await engine.fresh();
    const historian = await open();
    try {
      await migrateHistorian(historian.db, historian.engine);
      const records = new IndicatorRecords(historian.db);
      expect([...(await records.sourcesWithRows())]).toEqual([]);
      expect(await records.firstRecordMs()).toBeNull();
      const history = generateDemoHistory(scene, { fromDay: '2026-11-02', days: 3, seed: 7, utcOffsetMin: UTC_OFFSET_MIN });
      await writeDemoHistory(historian.db, history);
      const expected = ['alarms', 'camera', 'dispatch', 'rtls', ...(history.drills.length > 0 ? ['drills'] : []), ...(history.incidents.length > 0 ? ['incidents'] : [])];
      expect([...(await records.sourcesWithRows())].sort()).toEqual(expected.sort());
      expect(await records.firstRecordMs()).toBe(dayStartMs('2026-11-02', UTC_OFFSET_MIN));

      const startMs = dayStartMs('2026-11-03', UTC_OFFSET_MIN);
      const rows = await records.dayRows({ fromMs: startMs, toMs: startMs + DAY_MS, reviewOverdueAfterMs: 7 * DAY_MS }, await records.sourcesWithRows());
      const ofDay = history.activations.filter((a) => a.atMs >= startMs && a.atMs < startMs + DAY_MS);
      expect(rows.alarms!.activations).toHaveLength(ofDay.length);
      expect(rows.dispatch!.warnings).toHaveLength(ofDay.length);
      // One row per badge and minute: fixes every 2 minutes through each shift.
      expect(rows.positions).toHaveLength(history.shifts.filter((s) => s.startMs >= startMs && s.startMs < startMs + DAY_MS).reduce((sum, s) => sum + s.fixes, 0));
      expect(rows.truncated).toEqual([]);

      const alarms = defaultAlarmConfig();
      const reader = new DayFactsReader({ indicators: records, contractors: new ContractorRecords(historian.db) }, { scene, utcOffsetMin: UTC_OFFSET_MIN, operatorPositions: 1, reviewOverdueAfterMs: 7 * DAY_MS, hazards: defaultHazardsConfig() });
      const book = new IndicatorBook({ records, reader, dims: dayDimensionsOf(scene, alarms.shifts), utcOffsetMin: UTC_OFFSET_MIN, config: IndicatorsConfigSchema.parse({ backfillDaysPerSecond: 1000 }), indexConfigs: DEFAULT_INDEX_CONFIGS, declineAlarm: null, journal: null, logger: createLogger('silent') });
      await book.backfill();
      const site = await book.values({ fromDay: '2026-11-03', toDay: '2026-11-03', dimension: 'site', ids: ['alarmRatePer10Min'] });
      expect(site.ok && site.value[0]).toMatchObject({ numerator: ofDay.length, denominator: 144 });
      // Restricted entries and gatherings per person-hour count the badges' alarms (RTLS) only: a camera's intrusion and
      // crowding alarms carry the same conditions and would count the same entry twice. One gathering of an area is the RTLS one.
      const extra = (sourceKind: string, sourceId: string, condition: string, atMs: number) => ({ alarm_id: `${sourceId}:${condition}`, source_id: sourceId, source_kind: sourceKind, area_id: 'tankFarm', condition, priority: 'high', reason: null, at_ms: atMs, action: 'activate', previous_state: 'normal', state: 'unacknowledged', by_user: 'system' });
      await historian.db
        .insertInto('alarm_transitions')
        .values([extra('camera', 'CAM-06', 'restrictedEntry', startMs + 9 * 3_600_000), extra('camera', 'CAM-06', 'gathering', startMs + 9 * 3_600_000 + 1), extra('area', 'tankFarm', 'gathering', startMs + 10 * 3_600_000)])
        .execute();
      const pass = { sources: await records.sourcesWithRows(), firstRecordMs: history.firstMs };
      const { facts } = await reader.read('2026-11-03', pass);
      expect(facts.rtls!.restrictedEntries).toHaveLength(ofDay.filter((a) => a.condition === 'restrictedEntry' && a.badgeId !== undefined).length);
      expect(facts.rtls!.gatherings).toEqual([{ atMs: startMs + 10 * 3_600_000, areaId: 'tankFarm' }]);
      // The records behind those rates are the same alarms: no camera alarm among them.
      const recordsOf = async (id: string) => {
        const listed = await book.records(id, { fromDay: '2026-11-03', toDay: '2026-11-03', dimension: 'site', key: 'site', limit: 500, names: true });
        return listed.ok ? listed.value : [];
      };
      expect((await recordsOf('restrictedEntryPer1000h')).map((r) => r.kind === 'alarm' && r.sourceKind)).toEqual(facts.rtls!.restrictedEntries.map(() => 'worker'));
      expect((await recordsOf('gatheringPer1000h')).map((r) => r.kind === 'alarm' && r.sourceId)).toEqual(['tankFarm']);
    } finally {
      await historian.close();
    }
  }, 120_000);
});
