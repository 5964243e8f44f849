import { describe, expect, it } from 'vitest';
import type { MessageKind, WarningGrade } from '../contracts/index.js';
import { FloodDigest } from './floodDigest.js';

const item = (n: number, atMs: number, grade: WarningGrade = 1, kind: MessageKind = 'assigned') => ({ id: `m${n}`, kind, grade, createdAtMs: atMs });

describe('flood digest', () => {
  it('sends the first five of a window, folds the rest into one summary at its end', () => {
    const digest = new FloodDigest<ReturnType<typeof item>>({ windowS: 60, maxPerRecipient: 5 });
    let clock = 1_000_000;
    const outcomes = Array.from({ length: 28 }, (_, n) => digest.offer('p1/sms', item(n, clock, ((n % 4) + 1) as WarningGrade), (clock += 1_000)));
    expect(outcomes.filter((o) => o === 'send')).toHaveLength(5);
    expect(digest.heldCount).toBe(23);
    expect(digest.due(1_000_000 + 60_000)).toEqual([]);
    expect(digest.nextDueMs()).toBe(1_001_000 + 60_000);
    const [due, ...more] = digest.due(1_001_000 + 60_000);
    expect(more).toEqual([]);
    expect(due!.key).toBe('p1/sms');
    expect(due!.items.map((i) => i.id)).toEqual(Array.from({ length: 23 }, (_, n) => `m${n + 5}`));
    expect(due!.facts).toEqual({ count: 23, byGrade: { 1: 5, 2: 6, 3: 6, 4: 6 }, byKind: { assigned: 23 }, firstAtMs: 1_005_000, lastAtMs: 1_027_000 });
    expect(digest.heldCount).toBe(0);
    expect(digest.nextDueMs()).toBeNull();
    // The next message opens a fresh window and goes at once.
    expect(digest.offer('p1/sms', item(99, 1_100_000), 1_100_000)).toBe('send');
  });

  it('keeps recipients and channels apart', () => {
    const digest = new FloodDigest<ReturnType<typeof item>>({ windowS: 60, maxPerRecipient: 1 });
    expect(digest.offer('p1/sms', item(1, 0), 0)).toBe('send');
    expect(digest.offer('p1/email', item(2, 0), 0)).toBe('send');
    expect(digest.offer('p2/sms', item(3, 0), 0)).toBe('send');
    expect(digest.offer('p1/sms', item(4, 0), 10)).toBe('held');
    expect(digest.due(60_000).map((d) => [d.key, d.facts.count])).toEqual([['p1/sms', 1]]);
  });

  it('never holds an evacuation notice, and counts it', () => {
    const digest = new FloodDigest<ReturnType<typeof item>>({ windowS: 60, maxPerRecipient: 2 });
    expect(digest.offer('g', item(1, 0), 0)).toBe('send');
    expect(digest.offer('g', item(2, 0), 0)).toBe('send');
    expect(digest.offer('g', item(3, 0, 1, 'evacuate'), 1)).toBe('send');
    expect(digest.offer('g', item(4, 0, 2, 'escalated'), 2)).toBe('held');
    expect(digest.offer('g', item(5, 0, 2, 'cleared'), 3)).toBe('held');
    expect(digest.due(60_000)[0]!.facts.byKind).toEqual({ escalated: 1, cleared: 1 });
  });

  it('folds a message offered after the window ended but before it was flushed into that summary, not a new window', () => {
    const digest = new FloodDigest<ReturnType<typeof item>>({ windowS: 10, maxPerRecipient: 1 });
    digest.offer('g', item(1, 0), 0);
    digest.offer('g', item(2, 0), 1);
    expect(digest.offer('g', item(3, 0), 12_000)).toBe('held');
    expect(digest.due(12_000)[0]!.items.map((i) => i.id)).toEqual(['m2', 'm3']);
  });

  it('holds messages restored after a restart whatever the count', () => {
    const digest = new FloodDigest<ReturnType<typeof item>>({ windowS: 60, maxPerRecipient: 5 });
    digest.hold('g', item(1, 0), 500);
    expect(digest.offer('g', item(2, 0), 600)).toBe('held');
    expect(digest.due(60_500)[0]!.facts.count).toBe(2);
  });
});
