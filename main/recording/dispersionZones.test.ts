import { describe, expect, it } from 'vitest';
import type { ActiveLeak, DispersionSnapshot, DispersionZones, ThreatZone } from '../contracts/index.js';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { recordMinute } from '../../tests/integration/recordingFixtures.js';
import { recordingsDirOf } from './dataLayout.js';
import { DispersionRecordThrottle, dispersionZones, DISPERSION_RECORD_INTERVAL_MS } from './dispersionZones.js';
import { RecordingSet } from './RecordingSet.js';
import { ReplaySession } from './ReplaySession.js';

const leak = { leakId: 'L1', equipmentId: 'T-101', substanceId: 'benzene', substanceName: 'Benzene', molecularWeightGPerMol: 78.1, model: 'gaussian-plume', rateKgS: 1, dischargeRateKgS: 1, regime: 'direct', startedAtMs: 0, endsAtMs: 1e12, releasedKg: 0, inventoryLimited: false, richardsonNumber: 0 } as ActiveLeak;
const ring = (n: number, r: number): [number, number][] => Array.from({ length: n }, (_, k) => [100 + r * Math.cos((2 * Math.PI * k) / n) + 0.0123, 200 + r * Math.sin((2 * Math.PI * k) / n)]);
const zone = (level: string, points: number): ThreatZone =>
  ({ leakId: 'L1', level, thresholdPpm: 10, thresholdMgM3: 30, rings: [ring(points, 50)], areaM2: 7800, downwindDistanceM: 50, widthM: 100, reachesEdge: false, workerIds: [], buildingIds: [] }) as ThreatZone;
function snapshot(atMs: number, zones: ThreatZone[]): DispersionSnapshot {
  return { seq: 1, atMs, wind: { speedMps: 3, fromDeg: 270, stabilityClass: 'D', sampleAtMs: atMs }, leaks: zones.length ? [leak] : [], grid: null, fields: [], zones, detectors: [], buildings: [], directionUncertainty: null, warnings: [], computeMs: 1 };
}

describe('recorded leak-study zones (bounded)', () => {
  it('records a picture at most every 5 s while the zones stay the same, at once when a zone appears or goes, and the empty picture once', () => {
    const throttle = new DispersionRecordThrottle();
    const taken = [0, 1000, 2000, 4999, DISPERSION_RECORD_INTERVAL_MS, 6000].map((t) => throttle.take(snapshot(t, [zone('AEGL-2', 10)]), t));
    expect(taken).toEqual([true, false, false, false, true, false]);
    expect(throttle.take(snapshot(6500, [zone('AEGL-2', 10), zone('AEGL-3', 10)]), 6500)).toBe(true);
    expect(throttle.take(snapshot(7000, []), 7000)).toBe(true);
    expect(throttle.take(snapshot(20_000, []), 20_000)).toBe(false);
  });

  it('rounds outlines to 0.1 m and thins them to the point budget, keeping every ring an outline', () => {
    const recorded = dispersionZones(snapshot(0, [zone('AEGL-3', 30_000), zone('AEGL-2', 3)]), 20_000);
    const points = recorded.zones.flatMap((z) => z.rings).reduce((n, r) => n + r.length, 0);
    expect(points).toBeLessThanOrEqual(20_003);
    expect(recorded.zones[1]!.rings[0]).toHaveLength(3);
    for (const [x] of recorded.zones[0]!.rings[0]!) expect(Math.round(x * 10) / 10).toBe(x);
    expect(recorded).not.toHaveProperty('fields');
  });

  it('a replay shows the cloud that was on screen at the instant it seeks to, and none after it was gone; a recompute every second is recorded every 5 s', async () => {
    const dataDir = makeTempDir('dispersion-replay');
    const { startMs, endMs: now } = await recordMinute(dataDir, (bus, now, second) => {
      // The study runs from 12 s to 48 s, recomputed every second; its zone is gone at 49 s.
      if (second >= 12 && second <= 48) bus.publish('dispersion', snapshot(now, [zone('AEGL-2', 40)]));
      if (second === 49) bus.publish('dispersion', snapshot(now, []));
    });

    const set = await RecordingSet.open({ dir: recordingsDirOf(dataDir), fromMs: startMs, toMs: now });
    let recorded = 0;
    for await (const message of set.messagesBetween(startMs, now)) if (message.kind === 'dispersion') recorded++;
    await set.close();
    expect(recorded).toBe(9); // 12, 17, 22, 27, 32, 37, 42, 47 s and the empty picture at 49 s

    let wallMs = 0;
    const replay = await ReplaySession.open({ dir: recordingsDirOf(dataDir), fromMs: startMs, toMs: now }, { nowMs: () => wallMs, sleep: async (ms) => void (wallMs += ms) });
    const seen: (DispersionZones | null)[] = [];
    replay.on('dispersion', (zones) => seen.push(zones));
    // 34 s: the last picture (32 s) is after the keyframe at 30 s; at 31 s it is before it (27 s): the keyframe carries it.
    await replay.seek(startMs + 34_000);
    expect(seen.at(-1)?.zones.map((z) => z.level)).toEqual(['AEGL-2']);
    await replay.seek(startMs + 31_000);
    expect(seen.at(-1)?.zones.map((z) => z.level)).toEqual(['AEGL-2']);
    expect(seen.at(-1)?.zones[0]!.rings[0]).toHaveLength(40);
    await replay.seek(startMs + 55_000);
    expect(seen.at(-1)).toBeNull();
    await replay.seek(startMs + 5_000);
    expect(seen.at(-1)).toBeNull();
    // Playing through the study: the cloud comes, then goes.
    seen.length = 0;
    await replay.command({ action: 'setSpeed', speed: 20 }, 'trainer');
    replay.play();
    await new Promise<void>((resolve) => replay.on('state', (s) => s.ended && resolve()));
    expect(seen.some((z) => z?.zones.length === 1)).toBe(true);
    expect(seen.at(-1)).toBeNull();
    await replay.dispose();
  });
});
