import { ALARM_PRIORITIES, SENSOR_FLAGS, type AlarmPriority } from '@contracts';

/** outOfService: an alarm of the sensor is removed from service (ISA-18.2); it is marked apart from any colour. */
export type MarkerLook = { colour: 'normal' | 'stale' | AlarmPriority; blink: boolean; scale: number; outOfService: boolean };

/**
 * How a sensor marker looks from its frame flags, ISA-101 style: grey when normal, the priority
 * colour only while an alarm is active, blinking until acknowledged, small and dark when stale or bad.
 */
export function markerLook(flags: number): MarkerLook {
  const outOfService = (flags & SENSOR_FLAGS.outOfService) !== 0;
  if (flags & SENSOR_FLAGS.alarmActive) {
    const priority = ALARM_PRIORITIES[(flags >> SENSOR_FLAGS.priorityShift) & 3]!;
    return { colour: priority, blink: (flags & SENSOR_FLAGS.alarmUnacknowledged) !== 0, scale: 1.6, outOfService };
  }
  if (flags & (SENSOR_FLAGS.stale | SENSOR_FLAGS.bad)) return { colour: 'stale', blink: false, scale: 0.7, outOfService };
  return { colour: 'normal', blink: (flags & SENSOR_FLAGS.alarmUnacknowledged) !== 0, scale: 1, outOfService };
}

/** Scene unit codes as printed on an instrument faceplate. */
const UNIT_SYMBOL: Record<string, string> = { degC: '°C', 'm3/h': 'm³/h', '%vol': '% vol', deg: '°' };

/** A unit as printed (°C for the scene's degC). */
export function unitSymbol(unit: string): string {
  return UNIT_SYMBOL[unit] ?? unit;
}

/** Live value as an operator reads it: sensible digits for the magnitude, the unit's symbol. */
export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '—';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unitSymbol(unit)}`;
}
