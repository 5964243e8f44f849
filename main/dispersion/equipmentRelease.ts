import type { DispersionWarning, Equipment, Scene, Substance } from '../contracts/index.js';
import { ZERO_CELSIUS_K, type Ambient } from './atmosphere.js';
import { resolveRelease, type ResolvedRelease } from './releaseSource.js';
import type { ReleaseInput } from './studySchema.js';
import { resolveSubstance, type ResolvedSubstance } from './substanceResolution.js';
import { findSubstance } from './substanceTable.js';

/**
 * Turns "a hole of d metres in equipment E" into a release, from what the scene knows: the
 * substance and how it is stored, the inventory, the design pressure and temperature. The choices
 * (all in docs/dispersion.md):
 * - gas storage: gas through the hole at the DESIGN pressure (gauge) — an upper bound of the
 *   operating pressure the scene does not give;
 * - liquefied gas: liquid through a hole at the bottom, under its vapour pressure at the operating
 *   (or ambient) temperature, head = inventory's liquid height; flashing, and the rainout boils;
 * - liquid: the same with no overpressure, the spill evaporating from a bund of four times the
 *   equipment's footprint (an assumed bund size);
 * - refrigerated liquid: at its boiling point, all boiling off as it spills.
 */
export class LeakRequestError extends Error {
  constructor(
    readonly code: 'ST_ERR_DISPERSION_UNKNOWN_EQUIPMENT' | 'ST_ERR_DISPERSION_NO_SUBSTANCE' | 'ST_ERR_DISPERSION_BAD_HOLE' | 'ST_ERR_DISPERSION_BAD_REQUEST',
    message: string,
  ) {
    super(message);
  }
}

/** The table entry for a scene substance: by CAS number, then id or name; else a passive tracer with the scene's data. */
export function substanceForScene(substance: Substance): ResolvedSubstance {
  const record = findSubstance(substance.casNumber) ?? findSubstance(substance.id) ?? findSubstance(substance.name.en);
  if (record) return { record, isTracer: false };
  return resolveSubstance({
    name: substance.name.en,
    molecularWeight: substance.molecularWeightGPerMol,
    ...(substance.idlhPpm !== undefined ? { idlhPpm: substance.idlhPpm } : {}),
    ...(substance.lelPercentVol !== undefined ? { lelPercentVol: substance.lelPercentVol } : {}),
  });
}

export type EquipmentLeakRequest = { equipmentId: string; holeDiameterM?: number; rateKgS?: number; durationS?: number; heightM?: number };

/** Height of a leak at a flange or fitting of grade-level pipework, when none is given. */
export const DEFAULT_LEAK_HEIGHT_M = 1;
export const BUND_AREA_TO_FOOTPRINT = 4;

export function equipmentRelease(
  scene: Scene,
  request: EquipmentLeakRequest,
  ambient: Ambient,
  windSpeed10Mps: number,
  warnings: DispersionWarning[],
): { equipment: Equipment; substance: ResolvedSubstance; sceneSubstance: Substance; release: ResolvedRelease } {
  const equipment = scene.equipment.find((e) => e.id === request.equipmentId);
  if (!equipment) throw new LeakRequestError('ST_ERR_DISPERSION_UNKNOWN_EQUIPMENT', `no equipment "${request.equipmentId}" in the scene`);
  const sceneSubstance = scene.substances.find((s) => s.id === equipment.substanceId);
  if (!sceneSubstance) throw new LeakRequestError('ST_ERR_DISPERSION_NO_SUBSTANCE', `equipment "${equipment.id}" holds no substance`);
  const substance = substanceForScene(sceneSubstance);
  const common = {
    x: equipment.position.x,
    y: equipment.position.y,
    heightM: request.heightM ?? DEFAULT_LEAK_HEIGHT_M,
    startS: 0,
    ...(request.durationS !== undefined ? { durationS: request.durationS } : {}),
    ...(equipment.inventoryKg !== undefined ? { inventoryKg: equipment.inventoryKg } : {}),
  };
  let input: ReleaseInput;
  if (request.rateKgS !== undefined) {
    input = { kind: 'direct', ...common, rateKgS: request.rateKgS };
  } else {
    const hole = request.holeDiameterM;
    if (hole === undefined || !(hole > 0)) throw new LeakRequestError('ST_ERR_DISPERSION_BAD_REQUEST', 'give a hole diameter (m) or a rate (kg/s)');
    const vesselDiameterM = Math.min(equipment.size.lengthM, equipment.size.widthM);
    if (hole > vesselDiameterM) throw new LeakRequestError('ST_ERR_DISPERSION_BAD_HOLE', `a ${hole} m hole is larger than ${equipment.id} (${vesselDiameterM} m across)`);
    if (substance.isTracer) throw new LeakRequestError('ST_ERR_DISPERSION_NO_SUBSTANCE', `${sceneSubstance.name.en} is not in the dispersion substance table: give a rate instead of a hole`);
    const temperatureC = equipment.operatingTemperatureC ?? ambient.airTemperatureC;
    const footprintM2 = equipment.size.lengthM * equipment.size.widthM;
    const liquidHeadM = liquidHeight(equipment, substance.record.liquidDensityKgM3);
    switch (sceneSubstance.storagePhase) {
      case 'gas':
        input = { kind: 'gasHole', ...common, holeDiameterM: hole, vesselDiameterM, temperatureC, ...(equipment.designPressureKPa !== undefined ? { pressureKPaGauge: equipment.designPressureKPa } : { pressureKPaGauge: 0 }) };
        if (equipment.designPressureKPa === undefined) warnings.push({ code: 'noDesignPressure', params: { equipmentId: equipment.id } });
        break;
      case 'liquefiedGas':
        input = { kind: 'liquidHole', ...common, holeDiameterM: hole, vesselDiameterM, temperatureC, liquidHeadM };
        break;
      case 'refrigeratedLiquid':
        input = { kind: 'liquidHole', ...common, holeDiameterM: hole, vesselDiameterM, temperatureC: substance.record.normalBoilingPointK - ZERO_CELSIUS_K + 0.5, liquidHeadM, pressureKPaGauge: 0 };
        break;
      default:
        input = { kind: 'liquidHole', ...common, holeDiameterM: hole, vesselDiameterM, temperatureC, liquidHeadM, pressureKPaGauge: 0, poolAreaM2: BUND_AREA_TO_FOOTPRINT * footprintM2 };
    }
  }
  const release = resolveRelease(input, substance, ambient, windSpeed10Mps, warnings);
  return { equipment, substance, sceneSubstance, release };
}

/** Liquid height from the inventory and the footprint (a vertical cylinder or box), capped at the equipment height. */
function liquidHeight(equipment: Equipment, liquidDensityKgM3: number): number {
  if (equipment.inventoryKg === undefined || !(liquidDensityKgM3 > 0)) return equipment.size.heightM / 2;
  const area = equipment.type === 'tank' || equipment.type === 'vessel' || equipment.type === 'reactor' || equipment.type === 'column' ? (Math.PI * equipment.size.lengthM ** 2) / 4 : equipment.size.lengthM * equipment.size.widthM;
  return Math.min(equipment.size.heightM, equipment.inventoryKg / liquidDensityKgM3 / area);
}
