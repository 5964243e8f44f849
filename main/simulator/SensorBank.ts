import type { SampleQuality, Scene, Sensor } from '../contracts/index.js';
import type { SimulatedGasLeaks } from './gasLeaks.js';
import { firstOrderLag, ornsteinUhlenbeckStep, type Rng } from './random.js';
import { classifySensor, physicalValue, type PlantConditions, type SensorDriver } from './sensorDrivers.js';
import { holdInWindow, noiseProfileOf, operatingWindowOf, resolutionOf, roundTo, type NoiseProfile, type OperatingWindow } from './sensorOperatingWindow.js';
import type { StorageOperations } from './StorageOperations.js';

/**
 * Every sensor of the scene as an instrument: the physical value, plus the process's slow wander
 * around its set point (or the instrument's zero drift), measurement noise, the detector's response
 * time, range limits, resolution — and the instrument faults of the scenarios.
 *
 * Detector response: T90 ≈ 30 s, typical of catalytic/IR combustible heads and electrochemical
 * toxic cells on their data sheets; a first-order lag has T90 = τ·ln 10, so τ ≈ 13 s.
 */
const DETECTOR_TIME_CONSTANT_S = 30 / Math.LN10;

/** Drivers whose value a control loop holds inside the sensor's normal window. */
const CONTROLLED: ReadonlySet<SensorDriver['kind']> = new Set(['process', 'storageLevel', 'storageTemperature', 'vapourPressure', 'tankBreathing']);
/** Drivers without a physical model of their own: the set point plus a slow wander. */
const WANDERING: ReadonlySet<SensorDriver['kind']> = new Set(['process', 'gas', 'oxygen', 'smoke', 'tankBreathing', 'airHumidity']);

type Faults = { stuckValue?: number | undefined; stuck?: boolean; offline?: boolean; drift?: { perHour: number; sinceMs: number } };

type SensorState = {
  sensor: Sensor;
  driver: SensorDriver;
  window: OperatingWindow;
  noise: NoiseProfile;
  resolution: number;
  wander: number;
  leakReading: number;
  lastValue: number | undefined;
  lastQuality: SampleQuality;
  faults: Faults;
};

export type SensorReading = { sensor: Sensor; driver: SensorDriver; value: number; quality: SampleQuality };

export class SensorBank {
  private readonly states: SensorState[];
  private readonly byId = new Map<string, SensorState>();

  constructor(
    scene: Scene,
    storage: StorageOperations,
    private readonly rng: Rng,
    private readonly measurementNoise: boolean,
  ) {
    this.states = scene.sensors.map((sensor) => {
      const driver = classifySensor(sensor, scene, storage);
      const window = operatingWindowOf(sensor);
      const noise = noiseProfileOf(sensor, window);
      // The wander starts from its stationary distribution: the plant has been running for a while.
      const wander = measurementNoise && WANDERING.has(driver.kind) ? noise.wanderSigma * rng.normal() : 0;
      const state: SensorState = { sensor, driver, window, noise, resolution: resolutionOf(sensor, window), wander, leakReading: 0, lastValue: undefined, lastQuality: 'good', faults: {} };
      this.byId.set(sensor.id, state);
      return state;
    });
  }

  has(sensorId: string): boolean {
    return this.byId.has(sensorId);
  }

  driverOf(sensorId: string): SensorDriver | undefined {
    return this.byId.get(sensorId)?.driver;
  }

  /** Readings of every reporting sensor at tMs; dtS since the previous sample. Offline sensors are computed but not returned. */
  sample(conditions: PlantConditions, leaks: SimulatedGasLeaks, tMs: number, dtS: number): SensorReading[] {
    const readings: SensorReading[] = [];
    for (const state of this.states) {
      const reading = this.read(state, conditions, leaks, tMs, dtS);
      if (!state.faults.offline) readings.push(reading);
    }
    return readings;
  }

  private read(state: SensorState, conditions: PlantConditions, leaks: SimulatedGasLeaks, tMs: number, dtS: number): SensorReading {
    const { sensor, driver, window, noise } = state;
    if (this.measurementNoise && WANDERING.has(driver.kind)) {
      state.wander = ornsteinUhlenbeckStep(state.wander, 0, noise.wanderSigma, noise.wanderTimeConstantS, dtS, this.rng.normal());
    }
    let value = (physicalValue(sensor, driver, conditions, window.nominal, window.scale) ?? window.nominal) + state.wander;
    if (CONTROLLED.has(driver.kind)) value = holdInWindow(value, window);
    if (this.measurementNoise) value += noise.noiseSigma * this.rng.normal();
    if (noise.nonNegative) value = Math.max(0, value);
    if (driver.kind === 'gas') {
      state.leakReading = firstOrderLag(state.leakReading, leaks.reading(sensor.id), DETECTOR_TIME_CONSTANT_S, dtS);
      if (state.leakReading > 1e-9) value += state.leakReading;
    }
    if (driver.kind === 'oxygen') value *= leaks.oxygenDilutionFactor(sensor.id);
    const drift = state.faults.drift;
    if (drift) value += (drift.perHour * (tMs - drift.sinceMs)) / 3_600_000;
    if (sensor.kind === 'windDirection') value = ((value % 360) + 360) % 360;
    if (sensor.kind === 'humidity') value = Math.min(100, value);
    let quality: SampleQuality = 'good';
    // Outside the measuring range a transmitter saturates and flags it (NAMUR NE 43: < 3.8 or > 20.5 mA).
    if (sensor.rangeMax !== undefined && value > sensor.rangeMax && sensor.kind !== 'windDirection') {
      value = sensor.rangeMax;
      quality = 'uncertain';
    }
    if (sensor.rangeMin !== undefined && value < sensor.rangeMin) {
      value = sensor.rangeMin;
      quality = 'uncertain';
    }
    value = roundTo(value, state.resolution);
    if (state.faults.stuck) {
      // A stuck transmitter keeps sending its last value with good quality: that is what makes it dangerous.
      state.faults.stuckValue ??= value;
      value = state.faults.stuckValue;
      quality = state.lastQuality;
    }
    state.lastValue = value;
    state.lastQuality = quality;
    return { sensor, driver, value, quality };
  }

  setStuck(sensorId: string): void {
    const state = this.byId.get(sensorId)!;
    state.faults.stuck = true;
    state.faults.stuckValue = state.lastValue;
  }

  setOffline(sensorId: string): void {
    this.byId.get(sensorId)!.faults.offline = true;
  }

  setDrift(sensorId: string, perHour: number, sinceMs: number): void {
    this.byId.get(sensorId)!.faults.drift = { perHour, sinceMs };
  }

  clearFaults(): void {
    for (const state of this.states) state.faults = {};
  }

  /** Sensors with an instrument fault, for status reports. */
  faultedSensors(): { sensorId: string; stuck: boolean; offline: boolean; driftPerHour: number | undefined }[] {
    return this.states
      .filter((s) => s.faults.stuck || s.faults.offline || s.faults.drift)
      .map((s) => ({ sensorId: s.sensor.id, stuck: s.faults.stuck ?? false, offline: s.faults.offline ?? false, driftPerHour: s.faults.drift?.perHour }));
  }
}
