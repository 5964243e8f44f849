import type { AlarmConfig } from '../alarms/index.js';
import { civilUtcOffsetMs } from '../simulator/index.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** The operators' shifts in plant time: each runs from its start to the next one's, round the clock. */
export interface ShiftCalendar {
  /** Local starts as "HH:MM", in the order of the day (the shift's id in the API). */
  startsLocal: string[];
  /** Minutes after local midnight, the same order. */
  startMinutes: number[];
  utcOffsetMs: number;
}

/** The alarm config's shifts (alarmConfig.ts `shifts`), in the plant's civil time (its own offset, else the simulator's: the zone nearest the site's longitude). */
export function shiftCalendar(shifts: AlarmConfig['shifts'], siteLongitudeDeg: number): ShiftCalendar {
  const starts = shifts.startsLocal.map((text) => ({ text, minutes: Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5)) })).sort((a, b) => a.minutes - b.minutes);
  return {
    startsLocal: starts.map((s) => s.text),
    startMinutes: starts.map((s) => s.minutes),
    utcOffsetMs: shifts.utcOffsetMinutes !== undefined ? shifts.utcOffsetMinutes * MINUTE_MS : civilUtcOffsetMs(siteLongitudeDeg),
  };
}

/** The shift an instant falls in: its id (local start) and when that occurrence began (epoch ms). */
export function shiftAt(tMs: number, calendar: ShiftCalendar): { shift: string; startMs: number } {
  const localMs = tMs + calendar.utcOffsetMs;
  const localMidnightMs = Math.floor(localMs / DAY_MS) * DAY_MS;
  const minuteOfDay = (localMs - localMidnightMs) / MINUTE_MS;
  let index = calendar.startMinutes.length - 1;
  while (index >= 0 && calendar.startMinutes[index]! > minuteOfDay) index--;
  // Before the day's first start: the last shift of the day before is still on.
  const dayStartMs = index >= 0 ? localMidnightMs : localMidnightMs - DAY_MS;
  if (index < 0) index = calendar.startMinutes.length - 1;
  return { shift: calendar.startsLocal[index]!, startMs: dayStartMs + calendar.startMinutes[index]! * MINUTE_MS - calendar.utcOffsetMs };
}
