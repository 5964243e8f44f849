import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SceneSchema, type AlarmTransition } from '../contracts/index.js';
import { PlantSimulation } from '../simulator/PlantSimulation.js';
import { defaultAlarmConfig } from './alarmConfig.js';
import { AlarmEngine } from './AlarmEngine.js';

const scene = SceneSchema.parse(JSON.parse(readFileSync(new URL('../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')));
/** 10:00 China Standard Time on 15 July 2025, and a January night. */
const STARTS = [Date.UTC(2025, 6, 15, 2, 0, 0), Date.UTC(2025, 0, 20, 20, 0, 0)];
const STEP_MS = 10_000;
const HOURS = 2;
const WEATHER_TAGS = { windSpeedMps: 'WS', windDirectionDeg: 'WD', temperatureC: 'TA', humidityPercent: 'RH' } as const;

/**
 * The defaults must not cry wolf: the demo plant's healthy instruments (with the simulator's transmitter
 * noise, tank loading, wind and weather) raise no stuck or drift alarm over two simulated hours (four
 * flat-line times of a process value, two of a weather station), by day and by night. The same run then
 * freezes one level to show the defaults do find a real fault on this plant.
 */
describe('data-quality defaults on the healthy simulated demo plant', () => {
  it.each(STARTS)('raises no stuck or drift alarm from a healthy plant over two hours, and finds a frozen level (start %i)', (startMs) => {
    const sim = new PlantSimulation(scene, 11, startMs);
    const engine = new AlarmEngine(scene, defaultAlarmConfig(), startMs);
    const raised: AlarmTransition[] = [];
    const feed = (id: string, value: number, tsMs: number) => {
      const index = engine.sensorIndexOf(id);
      if (index !== undefined) raised.push(...engine.ingest(index, value, 'good', tsMs, tsMs));
    };
    const runUntil = (fromMs: number, toMs: number) => {
      for (let t = fromMs; t < toMs; t += STEP_MS) {
        const frame = sim.step(t);
        for (const s of frame.sensors) feed(s.sensorId, s.value, t);
        for (const w of frame.weather) for (const [field, tag] of Object.entries(WEATHER_TAGS)) if (w[field as keyof typeof WEATHER_TAGS] !== undefined) feed(`${tag}-${w.stationId}`, w[field as keyof typeof WEATHER_TAGS]!, t);
        raised.push(...engine.tick(t));
      }
    };
    const endMs = startMs + HOURS * 3_600_000;
    runUntil(startMs, endMs);
    const dataQuality = (ts: AlarmTransition[]) => ts.filter((t) => t.alarm.condition === 'stuck' || t.alarm.condition === 'drift').map((t) => `${t.action} ${t.alarm.alarmId}`);
    expect(dataQuality(raised)).toEqual([]);
    sim.applyCommand({ scenario: 'sensorStuck', sensorId: 'LT-T102' }, endMs);
    raised.length = 0;
    runUntil(endMs, endMs + 31 * 60_000);
    expect(dataQuality(raised)).toEqual(['activate LT-T102:stuck']);
  });
});
