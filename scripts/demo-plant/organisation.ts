import type { SceneInput } from '../../main/contracts/index.js';

type DepartmentInput = NonNullable<NonNullable<SceneInput['organisation']>['departments']>[number];
const zh = (en: string, zhCN: string) => ({ en, 'zh-CN': zhCN });

/** The demo plant's departments (issue 20): each owns its areas; muster areas belong to none (everyone's). */
export const DEMO_DEPARTMENTS: DepartmentInput[] = [
  { id: 'production1', name: zh('Production department 1', '生产一部'), areaIds: ['unit1', 'sumpPit1', 'unit1Zone1'] },
  { id: 'production2', name: zh('Production department 2', '生产二部'), areaIds: ['unit2'] },
  { id: 'storage', name: zh('Storage and transport department', '储运部'), areaIds: ['tankFarm', 'lpgZone', 'valvePit', 'loading', 'chlorineYard'] },
  { id: 'utilities', name: zh('Utilities department', '公用工程部'), areaIds: ['utilities', 'workshop'] },
  { id: 'administration', name: zh('Administration department', '行政部'), areaIds: ['admin', 'warehouse'] },
];

/**
 * The department of the demo's n-th person of a role: operators in turn to the two production departments and
 * storage, maintenance to utilities, security to administration; contractors and visitors belong to none
 * (contractors are compared by their company).
 */
export function demoDepartmentOf(role: string, index: number): string | undefined {
  if (role === 'operator') return (['production1', 'production2', 'storage'] as const)[index % 3];
  if (role === 'maintenance') return 'utilities';
  if (role === 'security') return 'administration';
  return undefined;
}
