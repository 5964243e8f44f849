import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alarm, SessionUser, VisionEventView } from '../contracts/index.js';
import { AuditJournal, type AuditEntry } from '../audit/index.js';
import { loadDemoScene } from '../../tests/support/demoScene.js';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { PersonalData } from './PersonalData.js';

const viewer: SessionUser = { name: 'wall', role: 'viewer', implicit: false };
const operator: SessionUser = { name: 'li.wei', role: 'operator', implicit: false };
const manager: SessionUser = { name: 'boss', role: 'manager', implicit: false };

const journals: AuditJournal[] = [];
afterEach(async () => {
  await Promise.all(journals.splice(0).map((j) => j.close()));
});

async function setUp(nowMs: () => number = Date.now) {
  const dir = makeTempDir('privacy');
  const journal = await AuditJournal.open(dir);
  journals.push(journal);
  const scene = loadDemoScene();
  scene.cameras[0]!.stream.url = 'rtsp://user:S3cretPw@10.0.0.5/stream';
  const personalData = new PersonalData(scene, { journal, nowMs, repeatAfterMs: 60_000 });
  const entries = async () => {
    await journal.append({ kind: 'note', by: 'test', data: { flush: true } });
    return readFileSync(path.join(dir, 'journal.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditEntry)
      .filter((entry) => entry.kind === 'personalDataViewed');
  };
  return { scene, personalData, entries };
}

describe('client view of the scene', () => {
  it('never carries a camera stream URL; names and companies only with personnel:viewNames', async () => {
    const { scene, personalData } = await setUp();
    for (const user of [viewer, operator, manager, null]) {
      const view = personalData.sceneFor(user, 'http');
      expect(JSON.stringify(view)).not.toContain('S3cretPw');
      expect(view.cameras.every((c) => !('stream' in c))).toBe(true);
      expect(view.cameras.map((c) => c.id)).toEqual(scene.cameras.map((c) => c.id));
      expect(view.personnel.map((p) => [p.badgeId, p.role])).toEqual(scene.personnel.map((p) => [p.badgeId, p.role]));
    }
    const named = scene.personnel[0]!.displayName;
    expect(JSON.stringify(personalData.sceneFor(operator, 'http'))).toContain(named);
    for (const user of [viewer, manager, null]) {
      const view = personalData.sceneFor(user, 'socket');
      expect(JSON.stringify(view)).not.toContain(named);
      expect(view.personnel.every((p) => p.displayName === undefined && p.company === undefined)).toBe(true);
    }
    // The scene the core keeps is untouched.
    expect(scene.cameras[0]!.stream.url).toContain('S3cretPw');
  });
});

describe('camera alarms and events per role', () => {
  const alarm = { alarmId: 'CAM-01:restrictedEntry', evidence: { eventId: 'e1', ruleId: 'r', label: 'person', source: 'safetwin', snapshotHref: '/api/vision/events/e1/snapshot.jpg', badgeId: 'BDG-1001' } } as Alarm;
  const event = { id: 'e1', cameraId: 'CAM-01', badgeId: 'BDG-1001', badgeDistanceM: 1.2, snapshotHref: '/api/vision/events/e1/snapshot.jpg', clipHref: '/x/clip.mp4', snapshotUrl: 'http://nvr/s.jpg', clipUrl: 'http://nvr/c.mp4' } as VisionEventView;

  it('keeps badge links and evidence for roles that may view personal data, drops them for the others', async () => {
    const { personalData } = await setUp();
    expect(personalData.alarmFor(operator, alarm)).toBe(alarm);
    expect(personalData.alarmFor(viewer, alarm).evidence).toEqual({ eventId: 'e1', ruleId: 'r', label: 'person', source: 'safetwin' });
    expect(personalData.alarmSnapshotFor(manager, { seq: 3, alarms: [alarm] })).toEqual({ seq: 3, alarms: [{ alarmId: 'CAM-01:restrictedEntry', evidence: { eventId: 'e1', ruleId: 'r', label: 'person', source: 'safetwin' } }] });
    expect(personalData.alarmMessageFor(viewer, { seq: 4, alarm }).alarm.evidence?.badgeId).toBeUndefined();
    expect(personalData.transitionFor(viewer, { alarm, action: 'activate', previousState: 'normal', atMs: 1, by: 'system' }).alarm.evidence?.snapshotHref).toBeUndefined();
    expect(personalData.visionEventFor(operator, event)).toBe(event);
    expect(personalData.visionEventFor(viewer, event)).toEqual({ id: 'e1', cameraId: 'CAM-01' });
  });
});

describe('journal of who viewed personal data', () => {
  it('journals names and evidence shown, once per user and item within the repeat time', async () => {
    let nowMs = 1_000_000;
    const { personalData, entries } = await setUp(() => nowMs);
    personalData.sceneFor(operator, 'http');
    personalData.sceneFor(operator, 'socket');
    personalData.sceneFor(viewer, 'socket');
    personalData.viewed(operator, { what: 'snapshot', eventId: 'e1' }, 'http');
    personalData.viewed(operator, { what: 'snapshot', eventId: 'e1' }, 'http');
    personalData.viewed(operator, { what: 'clip', eventId: 'e1' }, 'socket');
    nowMs += 61_000;
    personalData.viewed(operator, { what: 'snapshot', eventId: 'e1' }, 'http');
    const journaled = await entries();
    expect(journaled.map((e) => [e.by, e.data.what, e.data.eventId ?? null, e.data.via])).toEqual([
      ['li.wei', 'personnelNames', null, 'http'],
      ['li.wei', 'snapshot', 'e1', 'http'],
      ['li.wei', 'clip', 'e1', 'socket'],
      ['li.wei', 'snapshot', 'e1', 'http'],
    ]);
    expect(journaled[0]!.data.role).toBe('operator');
  });
});
