// npm run -s bench:indicators — the manager's indicators over a year of demo history (issue 20): a seeded year
// (scripts/demo-plant/demoHistory.ts) written into an embedded historian, back-filled by the IndicatorBook as a core
// does at start but unpaced (days/s is the computation's own speed; a core paces it at backfillDaysPerSecond), then
// the year's values, weekly trends and indices asked QUERY_RUNS times each. Prints ONE JSON object.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ContractorRecords, IndicatorRecords, migrateHistorian, openHistorianDb } from '../../main/historian/index.js';
import { defaultAlarmConfig } from '../../main/alarms/index.js';
import { defaultHazardsConfig } from '../../main/hazards/index.js';
import { DayFactsReader, dayDimensionsOf, IndicatorBook } from '../../main/indicatorDesk/index.js';
import { DEFAULT_INDEX_CONFIGS, dayNumber, dayOf, IndicatorsConfigSchema } from '../../main/indicators/index.js';
import { createLogger } from '../../main/log/index.js';
import { DEMO_SCENE_PATH } from '../../main/platform/packageInfo.js';
import { loadSceneFile } from '../../main/scene/loadScene.js';
import { generateDemoHistory, writeDemoHistory } from '../demo-plant/demoHistory.js';
import { LatencyRecorder } from './latency.js';

const DAYS = 365;
const QUERY_RUNS = 30;
const UTC_OFFSET_MIN = 480;
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

const workDir = mkdtempSync(path.join(os.tmpdir(), 'safetwin-bench-indicators-'));
try {
  const loaded = await loadSceneFile(DEMO_SCENE_PATH);
  if (!loaded.ok) throw new Error(`demo scene: ${JSON.stringify(loaded.problems)}`);
  const scene = loaded.scene;
  const historian = await openHistorianDb({ engine: 'sqlite', file: path.join(workDir, 'historian.sqlite') });
  await migrateHistorian(historian.db, historian.engine);
  const today = new Date(Date.now() + UTC_OFFSET_MIN * 60_000).toISOString().slice(0, 10);
  const fromDay = dayOf(dayNumber(today) - DAYS);
  const toDay = dayOf(dayNumber(today) - 1);
  const generated = generateDemoHistory(scene, { fromDay, days: DAYS, seed: 2026, utcOffsetMin: UTC_OFFSET_MIN });
  const writeStartedMs = performance.now();
  await writeDemoHistory(historian.db, generated);
  const writeS = (performance.now() - writeStartedMs) / 1000;

  const records = new IndicatorRecords(historian.db);
  const alarms = defaultAlarmConfig();
  const reader = new DayFactsReader({ indicators: records, contractors: new ContractorRecords(historian.db) }, { scene, utcOffsetMin: UTC_OFFSET_MIN, operatorPositions: alarms.operatorPositions, reviewOverdueAfterMs: 7 * 86_400_000, hazards: defaultHazardsConfig() });
  const book = new IndicatorBook({
    records,
    reader,
    dims: dayDimensionsOf(scene, alarms.shifts),
    utcOffsetMin: UTC_OFFSET_MIN,
    config: IndicatorsConfigSchema.parse({ backfillDaysPerSecond: 1000 }),
    indexConfigs: DEFAULT_INDEX_CONFIGS,
    declineAlarm: null,
    journal: null,
    logger: createLogger('silent'),
  });
  const backfillStartedMs = performance.now();
  await book.backfill();
  const backfillS = (performance.now() - backfillStartedMs) / 1000;

  const time = async (ask: () => Promise<{ ok: boolean }>) => {
    const latency = new LatencyRecorder(QUERY_RUNS);
    for (let i = 0; i < QUERY_RUNS; i++) {
      const startedMs = performance.now();
      const result = await ask();
      if (!result.ok) throw new Error(`query refused: ${JSON.stringify(result)}`);
      latency.record(performance.now() - startedMs);
    }
    return { medianMs: round(latency.percentile(50), 2), p95Ms: round(latency.percentile(95), 2) };
  };
  const year = { fromDay, toDay };
  const result = {
    benchmark: 'indicators',
    days: DAYS,
    historyRows: { alarmActivations: generated.activations.length, badgeShifts: generated.shifts.length, cameraEvents: generated.cameraEvents.length, drills: generated.drills.length, incidents: generated.incidents.length },
    writeHistoryS: round(writeS),
    backfill: { days: book.stats.daysBackfilled, seconds: round(backfillS, 2), daysPerS: round(book.stats.daysBackfilled / backfillS), storedRows: (await records.days({ ...year, limit: 10_000_000 })).length, truncatedDays: book.stats.truncatedDays },
    queriesOverTheYear: {
      runs: QUERY_RUNS,
      valuesSite: await time(() => book.values({ ...year, dimension: 'site' })),
      valuesByArea: await time(() => book.values({ ...year, dimension: 'area' })),
      trendByWeek: await time(() => book.trend('alarmRatePer10Min', { ...year, dimension: 'site', key: 'site', period: 'week' })),
      trendByDay: await time(() => book.trend('mttaMin', { ...year, dimension: 'site', key: 'site', period: 'day' })),
      indicesSite: await time(() => book.indices({ ...year, dimension: 'site' })),
      indicesByDepartment: await time(() => book.indices({ ...year, dimension: 'department' })),
    },
    engine: 'node:sqlite',
    node: process.version,
  };
  await historian.close();
  console.log(JSON.stringify(result));
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
