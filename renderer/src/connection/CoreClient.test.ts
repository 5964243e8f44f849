import { SOCKET_EVENTS, type Alarm, type AlarmEventMessage } from '@contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** A socket.io client stand-in: the test fires server events and answers requests by hand. */
class FakeSocket {
  readonly handlers = new Map<string, ((...args: unknown[]) => void)[]>();
  readonly answers = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  on(event: string, handler: (...args: unknown[]) => void) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }
  emit() {
    return this;
  }
  timeout() {
    return { emitWithAck: (event: string, ...args: unknown[]) => this.answers.get(event)?.(...args) ?? new Promise(() => undefined) };
  }
  disconnect() {
    return this;
  }
  fire(event: string, ...args: unknown[]) {
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }
}

let socket: FakeSocket;
vi.mock('socket.io-client', () => ({ io: () => socket }));

const alarm = (alarmId: string): Alarm =>
  ({ alarmId, sourceId: alarmId.split(':')[0]!, sourceKind: 'sensor', condition: 'high', priority: 'high', state: 'unacknowledged', active: true, acknowledged: false, raisedAtMs: 1, shelvedUntilMs: undefined, suppressed: false, outOfService: false }) as unknown as Alarm;
const event = (seq: number, alarmId: string): AlarmEventMessage => ({ seq, alarm: alarm(alarmId) }) as AlarmEventMessage;
const deferred = <T>() => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
};

describe('CoreClient alarm list across live and replay', () => {
  let frameCallbacks: (() => void)[];
  beforeEach(() => {
    socket = new FakeSocket();
    frameCallbacks = [];
    vi.stubGlobal('window', { location: { origin: 'http://127.0.0.1:4800' } });
    vi.stubGlobal('sessionStorage', { getItem: () => null, setItem: () => undefined, removeItem: () => undefined });
    vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frameCallbacks.push(callback));
  });
  afterEach(() => vi.unstubAllGlobals());

  async function connectedClient() {
    const { CoreClient } = await import('./CoreClient.js');
    const client = new CoreClient('http://127.0.0.1:4800');
    (client as unknown as { connect(): void }).connect();
    return client;
  }

  it('live alarm events still waiting for the next paint never reach the replayed list', async () => {
    const client = await connectedClient();
    socket.answers.set(SOCKET_EVENTS.replayCommand, async () => ({ ok: true, value: { index: { files: [], startMs: 0, endMs: 1, channels: [], markers: [], siteId: 'x' }, state: { mode: 'replay' } } }));
    socket.fire(SOCKET_EVENTS.alarmEvent, event(1, 'GD-1:high'));
    // The replay opens before the browser paints: then the pending flush runs.
    await client.openReplay({ fromMs: 0, toMs: 1 });
    socket.fire(SOCKET_EVENTS.replayAlarmSnapshot, { seq: 0, alarms: [alarm('GD-9:high')] });
    frameCallbacks.forEach((callback) => callback());
    expect([...client.store.get().alarms.keys()]).toEqual(['GD-9:high']);
  });

  it('a live snapshot answered after the replay opened is dropped, and live again asks anew', async () => {
    const client = await connectedClient();
    // The connect's, the live list kept apart for the strip during the replay, and live again.
    const liveSnapshots = [deferred<unknown>(), deferred<unknown>(), deferred<unknown>()];
    let asked = 0;
    socket.answers.set(SOCKET_EVENTS.alarmSnapshot, () => liveSnapshots[asked++]!.promise);
    socket.answers.set(SOCKET_EVENTS.replayCommand, async (command) =>
      (command as { action: string }).action === 'open' ? { ok: true, value: { index: { files: [], startMs: 0, endMs: 1, channels: [], markers: [], siteId: 'x' }, state: { mode: 'replay' } } } : { ok: true, value: null },
    );
    socket.fire('connect');
    await client.openReplay({ fromMs: 0, toMs: 1 });
    socket.fire(SOCKET_EVENTS.replayAlarmSnapshot, { seq: 0, alarms: [alarm('GD-9:high')] });
    liveSnapshots[0]!.resolve({ ok: true, value: { seq: 5, alarms: [alarm('GD-LIVE:high')] } });
    await new Promise((r) => setTimeout(r, 0));
    expect([...client.store.get().alarms.keys()]).toEqual(['GD-9:high']);

    expect(asked).toBe(2);
    liveSnapshots[1]!.resolve({ ok: true, value: { seq: 6, alarms: [alarm('GD-LIVE:high')] } });
    await new Promise((r) => setTimeout(r, 0));
    expect([...client.store.get().alarms.keys()]).toEqual(['GD-9:high']);
    expect([...client.store.get().liveAlarmsAway.keys()]).toEqual(['GD-LIVE:high']);

    const back = client.backToLive();
    await new Promise((r) => setTimeout(r, 0));
    expect(asked).toBe(3);
    expect(client.store.get().liveAlarmsAway.size).toBe(0);
    liveSnapshots[2]!.resolve({ ok: true, value: { seq: 7, alarms: [alarm('GD-LIVE:high')] } });
    await back;
    expect([...client.store.get().alarms.keys()]).toEqual(['GD-LIVE:high']);
    expect(client.store.get().alarmSeq).toBe(7);
  });

  it('during a replay live alarm events keep the separate live list (for the strip) current, in sequence, and never touch the replayed list', async () => {
    const client = await connectedClient();
    const answers: Array<{ seq: number; alarms: Alarm[] }> = [{ seq: 3, alarms: [alarm('GD-1:high')] }, { seq: 6, alarms: [alarm('GD-1:high'), alarm('GD-2:high'), alarm('GD-3:high')] }];
    let asked = 0;
    socket.answers.set(SOCKET_EVENTS.alarmSnapshot, async () => ({ ok: true, value: answers[asked++] }));
    socket.answers.set(SOCKET_EVENTS.replayCommand, async () => ({ ok: true, value: { index: { files: [], startMs: 0, endMs: 1, channels: [], markers: [], siteId: 'x' }, state: { mode: 'replay' } } }));
    await client.openReplay({ fromMs: 0, toMs: 1 });
    socket.fire(SOCKET_EVENTS.replayAlarmSnapshot, { seq: 0, alarms: [alarm('GD-9:high')] });
    await new Promise((r) => setTimeout(r, 0));
    expect([...client.store.get().liveAlarmsAway.keys()]).toEqual(['GD-1:high']);

    socket.fire(SOCKET_EVENTS.alarmEvent, event(4, 'GD-2:high'));
    expect([...client.store.get().liveAlarmsAway.keys()].sort()).toEqual(['GD-1:high', 'GD-2:high']);
    expect(client.store.get().liveAlarmsWhileReplaying).toBe(1);
    // A gap (seq 5 missed): a fresh live snapshot, still apart from the replayed list.
    socket.fire(SOCKET_EVENTS.alarmEvent, event(6, 'GD-3:high'));
    await new Promise((r) => setTimeout(r, 0));
    expect(asked).toBe(2);
    expect([...client.store.get().liveAlarmsAway.keys()].sort()).toEqual(['GD-1:high', 'GD-2:high', 'GD-3:high']);
    frameCallbacks.forEach((callback) => callback());
    expect([...client.store.get().alarms.keys()]).toEqual(['GD-9:high']);
  });
});
