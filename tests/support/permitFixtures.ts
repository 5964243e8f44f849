import { PermitSchema, type Permit, type PermitInput } from '../../main/contracts/index.js';
import { defaultPermitsConfig, type PermitLifecycleContext, type SiteCalendar } from '../../main/permits/index.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;

/** Local (UTC+8) wall-clock time as epoch ms: the site of the fixtures is in China. */
export function cst(isoLocal: string): number {
  return Date.parse(`${isoLocal}+08:00`);
}

/** Mon 2026-12-07 09:00 CST, a working day. */
export const MONDAY_9AM = cst('2026-12-07T09:00:00');

/** A calendar of the given local rest days (YYYY-MM-DD), night 22:00–06:00, UTC+8. */
export function calendarOf(restDays: readonly string[] = []): SiteCalendar {
  const { utcOffsetMin, nightStartMin, nightEndMin } = defaultPermitsConfig();
  return { isRestDay: (date) => restDays.includes(date), utcOffsetMin, nightStartMin, nightEndMin };
}

export function lifecycleContext(restDays: readonly string[] = []): PermitLifecycleContext {
  const { oxygenMinPct, oxygenMaxPct } = defaultPermitsConfig();
  return { calendar: calendarOf(restDays), oxygenMinPct, oxygenMaxPct };
}

const common = {
  location: { kind: 'point', point: [100, 50], zoneRadiusM: 5 },
  window: { startMs: MONDAY_9AM, endMs: MONDAY_9AM + 4 * HOUR_MS },
  description: '更换 P-101 出口法兰 / replace the P-101 outlet flange',
  entrantBadgeIds: ['B-001', 'B-002'],
  watcher: { badgeId: 'B-900', name: '王伟' },
  issuingUnit: '一车间',
  contractor: '华东安装公司',
};

const TYPE_FIELDS: Record<Permit['type'], Record<string, unknown>> = {
  hotWork: { type: 'hotWork', grade: 'second', method: 'electricWelding' },
  confinedSpace: { type: 'confinedSpace', spaceName: 'T-201 储罐', formerContents: '甲醇' },
  blinding: { type: 'blinding', operation: 'fit', blindNo: 'MB-07', pipeline: 'N2-102', medium: '氮气', mediumTemperatureC: 20, mediumPressureMPa: 0, blindMaterial: '20#', blindSpec: 'DN100 PN16' },
  workAtHeight: { type: 'workAtHeight', heightM: 8, grade: 'II', objectiveHazard: false },
  lifting: { type: 'lifting', loadMassT: 12, grade: 'third', liftPlanApproved: false, signallerName: '李强' },
  temporaryPower: { type: 'temporaryPower', connectionPoint: 'MCC-3 备用回路', powerKw: 15, voltageV: 380, electricianCertificateNo: 'T123456' },
  excavation: { type: 'excavation', depthM: 1, areaM2: 6 },
  roadClosure: { type: 'roadClosure', road: '三号路 A–B 段', trafficPlan: '东侧半幅通行，消防车道保持畅通' },
};

/** The raw body of a valid permit of a type, for schema tests to spoil. */
export function permitInput(type: Permit['type'], overrides: Record<string, unknown> = {}): PermitInput {
  return { number: `${type}-0001`, ...structuredClone(common), ...TYPE_FIELDS[type], ...overrides } as unknown as PermitInput;
}

/** A parsed, valid permit of a type. */
export function permitOf(type: Permit['type'], overrides: Record<string, unknown> = {}): Permit {
  return PermitSchema.parse(permitInput(type, overrides));
}
