import { THEME } from '../theme.js';

/**
 * Threat-zone colours follow the alarm palette by severity (ISA-101: colour means abnormal, and
 * a threat zone is): the life-threatening level (AEGL-3, ERPG-3, IDLH, 60 % LEL) in the urgent
 * red, disabling effects (AEGL-2, ERPG-2) in the high orange, discomfort or the 10 % LEL alert
 * level in the medium yellow. Custom levels take the low-priority blue.
 */
export function threatZoneColour(level: string): string {
  const name = level.split('/')[0]!.toUpperCase();
  if (name === 'AEGL-3' || name === 'ERPG-3' || name === 'IDLH' || name === 'LEL60') return THEME.alarm.urgent;
  if (name === 'AEGL-2' || name === 'ERPG-2') return THEME.alarm.high;
  if (name === 'AEGL-1' || name === 'ERPG-1' || name === 'LEL10') return THEME.alarm.medium;
  return THEME.alarm.low;
}

/** Severity rank for drawing order and legends: 0 is the most severe. */
export function threatZoneRank(level: string): number {
  const colour = threatZoneColour(level);
  const bySeverity: string[] = [THEME.alarm.urgent, THEME.alarm.high, THEME.alarm.medium, THEME.alarm.low];
  return bySeverity.indexOf(colour);
}
