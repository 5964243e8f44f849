import type { Equipment, Scene, Sensor } from '../contracts/index.js';
import { firstOrderLag, Rng } from './random.js';
import { operatingWindowOf } from './sensorOperatingWindow.js';
import {
  impliedDensityKgPerM3,
  levelSpanM,
  liquidHeightM,
  liquidVolumeM3,
  MAX_FILL_FRACTION,
  totalVolumeM3,
  vesselShapeOf,
  type VesselShape,
} from './vesselGeometry.js';

/**
 * Storage vessels and the road loading bays that empty them: trucks arrive at random, a loading arm
 * runs at its rate until the truck is full, the source vessel's liquid volume falls by the metered
 * flow (so its level falls at flow / liquid surface area), and rundown from the process refills a
 * vessel when its level gets low. The controls keep every level inside its sensor's normal window.
 */
export type StorageParameters = {
  /**
   * Liquid-surface temperature lag behind the air. The bulk of a large tank answers in weeks
   * (m·cp/UA ≈ 4.6 GJ/K ÷ 4.7 kW/K ≈ 11 days for the demo's 20 m benzene tank at U ≈ 5 W/m²K); the
   * surface layer and the shell, which set the vapour space and the vapour pressure, in hours.
   */
  liquidSurfaceTimeConstantS: number;
  /** Road tanker load: ~30 m³ (a 40 t ADR/GB 1589 combination carries ~25–32 t of product); at most 10 % of the vessel. */
  truckVolumeM3: number;
  /** Truck arrivals per arm: Poisson, this mean gap (assumed), never closer than the minimum. */
  meanTruckGapS: number;
  minTruckGapS: number;
  /**
   * Arm rate without a high alarm to size it from: a DN80 arm at ~3 m/s ≈ 54 m³/h, below the 7 m/s
   * static-electricity limit of API RP 2003 / IEC TS 60079-32-1 for loading.
   */
  defaultLoadingRateM3PerH: number;
  /** Arm rate as a fraction of the flow sensor's high alarm (0.6 × 90 m³/h = 54 m³/h for the demo). */
  loadingRateFractionOfHigh: number;
  /** Pump start and stop: linear ramp (s). */
  pumpRampS: number;
  /** Rundown from the units into a low vessel, per hour, as a fraction of its volume (assumed). */
  receiptFractionPerHour: number;
};

export const DEFAULT_STORAGE: StorageParameters = {
  liquidSurfaceTimeConstantS: 8 * 3600,
  truckVolumeM3: 30,
  meanTruckGapS: 45 * 60,
  minTruckGapS: 5 * 60,
  defaultLoadingRateM3PerH: 54,
  loadingRateFractionOfHigh: 0.6,
  pumpRampS: 60,
  receiptFractionPerHour: 0.04,
};

export type StorageVessel = {
  equipment: Equipment;
  shape: VesselShape;
  densityKgPerM3: number;
  volumeM3: number;
  surfaceTemperatureC: number;
  receiving: boolean;
  /** Current outflow to trucks (m³/h). */
  dispatchM3PerH: number;
  /** Control thresholds in percent of the level span. */
  dispatchMinPercent: number;
  receiptStartPercent: number;
  receiptStopPercent: number;
};

type LoadingArm = {
  sensor: Sensor;
  substanceId: string;
  rng: Rng;
  /** Loading rate in the sensor's unit, so the reading sits at the same place below the alarm whatever the product's density. */
  rateInUnit: number;
  truck: { vessel: StorageVessel; volumeM3: number; loadedM3: number; startedMs: number } | undefined;
  nextTruckMs: number;
  flowInUnit: number;
};

export function levelPercent(vessel: StorageVessel): number {
  return (100 * liquidHeightM(vessel.shape, vessel.volumeM3)) / levelSpanM(vessel.shape);
}

/** Flow sensors of a loading bay that carry a product: each is one loading arm. */
export function isLoadingArmSensor(sensor: Sensor, equipmentById: ReadonlyMap<string, Equipment>, loadingAreaIds: ReadonlySet<string>): boolean {
  if (sensor.kind !== 'flow' || sensor.substanceId === undefined) return false;
  if (sensor.limits.low !== undefined || sensor.limits.lowLow !== undefined) return false; // a flow that must never stop is a process flow
  const equipment = sensor.equipmentId ? equipmentById.get(sensor.equipmentId) : undefined;
  return equipment?.type === 'loadingBay' || (sensor.areaId !== undefined && loadingAreaIds.has(sensor.areaId));
}

/** A flow in a flow sensor's unit (SENSOR_UNITS.flow) as a volume flow, m³/h. */
export function flowToM3PerH(flow: number, unit: string, densityKgPerM3: number): number {
  if (unit === 't/h') return (flow * 1000) / densityKgPerM3;
  if (unit === 'kg/s') return (flow * 3600) / densityKgPerM3;
  return flow;
}

export class StorageOperations {
  readonly vessels = new Map<string, StorageVessel>();
  private readonly arms = new Map<string, LoadingArm>();

  constructor(scene: Scene, seed: number, startMs: number, airTemperatureC: number, private readonly parameters: StorageParameters = DEFAULT_STORAGE) {
    const levelSensorOf = new Map(scene.sensors.filter((s) => s.kind === 'level' && s.equipmentId).map((s) => [s.equipmentId!, s]));
    for (const equipment of scene.equipment) {
      const shape = vesselShapeOf(equipment);
      if (!shape) continue;
      this.vessels.set(equipment.id, this.createVessel(equipment, shape, levelSensorOf.get(equipment.id), airTemperatureC));
    }
    const equipmentById = new Map(scene.equipment.map((e) => [e.id, e]));
    const loadingAreaIds = new Set(scene.areas.filter((a) => a.kind === 'loading').map((a) => a.id));
    for (const sensor of scene.sensors) {
      if (!isLoadingArmSensor(sensor, equipmentById, loadingAreaIds)) continue;
      const rng = new Rng(seed, `loading:${sensor.id}`);
      const high = sensor.limits.high ?? sensor.limits.highHigh;
      const defaultInUnit = sensor.unit === 't/h' ? parameters.defaultLoadingRateM3PerH * 0.8 : sensor.unit === 'kg/s' ? (parameters.defaultLoadingRateM3PerH * 800) / 3600 : parameters.defaultLoadingRateM3PerH;
      const rateInUnit = high !== undefined && high > 0 ? parameters.loadingRateFractionOfHigh * high : defaultInUnit;
      const arm: LoadingArm = { sensor, substanceId: sensor.substanceId!, rng, rateInUnit, truck: undefined, nextTruckMs: 0, flowInUnit: 0 };
      // Open the demo mid-shift: about as many arms busy as the duty cycle gives, with part of a load in.
      const loadS = (parameters.truckVolumeM3 / flowToM3PerH(rateInUnit, sensor.unit, 800)) * 3600;
      if (rng.uniform() < loadS / (loadS + parameters.meanTruckGapS)) this.startTruck(arm, startMs - 120_000, rng.range(0.1, 0.9));
      else arm.nextTruckMs = startMs + rng.exponential(parameters.meanTruckGapS / 2) * 1000;
      this.arms.set(sensor.id, arm);
    }
  }

  private createVessel(equipment: Equipment, shape: VesselShape, levelSensor: Sensor | undefined, airTemperatureC: number): StorageVessel {
    const span = levelSpanM(shape);
    // Thresholds from the level sensor's normal window (percent of span), or from the demo's limits.
    let window = { nominal: 47.5, guardLow: 25, guardHigh: 70 };
    if (levelSensor) {
      const w = operatingWindowOf(levelSensor);
      const toPercent = levelSensor.unit === 'm' ? 100 / span : 1;
      if (Number.isFinite(w.guardLow) && Number.isFinite(w.guardHigh)) {
        window = { nominal: w.nominal * toPercent, guardLow: w.guardLow * toPercent, guardHigh: w.guardHigh * toPercent };
      }
    }
    const below = window.nominal - window.guardLow;
    const above = window.guardHigh - window.nominal;
    const vessel: StorageVessel = {
      equipment,
      shape,
      densityKgPerM3: impliedDensityKgPerM3(equipment, shape),
      volumeM3: 0,
      surfaceTemperatureC: airTemperatureC,
      receiving: false,
      dispatchM3PerH: 0,
      dispatchMinPercent: window.guardLow + 0.2 * below,
      receiptStartPercent: window.nominal - 0.4 * below,
      receiptStopPercent: window.nominal + 0.4 * above,
    };
    const fillFraction = equipment.inventoryKg !== undefined && equipment.capacityKg ? (equipment.inventoryKg / equipment.capacityKg) * MAX_FILL_FRACTION : 0.5;
    const startPercent = (100 * liquidHeightM(shape, fillFraction * totalVolumeM3(shape))) / span;
    // The simulation starts from a normal state even if the scene's inventory would not be one.
    const clampedPercent = Math.min(window.nominal + 0.8 * above, Math.max(vessel.dispatchMinPercent, startPercent));
    vessel.volumeM3 = liquidVolumeM3(shape, (clampedPercent / 100) * span);
    return vessel;
  }

  private startTruck(arm: LoadingArm, startedMs: number, loadedFraction = 0): void {
    const candidates = [...this.vessels.values()].filter(
      (v) => v.equipment.substanceId === arm.substanceId && levelPercent(v) > v.dispatchMinPercent,
    );
    if (candidates.length === 0) {
      arm.nextTruckMs = startedMs + this.nextGapMs(arm);
      return;
    }
    // Dispatch from the fullest vessel of the product, as a tank-farm operator lines up.
    const vessel = candidates.reduce((best, v) => (levelPercent(v) > levelPercent(best) ? v : best));
    const volumeM3 = Math.min(this.parameters.truckVolumeM3, 0.1 * totalVolumeM3(vessel.shape));
    arm.truck = { vessel, volumeM3, loadedM3: loadedFraction * volumeM3, startedMs };
  }

  private nextGapMs(arm: LoadingArm): number {
    return Math.max(this.parameters.minTruckGapS, arm.rng.exponential(this.parameters.meanTruckGapS)) * 1000;
  }

  /** Advance by dtS seconds ending at tMs. */
  advance(tMs: number, dtS: number, airTemperatureC: number): void {
    const p = this.parameters;
    for (const vessel of this.vessels.values()) {
      vessel.surfaceTemperatureC = firstOrderLag(vessel.surfaceTemperatureC, airTemperatureC, p.liquidSurfaceTimeConstantS, dtS);
      vessel.dispatchM3PerH = 0;
    }
    for (const arm of this.arms.values()) {
      if (!arm.truck && tMs >= arm.nextTruckMs) this.startTruck(arm, tMs);
      const truck = arm.truck;
      if (!truck) {
        arm.flowInUnit = 0;
        continue;
      }
      const fullRateM3PerH = flowToM3PerH(arm.rateInUnit, arm.sensor.unit, truck.vessel.densityKgPerM3);
      const remainingM3 = truck.volumeM3 - truck.loadedM3;
      const rampUp = (tMs - truck.startedMs) / 1000 / p.pumpRampS;
      const rampDown = remainingM3 / ((fullRateM3PerH * p.pumpRampS) / 3600) + 0.1;
      const ramp = Math.max(0, Math.min(1, rampUp, rampDown));
      arm.flowInUnit = arm.rateInUnit * ramp;
      const movedM3 = Math.min(remainingM3, (fullRateM3PerH * ramp * dtS) / 3600);
      truck.loadedM3 += movedM3;
      truck.vessel.volumeM3 = Math.max(0, truck.vessel.volumeM3 - movedM3);
      truck.vessel.dispatchM3PerH += fullRateM3PerH * ramp;
      if (truck.loadedM3 >= truck.volumeM3 - 1e-9) {
        arm.truck = undefined;
        arm.flowInUnit = 0;
        arm.nextTruckMs = tMs + this.nextGapMs(arm);
      }
    }
    for (const vessel of this.vessels.values()) {
      const level = levelPercent(vessel);
      if (level < vessel.receiptStartPercent) vessel.receiving = true;
      else if (level > vessel.receiptStopPercent) vessel.receiving = false;
      if (vessel.receiving) vessel.volumeM3 += (p.receiptFractionPerHour * totalVolumeM3(vessel.shape) * dtS) / 3600;
    }
  }

  vessel(equipmentId: string | undefined): StorageVessel | undefined {
    return equipmentId === undefined ? undefined : this.vessels.get(equipmentId);
  }

  isLoadingArm(sensorId: string): boolean {
    return this.arms.has(sensorId);
  }

  /** An arm's metered flow in its sensor's unit. */
  armFlowInUnit(sensorId: string): number {
    return this.arms.get(sensorId)?.flowInUnit ?? 0;
  }

  /** Which vessel an arm is loading from, if a truck is on it (tests and diagnostics). */
  armSourceVesselId(sensorId: string): string | undefined {
    return this.arms.get(sensorId)?.truck?.vessel.equipment.id;
  }
}
