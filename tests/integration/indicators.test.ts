import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserStore } from '../../main/auth/index.js';
import { resolveServeConfig, type ServeConfig } from '../../main/config/config.js';
import { startCore, type CoreHandle } from '../../main/core/startCore.js';
import { API_PATHS, SceneSchema, type Alarm, type IndicatorDecline, type IndicatorRecordRef, type IndicatorTrend, type IndicatorValue, type IndexValue, type Role } from '../../main/contracts/index.js';
import { migrateHistorian, openHistorianDb } from '../../main/historian/index.js';
import { createLogger } from '../../main/log/index.js';
import { dayStartMs, generateDemoHistory, writeDemoHistory, type DemoHistory } from '../../scripts/demo-plant/demoHistory.js';
import { makeTempDir } from '../support/tempDir.js';

const UTC_OFFSET_MIN = 480;
const DAYS = 30;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const scene = SceneSchema.parse(JSON.parse(readFileSync(new URL('../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')));
const localDay = (tMs: number) => new Date(tMs + UTC_OFFSET_MIN * MINUTE_MS).toISOString().slice(0, 10);

/**
 * The manager's indicators on a running core (issue 20): a simulated month written into the embedded historian
 * before the core starts is back-filled; the month's figures from the routes equal the figures computed here,
 * directly over the generated events (not through main/indicators); an incident changes only its day; a restart
 * keeps the stored days; roles: a viewer is refused, badges are named only to a role that may see names.
 */
describe('indicators over a simulated month', () => {
  let core: CoreHandle;
  let dataDir: string;
  let config: ServeConfig;
  let history: DemoHistory;
  // The month up to yesterday: the recent days' declines are checked on it too.
  const fromDay = localDay(Date.now() - DAYS * DAY_MS);
  const toDay = localDay(Date.now() - DAY_MS);
  const tokens: Partial<Record<'manager' | 'commander' | 'viewer', string>> = {};

  const request = (method: string, pathAndQuery: string, who: keyof typeof tokens, body?: unknown) =>
    fetch(new URL(pathAndQuery, core.url), { method, headers: { authorization: `Bearer ${tokens[who]}`, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const json = async <T>(pathAndQuery: string, who: keyof typeof tokens = 'manager'): Promise<T> => {
    const response = await request('GET', pathAndQuery, who);
    expect(response.status, pathAndQuery).toBe(200);
    return (await response.json()) as T;
  };
  const monthValues = (dimension = 'site') => json<IndicatorValue[]>(`${API_PATHS.indicators}/values?from=${fromDay}&to=${toDay}&dimension=${dimension}`);
  const valueOf = (values: IndicatorValue[], id: string, key = 'site') => values.find((v) => v.indicatorId === id && v.key === key);

  /** Waits until every day of the month is stored: the alarm rate's denominator is a whole month of 10-minute periods. */
  async function backfilled(): Promise<void> {
    for (let i = 0; i < 300; i++) {
      const v = valueOf(await monthValues(), 'alarmRatePer10Min');
      if (v?.denominator === DAYS * 144) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the month was not back-filled in 30 s');
  }

  beforeAll(async () => {
    dataDir = makeTempDir('indicators');
    const users = await UserStore.open(dataDir);
    const people: [keyof typeof tokens, string, Role][] = [
      ['manager', 'zhou.min', 'manager'],
      ['commander', 'li.qiang', 'commander'],
      ['viewer', 'wang.wei', 'viewer'],
    ];
    for (const [key, name, role] of people) {
      await users.upsertUser(name, role, `${name}-pass-phrase-1`);
      tokens[key] = await users.issueToken(name, 'indicators test');
    }
    const historian = await openHistorianDb({ engine: 'sqlite', file: path.join(dataDir, 'historian.sqlite') });
    await migrateHistorian(historian.db, historian.engine);
    history = generateDemoHistory(scene, { fromDay, days: DAYS, seed: 20, utcOffsetMin: UTC_OFFSET_MIN });
    await writeDemoHistory(historian.db, history);
    await historian.close();
    const resolved = resolveServeConfig({ cli: { port: 0, dataDir, simulate: false, brokerPort: 0, record: false, historian: 'embedded', requireAuth: true }, env: {} });
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
    config = resolved.config;
    config.permits.utcOffsetMin = UTC_OFFSET_MIN;
    config.indicators.backfillDaysPerSecond = 100;
    // Declines by the day, checked every 6 s: the last test makes one and waits for its alarm.
    config.indicators.recomputeEveryMin = 0.1;
    config.indicators.declinePeriod = 'day';
    config.indicators.declinePeriods = 3;
    core = await startCore({ config, logger: createLogger('silent') });
    await backfilled();
  }, 60_000);
  afterAll(async () => {
    await core?.close();
  });

  it("answers the month's figures equal to a computation straight over the generated events", async () => {
    const values = await monthValues();
    const { activations, shifts, cameraEvents, drills, incidents } = history;
    // ISA-18.2 rate: annunciated activations per 10 minutes per operator position (one), the month measured whole.
    expect(valueOf(values, 'alarmRatePer10Min')!.value).toBeCloseTo(activations.length / (DAYS * 144), 9);
    const meanAckMin = activations.reduce((sum, a) => sum + (a.ackMs - a.atMs) / MINUTE_MS, 0) / activations.length;
    expect(valueOf(values, 'mttaMin')!.value).toBeCloseTo(meanAckMin, 9);
    const meanClearMin = activations.reduce((sum, a) => sum + (a.clearMs - a.atMs) / MINUTE_MS, 0) / activations.length;
    expect(valueOf(values, 'mttrMin')!.value).toBeCloseTo(meanClearMin, 9);
    const rated = activations.filter((a) => a.disposition === 'real' || a.disposition === 'nuisance' || a.disposition === 'false');
    expect(valueOf(values, 'falseAlarmRate')!.value).toBeCloseTo((100 * rated.filter((a) => a.disposition === 'false').length) / rated.length, 9);
    const persons = cameraEvents.reduce((sum, e) => sum + e.persons, 0);
    const bare = cameraEvents.reduce((sum, e) => sum + Math.min(e.persons, e.bareHeads), 0);
    expect(valueOf(values, 'ppeCompliance')!.value).toBeCloseTo((100 * (persons - bare)) / persons, 9);
    // Person-hours: each fix counts until the next (2 min here, under the 5-min cap), the shift's last fix one minute.
    const hours = shifts.reduce((sum, s) => sum + ((s.fixes - 1) * Math.min(s.stepMs, 5 * MINUTE_MS) + MINUTE_MS) / HOUR_MS, 0);
    const entries = activations.filter((a) => a.condition === 'restrictedEntry').length;
    expect(valueOf(values, 'restrictedEntryPer1000h')!.value).toBeCloseTo((1000 * entries) / hours, 9);
    expect(valueOf(values, 'drillCompletion')!.value).toBeCloseTo((100 * drills.filter((d) => d.endMs !== null).length) / drills.length, 9);
    const recordable = incidents.filter((i) => i.severity === 'recordable').length;
    expect(valueOf(values, 'recordableIncidentRate')!.value).toBeCloseTo((200_000 * recordable) / hours, 9);

    // One area: the tank farm's acknowledgement time is its own warnings' mean.
    const tank = activations.filter((a) => a.areaId === 'tankFarm');
    const byArea = await monthValues('area');
    expect(valueOf(byArea, 'mttaMin', 'tankFarm')!.value).toBeCloseTo(tank.reduce((sum, a) => sum + (a.ackMs - a.atMs) / MINUTE_MS, 0) / tank.length, 9);
    // Its department (储运部 owns the tank farm, the chlorine yard, the loading bay…) holds the alarms of all its areas.
    const storage = new Set(scene.organisation!.departments.find((d) => d.id === 'storage')!.areaIds);
    const byDepartment = await monthValues('department');
    expect(valueOf(byDepartment, 'alarmRatePer10Min', 'storage')).toBeUndefined();
    expect(valueOf(byDepartment, 'mttaMin', 'storage')!.denominator).toBe(activations.filter((a) => storage.has(a.areaId)).length);

    const trend = await json<IndicatorTrend>(`${API_PATHS.indicators}/alarmRatePer10Min/trend?from=${fromDay}&to=${toDay}&period=day`);
    expect(trend.points).toHaveLength(DAYS);
    const firstDayCount = activations.filter((a) => a.atMs < dayStartMs(fromDay, UTC_OFFSET_MIN) + DAY_MS).length;
    expect(trend.points[0]).toMatchObject({ start: fromDay, numerator: firstDayCount, denominator: 144 });

    const indices = await json<IndexValue[]>(`${API_PATHS.indices}?from=${fromDay}&to=${toDay}`);
    expect(indices.map((i) => i.indexId).sort()).toEqual(['enterpriseRisk', 'safetyHealth']);
    for (const index of indices) {
      const points = index.contributions.filter((c) => c.points !== null).reduce((sum, c) => sum + c.points!, 0);
      expect(index.value).toBeCloseTo(points, 9);
    }
  });

  it('drills down to the records behind a number, naming badges only to a role that may see names', async () => {
    const records = await json<IndicatorRecordRef[]>(`${API_PATHS.indicators}/mttaMin/records?from=${fromDay}&to=${toDay}&dimension=area&key=tankFarm&limit=500`);
    expect(records.length).toBe(Math.min(500, history.activations.filter((a) => a.areaId === 'tankFarm').length));
    expect(records.every((r) => r.kind === 'warning' && r.href?.startsWith('?warning='))).toBe(true);
    const entriesPath = `${API_PATHS.indicators}/restrictedEntryPer1000h/records?from=${fromDay}&to=${toDay}`;
    const forManager = await json<IndicatorRecordRef[]>(entriesPath, 'manager');
    expect(forManager.length).toBe(history.activations.filter((a) => a.condition === 'restrictedEntry').length);
    expect(JSON.stringify(forManager)).not.toContain('BDG-');
    // Fields as data for the screen to word, no pre-worded label (the zh-CN screen shows no English words).
    expect(forManager.every((r) => r.kind === 'alarm' && r.condition === 'restrictedEntry' && r.sourceKind === 'worker' && r.sourceId === undefined && r.label === undefined)).toBe(true);
    expect(JSON.stringify(await json<IndicatorRecordRef[]>(entriesPath, 'commander'))).toContain('BDG-');
    expect((await request('GET', `${API_PATHS.indicators}/values?from=${fromDay}&to=${toDay}`, 'viewer')).status).toBe(403);
    expect((await request('GET', `${API_PATHS.indicators}/values?from=${toDay}&to=${fromDay}`, 'manager')).status).toBe(400);
    expect((await request('GET', `${API_PATHS.indicators}/values?from=2020-01-01&to=2040-01-01`, 'manager')).status).toBe(400);
  });

  it('takes an incident from a manager only, and recomputes its day alone', async () => {
    const day = localDay(dayStartMs(fromDay, UTC_OFFSET_MIN) + 10 * DAY_MS);
    const trendPath = `${API_PATHS.indicators}/recordableIncidentRate/trend?from=${fromDay}&to=${toDay}&period=day`;
    const before = await json<IndicatorTrend>(trendPath);
    const entry = { occurredAtMs: dayStartMs(day, UTC_OFFSET_MIN) + 11 * HOUR_MS, severity: 'recordable', areaId: 'unit2', title: '手部割伤 hand cut at pump P-201' };
    expect((await request('POST', API_PATHS.incidents, 'commander', entry)).status).toBe(403);
    const created = await request('POST', API_PATHS.incidents, 'manager', entry);
    expect(created.status).toBe(201);
    let after = before;
    for (let i = 0; i < 100 && JSON.stringify(after) === JSON.stringify(before); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = await json<IndicatorTrend>(trendPath);
    }
    const changed = after.points.filter((p, i) => JSON.stringify(p) !== JSON.stringify(before.points[i])).map((p) => p.start);
    expect(changed).toEqual([day]);
    expect(after.points.find((p) => p.start === day)!.numerator).toBe(before.points.find((p) => p.start === day)!.numerator + 1);
    const listed = await json<{ title: string }[]>(`${API_PATHS.incidents}?from=${dayStartMs(day, UTC_OFFSET_MIN)}&to=${dayStartMs(day, UTC_OFFSET_MIN) + DAY_MS}`);
    expect(listed.map((i) => i.title)).toContain(entry.title);
  });

  it('keeps the stored days across a restart', async () => {
    const before = await monthValues();
    await core.close();
    core = await startCore({ config, logger: createLogger('silent') });
    expect(await monthValues()).toEqual(before);
  }, 30_000);

  it('raises a graded warning on the alarm engine when an indicator gets worse three days in a row', async () => {
    // The recordable incident rate of the last four complete days made to rise day by day with incidents added.
    const days = [4, 3, 2, 1].map((back) => localDay(Date.now() - back * DAY_MS));
    const hoursOn = (day: string) => history.shifts.filter((s) => localDay(s.startMs) === day).reduce((sum, s) => sum + ((s.fixes - 1) * Math.min(s.stepMs, 5 * MINUTE_MS) + MINUTE_MS) / HOUR_MS, 0);
    const recordableOn = (day: string) => history.incidents.filter((i) => i.severity === 'recordable' && localDay(i.occurredAtMs) === day).length;
    let previousRate = recordableOn(days[0]!) / hoursOn(days[0]!);
    for (const day of days.slice(1)) {
      const count = Math.max(recordableOn(day), Math.floor(previousRate * hoursOn(day)) + 1);
      for (let k = recordableOn(day); k < count; k++) {
        const entry = { occurredAtMs: dayStartMs(day, UTC_OFFSET_MIN) + (9 + k) * HOUR_MS, severity: 'recordable', areaId: 'unit1', title: `扭伤 sprain ${day} ${k}` };
        expect((await request('POST', API_PATHS.incidents, 'manager', entry)).status).toBe(201);
      }
      previousRate = count / hoursOn(day);
    }
    let decline: IndicatorDecline | undefined;
    let alarm: Alarm | undefined;
    for (let i = 0; i < 200 && !(decline && alarm); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      decline = (await json<IndicatorDecline[]>(`${API_PATHS.indicators}/declines`)).find((d) => d.indicatorId === 'recordableIncidentRate' && d.dimension === 'site');
      alarm = (await json<Alarm[]>(API_PATHS.alarms)).find((a) => a.alarmId === 'recordableIncidentRate/site/site:indicatorDeclining');
    }
    // At least the three days made worse (the generated day before may already have been better); graded by the run: 3 blue … 6 red.
    expect(decline).toMatchObject({ key: 'site', period: 'day' });
    expect(decline!.periods).toBeGreaterThanOrEqual(3);
    expect(decline!.grade).toBe(Math.max(1, 4 - (decline!.periods - 3)));
    expect(alarm?.value).toBe(decline!.grade);
    expect(alarm).toMatchObject({ sourceKind: 'indicator', condition: 'indicatorDeclining', priority: 'low', active: true });
  }, 30_000);
});
