import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SceneSchema, type Scene, type VisionEvent } from '../contracts/index.js';
import { MAX_OPEN_EVENTS, VisionAlarms } from './visionAlarms.js';

const demo: Scene = SceneSchema.parse(JSON.parse(readFileSync(new URL('../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')));

const event = (id: string, phase: VisionEvent['phase'], cameraId = 'CAM-06'): VisionEvent => ({
  id,
  phase,
  source: 'frigate',
  cameraId,
  rule: 'external',
  ruleId: 'frigate-object',
  zoneId: 'yard',
  label: 'person',
  score: 0.8,
  trackId: id,
  box: null,
  ground: null,
  startedAtMs: 0,
  tsMs: 0,
});

describe('camera alarms under a flood of NVR events that never end (issue 13)', () => {
  it('holds at most MAX_OPEN_EVENTS open events, and never strands an active alarm', () => {
    const alarms = new VisionAlarms(demo);
    // One event on another camera, opened first: the oldest, but the only one of its alarm.
    expect(alarms.onEvent(event('lonely', 'start', 'CAM-01'), {}, 0)).toMatchObject({ sourceId: 'CAM-01', active: true });
    for (let i = 0; i < MAX_OPEN_EVENTS + 5_000; i++) alarms.onEvent(event(`flood-${i}`, 'start'), {}, i);
    expect(alarms.openEventCount).toBe(MAX_OPEN_EVENTS);
    // The lonely event was kept: its end still clears its alarm.
    expect(alarms.onEvent(event('lonely', 'end', 'CAM-01'), {}, 1)).toMatchObject({ sourceId: 'CAM-01', active: false });
    // The forgotten flood events' ends change nothing; the newest ones still hold CAM-06's alarm until they end.
    expect(alarms.onEvent(event('flood-0', 'end'), {}, 2)).toBeNull();
  });
});
