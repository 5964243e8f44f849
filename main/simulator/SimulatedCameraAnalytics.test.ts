import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyHomography, isPointInPolygon, SceneSchema, type Scene } from '../contracts/index.js';
import { FrigateAdapter } from '../vision/frigate.js';
import { SIMULATED_FRIGATE_PREFIX, SimulatedCameraAnalytics } from './SimulatedCameraAnalytics.js';

const demo: Scene = SceneSchema.parse(JSON.parse(readFileSync(new URL('../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')));
const yard = demo.areas.find((a) => a.id === 'chlorineYard')!;
const cam06 = demo.cameras.find((c) => c.id === 'CAM-06')!;

describe('simulated camera analytics (the demo stand-in, Frigate format)', () => {
  it('reports a person in the restricted area to the camera that sees them, where the homography puts their feet', () => {
    const analytics = new SimulatedCameraAnalytics(demo);
    const messages = analytics.step([{ badgeId: 'BDG-1045', area: yard, x: 360, y: 188 }], 1_000_000);
    const cam06Message = messages.find((m) => JSON.parse(m.payload).after.camera === 'CAM-06');
    expect(cam06Message).toBeDefined();
    expect(cam06Message!.topic).toBe(`${SIMULATED_FRIGATE_PREFIX}/events`);
    const { type, after } = JSON.parse(cam06Message!.payload);
    expect(type).toBe('new');
    expect(after).toMatchObject({ label: 'person', current_zones: ['chlorineYard'], start_time: 1000, false_positive: false });
    expect(after.score).toBeUndefined(); // nothing was inferred
    // The box's foot point goes back to the badge's ground position through the camera's own homography.
    const [x1, y1, x2, y2] = after.box as number[];
    const ground = applyHomography(cam06.imageToGroundHomography!, (x1! + x2!) / 2, y2!)!;
    expect(ground[0]).toBeCloseTo(360, 0);
    expect(ground[1]).toBeCloseTo(188, 0);
    expect(y2! - y1!).toBeGreaterThan(20); // as tall as a person some 30 m away
  });

  it('sees a person standing anywhere in the chlorine yard (the restricted yard has no blind spot for its camera)', () => {
    // The scenario's entrant stands at a random spot in the yard: a corner the camera cannot see would leave their entry without a picture.
    const xs = yard.polygon.map(([x]) => x);
    const ys = yard.polygon.map(([, y]) => y);
    const unseen: string[] = [];
    for (let x = Math.min(...xs) + 0.25; x < Math.max(...xs); x += 0.5)
      for (let y = Math.min(...ys) + 0.25; y < Math.max(...ys); y += 0.5) {
        if (!isPointInPolygon([x, y], yard.polygon)) continue;
        const messages = new SimulatedCameraAnalytics({ cameras: [cam06] }).step([{ badgeId: 'BDG-1045', area: yard, x, y }], 0);
        if (messages.length !== 1) unseen.push(`(${x}, ${y})`);
      }
    expect(unseen).toEqual([]);
  });

  it('updates at most every 5 s and ends when the person leaves the area; the Frigate adapter reads it as simulated', () => {
    const analytics = new SimulatedCameraAnalytics({ cameras: [cam06] });
    const adapter = new FrigateAdapter({ prefix: SIMULATED_FRIGATE_PREFIX, acceptUnmappedCameras: true, source: 'simulated' }, new Map([[cam06.id, { imageWidthPx: 1920, imageHeightPx: 1080, homography: cam06.imageToGroundHomography! }]]));
    const inside = [{ badgeId: 'BDG-1045', area: yard, x: 360, y: 188 }];
    const types = (ms: { payload: string }[]) => ms.map((m) => JSON.parse(m.payload).type);
    const first = analytics.step(inside, 0);
    expect(types(first)).toEqual(['new']);
    expect(types(analytics.step(inside, 1_000))).toEqual([]);
    expect(types(analytics.step(inside, 5_000))).toEqual(['update']);
    const end = analytics.step([{ ...inside[0]!, x: 320, y: 150 }], 6_000);
    expect(types(end)).toEqual(['end']);
    const [event] = adapter.handle(first[0]!.topic, first[0]!.payload).events;
    expect(event).toMatchObject({ phase: 'start', source: 'simulated', cameraId: 'CAM-06', rule: 'external', zoneId: 'chlorineYard', label: 'person', score: 0 });
    expect(event!.ground!.x).toBeCloseTo(360, 0);
    expect(adapter.handle(end[0]!.topic, end[0]!.payload).events[0]).toMatchObject({ phase: 'end', id: event!.id });
  });

  it('reports nothing for a camera that looks away, or one too far away to detect a person', () => {
    const behind = { ...cam06, id: 'CAM-X', headingDeg: 310 };
    expect(new SimulatedCameraAnalytics({ cameras: [behind] }).step([{ badgeId: 'B', area: yard, x: 360, y: 188 }], 0)).toEqual([]);
    // CAM-12 looks east along the central avenue: the yard is in its picture, but some 230 m away (about 10 px tall).
    const cam12 = demo.cameras.find((c) => c.id === 'CAM-12')!;
    expect(new SimulatedCameraAnalytics({ cameras: [cam12] }).step([{ badgeId: 'B', area: yard, x: 338, y: 178 }], 0)).toEqual([]);
  });
});
