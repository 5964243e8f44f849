import type { AlarmCondition, AlarmSourceKind } from '../contracts/index.js';
import type { DispatchConfig } from './dispatchConfig.js';

/**
 * The area whose people an alarm sends out, or null: the alarm's own area when a rule matches (an O2 or toxic
 * detector's area, the voting area). An alarm without an area evacuates nobody by rule — the operator decides.
 */
export function evacuationAreaOf(
  rules: DispatchConfig['evacuationRules'],
  alarm: { sourceKind: AlarmSourceKind; condition: AlarmCondition; areaId?: string; sensorKind?: string; unit?: string },
): string | null {
  if (alarm.areaId === undefined) return null;
  const hit = rules.some(
    (r) =>
      r.conditions.includes(alarm.condition) &&
      (r.sourceKinds === undefined || r.sourceKinds.includes(alarm.sourceKind)) &&
      (r.sensorKinds === undefined || (alarm.sensorKind !== undefined && (r.sensorKinds as readonly string[]).includes(alarm.sensorKind))) &&
      (r.units === undefined || (alarm.unit !== undefined && r.units.includes(alarm.unit))),
  );
  return hit ? alarm.areaId : null;
}
