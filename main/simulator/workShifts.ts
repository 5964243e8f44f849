import type { Person } from '../contracts/index.js';
import { hashUniform } from './random.js';

/**
 * When each badge holder is on site: a pure function of time, role and seed, so a simulation
 * started at any instant finds the same people at work as one that ran up to it.
 *
 * - Operators: four crews on three 8-hour shifts (the 四班三倒 pattern of continuous chemical plants),
 *   rotating forward over 8 days: morning, morning, evening, evening, rest, night, night, rest. Four
 *   crews offset by two days cover every shift every day with exactly one crew.
 * - Security: four guards on 12-hour day/night shifts over a 4-day cycle (day, night, rest, rest).
 * - Maintenance and contractors: day work 08:00–17:00; visitors 09:30–15:30.
 * Every day is a working day (no weekends or holidays): simpler, and the demo is never empty.
 * Operators arrive 10–30 min early for the shift handover (交接班) and leave 5–20 min after it;
 * day workers arrive within ±15 min of the start and leave up to 25 min after the end.
 * Only the people on shift are on site — about 45 of the demo's 66 badges in the day, 7 at night.
 */
export type PresenceWindow = { arrivalMs: number; departureMs: number };

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

type ShiftHours = { startH: number; endH: number };

const OPERATOR_ROTATION: (ShiftHours | undefined)[] = [
  { startH: 8, endH: 16 },
  { startH: 8, endH: 16 },
  { startH: 16, endH: 24 },
  { startH: 16, endH: 24 },
  undefined,
  { startH: 0, endH: 8 },
  { startH: 0, endH: 8 },
  undefined,
];
const SECURITY_ROTATION: (ShiftHours | undefined)[] = [{ startH: 7, endH: 19 }, { startH: 19, endH: 31 }, undefined, undefined];
const DAY_WORK: ShiftHours = { startH: 8, endH: 17 };
const VISIT: ShiftHours = { startH: 9.5, endH: 15.5 };

const modulo = (a: number, n: number) => ((a % n) + n) % n;

/** The plant's civil time: the whole-hour zone nearest the longitude unless the caller says otherwise. */
export function civilUtcOffsetMs(longitudeDeg: number): number {
  return Math.round(longitudeDeg / 15) * MS_PER_HOUR;
}

export function localDayIndex(tMs: number, utcOffsetMs: number): number {
  return Math.floor((tMs + utcOffsetMs) / MS_PER_DAY);
}

export function localHour(tMs: number, utcOffsetMs: number): number {
  return modulo(tMs + utcOffsetMs, MS_PER_DAY) / MS_PER_HOUR;
}

/** The shift a person works on a local day (hours from that day's midnight; may run past 24). */
export function shiftOnDay(person: Person, index: number, day: number): ShiftHours | undefined {
  switch (person.role) {
    case 'operator':
      return OPERATOR_ROTATION[modulo(day + 2 * (index % 4), 8)];
    case 'security':
      return SECURITY_ROTATION[modulo(day + (index % 4), 4)];
    case 'maintenance':
    case 'contractor':
      return DAY_WORK;
    case 'visitor':
      return VISIT;
  }
}

/** Arrival and departure for one day's shift, with the person's own lateness that day. */
function windowOnDay(person: Person, index: number, day: number, seed: number, utcOffsetMs: number): PresenceWindow | undefined {
  const shift = shiftOnDay(person, index, day);
  if (!shift) return undefined;
  const midnightMs = day * MS_PER_DAY - utcOffsetMs;
  const early = hashUniform(seed, `${person.badgeId}:${day}:arrive`);
  const late = hashUniform(seed, `${person.badgeId}:${day}:leave`);
  const isOperator = person.role === 'operator';
  const arrivalOffsetMin = isOperator ? -30 + 20 * early : -15 + 30 * early;
  const departureOffsetMin = isOperator ? 5 + 15 * late : 25 * late;
  return {
    arrivalMs: midnightMs + shift.startH * MS_PER_HOUR + arrivalOffsetMin * 60_000,
    departureMs: midnightMs + shift.endH * MS_PER_HOUR + departureOffsetMin * 60_000,
  };
}

/** The presence window containing tMs, if the person is due on site then. */
export function presenceWindowAt(person: Person, index: number, tMs: number, seed: number, utcOffsetMs: number): PresenceWindow | undefined {
  const day = localDayIndex(tMs, utcOffsetMs);
  // Yesterday's night shift may still run, tomorrow's 00:00 shift may already have arrived.
  for (const d of [day - 1, day, day + 1]) {
    const window = windowOnDay(person, index, d, seed, utcOffsetMs);
    if (window && tMs >= window.arrivalMs && tMs < window.departureMs) return window;
  }
  return undefined;
}
