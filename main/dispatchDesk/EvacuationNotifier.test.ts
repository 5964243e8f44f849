import { describe, expect, it } from 'vitest';
import type { CoreTopics, ScreenMessage } from '../bus/index.js';
import { MessageBus } from '../bus/index.js';
import { SensorSchema, type MusterPoint, type RosterPerson, type WorkerPosition } from '../contracts/index.js';
import { defaultDispatchConfig } from '../dispatch/index.js';
import { createLogger } from '../log/index.js';
import { EvacuationNotifier, safeMusterPoints, type EvacuationSubject } from './EvacuationNotifier.js';
import type { OutboundMessage } from './outboundMessage.js';

/** The demo plant's unit 1 sump pit and its three muster points (scenes/demo-plant/scene.json). */
const SUMP_PIT = { id: 'sumpPit1', polygon: [[95, 170], [105, 170], [105, 178], [95, 178]] as [number, number][] };
const name = (en: string) => ({ en, 'zh-CN': en });
const MUSTER: MusterPoint[] = [
  { id: 'MP-1', name: name('west'), position: [30, 100], radiusM: 12, capacityPersons: 120, areaId: 'muster1' },
  { id: 'MP-2', name: name('south'), position: [295, 18], radiusM: 8, capacityPersons: 60, areaId: 'muster2' },
  { id: 'MP-3', name: name('east'), position: [375, 125], radiusM: 12, capacityPersons: 100, areaId: 'muster3' },
];
const O2_SENSOR = SensorSchema.parse({ id: 'O2-SUMP1-1', kind: 'o2', unit: '%vol', areaId: 'sumpPit1', position: { x: 98, y: 173, z: 0 }, mountingHeightM: 0.5, mqttTopic: 'safetwin/demo-plant/sumpPit1/O2-SUMP1-1', limits: { lowLow: 18, low: 19.5, high: 23.5 } });
const PEOPLE: RosterPerson[] = [
  { id: 'p-luo', name: '罗静', userName: 'op.luo', badgeId: 'BDG-1001', locale: 'zh-CN' },
  { id: 'p-zhao', name: '赵娜', userName: 'op.zhao', badgeId: 'BDG-1002', locale: 'zh-CN' },
  { id: 'p-gao', name: '高涛', userName: 'op.gao', badgeId: 'BDG-1003', locale: 'en' },
  // On the roster with a badge but no account: the outbox still reaches their phone.
  { id: 'p-sun', name: '孙伟', badgeId: 'BDG-1004', locale: 'zh-CN' },
];
const O2_LOW_LOW: EvacuationSubject = { warningId: 'O2-SUMP1-1:lowLow@1000', alarmId: 'O2-SUMP1-1:lowLow', sourceId: 'O2-SUMP1-1', sourceKind: 'sensor', areaId: 'sumpPit1', condition: 'lowLow', priority: 'urgent', value: 17.6, unit: '%vol' };

function setUp() {
  let nowMs = 10_000;
  const bus = new MessageBus<CoreTopics>();
  const positions = new Map<string, WorkerPosition>();
  const screens: ScreenMessage[] = [];
  const messages: OutboundMessage[] = [];
  const journal: { by: string; data: Record<string, unknown> }[] = [];
  const changed: string[][] = [];
  bus.subscribe('toScreens', (message) => screens.push(message));
  bus.subscribe('worker', (position) => positions.set(position.badgeId, position));
  const notifier = new EvacuationNotifier({
    scene: { areas: [{ ...SUMP_PIT, name: name('sump pit'), kind: 'confinedSpace' }], musterPoints: MUSTER, sensors: [O2_SENSOR] },
    hub: { workerPositions: () => [...positions.values()] },
    bus,
    // The default rules: an O2 detector's low or low-low empties its area.
    evacuationRules: defaultDispatchConfig().evacuationRules,
    roster: { personByBadge: (badgeId) => PEOPLE.find((p) => p.badgeId === badgeId), personByUserName: (userName) => PEOPLE.find((p) => p.userName === userName) },
    sink: { enqueue: (batch) => messages.push(...batch) },
    journal: { append: async (entry) => journal.push(entry) },
    badgeStaleAfterMs: 30_000,
    onRecordChanged: (_id, record) => changed.push(record.badgeIds),
    logger: createLogger('silent'),
    now: () => nowMs,
  });
  const at = (badgeId: string, x: number, y: number, tsMs = nowMs) => bus.publish('worker', { badgeId, x, y, floor: 0, tsMs });
  return { bus, notifier, screens, messages, journal, changed, at, advance: (ms: number) => (nowMs += ms) };
}
const user = (userName: string) => ({ name: userName, role: 'operator' as const, implicit: false });
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('evacuation notices', () => {
  it('tells the people whose badges are inside the area now, on their users’ sockets and through the outbox, and journals it', async () => {
    const { notifier, screens, messages, journal, at } = setUp();
    at('BDG-1001', 98, 172);
    at('BDG-1002', 103, 176);
    at('BDG-1004', 100, 174);
    at('BDG-1003', 120, 172); // outside the pit, 15 m east
    at('BDG-9999', 100, 173, -60_000); // inside, but its last fix is a minute old
    const record = await notifier.notify(O2_LOW_LOW);
    expect(record).toEqual({ areaId: 'sumpPit1', badgeIds: ['BDG-1001', 'BDG-1002', 'BDG-1004'], atMs: 10_000 });
    const notices = screens.filter((s) => s.event === 'warning:evacuate');
    expect(notices.map((s) => s.room)).toEqual(['user:op.luo', 'user:op.zhao']);
    expect(notices[0]!.payload).toEqual({ warningId: O2_LOW_LOW.warningId, areaId: 'sumpPit1', condition: 'lowLow', sensorId: 'O2-SUMP1-1', value: 17.6, unit: '%vol', musterPointIds: ['MP-1', 'MP-2', 'MP-3'], issuedAtMs: 10_000 });
    expect(messages.map((m) => [m.personId, m.kind, m.grade, m.messageId])).toEqual([
      ['p-luo', 'evacuate', 1, `${O2_LOW_LOW.warningId}:evacuate:p-luo`],
      ['p-zhao', 'evacuate', 1, `${O2_LOW_LOW.warningId}:evacuate:p-zhao`],
      ['p-sun', 'evacuate', 1, `${O2_LOW_LOW.warningId}:evacuate:p-sun`],
    ]);
    expect(journal).toEqual([{ kind: 'note', by: 'dispatch', data: expect.objectContaining({ action: 'evacuationNotice', why: 'raised', badgeIds: ['BDG-1001', 'BDG-1002', 'BDG-1004'], personIds: ['p-luo', 'p-zhao', 'p-sun'] }) }]);
    expect(notifier.noticesFor(user('op.luo')).map((n) => n.warningId)).toEqual([O2_LOW_LOW.warningId]);
    expect(notifier.noticesFor(user('op.gao'))).toEqual([]);
  });

  it('sends nothing for an alarm that calls for no evacuation', async () => {
    const { notifier, screens, at } = setUp();
    at('BDG-1001', 98, 172);
    expect(await notifier.notify({ ...O2_LOW_LOW, warningId: 'O2-SUMP1-1:high@1', condition: 'high' })).toBeNull();
    expect(screens).toEqual([]);
  });

  it('tells a person who walks in while the warning is open, once, and nobody after it ends (a late receipt still taken)', async () => {
    const { notifier, screens, changed, at, advance } = setUp();
    await notifier.notify(O2_LOW_LOW);
    expect(screens).toEqual([]);
    advance(5_000);
    at('BDG-1003', 100, 175);
    at('BDG-1003', 101, 175);
    await flush();
    expect(screens.map((s) => s.room)).toEqual(['user:op.gao']);
    expect(changed).toEqual([['BDG-1003']]);
    expect(notifier.record(O2_LOW_LOW.warningId)!.badgeIds).toEqual(['BDG-1003']);
    notifier.end(O2_LOW_LOW.warningId);
    at('BDG-1001', 100, 175);
    await flush();
    expect(screens).toHaveLength(1);
    expect(notifier.record(O2_LOW_LOW.warningId)).toBeNull();
    // Its phone still shows the notice: the receipt after the end is still taken.
    expect(await notifier.out(O2_LOW_LOW.warningId, user('op.gao'))).toBe(true);
    expect(notifier.noticesFor(user('op.gao'))).toEqual([]);
  });

  it('takes an "I am out" only from a person it told, once, journaled by the user', async () => {
    const { notifier, journal, at } = setUp();
    at('BDG-1001', 98, 172);
    await notifier.notify(O2_LOW_LOW);
    expect(await notifier.out(O2_LOW_LOW.warningId, user('op.gao'))).toBe(false);
    expect(await notifier.out(O2_LOW_LOW.warningId, user('op.luo'))).toBe(true);
    expect(await notifier.out(O2_LOW_LOW.warningId, user('op.luo'))).toBe(true);
    expect(journal.filter((e) => e.data.action === 'evacuationOut')).toEqual([{ kind: 'note', by: 'op.luo', data: expect.objectContaining({ personId: 'p-luo', badgeId: 'BDG-1001' }) }]);
    expect(notifier.noticesFor(user('op.luo'))).toEqual([]);
  });
});

describe('safe muster points', () => {
  it('names those clear of the area and of the gas picture, nearest first', () => {
    expect(safeMusterPoints(MUSTER, SUMP_PIT, [])).toEqual(['MP-1', 'MP-2', 'MP-3']);
    // A cloud whose edge passes 5 m from MP-1's centre: inside its 12 m disc.
    const cloud = { rings: [[[20, 105], [40, 105], [40, 130], [20, 130]] as [number, number][]] };
    expect(safeMusterPoints(MUSTER, SUMP_PIT, [cloud])).toEqual(['MP-2', 'MP-3']);
    // A muster point of the evacuated area itself is not a way out of it.
    expect(safeMusterPoints(MUSTER, { id: 'muster2', polygon: [[285, 8], [305, 8], [305, 28], [285, 28]] }, [])).toEqual(['MP-3', 'MP-1']);
  });
});
