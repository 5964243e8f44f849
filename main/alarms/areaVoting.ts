import type { AlarmCondition, AlarmPriority, Scene } from '../contracts/index.js';
import type { AlarmConfig } from './alarmConfig.js';

/**
 * M-out-of-N voting of the gas detectors of one area (MooN, as in IEC 61511 voting of
 * initiators): one detector in alarm may be a faulty head or a local puff; M at once is a
 * confirmed release, alarmed as '<areaId>:areaVoting'.
 */
export type VotingGroup = {
  areaId: string;
  m: number;
  conditions: ReadonlySet<AlarmCondition>;
  priority: AlarmPriority;
  /** Scene indices of the gas detectors whose areaId is this area. */
  detectorIndices: readonly number[];
};

/**
 * The voting groups of a scene: an explicit rule for an area wins; otherwise the default rule
 * (when enabled) covers every area with at least max(2, m) gas detectors. Problems with the
 * configuration (unknown area, M larger than N) are appended to `warnings`.
 */
export function resolveVotingGroups(scene: Pick<Scene, 'areas' | 'sensors'>, config: AlarmConfig, warnings: string[]): VotingGroup[] {
  const detectorsByArea = new Map<string, number[]>();
  scene.sensors.forEach((sensor, index) => {
    if (sensor.kind !== 'gas' || sensor.areaId === undefined) return;
    const list = detectorsByArea.get(sensor.areaId) ?? [];
    list.push(index);
    detectorsByArea.set(sensor.areaId, list);
  });
  const areaIds = new Set(scene.areas.map((a) => a.id));
  const explicit = new Map(config.voting.rules.map((rule) => [rule.areaId, rule]));
  for (const rule of config.voting.rules) {
    if (!areaIds.has(rule.areaId)) warnings.push(`voting rule for unknown area "${rule.areaId}"`);
  }
  const groups: VotingGroup[] = [];
  const defaultRule = config.voting.defaultRule;
  for (const area of scene.areas) {
    const detectorIndices = detectorsByArea.get(area.id) ?? [];
    const rule = explicit.get(area.id);
    if (rule) {
      if (rule.m > detectorIndices.length) warnings.push(`voting rule for area "${area.id}" needs ${rule.m} detectors but the area has ${detectorIndices.length}`);
      groups.push({ areaId: area.id, m: rule.m, conditions: new Set(rule.conditions), priority: rule.priority, detectorIndices });
    } else if (defaultRule.enabled && detectorIndices.length >= Math.max(2, defaultRule.m)) {
      groups.push({ areaId: area.id, m: defaultRule.m, conditions: new Set(defaultRule.conditions), priority: defaultRule.priority, detectorIndices });
    }
  }
  return groups;
}
