import { WEATHER_SENSOR_PREFIX, type Scene, type Sensor } from '../contracts/index.js';
import type { StorageOperations } from './StorageOperations.js';
import { kPaToUnit, STANDARD_ATMOSPHERE_KPA, vapourPressureKPaAbs } from './vapourPressure.js';
import { levelSpanM, liquidHeightM } from './vesselGeometry.js';
import type { Wind } from './WindModel.js';

/**
 * What physical quantity drives each sensor of a scene. Everything a sensor reads in normal
 * operation comes from here (before noise, faults and scenario effects are applied).
 */
export type WeatherMeasurement = keyof typeof WEATHER_SENSOR_PREFIX;

export type SensorDriver =
  | { kind: 'weatherStation'; stationId: string; measurement: WeatherMeasurement }
  | { kind: 'storageLevel'; vesselId: string }
  | { kind: 'storageTemperature'; vesselId: string }
  | { kind: 'vapourPressure'; vesselId: string; normalBoilingPointC: number }
  | { kind: 'tankBreathing'; vesselId: string }
  | { kind: 'loadingFlow' }
  | { kind: 'gas' }
  | { kind: 'oxygen' }
  | { kind: 'smoke' }
  | { kind: 'airTemperature' }
  | { kind: 'airHumidity' }
  | { kind: 'wind'; measurement: 'windSpeedMps' | 'windDirectionDeg' }
  | { kind: 'process' };

const KIND_OF_MEASUREMENT: Record<WeatherMeasurement, Sensor['kind']> = {
  windSpeedMps: 'windSpeed',
  windDirectionDeg: 'windDirection',
  temperatureC: 'temperature',
  humidityPercent: 'humidity',
};

/** A weather-station sensor: named WS-/WD-/TA-/RH-<station> (mqttTopics.ts) and of the matching kind. */
export function weatherStationOf(sensor: Sensor): { stationId: string; measurement: WeatherMeasurement } | undefined {
  for (const [measurement, prefix] of Object.entries(WEATHER_SENSOR_PREFIX) as [WeatherMeasurement, string][]) {
    if (sensor.id.startsWith(`${prefix}-`) && sensor.id.length > prefix.length + 1 && sensor.kind === KIND_OF_MEASUREMENT[measurement]) {
      return { stationId: sensor.id.slice(prefix.length + 1), measurement };
    }
  }
  return undefined;
}

export function classifySensor(sensor: Sensor, scene: Scene, storage: StorageOperations): SensorDriver {
  const station = weatherStationOf(sensor);
  if (station) return { kind: 'weatherStation', ...station };
  const vessel = storage.vessel(sensor.equipmentId);
  if (vessel) {
    const vesselId = vessel.equipment.id;
    if (sensor.kind === 'level') return { kind: 'storageLevel', vesselId };
    if (sensor.kind === 'temperature') return { kind: 'storageTemperature', vesselId };
    if (sensor.kind === 'pressure') {
      const substance = scene.substances.find((s) => s.id === vessel.equipment.substanceId);
      const liquefied = substance?.storagePhase === 'liquefiedGas' || substance?.storagePhase === 'refrigeratedLiquid';
      if (liquefied && substance?.normalBoilingPointC !== undefined && vessel.equipment.type !== 'tank') {
        return { kind: 'vapourPressure', vesselId, normalBoilingPointC: substance.normalBoilingPointC };
      }
      return { kind: 'tankBreathing', vesselId };
    }
  }
  if (storage.isLoadingArm(sensor.id)) return { kind: 'loadingFlow' };
  switch (sensor.kind) {
    case 'gas':
      return { kind: 'gas' };
    case 'o2':
      return { kind: 'oxygen' };
    case 'smoke':
      return { kind: 'smoke' };
    case 'humidity':
      return { kind: 'airHumidity' };
    case 'windSpeed':
      return { kind: 'wind', measurement: 'windSpeedMps' };
    case 'windDirection':
      return { kind: 'wind', measurement: 'windDirectionDeg' };
    case 'temperature':
      // A temperature on no equipment is an outdoor air temperature.
      return sensor.equipmentId === undefined ? { kind: 'airTemperature' } : { kind: 'process' };
    default:
      return { kind: 'process' };
  }
}

/** The plant's physical state at an instant, as the sensors need it. */
export type PlantConditions = {
  airTemperatureC: number;
  /** Rate of change of the air temperature (°C/h): warming air expands a tank's vapour space. */
  airTemperatureRateCPerH: number;
  /** Largest warming rate of the diurnal cycle (°C/h), to scale the breathing pressure. */
  peakAirTemperatureRateCPerH: number;
  humidityPercent: number;
  storage: StorageOperations;
  /** Wind sampled this step at each weather station (turbulence included), and the mean wind. */
  stationWind: ReadonlyMap<string, Wind>;
  meanWind: Wind;
};

/**
 * The undisturbed physical value, or undefined where the sensor's value is its set point (process,
 * gas, O2 and smoke sensors: their variation is the wander and noise added by the sensor bank).
 *
 * Atmospheric tanks breathe (API 2000 §3 thermal in-breathing and out-breathing): warming air and a
 * filling tank push the vapour space pressure up towards the pressure/vacuum valve, cooling and
 * pumping out pull it down. Modelled as the set point plus a share of the distance to the limit in
 * proportion to the warming rate (up to 30 %) and pump-out rate (up to 20 % at 50 m³/h).
 */
export function physicalValue(sensor: Sensor, driver: SensorDriver, conditions: PlantConditions, nominal: number, scale: number): number | undefined {
  switch (driver.kind) {
    case 'weatherStation':
      return stationValue(driver.stationId, driver.measurement, conditions);
    case 'wind':
      return driver.measurement === 'windSpeedMps' ? conditions.meanWind.speedMps : conditions.meanWind.fromDeg;
    case 'airTemperature':
      return conditions.airTemperatureC;
    case 'airHumidity':
      return conditions.humidityPercent;
    case 'storageLevel': {
      const vessel = conditions.storage.vessel(driver.vesselId)!;
      const heightM = liquidHeightM(vessel.shape, vessel.volumeM3);
      return sensor.unit === 'm' ? heightM : (100 * heightM) / levelSpanM(vessel.shape);
    }
    case 'storageTemperature':
      return conditions.storage.vessel(driver.vesselId)!.surfaceTemperatureC;
    case 'vapourPressure': {
      const vessel = conditions.storage.vessel(driver.vesselId)!;
      const gaugeKPa = vapourPressureKPaAbs(driver.normalBoilingPointC, vessel.surfaceTemperatureC) - STANDARD_ATMOSPHERE_KPA;
      return kPaToUnit(gaugeKPa, sensor.unit) ?? nominal;
    }
    case 'tankBreathing': {
      const vessel = conditions.storage.vessel(driver.vesselId)!;
      const warming = Math.max(-1, Math.min(1, conditions.airTemperatureRateCPerH / Math.max(0.1, conditions.peakAirTemperatureRateCPerH)));
      const pumpOut = Math.min(1, vessel.dispatchM3PerH / 50);
      return nominal + scale * (0.3 * warming - 0.2 * pumpOut);
    }
    case 'loadingFlow':
      return conditions.storage.armFlowInUnit(sensor.id);
    default:
      return undefined;
  }
}

export function stationValue(stationId: string, measurement: WeatherMeasurement, conditions: PlantConditions): number {
  const wind = conditions.stationWind.get(stationId) ?? conditions.meanWind;
  switch (measurement) {
    case 'windSpeedMps':
      return wind.speedMps;
    case 'windDirectionDeg':
      return wind.fromDeg;
    case 'temperatureC':
      return conditions.airTemperatureC;
    case 'humidityPercent':
      return conditions.humidityPercent;
  }
}
