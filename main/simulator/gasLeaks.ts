import type { ActiveLeak, Scene, Sensor } from '../contracts/index.js';
import { LeakRequestError, LeakService } from '../dispersion/index.js';
import type { Wind } from './WindModel.js';

/**
 * Gas-leak scenario: the control room's dispersion engine (main/dispersion, docs/dispersion.md)
 * running inside the simulation, so the plant's detectors read what the twin's model predicts —
 * the same source term, puff train or Britter–McQuaid dense plume ('auto' picks by the Richardson
 * criterion, as ALOHA does), transport delay and units.
 *
 * The engine runs on the simulation's clock (not the wall clock) and is fed the simulator's
 * 10-minute mean wind (WindModel), every WIND_FEED_INTERVAL_MS of model time while a leak is
 * active and at once when the wind is set; it derives the stability class from the sun at the
 * model time, as it does in the core. So readings depend only on the seed and the sequence of
 * step() and applyCommand() times.
 *
 * What a detector reads is the engine's predicted reading at its position and mounting height in
 * its unit (LeakService.recompute → detectors): ppm cells see only their own substance; %LEL heads
 * any flammable gas, as %LEL of that gas (response factor 1, docs/dispersion.md). Oxygen cells are
 * not gas detectors to the engine; each is presented to it as a ppm cell of every scene substance
 * at the O2 cell's position and height, so the engine also gives the leaked gas there, whatever it
 * is, for the dilution of the oxygen reading.
 */
export type LeakModelChoice = 'auto' | 'gaussian' | 'dense';
type GasLeakRequest = { equipmentId: string; releaseRateKgPerS: number; durationS?: number };
type GasLeakStart = { ok: true; leak: ActiveLeak } | { ok: false; reason: string };

/** The mean wind moves on a time scale of hours (WindModel): a new sample every 10 s of model time is plenty. */
const WIND_FEED_INTERVAL_MS = 10_000;
/** Ended leaks are forgotten once their tail has long passed every detector. */
const LEAK_MEMORY_MS = 3_600_000;
/**
 * The simulator reads only detector predictions, which the engine evaluates at each detector's own
 * position and height; its concentration field is not used, so the field grid is the coarsest the
 * engine makes (2 × 2 cells) and costs nothing. No threat-zone levels either.
 */
const FIELD_CELL_M = 10_000;
const O2_CELL_SEPARATOR = '\u0000';

export class SimulatedGasLeaks {
  private service: LeakService | undefined;
  private lastWindFeedMs = Number.NEGATIVE_INFINITY;
  private readonly engineScene: Scene;
  /** Sensor id → the engine's reading (gas detectors, in their unit) or the leaked gas in ppm (O2 cells). */
  private readonly readings = new Map<string, number>();

  constructor(
    private readonly scene: Scene,
    private readonly clock: () => number,
    private readonly meanWind: () => Wind,
    private readonly model: LeakModelChoice = 'auto',
  ) {
    this.engineScene = { ...scene, sensors: [...scene.sensors.filter((s) => s.kind === 'gas'), ...oxygenCellsAsPpmCells(scene)] };
  }

  /** Starts a release at an equipment item now; refused (nothing changes) for a request the engine cannot satisfy. */
  start(request: GasLeakRequest): GasLeakStart {
    const service = this.service ?? this.newService();
    try {
      const leak = service.startLeak({
        equipmentId: request.equipmentId,
        rateKgS: request.releaseRateKgPerS,
        ...(request.durationS !== undefined ? { durationS: request.durationS } : {}),
        model: this.model,
      });
      this.service = service;
      return { ok: true, leak };
    } catch (error) {
      if (error instanceof LeakRequestError) return { ok: false, reason: error.message };
      throw error;
    }
  }

  /** Every leak and its cloud end now. */
  clear(): void {
    this.service?.dispose();
    this.service = undefined;
    this.readings.clear();
  }

  /** Feeds the current mean wind now (the wind was set), or on the feed interval while a leak is active; forgets long-ended leaks. */
  advance(force = false): void {
    const service = this.service;
    if (!service) return;
    const nowMs = this.clock();
    for (const leak of service.activeLeaks) if (nowMs > leak.endsAtMs + LEAK_MEMORY_MS) service.removeLeak(leak.leakId);
    if (service.activeLeaks.length === 0) return this.clear();
    if (force || nowMs - this.lastWindFeedMs >= WIND_FEED_INTERVAL_MS) this.feedWind(service, nowMs);
  }

  /** Recomputes the engine's detector predictions at the model's time; read them with reading() and oxygenDilutionFactor(). */
  evaluate(): void {
    this.readings.clear();
    if (!this.service) return;
    for (const predicted of this.service.recompute(this.clock()).detectors) {
      const sensorId = predicted.sensorId.split(O2_CELL_SEPARATOR)[0]!;
      this.readings.set(sensorId, (this.readings.get(sensorId) ?? 0) + predicted.value);
    }
  }

  /** A gas detector's reading from the leaks at the last evaluate(), in its unit. */
  reading(sensorId: string): number {
    return this.readings.get(sensorId) ?? 0;
  }

  /** Oxygen left at an O2 cell where leaked gas displaces air: O2 × (1 − c/10⁶), c in ppm. */
  oxygenDilutionFactor(sensorId: string): number {
    return Math.max(0, 1 - this.reading(sensorId) / 1e6);
  }

  /** The engine's leaks, ended ones included until they are forgotten. */
  leaks(): ActiveLeak[] {
    return this.service?.activeLeaks ?? [];
  }

  private newService(): LeakService {
    const service = new LeakService(this.engineScene, { clock: this.clock, cellSizeM: FIELD_CELL_M, zoneLevels: [] });
    this.feedWind(service, this.clock());
    return service;
  }

  private feedWind(service: LeakService, nowMs: number): void {
    const wind = this.meanWind();
    service.updateWind({ speedMps: wind.speedMps, fromDeg: wind.fromDeg, atMs: nowMs });
    this.lastWindFeedMs = nowMs;
  }
}

/** Each O2 cell as a ppm cell of each scene substance (ids "<O2 id>\0<substance id>"), at the same place and height. */
function oxygenCellsAsPpmCells(scene: Scene): Sensor[] {
  const cells: Sensor[] = [];
  for (const sensor of scene.sensors) {
    if (sensor.kind !== 'o2') continue;
    for (const substance of scene.substances) {
      cells.push({ ...sensor, id: `${sensor.id}${O2_CELL_SEPARATOR}${substance.id}`, kind: 'gas', unit: 'ppm', substanceId: substance.id, limits: {} });
    }
  }
  return cells;
}
