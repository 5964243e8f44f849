import type { Sensor } from '@contracts';

/** At most this many sensors on one chart: beyond four, lines told apart by grey and dash alone blur. */
export const MAX_SENSORS = 4;
/** Value axes: one on each side, so at most two units on one chart. */
const MAX_UNITS = 2;

/** Sensors that may join the chart: not on it yet, in a unit it has (or room for a second unit); the same equipment's first, then the same area's. */
export function addableSensors(all: readonly Sensor[], onChart: readonly Sensor[]): Sensor[] {
  const units = new Set(onChart.map((s) => s.unit));
  const first = onChart[0]!;
  const closeness = (s: Sensor) => (s.equipmentId !== undefined && s.equipmentId === first.equipmentId ? 0 : s.areaId === first.areaId ? 1 : 2);
  return all
    .filter((s) => !onChart.some((c) => c.id === s.id) && (units.has(s.unit) || units.size < MAX_UNITS))
    .sort((a, b) => closeness(a) - closeness(b) || a.id.localeCompare(b.id));
}
