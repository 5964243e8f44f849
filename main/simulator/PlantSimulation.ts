import type { ActiveLeak, Area, SampleQuality, Scene, SimulatorCommand } from '../contracts/index.js';
import { ambientTemperatureC, DEFAULT_CLIMATE, dewPointC, relativeHumidityPercent, type ClimateParameters, type SiteLocation } from './ambientClimate.js';
import { SimulatedGasLeaks, type LeakModelChoice } from './gasLeaks.js';
import { ornsteinUhlenbeckStep, Rng } from './random.js';
import { applyScenarioCommand, type CommandOutcome } from './scenarioCommands.js';
import { SensorBank } from './SensorBank.js';
import { weatherStationOf, type PlantConditions, type WeatherMeasurement } from './sensorDrivers.js';
import { DEFAULT_STORAGE, levelPercent, StorageOperations, type StorageParameters } from './StorageOperations.js';
import { liquidHeightM, liquidSurfaceAreaM2 } from './vesselGeometry.js';
import { DEFAULT_WIND, WindModel, type Wind, type WindParameters } from './WindModel.js';
import { WorkerSimulation, type InspectionWalk, type InspectionWalkProgress, type PermitWorkSite, type WorkerPositionSample } from './WorkerSimulation.js';
import { civilUtcOffsetMs } from './workShifts.js';

/**
 * The plant simulator's pure model: scene + seed + start time in, what the plant's instruments,
 * weather stations and badges report at any later instant out. No I/O, no clock, no Math.random:
 * the same seed and the same sequence of step() and applyCommand() times give the same output.
 */
export type PlantSimulationOptions = {
  climate?: Partial<ClimateParameters>;
  wind?: Partial<WindParameters>;
  storage?: Partial<StorageParameters>;
  /** The plant's civil time for shifts (default: the whole-hour zone nearest the site's longitude). */
  utcOffsetMinutes?: number;
  /** false: no measurement noise or wander (exact values for hand calculations). Default true. */
  measurementNoise?: boolean;
  /** Internal time step for people, trucks and weather (default 1000 ms; coarser makes multi-day runs fast). */
  substepMs?: number;
  /** Dispersion model for gas-leak scenarios (default 'auto': dense gas by the Richardson criterion, as on the twin). */
  leakModel?: LeakModelChoice;
};

export type SimulatedSensorSample = { sensorId: string; topic: string; value: number; quality: SampleQuality; tsMs: number };
export type SimulatedWeather = { stationId: string; windSpeedMps?: number; windDirectionDeg?: number; temperatureC?: number; humidityPercent?: number; tsMs: number };
export type SimulationFrame = { tsMs: number; sensors: SimulatedSensorSample[]; weather: SimulatedWeather[]; workers: WorkerPositionSample[] };

/** Internal time step for people, trucks and weather: 1 s, or 30 s when catching up more than an hour. */
const DEFAULT_SUBSTEP_MS = 1_000;
const CATCH_UP_SUBSTEP_MS = 30_000;
const CATCH_UP_THRESHOLD_MS = 3_600_000;
/** Dew-point anomaly: moisture changes with air masses; σ 1 °C over ~6 h (assumed). */
const DEW_POINT_ANOMALY_SIGMA_C = 1;
const DEW_POINT_ANOMALY_TIME_CONSTANT_S = 6 * 3600;

export class PlantSimulation {
  private readonly climate: ClimateParameters;
  private readonly location: SiteLocation;
  private readonly climateRng: Rng;
  private readonly wind: WindModel;
  private readonly storage: StorageOperations;
  private readonly workers: WorkerSimulation;
  private readonly sensors: SensorBank;
  private readonly scenarioRng: Rng;
  private readonly gasLeaks: SimulatedGasLeaks;
  private readonly stations = new Map<string, Partial<Record<WeatherMeasurement, string>>>();
  private temperatureAnomalyC: number;
  private dewPointAnomalyC: number;
  private readonly substepMs: number;
  private nowMs: number;
  private lastSampleMs: number | undefined;

  constructor(
    readonly scene: Scene,
    readonly seed: number,
    startMs: number,
    options: PlantSimulationOptions = {},
  ) {
    if (!Number.isFinite(startMs)) throw new RangeError('PlantSimulation: startMs must be a finite epoch time in ms');
    this.nowMs = startMs;
    this.substepMs = options.substepMs ?? DEFAULT_SUBSTEP_MS;
    if (!(this.substepMs >= 10 && this.substepMs <= 60_000)) throw new RangeError('PlantSimulation: substepMs must be 10 ms to 60 s');
    this.climate = { ...DEFAULT_CLIMATE, ...options.climate };
    const geo = scene.site.geoReference;
    this.location = { latitudeDeg: geo.latitudeDeg, longitudeDeg: geo.longitudeDeg };
    this.climateRng = new Rng(seed, 'climate');
    this.temperatureAnomalyC = this.climate.synopticAnomalySigmaC * this.climateRng.normal();
    this.dewPointAnomalyC = DEW_POINT_ANOMALY_SIGMA_C * this.climateRng.normal();
    this.wind = new WindModel(new Rng(seed, 'wind'), { ...DEFAULT_WIND, ...options.wind });
    // Vessels start at the day's mean air temperature (their lag smooths out the diurnal swing).
    const dailyMeanC = ambientTemperatureC({ ...this.climate, meanDiurnalRangeC: 0 }, this.location, startMs, this.temperatureAnomalyC);
    this.storage = new StorageOperations(scene, seed, startMs, dailyMeanC, { ...DEFAULT_STORAGE, ...options.storage });
    const utcOffsetMs = options.utcOffsetMinutes !== undefined ? options.utcOffsetMinutes * 60_000 : civilUtcOffsetMs(geo.longitudeDeg);
    this.workers = new WorkerSimulation(scene, seed, startMs, utcOffsetMs);
    this.sensors = new SensorBank(scene, this.storage, new Rng(seed, 'sensors'), options.measurementNoise ?? true);
    this.scenarioRng = new Rng(seed, 'scenarios');
    this.gasLeaks = new SimulatedGasLeaks(scene, () => this.nowMs, () => this.wind.meanWind(), options.leakModel);
    for (const sensor of scene.sensors) {
      const station = weatherStationOf(sensor);
      if (!station) continue;
      const measurements = this.stations.get(station.stationId) ?? {};
      measurements[station.measurement] = sensor.id;
      this.stations.set(station.stationId, measurements);
    }
  }

  /** The model's current time (epoch ms). */
  get timeMs(): number {
    return this.nowMs;
  }

  /** Advance to nowMs and report what every instrument, station and badge sends at that instant. */
  step(nowMs: number): SimulationFrame {
    this.advanceTo(nowMs);
    const dtS = this.lastSampleMs === undefined ? 0 : Math.max(0, (nowMs - this.lastSampleMs) / 1000);
    this.lastSampleMs = Math.max(nowMs, this.lastSampleMs ?? nowMs);
    const stationWind = new Map<string, Wind>();
    for (const stationId of this.stations.keys()) stationWind.set(stationId, this.wind.sampleStation(stationId, dtS));
    const conditions = this.conditions(stationWind);
    this.gasLeaks.evaluate();
    const sensors: SimulatedSensorSample[] = [];
    const weather = new Map<string, SimulatedWeather>();
    for (const reading of this.sensors.sample(conditions, this.gasLeaks, this.nowMs, dtS)) {
      if (reading.driver.kind === 'weatherStation') {
        const entry = weather.get(reading.driver.stationId) ?? { stationId: reading.driver.stationId, tsMs: nowMs };
        entry[reading.driver.measurement] = reading.value;
        weather.set(reading.driver.stationId, entry);
      } else {
        sensors.push({ sensorId: reading.sensor.id, topic: reading.sensor.mqttTopic, value: reading.value, quality: reading.quality, tsMs: nowMs });
      }
    }
    return { tsMs: nowMs, sensors, weather: [...weather.values()], workers: this.workers.positions(nowMs) };
  }

  /** Badges on site that a restrictedEntry scenario sent into an area, with that area. */
  restrictedEntries(): { badgeId: string; area: Area }[] {
    return this.workers.restrictedEntries();
  }

  /** Start or end a scenario at nowMs (the model first advances to nowMs). */
  applyCommand(command: SimulatorCommand, nowMs: number): CommandOutcome {
    this.advanceTo(nowMs);
    return applyScenarioCommand(command, this.nowMs, {
      scene: this.scene,
      sensors: this.sensors,
      workers: this.workers,
      gasLeaks: this.gasLeaks,
      rng: this.scenarioRng,
    });
  }

  /** The permits whose work goes on at nowMs (the model first advances to it): their people go to the work, or are put there (WorkerSimulation.setPermitWork). */
  setPermitWork(sites: readonly PermitWorkSite[], nowMs: number, placeNow = false): void {
    this.advanceTo(nowMs);
    this.workers.setPermitWork(sites, this.nowMs, placeNow);
  }

  /** The inspection rounds people walk from nowMs (the model first advances to it; WorkerSimulation.setInspectionWalks). */
  setInspectionWalks(walks: readonly InspectionWalk[], nowMs: number): void {
    this.advanceTo(nowMs);
    this.workers.setInspectionWalks(walks);
  }

  /** The inspection walks set, with where each stands. */
  inspectionWalks(): InspectionWalkProgress[] {
    return this.workers.inspectionWalks();
  }

  /** Badges at a permit's work now, by permit number. */
  permitWorkers(): Map<string, string[]> {
    return this.workers.permitWorkers();
  }

  /** Hold the mean wind (drills, tests; e.g. from the west: { fromDeg: 270, speedMps: 3 }); undefined lets it wander again. */
  setWind(wind: Wind | undefined): void {
    this.wind.pin(wind);
    this.gasLeaks.advance(true);
  }

  /** The 10-minute mean wind the gas leaks' dispersion follows. */
  meanWind(): Wind {
    return this.wind.meanWind();
  }

  /** Air temperature at the current model time, °C. */
  airTemperatureC(): number {
    return ambientTemperatureC(this.climate, this.location, this.nowMs, this.temperatureAnomalyC);
  }

  /** Weather station ids found in the scene (sensors WS-/WD-/TA-/RH-<station>). */
  weatherStationIds(): string[] {
    return [...this.stations.keys()];
  }

  /** A storage vessel's level (% of span), its liquid surface area (m²) and which vessel a loading arm draws from: diagnostics. */
  vesselLevel(equipmentId: string): { levelPercent: number; surfaceAreaM2: number } | undefined {
    const vessel = this.storage.vessel(equipmentId);
    if (!vessel) return undefined;
    return { levelPercent: levelPercent(vessel), surfaceAreaM2: liquidSurfaceAreaM2(vessel.shape, liquidHeightM(vessel.shape, vessel.volumeM3)) };
  }

  loadingArmSource(flowSensorId: string): string | undefined {
    return this.storage.armSourceVesselId(flowSensorId);
  }

  /** Active scenarios, for status lines and tests. */
  activeScenarios(): { leaks: { equipmentId: string; releaseRateKgPerS: number; model: ActiveLeak['model'] }[]; faults: ReturnType<SensorBank['faultedSensors']> } {
    return {
      leaks: this.gasLeaks
        .leaks()
        .filter((l) => l.endsAtMs > this.nowMs)
        .map((l) => ({ equipmentId: l.equipmentId, releaseRateKgPerS: l.rateKgS, model: l.model })),
      faults: this.sensors.faultedSensors(),
    };
  }

  private advanceTo(targetMs: number): void {
    if (!Number.isFinite(targetMs)) throw new RangeError('PlantSimulation: time must be a finite epoch time in ms');
    while (this.nowMs < targetMs) {
      const substepMs = targetMs - this.nowMs > CATCH_UP_THRESHOLD_MS ? Math.max(this.substepMs, CATCH_UP_SUBSTEP_MS) : this.substepMs;
      const dtMs = Math.min(substepMs, targetMs - this.nowMs);
      this.nowMs += dtMs;
      this.advanceBy(dtMs / 1000);
    }
  }

  private advanceBy(dtS: number): void {
    const c = this.climate;
    this.temperatureAnomalyC = ornsteinUhlenbeckStep(this.temperatureAnomalyC, 0, c.synopticAnomalySigmaC, c.synopticTimeConstantS, dtS, this.climateRng.normal());
    this.dewPointAnomalyC = ornsteinUhlenbeckStep(this.dewPointAnomalyC, 0, DEW_POINT_ANOMALY_SIGMA_C, DEW_POINT_ANOMALY_TIME_CONSTANT_S, dtS, this.climateRng.normal());
    this.wind.advance(dtS);
    this.storage.advance(this.nowMs, dtS, this.airTemperatureC());
    this.workers.advance(this.nowMs, dtS);
    this.gasLeaks.advance();
  }

  private conditions(stationWind: ReadonlyMap<string, Wind>): PlantConditions {
    const at = (tMs: number) => ambientTemperatureC(this.climate, this.location, tMs, this.temperatureAnomalyC);
    const airTemperatureC = at(this.nowMs);
    const halfWindowMs = 5 * 60_000;
    const rateCPerH = ((at(this.nowMs + halfWindowMs) - at(this.nowMs - halfWindowMs)) / (2 * halfWindowMs)) * 3_600_000;
    // Steepest slope of the two-piece cosine: half the range × π over the warming hours.
    const peakRateCPerH = ((this.climate.meanDiurnalRangeC / 2) * Math.PI) / (this.climate.maximumHour - this.climate.minimumHour);
    const dewPoint = dewPointC(this.climate, this.location, this.nowMs, this.temperatureAnomalyC + this.dewPointAnomalyC);
    return {
      airTemperatureC,
      airTemperatureRateCPerH: rateCPerH,
      peakAirTemperatureRateCPerH: peakRateCPerH,
      humidityPercent: relativeHumidityPercent(airTemperatureC, dewPoint),
      storage: this.storage,
      stationWind,
      meanWind: this.wind.meanWind(),
    };
  }
}
