import type { AlarmCondition, AlarmPriority, AlarmSourceKind, OwnerRule } from '../contracts/index.js';

/** What an owner rule looks at: the alarm's source, place, equipment, condition and priority. */
export type OwnerSubject = { sourceKind: AlarmSourceKind; sourceId: string; areaId?: string; equipmentId?: string; condition: AlarmCondition; priority: AlarmPriority };

function matches(rule: OwnerRule, s: OwnerSubject): boolean {
  // A rule that names areas (or equipment) does not match an alarm that has none: it is about a place.
  if (rule.areaIds && (s.areaId === undefined || !rule.areaIds.includes(s.areaId))) return false;
  if (rule.equipmentIds && (s.equipmentId === undefined || !rule.equipmentIds.includes(s.equipmentId))) return false;
  if (rule.sourceKinds && !rule.sourceKinds.includes(s.sourceKind)) return false;
  if (rule.conditions && !rule.conditions.includes(s.condition)) return false;
  if (rule.priorities && !rule.priorities.includes(s.priority)) return false;
  return true;
}

/** The owner post of an alarm: the first rule that matches (rules run in the order written), else the default post. */
export function ownerPostOf(rules: readonly OwnerRule[], subject: OwnerSubject, defaultPostId: string): string {
  return rules.find((rule) => matches(rule, subject))?.postId ?? defaultPostId;
}
