import { describe, expect, it } from 'vitest';
import { CameraRulesSchema, type VisionEvent } from '../contracts/vision.js';
import type { Detection } from './detect.js';
import type { ModelRole } from './modelManifest.js';
import { CameraSafetyRules, pointInPolygon } from './SafetyRules.js';

const person = (x: number, y: number, score = 0.8, w = 40, h = 100): Detection => ({ label: 'person', classId: 0, score, box: [x, y, x + w, y + h], role: 'person' });
const head = (x: number, y: number): Detection => ({ label: 'head', classId: 1, score: 0.7, box: [x, y, x + 20, y + 24], role: 'bareHead' });
const helmet = (x: number, y: number): Detection => ({ label: 'helmet', classId: 0, score: 0.7, box: [x, y, x + 20, y + 24], role: 'helmet' });
const roles = (...r: ModelRole[]) => new Set<ModelRole>(r);
// Zone: image rectangle x 100–300, y 0–400 (foot points are box bottoms).
const imageZone = { id: 'gate', space: 'image' as const, polygon: [[100, 0], [300, 0], [300, 400], [100, 400]] as [number, number][] };

function run(rules: CameraSafetyRules, frames: Detection[][], stepMs = 500): VisionEvent[] {
  return frames.flatMap((detections, i) => rules.evaluate(detections, i * stepMs));
}

describe('zone geometry', () => {
  it('point in polygon (even-odd), concave shapes included', () => {
    const l = [[0, 0], [10, 0], [10, 2], [2, 2], [2, 10], [0, 10]] as [number, number][];
    expect(pointInPolygon(1, 5, l)).toBe(true);
    expect(pointInPolygon(5, 5, l)).toBe(false);
    expect(pointInPolygon(5, 1, l)).toBe(true);
  });
});

describe('camera safety rules', () => {
  it('intrusion: one person in the zone makes one event (start, rate-limited updates, end), not one per frame', () => {
    const rules = new CameraSafetyRules(CameraRulesSchema.parse({ cameraId: 'cam1', zones: [imageZone], rules: [{ kind: 'intrusion', id: 'no-entry', zoneId: 'gate' }] }), null, roles('person'), { updateIntervalMs: 2000, endGraceMs: 1000 });
    const inside = Array.from({ length: 10 }, () => [person(150, 200), person(500, 200)]); // the second person is outside
    const events = run(rules, [...inside, [], [], [], []]);
    expect(events.map((e) => e.phase)).toEqual(['start', 'update', 'update', 'end']);
    const start = events[0]!;
    expect(start).toMatchObject({ cameraId: 'cam1', rule: 'intrusion', ruleId: 'no-entry', zoneId: 'gate', label: 'person', source: 'safetwin', box: [150, 200, 190, 300], startedAtMs: 500 });
    expect(new Set(events.map((e) => e.id)).size).toBe(1);
    expect(start.trackId).toBe(events[3]!.trackId);
  });

  it('plant-space zones use the foot point through the homography, and events carry the ground position', () => {
    // Homography: ground x = u / 10, y = (1000 − v) / 10 (a scaled, flipped top view).
    const h = [0.1, 0, 0, 0, -0.1, 100, 0, 0, 1];
    const zone = { id: 'tank-bund', space: 'plant' as const, polygon: [[10, 60], [30, 60], [30, 80], [10, 80]] as [number, number][] };
    const rules = new CameraSafetyRules(CameraRulesSchema.parse({ cameraId: 'cam2', zones: [zone], rules: [{ kind: 'intrusion', id: 'bund', zoneId: 'tank-bund' }] }), h, roles('person'));
    // Foot point (170, 300) → ground (17, 70): inside. Foot point (570, 300) → (57, 70): outside.
    const events = run(rules, [[person(150, 200), person(550, 200)], [person(150, 200), person(550, 200)]]);
    expect(events).toHaveLength(1);
    expect(events[0]!.ground!.x).toBeCloseTo(17, 9);
    expect(events[0]!.ground!.y).toBeCloseTo(70, 9);
  });

  it('loitering after dwellS in the zone, crowding over maxPersons', () => {
    const rules = new CameraSafetyRules(
      CameraRulesSchema.parse({ cameraId: 'c', zones: [imageZone], rules: [{ kind: 'loitering', id: 'loiter', zoneId: 'gate', dwellS: 2 }, { kind: 'crowding', id: 'crowd', zoneId: 'gate', maxPersons: 1 }] }),
      null,
      roles('person'),
    );
    const frames = Array.from({ length: 8 }, () => [person(110, 200), person(200, 220)]);
    const events = run(rules, frames);
    const crowd = events.filter((e) => e.rule === 'crowding');
    expect(crowd.map((e) => [e.phase, e.count, e.tsMs])).toEqual([['start', 2, 500]]);
    expect(crowd[0]!.box).toEqual([110, 200, 240, 320]);
    const loiter = events.filter((e) => e.rule === 'loitering');
    // Tracks confirm at 500 ms (2nd frame); 2 s later, at 2500 ms, both have loitered.
    expect(loiter.map((e) => [e.phase, e.tsMs, e.dwellS])).toEqual([
      ['start', 2500, 2],
      ['start', 2500, 2],
    ]);
  });

  it('PPE with a bare-head class: every bare head is a violation, helmets are not', () => {
    const rules = new CameraSafetyRules(CameraRulesSchema.parse({ cameraId: 'c', rules: [{ kind: 'ppe', id: 'hardhat' }] }), null, roles('helmet', 'bareHead'));
    const events = run(rules, [[head(10, 10), helmet(200, 10)], [head(12, 10), helmet(200, 10)]]);
    expect(events.map((e) => [e.phase, e.label])).toEqual([['start', 'head']]);
  });

  it('PPE with persons and helmets only: a person without a helmet over the top of their box', () => {
    const rules = new CameraSafetyRules(CameraRulesSchema.parse({ cameraId: 'c', rules: [{ kind: 'ppe', id: 'hardhat' }] }), null, roles('person', 'helmet'));
    const frame = [person(0, 100), helmet(10, 95), person(200, 100), helmet(210, 180)]; // second helmet is at the belt: not worn
    const events = run(rules, [frame, frame]);
    expect(events).toHaveLength(1);
    expect(events[0]!.box).toEqual([200, 100, 240, 200]);
  });

  it('person down: a lying box for minDurationS', () => {
    const rules = new CameraSafetyRules(CameraRulesSchema.parse({ cameraId: 'c', rules: [{ kind: 'personDown', id: 'down', minDurationS: 1 }] }), null, roles('person'));
    const lying = person(100, 300, 0.7, 120, 50);
    const events = run(rules, [[person(100, 250)], [lying], [lying], [lying], [lying]]);
    expect(events.map((e) => [e.phase, e.tsMs])).toEqual([['start', 1500]]);
  });

  it('refuses a rule with an unknown zone or a plant zone without a homography', () => {
    expect(() => new CameraSafetyRules(CameraRulesSchema.parse({ cameraId: 'c', rules: [{ kind: 'intrusion', id: 'x', zoneId: 'nope' }] }), null, roles('person'))).toThrow(/unknown zone "nope"/);
    const plant = { ...imageZone, space: 'plant' as const };
    expect(() => new CameraSafetyRules(CameraRulesSchema.parse({ cameraId: 'c', zones: [plant], rules: [{ kind: 'intrusion', id: 'x', zoneId: 'gate' }] }), null, roles('person'))).toThrow(/no image→ground homography/);
  });
});
