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

  const INDEX = { files: [], startMs: 0, endMs: 1, channels: [], markers: [], siteId: 'x' };
  const state = (mode: 'live' | 'replay', seekSeq: number) => ({ mode, seekSeq, presence: 'present', playing: false, speed: 1, currentMs: 0, startMs: 0, endMs: 1, ended: false, problems: [], capabilities: { play: mode === 'replay', seek: mode === 'replay', speed: mode === 'replay', acknowledge: mode === 'live', inject: false, annotate: mode === 'replay' } });
  const snapshot = (seekSeq: number, seq: number, ...alarmIds: string[]) => ({ kind: 'snapshot', seekSeq, seq, alarms: alarmIds.map(alarm) });
  const playerEvent = (seekSeq: number, seq: number, alarmId: string) => ({ kind: 'event', seekSeq, ...event(seq, alarmId) });

  /** The core swaps the screen's player as the real host does: the new state and alarm snapshot, then the answer. */
  function answerOpenAndClose(liveSeekSeq: () => number) {
    socket.answers.set(SOCKET_EVENTS.playerCommand, async (command) => {
      const action = (command as { action: string }).action;
      if (action === 'open') {
        socket.fire(SOCKET_EVENTS.playerState, state('replay', liveSeekSeq() + 1));
        socket.fire(SOCKET_EVENTS.playerAlarms, snapshot(liveSeekSeq() + 1, 1, 'GD-9:high'));
        return { ok: true, value: { index: INDEX, state: state('replay', liveSeekSeq() + 1), bookmarks: [] } };
      }
      socket.fire(SOCKET_EVENTS.playerState, state('live', liveSeekSeq() + 2));
      socket.fire(SOCKET_EVENTS.playerAlarms, snapshot(liveSeekSeq() + 2, 7, 'GD-LIVE:high'));
      return { ok: true, value: null };
    });
  }

  it('live alarm events still waiting for the next paint never reach the replayed list', async () => {
    const client = await connectedClient();
    socket.fire('connect');
    socket.fire(SOCKET_EVENTS.playerState, state('live', 1));
    socket.fire(SOCKET_EVENTS.playerAlarms, snapshot(1, 0));
    answerOpenAndClose(() => 1);
    socket.fire(SOCKET_EVENTS.playerAlarms, playerEvent(1, 1, 'GD-1:high'));
    // The replay opens before the browser paints: then the pending flush runs.
    await client.openReplay({ fromMs: 0, toMs: 1 });
    frameCallbacks.forEach((callback) => callback());
    expect(client.store.get().player.mode).toBe('replay');
    expect([...client.store.get().alarms.keys()]).toEqual(['GD-9:high']);
    // A live event sent before the swap but arriving after it carries the old seekSeq: dropped too.
    socket.fire(SOCKET_EVENTS.playerAlarms, playerEvent(1, 2, 'GD-2:high'));
    frameCallbacks.forEach((callback) => callback());
    expect([...client.store.get().alarms.keys()]).toEqual(['GD-9:high']);
  });

  it('frames of a picture the screen has left are acknowledged and not shown', async () => {
    const client = await connectedClient();
    socket.fire('connect');
    socket.fire(SOCKET_EVENTS.playerState, state('live', 2));
    const frame = (seekSeq: number, value: number) => ({ seq: 1, seekSeq, tsMs: 0, indices: new Uint32Array([0]), values: new Float64Array([value]), sampleTsMs: new Float64Array([0]), flags: new Uint8Array([0]), workers: [], coalesced: 0 });
    const acks: number[] = [];
    socket.fire(SOCKET_EVENTS.playerFrame, frame(1, 11), () => acks.push(1));
    expect(acks).toEqual([1]);
    expect(client.live.framesApplied).toBe(0);
    socket.fire(SOCKET_EVENTS.playerFrame, frame(2, 22), () => acks.push(2));
    // Shown, and acknowledged only once the browser has drawn it.
    expect(client.live.values[0]).toBe(22);
    expect(acks).toEqual([1]);
    frameCallbacks.forEach((callback) => callback());
    expect(acks).toEqual([1, 2]);
  });

  it('during a replay live alarm events keep the separate live list (for the strip) current, in sequence, and never touch the replayed list; live again shows the live snapshot', async () => {
    const client = await connectedClient();
    const answers: Array<{ seq: number; alarms: Alarm[] }> = [{ seq: 3, alarms: [alarm('GD-1:high')] }, { seq: 6, alarms: [alarm('GD-1:high'), alarm('GD-2:high'), alarm('GD-3:high')] }];
    let asked = 0;
    socket.answers.set(SOCKET_EVENTS.alarmSnapshot, async () => ({ ok: true, value: answers[asked++] }));
    socket.fire('connect');
    socket.fire(SOCKET_EVENTS.playerState, state('live', 1));
    answerOpenAndClose(() => 1);
    await client.openReplay({ fromMs: 0, toMs: 1 });
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

    await client.backToLive();
    expect(client.store.get().player.mode).toBe('live');
    expect(client.store.get().liveAlarmsAway.size).toBe(0);
    expect([...client.store.get().alarms.keys()]).toEqual(['GD-LIVE:high']);
    expect(client.store.get().alarmSeq).toBe(7);
  });
});
