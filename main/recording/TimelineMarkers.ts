import type { TimelineMarker } from '../contracts/index.js';
import type { ChannelPayloads } from './messageCodec.js';
import type { ChannelKind } from './recordingFormat.js';

/**
 * Collects the timeline marks of a recording as its messages go by: alarm activations by
 * priority, operator actions (who, what), drill / simulation / incident spans and notes. The
 * recorder stores them in each file's safetwin.index metadata when the file closes, so that opening
 * a recording reads one record instead of every chunk.
 */
export class TimelineMarkers {
  private readonly list: TimelineMarker[] = [];
  private readonly openSpans = new Map<string, TimelineMarker>();

  add<K extends ChannelKind>(kind: K, logMs: number, payload: ChannelPayloads[K]): void {
    if (kind === 'alarmTransition') {
      const transition = payload as ChannelPayloads['alarmTransition'];
      const { alarm } = transition;
      if (transition.action === 'activate') this.list.push({ kind: 'alarm', tsMs: logMs, label: alarm.alarmId, priority: alarm.priority, alarmId: alarm.alarmId, by: transition.by });
      if (transition.by !== 'system') this.list.push({ kind: 'operatorAction', tsMs: logMs, label: `${transition.action} ${alarm.alarmId}`, priority: alarm.priority, alarmId: alarm.alarmId, by: transition.by });
    } else if (kind === 'marker') {
      const marker = payload as ChannelPayloads['marker'];
      if (marker.phase === 'end') {
        const open = this.openSpans.get(marker.id);
        if (open) {
          open.endMs = logMs;
          this.openSpans.delete(marker.id);
          return;
        }
      }
      const entry: TimelineMarker = { kind: marker.kind, tsMs: logMs, label: marker.label, spanId: marker.id };
      if (marker.what !== undefined) entry.what = marker.what;
      if (marker.phase === 'end') entry.endMs = logMs;
      if (marker.by !== undefined) entry.by = marker.by;
      this.list.push(entry);
      if (marker.phase === 'start') this.openSpans.set(marker.id, entry);
    } else if (kind === 'simulationRun') {
      const run = payload as ChannelPayloads['simulationRun'];
      this.list.push({ kind: 'simulation', tsMs: logMs, label: `${run.kind} ${run.runId}`, what: { code: 'simulationRecorded', model: run.kind }, by: run.by, spanId: run.runId });
    }
  }

  markers(): TimelineMarker[] {
    return [...this.list];
  }
}

/**
 * Joins the markers of consecutive files: a span started in one file and ended in a later one
 * becomes one span (its end recorded as an end-only marker with the same spanId).
 */
export function mergeMarkers(lists: TimelineMarker[][]): TimelineMarker[] {
  const merged: TimelineMarker[] = [];
  const openSpans = new Map<string, TimelineMarker>();
  for (const marker of lists.flat()) {
    const spanId = marker.spanId;
    if (spanId !== undefined && marker.endMs === marker.tsMs && openSpans.has(spanId)) {
      openSpans.get(spanId)!.endMs = marker.endMs;
      openSpans.delete(spanId);
      continue;
    }
    const copy = { ...marker };
    if (spanId !== undefined && copy.endMs === undefined && (copy.kind === 'drill' || copy.kind === 'incident' || copy.kind === 'note' || copy.kind === 'simulation')) openSpans.set(spanId, copy);
    merged.push(copy);
  }
  return merged.sort((a, b) => a.tsMs - b.tsMs);
}
