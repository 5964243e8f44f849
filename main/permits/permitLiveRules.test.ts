import { describe, expect, it } from 'vitest';
import type { Permit, PermitRule, PermitState } from '../contracts/index.js';
import { HOUR_MS, MINUTE_MS, MONDAY_9AM, permitOf } from '../../tests/support/permitFixtures.js';
import { evaluatePermitRules, rulesFor, type PermitCondition, type PermitWorld } from './permitLiveRules.js';
import { defaultPermitsConfig } from './permitsConfig.js';

const config = defaultPermitsConfig();
const NOW = MONDAY_9AM + HOUR_MS;

/** The point permits sit at (100, 50) with a 5 m cordon; the watcher stands 3 m away; the workers inside. */
function world(overrides: Partial<PermitWorld> = {}): PermitWorld {
  return {
    nowMs: NOW,
    detectors: [],
    lelZones: [],
    badges: [
      { badgeId: 'B-001', position: [101, 50], tsMs: NOW },
      { badgeId: 'B-002', position: [99, 51], tsMs: NOW },
      { badgeId: 'B-900', position: [103, 50], tsMs: NOW },
    ],
    cameraEvents: [],
    ...overrides,
  };
}
const working = (type: Permit['type'], overrides: Record<string, unknown> = {}, state: PermitState = 'inWork'): Permit => ({ ...permitOf(type, overrides), state });
/** A confined space with a fresh passing test (10 min old). */
const space = (overrides: Record<string, unknown> = {}, state: PermitState = 'inWork') =>
  working('confinedSpace', { gasTests: [{ takenAtMs: NOW - 10 * MINUTE_MS, oxygenPct: 20.9, combustibleLelPct: 0, analystName: '赵敏' }], ...overrides }, state);

function conditionOf(permit: Permit, rule: PermitRule, w: PermitWorld = world(), cfg = config): PermitCondition {
  const found = evaluatePermitRules([permit], w, cfg).find((c) => c.condition === rule);
  if (!found) throw new Error(`no ${rule} condition for a ${permit.type} permit`);
  return found;
}
const active = (permit: Permit, rule: PermitRule, w?: PermitWorld) => conditionOf(permit, rule, w).active;
const combustible = (position: [number, number], value: number, preWarning = 10) => ({ sensorId: 'GT-101', kind: 'combustible' as const, position, value, preWarning, tsMs: NOW });

describe('the permit live rules', () => {
  it('gives every permit the full set of its type\'s rules, active or not, named by the permit', () => {
    const conditions = evaluatePermitRules([working('hotWork'), space(), working('lifting')], world(), config);
    expect(conditions.map((c) => `${c.sourceId}:${c.condition}`)).toEqual([
      ...rulesFor('hotWork').map((r) => `hotWork-0001:${r}`),
      ...rulesFor('confinedSpace').map((r) => `confinedSpace-0001:${r}`),
      ...rulesFor('lifting').map((r) => `lifting-0001:${r}`),
    ]);
    expect(conditions.every((c) => c.sourceKind === 'permit' && !c.active && c.location.x === 100 && c.location.y === 50)).toBe(true);
  });

  describe('hot work', () => {
    it('suspends for a combustible detector within 15 m at or above its pre-warning, 15 m exactly included', () => {
      const at15 = conditionOf(working('hotWork'), 'combustibleGasNearby', world({ detectors: [combustible([115, 50], 12)] }));
      expect(at15).toMatchObject({ active: true, suspends: true, location: { x: 115, y: 50 }, value: 12, unit: '%LEL', reasonCode: { code: 'combustibleGasNearby', params: { permit: 'hotWork-0001', sensorId: 'GT-101', distanceM: 15, valueLelPct: 12, preWarningLelPct: 10 } } });
      expect(active(working('hotWork'), 'combustibleGasNearby', world({ detectors: [combustible([115.01, 50], 12)] }))).toBe(false);
      // At the pre-warning counts (as the alarm engine's threshold); below does not.
      expect(active(working('hotWork'), 'combustibleGasNearby', world({ detectors: [combustible([110, 50], 10)] }))).toBe(true);
      expect(active(working('hotWork'), 'combustibleGasNearby', world({ detectors: [combustible([110, 50], 9.9)] }))).toBe(false);
    });

    it('ignores toxic detectors, detectors without a pre-warning and stale readings', () => {
      expect(active(working('hotWork'), 'combustibleGasNearby', world({ detectors: [{ ...combustible([101, 50], 50), kind: 'toxic' }] }))).toBe(false);
      expect(active(working('hotWork'), 'combustibleGasNearby', world({ detectors: [{ sensorId: 'GT-9', kind: 'combustible', position: [101, 50], value: 50, tsMs: NOW }] }))).toBe(false);
      expect(active(working('hotWork'), 'combustibleGasNearby', world({ detectors: [{ ...combustible([101, 50], 50), tsMs: NOW - config.readingStaleAfterMs - 1 }] }))).toBe(false);
    });

    it('measures to a polygon permit\'s edge, 0 inside', () => {
      const yard = working('hotWork', { location: { kind: 'polygon', polygon: [[0, 0], [20, 0], [20, 10], [0, 10]] } });
      expect(active(yard, 'combustibleGasNearby', world({ detectors: [combustible([35, 5], 20)] }))).toBe(true); // 15 m from the edge
      expect(active(yard, 'combustibleGasNearby', world({ detectors: [combustible([35.1, 5], 20)] }))).toBe(false);
      expect(conditionOf(yard, 'combustibleGasNearby', world({ detectors: [combustible([10, 5], 20)] })).reasonCode?.params['distanceM']).toBe(0);
    });

    it('suspends when the LEL zone reaches the permit: the point\'s cordon, or the polygon', () => {
      const lel: [number, number][] = [[106, 45], [120, 45], [120, 55], [106, 55]]; // 6 m east of the point
      expect(active(working('hotWork'), 'lelZoneReachesPermit', world({ lelZones: [lel] }))).toBe(false); // cordon 5 m
      const reaching = conditionOf(working('hotWork', { location: { kind: 'point', point: [100, 50], zoneRadiusM: 6 } }), 'lelZoneReachesPermit', world({ lelZones: [lel] }));
      expect(reaching).toMatchObject({ active: true, suspends: true, location: { x: 100, y: 50 } });
      const yard = working('hotWork', { location: { kind: 'polygon', polygon: [[90, 40], [105.9, 40], [105.9, 60], [90, 60]] } });
      expect(active(yard, 'lelZoneReachesPermit', world({ lelZones: [lel] }))).toBe(false);
      expect(active({ ...yard, location: { kind: 'polygon', polygon: [[90, 40], [106, 40], [106, 60], [90, 60]] } }, 'lelZoneReachesPermit', world({ lelZones: [lel] }))).toBe(true);
    });
  });

  describe('confined space', () => {
    it('flags the last gas test older than 30 min, 30 min exactly still in time, and no test at all', () => {
      const tested = (ageMs: number) => space({ gasTests: [{ takenAtMs: NOW - ageMs, oxygenPct: 20.9, analystName: '赵敏' }] });
      expect(active(tested(30 * MINUTE_MS), 'gasTestOverdue')).toBe(false);
      expect(conditionOf(tested(30 * MINUTE_MS + 1), 'gasTestOverdue')).toMatchObject({ active: true, suspends: false, value: 30, unit: 'min' });
      expect(conditionOf(space({ gasTests: [] }), 'gasTestOverdue')).toMatchObject({ active: true, reason: 'permit confinedSpace-0001: no gas test recorded' });
    });

    it('suspends for O2 outside 19.5–23.5 % (limits inside) from the last test or a monitor in the space', () => {
      const withO2 = (oxygenPct: number) => space({ gasTests: [{ takenAtMs: NOW - MINUTE_MS, oxygenPct, analystName: '赵敏' }] });
      expect([19.5, 23.5, 19.4, 23.6].map((pct) => active(withO2(pct), 'oxygenOutOfRange'))).toEqual([false, false, true, true]);
      expect(conditionOf(withO2(19.4), 'oxygenOutOfRange')).toMatchObject({ suspends: true, value: 19.4, unit: '%vol' });
      const monitor = (position: [number, number], value: number) => world({ detectors: [{ sensorId: 'O2-7', kind: 'oxygen', position, value, tsMs: NOW }] });
      expect(conditionOf(space(), 'oxygenOutOfRange', monitor([101, 50], 18))).toMatchObject({ active: true, location: { x: 101, y: 50 }, reasonCode: { params: { source: 'O2-7' } } });
      expect(active(space(), 'oxygenOutOfRange', monitor([140, 50], 18))).toBe(false); // outside the space
    });

    it('compares the badges inside (the watcher aside) with the permit\'s entrants', () => {
      expect(active(space(), 'entrantCountMismatch')).toBe(false);
      const third = world({ badges: [...world().badges, { badgeId: 'B-003', position: [100, 52], tsMs: NOW }] });
      expect(conditionOf(space(), 'entrantCountMismatch', third)).toMatchObject({ active: true, value: 3, reasonCode: { params: { inside: 3, listed: 2 } } });
      const oneLeft = world({ badges: world().badges.filter((b) => b.badgeId !== 'B-002') });
      expect(active(space(), 'entrantCountMismatch', oneLeft)).toBe(true);
      // A stale badge is not counted.
      const stale = world({ badges: world().badges.map((b) => (b.badgeId === 'B-002' ? { ...b, tsMs: NOW - config.badgeStaleAfterMs - 1 } : b)) });
      expect(active(space(), 'entrantCountMismatch', stale)).toBe(true);
    });

    it('gives hot work no confined-space rules and other types neither', () => {
      expect(rulesFor('hotWork')).not.toContain('gasTestOverdue');
      expect(rulesFor('lifting')).toEqual(['watcherAway', 'unlistedBadgeInZone', 'ppeEventInZone', 'outsideWorkWindow']);
    });
  });

  describe('every permit', () => {
    it('flags the watcher farther than the set distance, exactly at it within, and a watcher not located', () => {
      const watcherAt = (x: number) => world({ badges: [...world().badges.filter((b) => b.badgeId !== 'B-900'), { badgeId: 'B-900', position: [x, 50], tsMs: NOW }] });
      expect(active(working('lifting'), 'watcherAway', watcherAt(110))).toBe(false); // 10 m exactly
      expect(conditionOf(working('lifting'), 'watcherAway', watcherAt(110.5))).toMatchObject({ active: true, suspends: false, value: 10.5, unit: 'm', location: { x: 110.5, y: 50 } });
      expect(conditionOf(working('lifting'), 'watcherAway', world({ badges: [] }))).toMatchObject({ active: true, location: { x: 100, y: 50 }, reasonCode: { params: { badgeId: 'B-900' } } });
    });

    it('waits for badges not yet reported since the watch began, as long as a reported badge stays fresh', () => {
      const justStarted = (sinceMs: number, badges = world().badges.filter((b) => b.badgeId === 'B-001')) => world({ badges, badgesSinceMs: sinceMs });
      // A restart: the watcher and one entrant not reported yet — neither missing until the stale time has passed.
      expect(active(working('lifting'), 'watcherAway', justStarted(NOW - config.badgeStaleAfterMs + 1))).toBe(false);
      expect(active(space(), 'entrantCountMismatch', justStarted(NOW - config.badgeStaleAfterMs + 1))).toBe(false);
      expect(active(working('lifting'), 'watcherAway', justStarted(NOW - config.badgeStaleAfterMs))).toBe(true);
      expect(active(space(), 'entrantCountMismatch', justStarted(NOW - config.badgeStaleAfterMs))).toBe(true);
      // What is seen is judged at once: a watcher reported far away, more people inside than listed.
      const farWatcher = [{ badgeId: 'B-900', position: [130, 50] as [number, number], tsMs: NOW }];
      expect(active(working('lifting'), 'watcherAway', justStarted(NOW, farWatcher))).toBe(true);
      const crowd = [...world().badges, { badgeId: 'B-003', position: [100, 52] as [number, number], tsMs: NOW }];
      expect(active(space(), 'entrantCountMismatch', justStarted(NOW, crowd))).toBe(true);
    });

    it('flags a badge not on the permit inside the zone (cordon edge included), located where it is', () => {
      const stranger = (x: number) => world({ badges: [...world().badges, { badgeId: 'C-777', position: [x, 50], tsMs: NOW }] });
      expect(conditionOf(working('blinding'), 'unlistedBadgeInZone', stranger(105))).toMatchObject({ active: true, value: 1, location: { x: 105, y: 50 }, reasonCode: { params: { badgeId: 'C-777', count: 1 } } });
      expect(active(working('blinding'), 'unlistedBadgeInZone', stranger(105.1))).toBe(false);
      const yard = working('blinding', { location: { kind: 'polygon', polygon: [[90, 40], [110, 40], [110, 60], [90, 60]] } });
      expect(active(yard, 'unlistedBadgeInZone', stranger(109))).toBe(true);
      expect(active(yard, 'unlistedBadgeInZone', stranger(111))).toBe(false);
    });

    it('flags a recent camera PPE or harness event inside the zone', () => {
      const event = (position: [number, number], atMs = NOW - 5_000) => world({ cameraEvents: [{ eventId: 'ev-1', cameraId: 'CAM-3', kind: 'harness', position, atMs }] });
      expect(conditionOf(working('workAtHeight'), 'ppeEventInZone', event([102, 50]))).toMatchObject({ active: true, location: { x: 102, y: 50 }, reasonCode: { params: { kind: 'harness', cameraId: 'CAM-3' } } });
      expect(active(working('workAtHeight'), 'ppeEventInZone', event([120, 50]))).toBe(false);
      expect(active(working('workAtHeight'), 'ppeEventInZone', event([102, 50], NOW - config.cameraEventHoldMs - 1))).toBe(false);
    });

    it('flags work outside the window, before and after (the end itself is outside)', () => {
      const at = (nowMs: number) => world({ nowMs, badges: world().badges.map((b) => ({ ...b, tsMs: nowMs })) });
      expect(active(working('roadClosure'), 'outsideWorkWindow', at(MONDAY_9AM))).toBe(false);
      expect(conditionOf(working('roadClosure'), 'outsideWorkWindow', at(MONDAY_9AM - MINUTE_MS))).toMatchObject({ active: true, value: 1, reasonCode: { params: { side: 'before' } } });
      expect(conditionOf(working('roadClosure'), 'outsideWorkWindow', at(MONDAY_9AM + 4 * HOUR_MS))).toMatchObject({ active: true, reasonCode: { params: { side: 'after', byMin: 0 } } });
    });

    it('does not check suspended, closed or not-yet-started permits: every condition inactive', () => {
      const dangerous = world({
        detectors: [combustible([101, 50], 80)],
        lelZones: [[[95, 45], [105, 45], [105, 55]]],
        badges: [{ badgeId: 'C-777', position: [100, 50], tsMs: NOW }],
        nowMs: NOW + 10 * HOUR_MS,
      });
      for (const state of ['suspended', 'closed', 'approved', 'reviewed'] as const) {
        expect(evaluatePermitRules([working('hotWork', {}, state)], dangerous, config).filter((c) => c.active)).toEqual([]);
      }
      expect(evaluatePermitRules([working('hotWork', {}, 'resumed')], dangerous, config).filter((c) => c.active).length).toBeGreaterThan(0);
    });
  });
});
