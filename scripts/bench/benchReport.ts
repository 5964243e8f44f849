// bench:report — the monthly report's generation time and PDF size for a month of a year-long history
// (issue 20 benchmark), and the renderer comparison that chose headless Chromium (benchReportRenderers.ts).
// Prints one JSON object. Debian's Chromium (SAFETWIN_CHROMIUM overrides), the embedded historian in a temp dir.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultAlarmConfig } from '../../main/alarms/index.js';
import { AuditJournal } from '../../main/audit/index.js';
import type { CoreTopics } from '../../main/bus/coreTopics.js';
import { MessageBus } from '../../main/bus/MessageBus.js';
import { DEFAULT_RISK_WEIGHTS, type IndicatorDay } from '../../main/contracts/index.js';
import { emptyBatch } from '../../main/historian/historianBatch.js';
import { HotspotMap } from '../../main/indicatorDesk/index.js';
import { IndicatorRecords, migrateHistorian, openHistorianDb, parseHistorianLocation, shiftCalendar, startHistorian } from '../../main/historian/index.js';
import { SensorKeys, writeBatch } from '../../main/historian/writeBatch.js';
import { dayOf, INDICATOR_CATALOGUE } from '../../main/indicators/index.js';
import { createLogger } from '../../main/log/index.js';
import { DEMO_SCENE_PATH } from '../../main/platform/index.js';
import { ReportsConfigSchema, startReportDesk } from '../../main/reports/index.js';
import { loadSceneFile } from '../../main/scene/index.js';
import { alarmHistory } from '../../tests/support/alarmHistory.js';
import { CHROMIUM_PATH } from '../../tests/support/prerequisites.js';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { compareReportRenderers } from './benchReportRenderers.js';

const DAY_MS = 86_400_000;
const CST_MIN = 480;
const RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 7);
/** The reported month: November 2026, with the eleven months before it and December's first week stored. */
const MONTH = { fromDay: '2026-11-01', toDay: '2026-11-30' };
const HISTORY_FROM_MS = Date.UTC(2025, 11, 1) - CST_MIN * 60_000;
const HISTORY_TO_MS = Date.UTC(2026, 11, 8) - CST_MIN * 60_000;

/**
 * A year of stored indicator days for every catalogue indicator at site level and per area (the rows the indicator
 * book would have written: a rate's numerator and denominator drifting with the season), so the report reads what
 * a year-old installation holds.
 */
function indicatorYear(areaIds: readonly string[]): Map<string, IndicatorDay[]> {
  const byDay = new Map<string, IndicatorDay[]>();
  const firstDay = Math.floor((HISTORY_FROM_MS + CST_MIN * 60_000) / DAY_MS);
  const lastDay = Math.floor((HISTORY_TO_MS + CST_MIN * 60_000) / DAY_MS);
  for (let n = firstDay; n < lastDay; n++) {
    const day = dayOf(n);
    const season = 1 + 0.3 * Math.sin((2 * Math.PI * (n - firstDay)) / 365);
    const rows: IndicatorDay[] = [];
    for (const [k, def] of INDICATOR_CATALOGUE.entries()) {
      const keys: [IndicatorDay['dimension'], string][] = [['site', 'site'], ...areaIds.map((id): [IndicatorDay['dimension'], string] => ['area', id])];
      for (const [dimension, key] of keys) {
        const denominator = def.aggregation === 'streak' ? 1 : 20 + ((n * 7 + k * 13) % 11);
        const numerator = def.aggregation === 'streak' ? (n % 97 === 0 ? 0 : 1) : Math.round(denominator * Math.min(1, 0.6 * season * (0.8 + 0.05 * (k % 5))));
        rows.push({ day, indicatorId: def.id, dimension, key, numerator, denominator });
      }
    }
    byDay.set(day, rows);
  }
  return byDay;
}

async function main() {
  const loaded = await loadSceneFile(DEMO_SCENE_PATH);
  if (!loaded.ok) throw new Error('demo scene does not load');
  const { scene } = loaded;
  const dataDir = makeTempDir('bench-report');
  const journal = await AuditJournal.open(path.join(dataDir, 'audit'));
  const alarmConfig = defaultAlarmConfig();
  // The year written into the embedded file before the historian starts, as `history import` leaves it.
  const fillStartedMs = performance.now();
  const db = await openHistorianDb(parseHistorianLocation(undefined, dataDir));
  await migrateHistorian(db.db, db.engine);
  const alarms = alarmHistory(HISTORY_FROM_MS, HISTORY_TO_MS, Date.UTC(2026, 10, 1) - CST_MIN * 60_000);
  await writeBatch(db.db, { ...emptyBatch(), alarms }, new SensorKeys());
  const records = new IndicatorRecords(db.db);
  let indicatorRows = 0;
  for (const [day, rows] of indicatorYear(scene.areas.map((a) => a.id))) {
    await records.replaceDay(day, rows, Date.now());
    indicatorRows += rows.length;
  }
  await db.close();
  const fillMs = performance.now() - fillStartedMs;
  const historian = await startHistorian({ historian: 'embedded', dataDir, bus: new MessageBus<CoreTopics>(), sensorIds: [], alarmLoad: { operatorPositions: alarmConfig.operatorPositions, shifts: shiftCalendar(alarmConfig.shifts, 121.5) }, logger: createLogger('silent') });

  const desk = startReportDesk({
    dataDir,
    historian,
    journal,
    scene,
    config: ReportsConfigSchema.parse({ chromiumPath: CHROMIUM_PATH, schedule: { monthly: false, weekly: false } }),
    utcOffsetMin: CST_MIN,
    reviewOverdueAfterMs: 7 * DAY_MS,
    hazards: null,
    risks: null,
    hotspots: new HotspotMap({ records: historian.hotspots, scene, riskWeights: DEFAULT_RISK_WEIGHTS, utcOffsetMin: CST_MIN }),
    problems: () => undefined,
    log: { info: () => undefined, warn: (message) => console.error(message) },
  });
  const times: number[] = [];
  let last = { bytes: 0, pages: 0 };
  try {
    for (let i = 0; i < RUNS; i++) {
      const startedMs = performance.now();
      const result = await desk.generate({ kind: 'monthly', ...MONTH, locale: i % 2 === 0 ? 'zh-CN' : 'en' }, 'bench');
      if (!result.ok) throw new Error(result.problem.message);
      times.push(performance.now() - startedMs);
      if (i % 2 === 0) last = { bytes: result.value.bytes, pages: result.value.pages };
    }
  } finally {
    await desk.close();
    await historian.close();
    await journal.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  // The first run starts Chromium; the others reuse it, as the core does.
  const warm = times.slice(1).sort((a, b) => a - b);
  const at = (q: number) => Math.round(warm[Math.min(warm.length - 1, Math.floor(q * warm.length))]!);
  const renderers = await compareReportRenderers(10, CHROMIUM_PATH);
  console.log(
    JSON.stringify({
      history: { alarmTransitions: alarms.length, indicatorRows, fillMs: Math.round(fillMs) },
      monthlyReport: { runs: RUNS, firstRunMs: Math.round(times[0]!), medianMs: at(0.5), p95Ms: at(0.95), pdfBytesZhCN: last.bytes, pages: last.pages },
      renderers,
    }),
  );
}

await main();
