import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm, DataQualityResponse, SensorDataQuality } from '../../main/contracts/index.js';
import { freeLoopbackPort } from '../../main/platform/network.js';
import { SAFETWIN_BIN, serve, type ServeProcess } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';

/**
 * The data-quality alarms end to end (issue 14.15): the real `safetwin serve` with its embedded broker and
 * demo simulator; the simulator's own fault scenarios are injected as an operator would
 * (`safetwin simulate inject`): a tank level freezes (sensorStuck) and a %LEL head drifts
 * (calibrationDrift). The core must raise LT-T101:stuck and GD-T101-C1:drift through the alarm engine,
 * and their data-quality scores and the tank farm's must drop. Short times through --config keep it
 * quick: flat line 15 s for levels, drift 5 s beyond 5 %LEL.
 */
const STUCK = 'LT-T101';
const DRIFTING = 'GD-T101-C1';
const FLAT_LINE_MS = 15_000;

describe('data-quality alarms on the demo plant', () => {
  let server: ServeProcess;
  let url: string;
  let brokerPort: number;

  const getJson = async <T>(pathname: string): Promise<T> => (await (await fetch(new URL(pathname, url))).json()) as T;
  const alarm = async (alarmId: string) => (await getJson<Alarm[]>('/api/alarms')).find((a) => a.alarmId === alarmId);
  const quality = async (sensorId: string) => (await getJson<{ dataQuality: SensorDataQuality }>(`/api/sensors/${sensorId}`)).dataQuality;
  const tankFarm = async () => (await getJson<DataQualityResponse>('/api/data-quality')).areas.find((a) => a.areaId === 'tankFarm')!;
  const inject = (scenario: object) => promisify(execFile)(process.execPath, [SAFETWIN_BIN, 'simulate', 'inject', JSON.stringify(scenario), '--mqtt-url', `mqtt://127.0.0.1:${brokerPort}`]);

  beforeAll(async () => {
    const dataDir = makeTempDir('data-quality');
    const configFile = path.join(dataDir, 'config.json');
    const dataQuality = { flatLine: { timeMs: { level: FLAT_LINE_MS } }, drift: { durationMs: 5_000, maxDifferencePercentOfRange: 5 } };
    writeFileSync(configFile, JSON.stringify({ alarms: { dataQuality } }));
    brokerPort = await freeLoopbackPort();
    server = serve(['--port', '0', '--broker-port', String(brokerPort), '--data-dir', dataDir, '--config', configFile, '--no-record', '--log-level', 'warn']);
    url = await server.url;
    // Every tank-farm sensor has reported and nothing is known against any of them.
    await waitUntil(async () => (await tankFarm()).score === 1, 30_000, 'a clean tank farm');
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('starts clean: the level and the head score 1 without reasons', async () => {
    expect(await quality(STUCK)).toEqual({ score: 1, reasons: [] });
    expect(await quality(DRIFTING)).toEqual({ score: 1, reasons: [] });
    expect(await alarm(`${STUCK}:stuck`)).toBeUndefined();
  });

  it('raises LT-T101:stuck after the flat-line time of a frozen level while the other tank levels move, and its score drops', async () => {
    const injectedAtMs = Date.now();
    await inject({ scenario: 'sensorStuck', sensorId: STUCK });
    await waitUntil(async () => (await alarm(`${STUCK}:stuck`))?.active === true, 45_000, 'the stuck alarm');
    const stuck = (await alarm(`${STUCK}:stuck`))!;
    expect(stuck).toMatchObject({ sourceKind: 'sensor', condition: 'stuck', priority: 'low', state: 'unacknowledged', areaId: 'tankFarm' });
    // Not before the flat-line time.
    expect(stuck.raisedAtMs - injectedAtMs).toBeGreaterThanOrEqual(FLAT_LINE_MS - 1_000);
    expect(await quality(STUCK)).toEqual({ score: 0.5, reasons: ['stuck'] });
    // The other six levels of the tank farm are alive: none of them is stuck.
    const others = (await getJson<Alarm[]>('/api/alarms')).filter((a) => a.condition === 'stuck' && a.sourceId !== STUCK);
    expect(others).toEqual([]);
    const area = await tankFarm();
    expect(area.score).toBeLessThan(1);
    expect(area.reasons.stuck).toBe(1);
  }, 60_000);

  it('raises GD-T101-C1:drift when the head drifts away from its three benzene partners, and its score drops', async () => {
    // 1 %LEL per second: 5 %LEL from the partners after about 5 s, then 5 s more.
    await inject({ scenario: 'calibrationDrift', sensorId: DRIFTING, driftPerHour: 3_600 });
    await waitUntil(async () => (await alarm(`${DRIFTING}:drift`))?.active === true, 45_000, 'the drift alarm');
    expect(await alarm(`${DRIFTING}:drift`)).toMatchObject({ condition: 'drift', priority: 'low', limit: 5, unit: '%LEL' });
    expect((await quality(DRIFTING)).reasons).toContain('drift');
    expect((await quality(DRIFTING)).score).toBe(0.5);
    const report = await getJson<DataQualityResponse>('/api/data-quality');
    expect(report.sensors.map((s) => s.sensorId)).toEqual(expect.arrayContaining([STUCK, DRIFTING]));
    expect(report.site.sensorsWithIssues).toBeGreaterThanOrEqual(2);
    // Its partners are not blamed: the median of a head's partners ignores the one drifting head.
    for (const partner of ['GD-T101-C2', 'GD-T102-C1', 'GD-T102-C2']) expect(await alarm(`${partner}:drift`)).toBeUndefined();
  }, 60_000);
});
