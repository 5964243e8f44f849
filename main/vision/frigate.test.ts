import { describe, expect, it } from 'vitest';
import { VisionEventSchema } from '../contracts/vision.js';
import { FrigateAdapter } from './frigate.js';

// Homography: ground x = u / 10, y = v / 10.
const scene = new Map([['CAM-01', { imageWidthPx: 1280, imageHeightPx: 720, homography: [0.1, 0, 0, 0, 0.1, 0, 0, 0, 1] }]]);
const adapter = () => new FrigateAdapter({ cameras: { front_gate: { cameraId: 'CAM-01', detectWidthPx: 640, detectHeightPx: 360 } }, apiUrl: 'http://nvr:5000' }, scene, () => 1_700_000_000_000);

// Shape of Frigate's documented frigate/events message (docs.frigate.video/integrations/mqtt).
const object = {
  id: '1607123955.475377-mxklsc',
  camera: 'front_gate',
  frame_time: 1607123961.837752,
  label: 'person',
  sub_label: null,
  top_score: 0.958984375,
  false_positive: false,
  start_time: 1607123955.475377,
  end_time: null,
  score: 0.7890625,
  box: [424, 200, 536, 312],
  current_zones: ['tank_farm'],
  entered_zones: ['yard', 'tank_farm'],
  has_snapshot: true,
  has_clip: true,
};

describe('Frigate external analytics', () => {
  it('maps events new/update/end to one SafeTwin event id with start/update/end, boxes scaled to the scene image, ground through the homography', () => {
    const a = adapter();
    const start = a.handle('frigate/events', JSON.stringify({ type: 'new', before: object, after: object })).events[0]!;
    expect(VisionEventSchema.parse(start)).toEqual(start);
    expect(start).toMatchObject({
      id: 'frigate:1607123955.475377-mxklsc',
      phase: 'start',
      source: 'frigate',
      cameraId: 'CAM-01',
      rule: 'external',
      label: 'person',
      score: 0.958984375,
      box: [848, 400, 1072, 624],
      zoneId: 'tank_farm',
      startedAtMs: expect.closeTo(1607123955475.377, 2),
      snapshotUrl: 'http://nvr:5000/api/events/1607123955.475377-mxklsc/snapshot.jpg',
    });
    expect(start.ground!.x).toBeCloseTo(96, 9); // foot (960, 624) / 10
    expect(start.ground!.y).toBeCloseTo(62.4, 9);
    expect(start.zones!.sort()).toEqual(['tank_farm', 'yard']);
    const end = a.handle('frigate/events', Buffer.from(JSON.stringify({ type: 'end', before: object, after: { ...object, end_time: 1607123970 } }))).events[0]!;
    expect([end.id, end.phase, end.tsMs]).toEqual([start.id, 'end', 1607123970000]);
  });

  it('reviews become events scored by their objects; availability offline marks the cameras offline', () => {
    const a = adapter();
    a.handle('frigate/events', JSON.stringify({ type: 'new', after: object }));
    const review = { id: '1718987129.308396-fqk5ka', camera: 'front_gate', start_time: 1718987129.308396, end_time: null, severity: 'alert', data: { detections: [object.id], objects: ['person'], sub_labels: [], zones: ['tank_farm'], audio: [] } };
    const event = a.handle('frigate/reviews', JSON.stringify({ type: 'new', before: review, after: review })).events[0]!;
    expect(event).toMatchObject({ id: 'frigate-review:1718987129.308396-fqk5ka', ruleId: 'frigate-review-alert', label: 'person', score: 0.958984375, zoneId: 'tank_farm', phase: 'start' });
    const [health] = a.handle('frigate/available', 'offline').health;
    expect(health).toMatchObject({ cameraId: 'CAM-01', state: 'offline', source: 'frigate', lastError: { code: 'ST_ERR_VISION_CAMERA_OFFLINE' } });
    expect(a.handle('frigate/available', 'online').health[0]!.state).toBe('running');
  });

  it('ignores false positives, unmapped cameras and other topics; reports malformed payloads without throwing', () => {
    const a = adapter();
    expect(a.handle('frigate/events', JSON.stringify({ type: 'new', after: { ...object, false_positive: true } })).events).toEqual([]);
    expect(a.handle('frigate/events', JSON.stringify({ type: 'new', after: { ...object, camera: 'garage' } }))).toMatchObject({ events: [], problem: { reason: 'unknownSensor' } });
    expect(a.handle('frigate/stats', '{}')).toEqual({ events: [], health: [], problem: null });
    expect(a.handle('frigate/events', '{oops').problem).toEqual({ reason: 'malformedJson', message: 'payload is not JSON' });
    expect(a.handle('frigate/events', JSON.stringify({ type: 'new', after: { camera: 'front_gate' } })).problem).toMatchObject({ reason: 'schema', message: expect.stringMatching(/\$\.after\.id/) });
    expect(a.handle('frigate/available', 'maybe').problem).toMatchObject({ reason: 'schema' });
    expect(a.topics()).toEqual(['frigate/events', 'frigate/reviews', 'frigate/available']);
  });
});
