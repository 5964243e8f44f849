import { z } from 'zod';

/** ISA-18.2 priorities, most urgent first. */
export const ALARM_PRIORITIES = ['urgent', 'high', 'medium', 'low'] as const;
export const AlarmPrioritySchema = z.enum(ALARM_PRIORITIES);
export type AlarmPriority = z.infer<typeof AlarmPrioritySchema>;

/**
 * ISA-18.2 alarm states (figure 5 of ANSI/ISA-18.2-2016): normal, unacknowledged, acknowledged,
 * returned-to-normal unacknowledged, plus the shelved, suppressed-by-design and out-of-service states.
 */
export const ALARM_STATES = ['normal', 'unacknowledged', 'acknowledged', 'returnedUnacknowledged', 'shelved', 'suppressed', 'outOfService'] as const;
export const AlarmStateSchema = z.enum(ALARM_STATES);
export type AlarmState = z.infer<typeof AlarmStateSchema>;

export const AlarmSchema = z.object({
  alarmId: z.string().min(1),
  /** The scene object it belongs to (sensor, camera, area, …). */
  sourceId: z.string().min(1),
  condition: z.string().min(1),
  priority: AlarmPrioritySchema,
  state: AlarmStateSchema,
  value: z.number().optional(),
  unit: z.string().optional(),
  raisedAtMs: z.number(),
  changedAtMs: z.number(),
});
export type Alarm = z.infer<typeof AlarmSchema>;

/** Alarm events travel on their own sequenced channel: a gap in seq makes the client resync. */
export const AlarmEventMessageSchema = z.object({ seq: z.number().int().nonnegative(), alarm: AlarmSchema });
export type AlarmEventMessage = z.infer<typeof AlarmEventMessageSchema>;

export const AlarmSnapshotSchema = z.object({ seq: z.number().int().nonnegative(), alarms: z.array(AlarmSchema) });
export type AlarmSnapshot = z.infer<typeof AlarmSnapshotSchema>;

const PRIORITY_RANK: Record<AlarmPriority, number> = { urgent: 0, high: 1, medium: 2, low: 3 };
export function comparePriority(a: AlarmPriority, b: AlarmPriority): number {
  return PRIORITY_RANK[a] - PRIORITY_RANK[b];
}
