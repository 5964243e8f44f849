import { describe, expect, it } from 'vitest';
import { SENSOR_FLAGS } from '@contracts';
import { formatValue, markerLook } from './liveColours.js';

describe('sensor marker look', () => {
  it('is grey when normal and coloured by priority only in alarm', () => {
    expect(markerLook(0)).toEqual({ colour: 'normal', blink: false, scale: 1, outOfService: false });
    const urgentUnacked = SENSOR_FLAGS.alarmActive | SENSOR_FLAGS.alarmUnacknowledged | (0 << SENSOR_FLAGS.priorityShift);
    expect(markerLook(urgentUnacked)).toEqual({ colour: 'urgent', blink: true, scale: 1.6, outOfService: false });
    expect(markerLook(SENSOR_FLAGS.alarmActive | (2 << SENSOR_FLAGS.priorityShift))).toMatchObject({ colour: 'medium', blink: false });
  });
  it('marks a sensor out of service apart, whatever its alarm colour', () => {
    expect(markerLook(SENSOR_FLAGS.outOfService)).toEqual({ colour: 'normal', blink: false, scale: 1, outOfService: true });
    expect(markerLook(SENSOR_FLAGS.outOfService | SENSOR_FLAGS.alarmActive)).toMatchObject({ colour: 'urgent', outOfService: true });
  });
  it('marks stale and bad sensors apart', () => {
    expect(markerLook(SENSOR_FLAGS.stale).colour).toBe('stale');
    expect(markerLook(SENSOR_FLAGS.bad).colour).toBe('stale');
  });
  it('formats values with digits by magnitude', () => {
    expect(formatValue(0.3456, 'ppm')).toBe('0.35 ppm');
    expect(formatValue(24.56, '%LEL')).toBe('24.6 %LEL');
    expect(formatValue(1770.4, 'kPa')).toBe('1770 kPa');
    expect(formatValue(Number.NaN, 'kPa')).toBe('—');
    expect(formatValue(21.456, 'degC')).toBe('21.5 °C');
  });
});
