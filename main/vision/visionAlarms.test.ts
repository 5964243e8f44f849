import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SceneSchema, type CameraHealth, type Scene, type VisionEvent } from '../contracts/index.js';
import { alarmConditionOf, VisionAlarms } from './visionAlarms.js';

const demo: Scene = SceneSchema.parse(JSON.parse(readFileSync(new URL('../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')));

const event = (id: string, phase: VisionEvent['phase'], extra: Partial<VisionEvent> = {}): VisionEvent => ({
  id,
  phase,
  source: 'safetwin',
  cameraId: 'CAM-06',
  rule: 'intrusion',
  ruleId: 'yard-intrusion',
  zoneId: 'yard',
  label: 'person',
  score: 0.8,
  trackId: id,
  box: [900, 400, 960, 600],
  ground: { x: 350, y: 190 },
  startedAtMs: 0,
  tsMs: 0,
  ...extra,
});

describe('vision events → camera alarms', () => {
  it('raises one alarm per camera and condition while any of its events is open, with location, area, evidence and badge', () => {
    const alarms = new VisionAlarms(demo);
    const first = alarms.onEvent(event('a', 'start'), { snapshotHref: '/api/vision/events/a/snapshot.jpg', badgeId: 'BDG-1045' }, 1_000);
    expect(first).toMatchObject({
      sourceId: 'CAM-06',
      sourceKind: 'camera',
      condition: 'restrictedEntry',
      active: true,
      nowMs: 1_000,
      // The ground point lies in the chlorine yard, inside the tank farm: the smaller area wins.
      areaId: 'chlorineYard',
      location: { x: 350, y: 190 },
      evidence: { eventId: 'a', ruleId: 'yard-intrusion', label: 'person', source: 'safetwin', snapshotHref: '/api/vision/events/a/snapshot.jpg', badgeId: 'BDG-1045' },
    });
    expect(first!.reason).not.toContain('BDG-1045');
    // A second person in the zone keeps the same alarm; updates change nothing.
    expect(alarms.onEvent(event('b', 'start'), {}, 2_000)).toBeNull();
    expect(alarms.onEvent(event('a', 'update'), {}, 3_000)).toBeNull();
    expect(alarms.onEvent(event('a', 'end'), {}, 4_000)).toBeNull();
    expect(alarms.onEvent(event('b', 'end'), {}, 5_000)).toEqual({ sourceId: 'CAM-06', sourceKind: 'camera', condition: 'restrictedEntry', active: false, nowMs: 5_000 });
    // An end for an event never seen (or already ended) changes nothing.
    expect(alarms.onEvent(event('b', 'end'), {}, 6_000)).toBeNull();
  });

  it('maps each rule to its condition, and takes the camera\'s area without a ground point', () => {
    const alarms = new VisionAlarms(demo);
    expect(alarms.onEvent(event('p', 'start', { rule: 'ppe', ruleId: 'hardhat', label: 'head', ground: null }), {}, 0)).toMatchObject({ condition: 'ppeViolation', areaId: 'chlorineYard' });
    expect(alarms.onEvent(event('c', 'start', { rule: 'crowding', ruleId: 'crowd', count: 5 }), {}, 0)).toMatchObject({ condition: 'gathering', value: 5 });
    expect(alarms.onEvent(event('d', 'start', { rule: 'personDown', ruleId: 'down' }), {}, 0)).toMatchObject({ condition: 'manDown' });
    expect(alarms.onEvent(event('l', 'start', { rule: 'loitering', ruleId: 'loiter' }), {}, 0)).toMatchObject({ condition: 'loitering' });
  });

  it('alarms an NVR object only when it is a person in one of its zones, and opens on an update begun before the core', () => {
    const external = (extra: Partial<VisionEvent>) => event('frigate:1', 'update', { rule: 'external', ruleId: 'frigate-object', source: 'simulated', ...extra });
    expect(alarmConditionOf(external({ zoneId: undefined, zones: [] }))).toBeNull();
    expect(alarmConditionOf(external({ label: 'car', zones: ['yard'] }))).toBeNull();
    expect(alarmConditionOf(external({ label: 'person:BDG-1', zones: ['yard'] }))).toBe('restrictedEntry');
    const alarms = new VisionAlarms(demo);
    expect(alarms.onEvent(external({}), {}, 0)).toMatchObject({ active: true, evidence: { source: 'simulated' } });
    expect(alarms.onEvent({ ...external({ zoneId: undefined, zones: [] }), phase: 'end' }, {}, 1)).toMatchObject({ active: false });
  });

  it('raises cameraOffline while a camera is offline, and clears it when frames come back', () => {
    const alarms = new VisionAlarms(demo);
    const health = (state: CameraHealth['state']): CameraHealth => ({
      cameraId: 'CAM-03',
      state,
      source: 'safetwin',
      fpsIn: 0,
      fpsOut: 0,
      lastFrameTsMs: null,
      framesIn: 0,
      framesOut: 0,
      framesDropped: 0,
      dropRate: 0,
      restarts: 3,
      errors: 3,
      lastError: state === 'offline' ? { code: 'ST_ERR_VISION_STREAM', message: 'connection refused' } : null,
      inferenceMs: null,
    });
    expect(alarms.onHealth(health('offline'), 0)).toMatchObject({ sourceId: 'CAM-03', condition: 'cameraOffline', active: true, areaId: 'loading', reason: 'ST_ERR_VISION_STREAM: connection refused' });
    expect(alarms.onHealth(health('restarting'), 1)).toMatchObject({ active: false });
    expect(alarms.onHealth(health('running'), 2)).toMatchObject({ active: false });
  });
});
