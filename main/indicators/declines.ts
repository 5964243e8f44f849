import type { IndicatorDecline, IndicatorDefinition, IndicatorTrend } from '../contracts/index.js';

/**
 * A graded warning when an indicator got worse for `consecutive` periods in a row up to the trend's last point
 * (docs/indicators.md §3): each of the last N periods worse than the one before it, by the indicator's direction
 * (a rate going up, a closure rate going down); a period equal to the one before, or without a value, ends the
 * run. The grade follows the run's length, as the dispatch grades do (1 red the most serious): N periods 4
 * (blue), N + 1 3 (yellow), N + 2 2 (orange), N + 3 or more 1 (red). Null when the run is shorter than N.
 * The caller gives complete periods (a running week would compare a part with a whole).
 */
export function declines(trend: IndicatorTrend, def: IndicatorDefinition, consecutive: number): IndicatorDecline | null {
  if (!Number.isInteger(consecutive) || consecutive < 1) throw new RangeError(`consecutive periods must be a whole number ≥ 1: ${consecutive}`);
  const { points } = trend;
  let run = 0;
  for (let i = points.length - 1; i > 0; i--) {
    const now = points[i]!.value;
    const before = points[i - 1]!.value;
    if (now === null || before === null || !worse(now, before, def)) break;
    run += 1;
  }
  if (run < consecutive) return null;
  const grade = run >= consecutive + 3 ? 1 : run === consecutive + 2 ? 2 : run === consecutive + 1 ? 3 : 4;
  return {
    indicatorId: trend.indicatorId,
    dimension: trend.dimension,
    key: trend.key,
    periods: run,
    period: trend.period,
    fromValue: points[points.length - 1 - run]!.value!,
    toValue: points[points.length - 1]!.value!,
    grade,
  };
}

function worse(now: number, before: number, def: IndicatorDefinition): boolean {
  return def.direction === 'higherIsBetter' ? now < before : now > before;
}
