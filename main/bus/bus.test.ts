import { describe, expect, it } from 'vitest';
import type { Alarm } from '../contracts/index.js';
import { AlarmBoard } from './AlarmBoard.js';
import { MessageBus } from './MessageBus.js';

type Topics = { a: number; b: string };

describe('message bus', () => {
  it('delivers to every subscriber of a topic, in order', () => {
    const bus = new MessageBus<Topics>();
    const seen: string[] = [];
    bus.subscribe('a', (n) => seen.push(`1:${n}`));
    bus.subscribe('a', (n) => seen.push(`2:${n}`));
    bus.subscribe('b', (s) => seen.push(`b:${s}`));
    bus.publish('a', 7);
    expect(seen).toEqual(['1:7', '2:7']);
    expect(bus.publishedCount('a')).toBe(1);
    expect(bus.publishedCount('b')).toBe(0);
  });

  it('isolates a throwing subscriber and counts it', () => {
    const errors: unknown[] = [];
    const bus = new MessageBus<Topics>((_topic, error) => errors.push(error));
    const seen: number[] = [];
    bus.subscribe('a', () => {
      throw new Error('bad plug-in');
    });
    bus.subscribe('a', (n) => seen.push(n));
    expect(() => bus.publish('a', 1)).not.toThrow();
    expect(seen).toEqual([1]);
    expect(bus.handlerErrors).toBe(1);
    expect(errors).toHaveLength(1);
  });

  it('unsubscribes, also from inside a handler', () => {
    const bus = new MessageBus<Topics>();
    const seen: number[] = [];
    const off = bus.subscribe('a', (n) => {
      seen.push(n);
      off();
    });
    bus.publish('a', 1);
    bus.publish('a', 2);
    expect(seen).toEqual([1]);
    expect(bus.subscriberCount('a')).toBe(0);
  });
});

describe('alarm board', () => {
  const alarm = (alarmId: string, state: Alarm['state']): Alarm => ({ alarmId, sourceId: 'GD-1', sourceKind: 'sensor', condition: 'high', priority: 'high', state, active: state !== 'normal', acknowledged: state === 'acknowledged' || state === 'normal', suppressed: false, outOfService: false, latched: false, firstOut: false, raisedAtMs: 1, changedAtMs: 2 });

  it('numbers every change and keeps only alarms not back to normal', () => {
    const board = new AlarmBoard();
    expect(board.apply(alarm('a1', 'unacknowledged')).seq).toBe(1);
    expect(board.apply(alarm('a2', 'unacknowledged')).seq).toBe(2);
    expect(board.apply(alarm('a1', 'acknowledged')).seq).toBe(3);
    expect(board.apply(alarm('a2', 'normal')).seq).toBe(4);
    expect(board.snapshot()).toEqual({ seq: 4, alarms: [alarm('a1', 'acknowledged')] });
  });
});
