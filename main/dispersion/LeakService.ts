import type { ActiveLeak, BuildingExposure, DispersionSnapshot, DispersionWarning, Equipment, LeakStartRequest, PredictedDetector, Scene, ThreatZone } from '../contracts/index.js';
import { dispersionWarningText, LeakStartRequestSchema } from '../contracts/index.js';
import { airDensityKgM3, gasDensityKgM3, mgM3ToPpm, ppmToMgM3, ZERO_CELSIUS_K, type Ambient } from './atmosphere.js';
import { DensePlumeModel, PuffTrainModel, type ConcentrationModel } from './concentrationModels.js';
import { simplifyRing } from './contours.js';
import { CONTINUOUS_DENSE_CRITERION, continuousRichardsonNumber, type DenseGasInput } from './denseGas.js';
import { sigmaFunctions } from './dispersionCoefficients.js';
import { makeDispersionSetup } from './dispersionSetup.js';
import { equipmentRelease, LeakRequestError } from './equipmentRelease.js';
import type { GridSpec } from './puffTrain.js';
import { airExchangeRatePerS } from './shelterInPlace.js';
import { isTurnerNight, solarElevationDeg } from './solarPosition.js';
import { stabilityFromWeather, type StabilityClass } from './stability.js';
import type { SubstanceRecord } from './substanceTable.js';
import { gridZone, resolveZoneLevel, touchesGridEdge, type ZoneLevel, type ZoneRequest } from './threatZones.js';
import { CALM_WIND_FLOOR_MPS, directionUncertaintyHalfAngleDeg } from './windProfile.js';
import { fromWindFrame, WindHistory } from './windHistory.js';

/**
 * Live leaks for the control room: holds the active leaks (equipment → substance, inventory, hole
 * or rate), takes wind samples as they arrive, and computes a compact snapshot for the UI (the
 * DispersionSnapshot contract): ground-level fields over the site, threat-zone outlines per level,
 * detectors predicted to alarm, and the workers and buildings inside each zone.
 *
 * Pure apart from the injected clock; recompute() is synchronous and allocation-light, so it runs
 * as well in a worker thread (LeakServiceWorker) as in the core. Times are the clock's epoch ms;
 * internally seconds since the service's origin, so the puff arithmetic keeps full precision.
 */
export type LeakServiceOptions = {
  clock?: () => number;
  /** Grid cell size over the site, m (default 2; the benchmark uses 1). Coarser when the computed area grows beyond the site (see maxGridCells). */
  cellSizeM?: number;
  /**
   * At most this many grid cells (default 120 000, the benchmark's 400 × 300): a computed area larger
   * than the site at cellSizeM gets coarser cells. Bounds the recompute and the snapshot each screen
   * receives (4 bytes a cell per leak).
   */
  maxGridCells?: number;
  /** How far from a source the computed area may reach, m (default 10 000, the σ fits' range; 0 keeps it to the site). */
  maxReachM?: number;
  /** Margin added around the site boundary, m. */
  marginM?: number;
  ambient?: Ambient;
  /**
   * Sky for deriving the stability class by Turner's method when a wind sample gives none: total cloud
   * cover in tenths (default 5/10, the largest cover that leaves the daytime insolation unmodified) and
   * the ceiling, m (absent: below 7,000 ft when the cover exceeds 5/10, the most stable reading).
   */
  cloudCoverTenths?: number;
  ceilingM?: number;
  /** Zone levels; default per substance: AEGL-3/2/1 (60 min; ERPG or IDLH when no AEGL) and LEL60/LEL10 for flammables. */
  zoneLevels?: ZoneRequest[];
  /** Air changes per hour of the scene's buildings, for the shelter-in-place estimate (default 0.5). */
  buildingAirChangesPerHour?: number;
  /** Emission time per puff-train slug, s (default 5). */
  puffIntervalS?: number;
};

const DEFAULT_MAX_GRID_CELLS = 120_000;
/** The Briggs and Pasquill–Gifford fits hold to 10 km; the computed area reaches no farther from a source. */
const MAX_REACH_ESTIMATE_M = 10_000;

/** Without a cloud observation, half the sky (5/10, 4 oktas): by day the insolation stays as the sun gives it; at night the index is −1 (table 6-6), not the clear-sky −2. */
const DEFAULT_CLOUD_COVER_TENTHS = 5;

export type WindUpdate = { speedMps: number; fromDeg: number; atMs: number; stabilityClass?: StabilityClass };
export type WorkerLocation = { id: string; x: number; y: number };

type LeakState = {
  info: ActiveLeak;
  record: SubstanceRecord;
  levels: ZoneLevel[];
  request: LeakStartRequest;
  model: ConcentrationModel;
  startS: number;
  endS: number;
  source: { x: number; y: number; heightM: number };
  denseInput: DenseGasInput & { molecularWeightGPerMol: number; pressurePa: number };
  dense: boolean;
  indoorMgM3: Map<string, number>;
  lastIndoorS: number;
  /** Estimated distance to the outermost zone, m (0 without zone levels): sizes the computed area. */
  reachEstimateM: number;
};

export class LeakService {
  private readonly clock: () => number;
  private readonly ambient: Ambient;
  private readonly siteBox: { x0: number; y0: number; x1: number; y1: number };
  private grid: GridSpec;
  private readonly leaks = new Map<string, LeakState>();
  private readonly buildings: Equipment[];
  private readonly gasSensors: Scene['sensors'];
  private readonly originMs: number;
  private wind: WindHistory;
  private latestWind: WindUpdate;
  private stabilityClass: StabilityClass;
  private workers: WorkerLocation[] = [];
  private hasWindSample = false;
  private seq = 0;
  private nextLeakNumber = 1;
  private readonly warnings: DispersionWarning[] = [];
  private disposed = false;

  constructor(
    private readonly scene: Scene,
    private readonly options: LeakServiceOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.ambient = options.ambient ?? { airTemperatureC: 25, pressurePa: 101_325 };
    this.originMs = this.clock();
    const margin = options.marginM ?? 0;
    const xs = scene.site.boundary.map((p) => p[0]);
    const ys = scene.site.boundary.map((p) => p[1]);
    this.siteBox = { x0: Math.min(...xs) - margin, y0: Math.min(...ys) - margin, x1: Math.max(...xs) + margin, y1: Math.max(...ys) + margin };
    this.grid = this.gridCovering(this.siteBox);
    this.buildings = scene.equipment.filter((e) => e.type === 'building');
    this.gasSensors = scene.sensors.filter((s) => s.kind === 'gas');
    this.latestWind = { speedMps: 3, fromDeg: 0, atMs: this.originMs };
    this.stabilityClass = 'D';
    this.wind = this.newWindHistory(this.latestWind);
  }

  /** The computed area now: the site, widened to each live leak's estimated farthest zone (see reachEstimateM). */
  get gridSpec(): GridSpec {
    return this.grid;
  }

  /** Starts a leak at a scene equipment item; throws LeakRequestError (with a code) for a request the scene cannot satisfy. */
  startLeak(request: LeakStartRequest, leakId = `leak-${this.nextLeakNumber++}`): ActiveLeak {
    this.assertLive();
    const parsed = LeakStartRequestSchema.safeParse(request);
    if (!parsed.success) throw new LeakRequestError('ST_ERR_DISPERSION_BAD_REQUEST', parsed.error.issues.map((i) => i.message).join('; '));
    const nowMs = this.clock();
    const startS = this.toS(nowMs);
    const warnings: DispersionWarning[] = [];
    const wind10 = Math.max(CALM_WIND_FLOOR_MPS, this.latestWind.speedMps);
    const { equipment, substance, sceneSubstance, release } = equipmentRelease(this.scene, parsed.data, this.ambient, wind10, warnings);
    this.warnings.push(...warnings.map((w) => ({ ...w, leakId })));
    const endS = startS + release.durationS;
    const record = substance.record;
    const ambientK = this.ambient.airTemperatureC + ZERO_CELSIUS_K;
    const denseInput = {
      releaseDensityKgM3: gasDensityKgM3(record.molecularWeightGPerMol, release.releaseTemperatureK, this.ambient.pressurePa),
      airDensityKgM3: airDensityKgM3(this.ambient),
      releaseTemperatureK: release.releaseTemperatureK,
      ambientTemperatureK: ambientK,
      windSpeed10Mps: wind10,
      molecularWeightGPerMol: record.molecularWeightGPerMol,
      pressurePa: this.ambient.pressurePa,
    };
    const richardson = continuousRichardsonNumber(denseInput, release.rateKgS);
    const modelChoice = parsed.data.model ?? 'auto';
    const dense = !substance.isTracer && (modelChoice === 'dense' || (modelChoice === 'auto' && richardson >= CONTINUOUS_DENSE_CRITERION));
    const state: LeakState = {
      info: {
        leakId,
        equipmentId: equipment.id,
        substanceId: sceneSubstance.id,
        substanceName: record.name,
        molecularWeightGPerMol: record.molecularWeightGPerMol,
        model: dense ? 'britter-mcquaid-plume' : 'gaussian-puff-train',
        rateKgS: release.rateKgS,
        dischargeRateKgS: release.dischargeRateKgS,
        regime: release.regime,
        startedAtMs: nowMs,
        endsAtMs: nowMs + release.durationS * 1000,
        releasedKg: 0,
        inventoryLimited: release.inventoryLimited,
        richardsonNumber: richardson,
      },
      record,
      levels: this.levelsFor(record),
      request: parsed.data,
      model: undefined as unknown as ConcentrationModel,
      startS,
      endS,
      source: { x: release.x, y: release.y, heightM: release.heightM },
      denseInput,
      dense,
      indoorMgM3: new Map(),
      lastIndoorS: startS,
      reachEstimateM: 0,
    };
    state.model = this.buildModel(state);
    state.reachEstimateM = this.reachEstimateM(state);
    this.leaks.set(leakId, state);
    return { ...state.info };
  }

  /** Stops a leak's emission now (the cloud already released keeps drifting); false for an unknown id. */
  stopLeak(leakId: string): boolean {
    const state = this.leaks.get(leakId);
    if (!state) return false;
    const nowS = this.toS(this.clock());
    if (nowS < state.endS) {
      state.endS = Math.max(state.startS, nowS);
      state.info.endsAtMs = this.originMs + state.endS * 1000;
      state.model = this.buildModel(state);
    }
    return true;
  }

  /** Forgets a leak entirely (its cloud disappears from the snapshot). */
  removeLeak(leakId: string): boolean {
    return this.leaks.delete(leakId);
  }

  clear(): void {
    this.leaks.clear();
  }

  get activeLeaks(): ActiveLeak[] {
    return [...this.leaks.values()].map((l) => ({ ...l.info }));
  }

  /** A new wind sample (from the weather station). Older than the last one: ignored. */
  updateWind(sample: WindUpdate): void {
    this.assertLive();
    if (sample.atMs < this.latestWind.atMs) return;
    this.latestWind = sample;
    this.stabilityClass = sample.stabilityClass ?? this.deriveStability(sample);
    // The first real sample also stands for the time before it (until then the wind was a placeholder).
    if (!this.hasWindSample) this.wind = this.newWindHistory(sample);
    this.hasWindSample = true;
    this.wind.append({ tS: this.toS(sample.atMs), speedMps: sample.speedMps, fromDeg: sample.fromDeg });
    // The dispersion coefficients follow the current class; rebuild the models so they use it.
    for (const state of this.leaks.values()) {
      state.denseInput.windSpeed10Mps = Math.max(CALM_WIND_FLOOR_MPS, sample.speedMps);
      state.model = this.buildModel(state);
      state.reachEstimateM = this.reachEstimateM(state);
    }
  }

  setWorkerPositions(workers: readonly WorkerLocation[]): void {
    this.workers = [...workers];
  }

  /** Computes the snapshot at the clock's time (or atMs). Float32 fields are new arrays each time (transferable). */
  recompute(atMs = this.clock()): DispersionSnapshot {
    this.assertLive();
    const started = performance.now();
    const tS = this.toS(atMs);
    const grid = (this.grid = this.gridForLeaks());
    const fields: DispersionSnapshot['fields'] = [];
    const zones: ThreatZone[] = [];
    const detectors: PredictedDetector[] = [];
    const buildings: BuildingExposure[] = [];
    const leaks: ActiveLeak[] = [];
    let maxReachM = 0;
    for (const state of this.leaks.values()) {
      const info = state.info;
      info.releasedKg = Math.max(0, Math.min(tS, state.endS) - state.startS) * info.rateKgS;
      leaks.push({ ...info });
      const values = new Float32Array(grid.nx * grid.ny);
      state.model.accumulateGrid(grid, values, tS);
      let max = 0;
      for (let k = 0; k < values.length; k++) if (values[k]! > max) max = values[k]!;
      fields.push({ leakId: info.leakId, valuesMgM3: values, maxMgM3: max });
      for (const level of state.levels) {
        const thresholdMgM3 = ppmToMgM3(level.thresholdPpm, info.molecularWeightGPerMol, this.ambient);
        if (max < thresholdMgM3) continue;
        const zone = gridZone(level, thresholdMgM3, values, grid, { sourceX: state.source.x, sourceY: state.source.y, windFromDeg: this.latestWind.fromDeg });
        maxReachM = Math.max(maxReachM, zone.downwindDistanceM);
        zones.push({
          leakId: info.leakId,
          level: level.level,
          thresholdPpm: level.thresholdPpm,
          thresholdMgM3,
          rings: zone.footprintRings.map((ring) => simplifyRing(ring, grid.dxM / 2)),
          areaM2: zone.areaM2,
          downwindDistanceM: zone.downwindDistanceM,
          widthM: zone.widthM,
          reachesEdge: touchesGridEdge(values, grid, thresholdMgM3),
          workerIds: this.workers.filter((w) => sampleGrid(values, grid, w.x, w.y) >= thresholdMgM3).map((w) => w.id),
          buildingIds: this.buildings.filter((b) => buildingMaxMgM3(values, grid, b) >= thresholdMgM3).map((b) => b.id),
        });
      }
      detectors.push(...this.predictDetectors(state, tS));
      buildings.push(...this.buildingExposures(state, values, grid, tS));
    }
    const halfAngle = directionUncertaintyHalfAngleDeg(this.latestWind.speedMps);
    const firstSource = this.leaks.values().next().value?.source;
    const calm = this.latestWind.speedMps < CALM_WIND_FLOOR_MPS && this.leaks.size > 0;
    const notices: DispersionWarning[] = calm ? [...this.warnings, { code: 'calmWind', params: { speedMps: CALM_WIND_FLOOR_MPS } }] : [...this.warnings];
    const snapshot: DispersionSnapshot = {
      seq: this.seq++,
      atMs,
      wind: { speedMps: this.latestWind.speedMps, fromDeg: this.latestWind.fromDeg, stabilityClass: this.stabilityClass, sampleAtMs: this.latestWind.atMs },
      leaks,
      grid: { x0: grid.x0, y0: grid.y0, dxM: grid.dxM, dyM: grid.dyM, nx: grid.nx, ny: grid.ny, zM: grid.zM },
      fields,
      zones,
      detectors,
      buildings,
      directionUncertainty: halfAngle > 0 && firstSource ? { halfAngleDeg: halfAngle, sector: sector(firstSource.x, firstSource.y, this.latestWind.fromDeg, halfAngle, Math.max(maxReachM, 100)) } : null,
      warnings: notices.map(dispersionWarningText),
      notices,
      computeMs: 0,
    };
    snapshot.computeMs = performance.now() - started;
    return snapshot;
  }

  dispose(): void {
    this.disposed = true;
    this.leaks.clear();
    this.workers = [];
  }

  private assertLive(): void {
    if (this.disposed) throw new Error('LeakService is disposed');
  }

  private toS(ms: number): number {
    return (ms - this.originMs) / 1000;
  }

  private newWindHistory(initial: WindUpdate): WindHistory {
    return new WindHistory({ speedMps: initial.speedMps, fromDeg: initial.fromDeg }, [], (s) => Math.max(CALM_WIND_FLOOR_MPS, s));
  }

  private deriveStability(sample: WindUpdate): StabilityClass {
    const geo = this.scene.site.geoReference;
    const timeIso = new Date(sample.atMs).toISOString();
    return stabilityFromWeather({
      windSpeed10Mps: Math.max(0, sample.speedMps),
      isNight: isTurnerNight(timeIso, geo.latitudeDeg, geo.longitudeDeg),
      solarElevationDeg: solarElevationDeg(timeIso, geo.latitudeDeg, geo.longitudeDeg),
      cloudCoverTenths: this.options.cloudCoverTenths ?? DEFAULT_CLOUD_COVER_TENTHS,
      ...(this.options.ceilingM !== undefined ? { ceilingM: this.options.ceilingM } : {}),
    });
  }

  private buildModel(state: LeakState): ConcentrationModel {
    const fromAt = () => this.latestWind.fromDeg;
    if (state.dense) {
      return new DensePlumeModel(state.source, state.info.rateKgS, state.denseInput, this.wind, fromAt, { startS: state.startS, endS: state.endS });
    }
    const setup = makeDispersionSetup({ stabilityClass: this.stabilityClass, sigmaScheme: 'briggs-rural', releaseHeightM: state.source.heightM, ambient: this.ambient });
    return new PuffTrainModel(
      { x: state.source.x, y: state.source.y, emissions: [{ startS: state.startS, endS: state.endS, rateKgS: state.info.rateKgS }], instantaneous: [] },
      this.wind,
      setup,
      { puffIntervalS: this.options.puffIntervalS ?? 5 },
    );
  }

  /**
   * A grid of cell centres over a box: cellSizeM cells, or coarser ones so that it has at most
   * maxGridCells (the recompute's cost and the snapshot's size grow with the cells).
   */
  private gridCovering(box: { x0: number; y0: number; x1: number; y1: number }): GridSpec {
    const maxCells = this.options.maxGridCells ?? DEFAULT_MAX_GRID_CELLS;
    const width = box.x1 - box.x0;
    const height = box.y1 - box.y0;
    let cell = Math.max(this.options.cellSizeM ?? 2, Math.sqrt((width * height) / maxCells));
    const count = (size: number) => [Math.max(2, Math.round(width / size)), Math.max(2, Math.round(height / size))] as const;
    // Rounding the counts may overshoot the bound by a row or a column: widen the cells a little until it holds.
    while (count(cell)[0] * count(cell)[1] > maxCells) cell *= 1.01;
    const [nx, ny] = count(cell);
    // Cell centres: the first at half a cell inside the box.
    return { x0: box.x0 + cell / 2, y0: box.y0 + cell / 2, dxM: cell, dyM: cell, nx, ny, zM: 0 };
  }

  /**
   * The site, widened toward each leak's estimated reach downwind (toxic clouds go kilometres beyond
   * the fence, as ALOHA draws them): the reach downwind, a tenth of it upwind and a quarter of it to
   * each side, about the current wind direction rounded to 45° (so the area does not change with
   * every gust). Gas released under an earlier wind that leaves this area is flagged by reachesEdge.
   */
  private gridForLeaks(): GridSpec {
    const box = { ...this.siteBox };
    const fromDeg = Math.round(this.latestWind.fromDeg / 45) * 45;
    for (const state of this.leaks.values()) {
      const r = state.reachEstimateM;
      if (r <= 0) continue;
      for (const [downwind, crosswind] of [[r, r / 4], [r, -r / 4], [-r / 10, r / 4], [-r / 10, -r / 4]] as const) {
        const [dx, dy] = fromWindFrame(downwind, crosswind, fromDeg);
        box.x0 = Math.min(box.x0, state.source.x + dx);
        box.y0 = Math.min(box.y0, state.source.y + dy);
        box.x1 = Math.max(box.x1, state.source.x + dx);
        box.y1 = Math.max(box.y1, state.source.y + dy);
      }
    }
    return this.gridCovering(box);
  }

  /**
   * Where the outermost zone may reach: the ground-level centreline of a steady Gaussian plume from
   * a ground-level source, C(x) = Q/(π·u·σy·σz) (Turner 1970 eq. 3.5 at y = z = H = 0), in the current
   * class and wind (Briggs rural σ), solved for the lowest zone threshold; 20 % margin, rounded up to
   * 100 m·2^k so the computed area does not change with every wind sample, at most 10 km (the σ fits'
   * range). An estimate to size the computed area only: the zones themselves come from the model.
   */
  private reachEstimateM(state: LeakState): number {
    const maxReachM = this.options.maxReachM ?? MAX_REACH_ESTIMATE_M;
    if (state.levels.length === 0 || !(state.info.rateKgS > 0) || maxReachM <= 0) return 0;
    const lowestPpm = Math.min(...state.levels.map((l) => l.thresholdPpm));
    const thresholdKgM3 = ppmToMgM3(lowestPpm, state.info.molecularWeightGPerMol, this.ambient) * 1e-6;
    const u = Math.max(CALM_WIND_FLOOR_MPS, this.latestWind.speedMps);
    const { sigmaY, sigmaZ } = sigmaFunctions('briggs-rural', this.stabilityClass);
    const centreline = (x: number) => state.info.rateKgS / (Math.PI * u * sigmaY(x) * sigmaZ(x));
    if (centreline(maxReachM) >= thresholdKgM3) return maxReachM;
    let near = 1;
    let far = maxReachM;
    for (let k = 0; k < 40; k++) {
      const mid = Math.sqrt(near * far);
      if (centreline(mid) >= thresholdKgM3) near = mid;
      else far = mid;
    }
    const withMargin = 1.2 * far;
    let rounded = 100;
    while (rounded < withMargin) rounded *= 2;
    return Math.min(maxReachM, rounded);
  }

  private levelsFor(record: SubstanceRecord): ZoneLevel[] {
    const requests: ZoneRequest[] = this.options.zoneLevels ?? defaultZoneRequests(record);
    const levels: ZoneLevel[] = [];
    for (const request of requests) {
      try {
        levels.push(resolveZoneLevel(request, record));
      } catch {
        // A level the substance lacks (no AEGL-1 for CO, no LEL for chlorine) is simply not drawn.
      }
    }
    return levels;
  }

  /** Predicted readings of the scene's gas detectors: ppm cells see their own gas; %LEL heads any flammable gas (response factor 1). */
  private predictDetectors(state: LeakState, tS: number): PredictedDetector[] {
    const out: PredictedDetector[] = [];
    const lel = state.record.lelPercentVol;
    for (const sensor of this.gasSensors) {
      const sameGas = sensor.substanceId === state.info.substanceId;
      if (sensor.unit === 'ppm' && !sameGas) continue;
      if (sensor.unit === '%LEL' && lel === undefined) continue;
      const mgM3 = state.model.concentrationAt(sensor.position.x, sensor.position.y, sensor.mountingHeightM, tS);
      if (!(mgM3 > 0)) continue;
      const ppm = mgM3ToPpm(mgM3, state.info.molecularWeightGPerMol, this.ambient);
      const value = sensor.unit === '%LEL' ? (ppm / (lel! * 1e4)) * 100 : ppm;
      const limit = sensor.limits.highHigh !== undefined && value >= sensor.limits.highHigh ? 'highHigh' : sensor.limits.high !== undefined && value >= sensor.limits.high ? 'high' : null;
      // An instrument cannot read beyond its range: it shows full scale, over range (the scene's rangeMax).
      const overRange = sensor.rangeMax !== undefined && value > sensor.rangeMax;
      out.push({ sensorId: sensor.id, leakId: state.info.leakId, value, reading: overRange ? sensor.rangeMax! : value, overRange, unit: sensor.unit, limit });
    }
    return out;
  }

  /** Outdoor level at each building and the shelter-in-place indoor level, integrated between recomputes. */
  private buildingExposures(state: LeakState, values: Float32Array, grid: GridSpec, tS: number): BuildingExposure[] {
    const ach = this.options.buildingAirChangesPerHour ?? 0.5;
    const lambda = airExchangeRatePerS(ach);
    const dt = Math.max(0, tS - state.lastIndoorS);
    state.lastIndoorS = Math.max(state.lastIndoorS, tS);
    const decay = Math.exp(-lambda * dt);
    const out: BuildingExposure[] = [];
    for (const building of this.buildings) {
      const outdoor = buildingMaxMgM3(values, grid, building);
      const previous = state.indoorMgM3.get(building.id) ?? 0;
      const indoor = previous * decay + outdoor * (1 - decay);
      state.indoorMgM3.set(building.id, indoor);
      if (outdoor <= 0 && indoor <= 0) continue;
      out.push({ buildingId: building.id, leakId: state.info.leakId, outdoorPpm: mgM3ToPpm(outdoor, state.info.molecularWeightGPerMol, this.ambient), indoorPpm: mgM3ToPpm(indoor, state.info.molecularWeightGPerMol, this.ambient), airChangesPerHour: ach });
    }
    return out;
  }
}

function defaultZoneRequests(record: SubstanceRecord): ZoneRequest[] {
  const toxic: ZoneRequest[] = record.aeglPpm ? ['AEGL-3', 'AEGL-2', 'AEGL-1'] : record.erpgPpm ? ['ERPG-3', 'ERPG-2', 'ERPG-1'] : record.idlhPpm !== undefined ? ['IDLH'] : [];
  const flammable: ZoneRequest[] = record.lelPercentVol !== undefined ? ['LEL60', 'LEL10'] : [];
  return [...toxic, ...flammable];
}

/** Bilinear sample of a field at a point; 0 outside the grid. */
export function sampleGrid(values: Float32Array, grid: GridSpec, x: number, y: number): number {
  const fx = (x - grid.x0) / grid.dxM;
  const fy = (y - grid.y0) / grid.dyM;
  if (fx < 0 || fy < 0 || fx > grid.nx - 1 || fy > grid.ny - 1) return 0;
  const i = Math.min(grid.nx - 2, Math.floor(fx));
  const j = Math.min(grid.ny - 2, Math.floor(fy));
  const u = fx - i;
  const v = fy - j;
  const at = (a: number, b: number) => values[b * grid.nx + a]!;
  return (1 - u) * (1 - v) * at(i, j) + u * (1 - v) * at(i + 1, j) + (1 - u) * v * at(i, j + 1) + u * v * at(i + 1, j + 1);
}

/** Highest field value over a building's footprint (centre, corners and edge midpoints, rotated). */
function buildingMaxMgM3(values: Float32Array, grid: GridSpec, building: Equipment): number {
  const halfL = building.size.lengthM / 2;
  const halfW = building.size.widthM / 2;
  const r = (building.rotationDeg * Math.PI) / 180;
  const cos = Math.cos(r);
  const sin = Math.sin(r);
  let max = 0;
  for (const [a, b] of [[0, 0], [1, 1], [1, -1], [-1, 1], [-1, -1], [1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
    // Clockwise rotation in plan: length axis east–west at 0°.
    const lx = a * halfL;
    const ly = b * halfW;
    const x = building.position.x + lx * cos + ly * sin;
    const y = building.position.y - lx * sin + ly * cos;
    max = Math.max(max, sampleGrid(values, grid, x, y));
  }
  return max;
}

function sector(x: number, y: number, windFromDeg: number, halfAngleDeg: number, radiusM: number): [number, number][] {
  const points: [number, number][] = [[x, y]];
  for (let k = 0; k <= 24; k++) {
    const angle = ((-halfAngleDeg + (2 * halfAngleDeg * k) / 24) * Math.PI) / 180;
    const [dx, dy] = fromWindFrame(radiusM * Math.cos(angle), radiusM * Math.sin(angle), windFromDeg);
    points.push([x + dx, y + dy]);
  }
  return points;
}
