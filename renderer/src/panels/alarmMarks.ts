import { ALARM_PRIORITIES, type AlarmPriority } from '@contracts';
import type { TimeRange } from './trendWindow.js';

/**
 * A stored alarm transition as GET /api/history/alarms lists it (main/historian/historianBatch.ts
 * AlarmTransitionRow), the fields the trend uses.
 */
export type StoredTransition = { atMs: number; alarmId: string; sourceId: string; condition: string; priority: string; action: string; state: string };
export type AlarmHistoryResponse = { transitions: StoredTransition[]; truncated: boolean; counts: { total: number } };

/** One mark on the time axis: the activations within a few pixels of each other, shown once. */
export type AlarmMark = { xPx: number; firstMs: number; lastMs: number; count: number; priority: AlarmPriority; conditions: string[]; sourceIds: string[] };

const rank = (priority: string) => {
  const index = ALARM_PRIORITIES.indexOf(priority as AlarmPriority);
  return index < 0 ? ALARM_PRIORITIES.length : index;
};

/**
 * Where the alarm marks go on a time axis `widthPx` wide showing `range`: one mark per activation (an
 * alarm coming in; acknowledgements and clears are the same event's later steps), and activations
 * closer than `minGapPx` merged into one mark at their middle, counted and in the worst priority's
 * colour — a chattering alarm over a month is one mark saying ×40, not 40 marks drawn over each other
 * (ISA-18.2 treats such repeats as one problem to look at).
 */
export function placeAlarmMarks(transitions: readonly StoredTransition[], range: TimeRange, widthPx: number, minGapPx: number): AlarmMark[] {
  const spanMs = range.toMs - range.fromMs;
  if (spanMs <= 0 || widthPx <= 0) return [];
  const xOf = (atMs: number) => ((atMs - range.fromMs) / spanMs) * widthPx;
  const activations = transitions.filter((t) => t.action === 'activate' && t.atMs >= range.fromMs && t.atMs <= range.toMs).sort((a, b) => a.atMs - b.atMs);
  const marks: (AlarmMark & { firstX: number })[] = [];
  for (const t of activations) {
    const x = xOf(t.atMs);
    const current = marks.at(-1);
    if (current && x - current.firstX < minGapPx) {
      current.lastMs = t.atMs;
      current.count += 1;
      if (rank(t.priority) < rank(current.priority)) current.priority = t.priority as AlarmPriority;
      if (!current.conditions.includes(t.condition)) current.conditions.push(t.condition);
      if (!current.sourceIds.includes(t.sourceId)) current.sourceIds.push(t.sourceId);
      current.xPx = (current.firstX + x) / 2;
    } else {
      const priority = rank(t.priority) < ALARM_PRIORITIES.length ? (t.priority as AlarmPriority) : 'low';
      marks.push({ xPx: x, firstX: x, firstMs: t.atMs, lastMs: t.atMs, count: 1, priority, conditions: [t.condition], sourceIds: [t.sourceId] });
    }
  }
  return marks.map(({ firstX: _firstX, ...mark }) => mark);
}
