import { dispersionWarningText, type DispersionWarning } from '../contracts/index.js';
import { airDensityKgM3, gasDensityKgM3, mgM3ToPpm, ppmToMgM3, ZERO_CELSIUS_K, type Ambient } from './atmosphere.js';
import { DensePlumeModel, DensePuffModel, PuffTrainModel, SteadyPlumeModel, type ConcentrationModel } from './concentrationModels.js';
import { CONTINUOUS_DENSE_CRITERION, continuousRichardsonNumber, INSTANTANEOUS_DENSE_CRITERION, instantaneousRichardsonNumber, type DenseGasInput } from './denseGas.js';
import { PLUME_SIGMA_SCHEMES, type SigmaScheme } from './dispersionCoefficients.js';
import { makeDispersionSetup, type DispersionSetup } from './dispersionSetup.js';
import { plumeCentreline, plumeHalfWidthM } from './gaussianPlume.js';
import type { GridSpec } from './puffTrain.js';
import { resolveRelease, type ResolvedRelease } from './releaseSource.js';
import { indoorAfterSteadyExposure, indoorSeries } from './shelterInPlace.js';
import { isTurnerNight, solarElevationDeg } from './solarPosition.js';
import { oktasToTenths, stabilityFromObukhovLength, stabilityFromSigmaTheta, stabilityFromWeather, type StabilityClass } from './stability.js';
import { describeZodError, listUnknownFields, parseRelease, StudySchema, type StudyInput } from './studySchema.js';
import { resolveSubstance } from './substanceResolution.js';
import { analyticZone, emptyZone, gridZone, resolveZoneLevel, touchesGridEdge, ZoneLevelError, type ZoneFootprint, type ZoneLevel } from './threatZones.js';
import { CALM_WIND_FLOOR_MPS, directionUncertaintyHalfAngleDeg, transportHeightM, windProfileExponent, windSpeedAtHeight } from './windProfile.js';
import { fromWindFrame, toWindFrame, WindHistory, type WindSample } from './windHistory.js';

/**
 * `safetwin plume`: one study document in, one result out (docs/study-cli.md, docs/dispersion.md).
 * Pure and deterministic. Bad input throws StudyInputError with a located message (the CLI turns
 * it into exit status 2 and {"error"}).
 */
export class StudyInputError extends Error {}

type Meteo = StudyInput['meteo'];

export function runStudy(document: unknown): Record<string, unknown> {
  const warnings = listUnknownFields(document).map((field) => `unknown field "${field}" ignored`);
  const parsed = StudySchema.safeParse(document);
  if (!parsed.success) throw new StudyInputError(describeZodError(parsed.error));
  const study = parsed.data;
  const releaseParse = parseRelease(study.release);
  if (!releaseParse.ok) throw new StudyInputError(releaseParse.error);
  const substance = guard(() => resolveSubstance(study.substance), 'substance');
  const record = substance.record;
  const ambient: Ambient = { airTemperatureC: study.meteo.airTemperatureC, pressurePa: study.meteo.pressurePa };
  const meteo = study.meteo;
  const model = study.model;
  const releaseInput = releaseParse.release;
  const instantaneousInput = (releaseInput.kind ?? 'direct') === 'direct' && 'massKg' in releaseInput && releaseInput.massKg !== undefined && (releaseInput.durationS ?? 0) === 0;

  // Stability first: the power-law exponent and the class both depend on it.
  const neutral10 = meteo.windSpeedMps * (10 / meteo.windRefHeightM) ** 0.15;
  const stabilityClass = deriveStability(meteo, neutral10, warnings);
  const sigmaScheme: SigmaScheme = model.sigmas ?? (instantaneousInput ? 'ccps-puff' : 'briggs-rural');
  if (instantaneousInput && PLUME_SIGMA_SCHEMES.includes(sigmaScheme)) warnings.push(`model.sigmas "${sigmaScheme}" are plume coefficients, used here for an instantaneous puff`);
  if (!instantaneousInput && sigmaScheme === 'ccps-puff') warnings.push('model.sigmas "ccps-puff" are instantaneous-puff coefficients, used here for a continuous release');
  const exponent = windProfileExponent(stabilityClass, sigmaScheme);
  const heightT = model.windProfile === 'power-law' ? transportHeightM(releaseInput.heightM) : meteo.windRefHeightM;
  let floorApplied = false;
  const transportSpeed = (measured: number) => {
    const atHeight = model.windProfile === 'power-law' ? windSpeedAtHeight(measured, meteo.windRefHeightM, heightT, exponent) : measured;
    if (atHeight < CALM_WIND_FLOOR_MPS) floorApplied = true;
    return Math.max(CALM_WIND_FLOOR_MPS, atHeight);
  };
  const speed10 = Math.max(CALM_WIND_FLOOR_MPS, model.windProfile === 'power-law' ? windSpeedAtHeight(meteo.windSpeedMps, meteo.windRefHeightM, 10, exponent) : meteo.windSpeedMps);
  const samples: WindSample[] = (meteo.wind ?? []).map((w) => ({ tS: w.tS, speedMps: w.windSpeedMps, fromDeg: w.windFromDeg }));
  const timesS = study.timesS;
  const steady = timesS === undefined;
  if (steady && samples.length > 0) warnings.push('meteo.wind ignored: without timesS the result is the steady state in the top-level wind');
  const wind = new WindHistory({ speedMps: meteo.windSpeedMps, fromDeg: meteo.windFromDeg }, steady ? [] : samples, transportSpeed);
  const fromAt = windDirectionLookup(meteo.windFromDeg, steady ? [] : samples);
  const transportSpeedMps = wind.windAt(Number.NEGATIVE_INFINITY).speedMps;

  const releaseWarnings: DispersionWarning[] = [];
  const release = guard(() => resolveRelease(releaseInput, substance, ambient, speed10, releaseWarnings), 'release');
  warnings.push(...releaseWarnings.map(dispersionWarningText));
  if (release.instantaneous && steady) throw new StudyInputError('timesS: an instantaneous release (massKg, durationS 0) has no steady state; give the times to evaluate');

  // Dense or passive: the Britter–McQuaid criterion on the release's own density.
  const ambientK = ambient.airTemperatureC + ZERO_CELSIUS_K;
  const denseInput: DenseGasInput & { molecularWeightGPerMol: number; pressurePa: number } = {
    releaseDensityKgM3: gasDensityKgM3(record.molecularWeightGPerMol, release.releaseTemperatureK, ambient.pressurePa),
    airDensityKgM3: airDensityKgM3(ambient),
    releaseTemperatureK: release.releaseTemperatureK,
    ambientTemperatureK: ambientK,
    windSpeed10Mps: speed10,
    molecularWeightGPerMol: record.molecularWeightGPerMol,
    pressurePa: ambient.pressurePa,
  };
  const richardson = release.instantaneous ? instantaneousRichardsonNumber(denseInput, release.massKg ?? 0) : continuousRichardsonNumber(denseInput, release.rateKgS);
  const criterion = release.instantaneous ? INSTANTANEOUS_DENSE_CRITERION : CONTINUOUS_DENSE_CRITERION;
  let dense = model.kind === 'dense' || model.kind === 'britter-mcquaid' || (model.kind === 'auto' && !substance.isTracer && richardson >= criterion);
  if (dense && substance.isTracer) {
    warnings.push('a passive tracer is modelled as passive: model.kind dense ignored');
    dense = false;
  }
  if (dense && release.heightM > 1) warnings.push(`Britter–McQuaid is for ground-level releases: release.heightM ${release.heightM} m taken as 0`);
  if (dense && model.windProfile === 'none' && meteo.windRefHeightM !== 10) warnings.push('Britter–McQuaid uses the 10 m wind: set model.windProfile "power-law" to convert from meteo.windRefHeightM');

  const setup = makeDispersionSetup({ stabilityClass, sigmaScheme, releaseHeightM: release.heightM, averagingTimeS: model.averagingTimeS, ambient, ...(meteo.mixingHeightM !== undefined ? { mixingHeightM: meteo.mixingHeightM } : {}) });
  const source = { x: release.x, y: release.y };
  const endS = release.startS + release.durationS;
  let concentrationModel: ConcentrationModel;
  if (dense) {
    concentrationModel = release.instantaneous
      ? new DensePuffModel(source, release.massKg ?? 0, release.startS, denseInput, fromAt)
      : new DensePlumeModel(source, release.rateKgS, denseInput, wind, fromAt, steady ? undefined : { startS: release.startS, endS });
    const alpha = concentrationModel instanceof DensePlumeModel ? concentrationModel.plume.alpha : (concentrationModel as DensePuffModel).puff.alpha;
    if (alpha < -1 || alpha > 1) warnings.push(`Britter–McQuaid α = ${alpha.toFixed(2)} lies outside the correlations' range (−1…1): extrapolated`);
  } else if (steady) {
    concentrationModel = new SteadyPlumeModel(source, release.rateKgS, wind, setup, fromAt);
  } else {
    concentrationModel = new PuffTrainModel(
      { x: release.x, y: release.y, emissions: release.instantaneous ? [] : [{ startS: release.startS, endS, rateKgS: release.rateKgS }], instantaneous: release.instantaneous ? [{ tS: release.startS, massKg: release.massKg ?? 0 }] : [] },
      wind,
      setup,
      { puffIntervalS: model.puffIntervalS },
    );
  }
  if (floorApplied) warnings.push(`calm wind: transport speed floored at ${CALM_WIND_FLOOR_MPS} m/s (US EPA 40 CFR 51 App. W); concentrations near a calm source are upper estimates`);

  const mw = record.molecularWeightGPerMol;
  const ppm = (mgM3: number) => mgM3ToPpm(mgM3, mw, ambient);
  const levels = resolveLevels(study.zones, record, warnings);

  // Receptors.
  const receptors = study.receptors.map((r) => {
    const { downwindM } = toWindFrame(r.x - release.x, r.y - release.y, meteo.windFromDeg);
    if (steady) {
      const c = concentrationModel.concentrationAt(r.x, r.y, r.z);
      if (downwindM <= 0 && !dense) warnings.push(`receptor ${String(r.id)} is upwind of the source: 0 in a steady plume`);
      const arrivalS = c > 0 ? release.startS + Math.max(0, downwindM) / transportSpeedMps : null;
      return {
        id: r.id, x: r.x, y: r.y, z: r.z,
        concentrationMgM3: c,
        ppm: ppm(c),
        arrivalS,
        doseMgSM3: c * release.durationS,
        ...(r.airChangesPerHour !== undefined ? { indoorConcentrationMgM3: indoorAfterSteadyExposure(c, r.airChangesPerHour, release.durationS), indoorPpm: ppm(indoorAfterSteadyExposure(c, r.airChangesPerHour, release.durationS)) } : {}),
      };
    }
    const series = exposureSeries(concentrationModel, r, release, timesS!, model.puffIntervalS);
    const arrivalThresholdMgM3 = model.arrivalPpm !== undefined ? ppmToMgM3(model.arrivalPpm, mw, ambient) : levels.length > 0 ? ppmToMgM3(Math.min(...levels.map((l) => l.thresholdPpm)), mw, ambient) : 0.01 * series.peak;
    const indoor = r.airChangesPerHour !== undefined ? indoorSeries(series.times, series.values, r.airChangesPerHour) : undefined;
    return {
      id: r.id, x: r.x, y: r.y, z: r.z,
      values: timesS!.map((t) => {
        const c = concentrationModel.concentrationAt(r.x, r.y, r.z, t);
        const entry: Record<string, number> = { tS: t, concentrationMgM3: c, ppm: ppm(c) };
        if (indoor) {
          const ci = interpolate(series.times, indoor, t);
          entry.indoorConcentrationMgM3 = ci;
          entry.indoorPpm = ppm(ci);
        }
        return entry;
      }),
      arrivalS: series.peak > 0 ? firstCrossing(series.times, series.values, arrivalThresholdMgM3) : null,
      arrivalThresholdPpm: ppm(arrivalThresholdMgM3),
      peakConcentrationMgM3: series.peak,
      doseMgSM3: series.dose,
    };
  });

  // Grid.
  let gridOut: Record<string, unknown> | undefined;
  const gridSpec: GridSpec | undefined = study.grid ? { x0: study.grid.x0, y0: study.grid.y0, dxM: study.grid.dx, dyM: study.grid.dy ?? study.grid.dx, nx: study.grid.nx, ny: study.grid.ny, zM: study.grid.z } : undefined;
  if (gridSpec) {
    const header = { x0: gridSpec.x0, y0: gridSpec.y0, dx: gridSpec.dxM, dy: gridSpec.dyM, nx: gridSpec.nx, ny: gridSpec.ny, z: gridSpec.zM, order: 'row-major, row j at y0 + j·dy' };
    if (steady) gridOut = { ...header, concentrationMgM3: roundArray(evaluateGrid(concentrationModel, gridSpec)) };
    else gridOut = { ...header, frames: timesS!.map((t) => ({ tS: t, concentrationMgM3: roundArray(evaluateGrid(concentrationModel, gridSpec, t)) })) };
  }

  // Zones.
  const zones: ZoneFootprint[] = levels.map((level) => {
    const thresholdMgM3 = ppmToMgM3(level.thresholdPpm, mw, ambient);
    if (steady) return steadyZone(level, thresholdMgM3, concentrationModel, release, transportSpeedMps, study.zoneHeightM, setup, meteo.windFromDeg);
    const zoneGrid = { ...(gridSpec ?? autoGrid(release, timesS!, transportSpeedMps)), zM: study.zoneHeightM };
    const envelope = new Float64Array(zoneGrid.nx * zoneGrid.ny);
    for (const t of timesS!) {
      const frame = evaluateGrid(concentrationModel, zoneGrid, t);
      for (let k = 0; k < frame.length; k++) if (frame[k]! > envelope[k]!) envelope[k] = frame[k]!;
    }
    const zone = gridZone(level, thresholdMgM3, envelope, zoneGrid, { sourceX: release.x, sourceY: release.y, windFromDeg: meteo.windFromDeg });
    if (touchesGridEdge(envelope, zoneGrid, thresholdMgM3)) warnings.push(`zone ${level.level} reaches the edge of the grid: its reach and area are lower bounds (give a larger grid)`);
    return zone.areaM2 > 0 ? zone : { ...emptyZone(level, ambient, mw), thresholdMgM3 };
  });

  const halfAngle = directionUncertaintyHalfAngleDeg(meteo.windSpeedMps);
  const reach = Math.max(0, ...zones.map((z) => z.downwindDistanceM));
  const result: Record<string, unknown> = {
    ...(study.id !== undefined ? { id: study.id } : {}),
    warnings,
    substance: { name: record.name, molecularWeightGPerMol: mw, tracer: substance.isTracer },
    model: {
      kind: concentrationModel.kind,
      requested: model.kind,
      sigmas: sigmaScheme,
      averagingTimeS: model.averagingTimeS,
      windProfile: model.windProfile,
      richardsonNumber: richardson,
      denseCriterion: criterion,
      ...(concentrationModel.kind === 'gaussian-puff-train' ? { puffIntervalS: model.puffIntervalS } : {}),
    },
    stabilityClass,
    transportSpeedMps,
    transportHeightM: heightT,
    windSpeed10Mps: speed10,
    source: {
      x: release.x, y: release.y, heightM: release.heightM, startS: release.startS,
      rateKgS: release.rateKgS,
      dischargeRateKgS: release.dischargeRateKgS,
      durationS: release.durationS,
      ...(release.massKg !== undefined ? { massKg: release.massKg } : {}),
      releaseTemperatureC: release.releaseTemperatureK - ZERO_CELSIUS_K,
      regime: release.regime,
      inventoryLimited: release.inventoryLimited,
    },
    ambient: { airTemperatureC: ambient.airTemperatureC, pressurePa: ambient.pressurePa },
    receptors,
    zones,
    ...(halfAngle > 0 ? { directionUncertainty: { halfAngleDeg: halfAngle, radiusM: reach > 0 ? reach : 1000, sector: sectorPolygon(release.x, release.y, meteo.windFromDeg, halfAngle, reach > 0 ? reach : 1000) } } : {}),
    ...(gridOut ? { grid: gridOut } : {}),
  };
  if (halfAngle > 0) warnings.push(`wind below 3 m/s: the direction is uncertain by ±${halfAngle.toFixed(0)}° (see directionUncertainty)`);
  return sanitize(result, warnings) as Record<string, unknown>;
}

function guard<T>(fn: () => T, field: string): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof Error && !(error instanceof TypeError) && !(error instanceof RangeError)) {
      throw new StudyInputError(error.message.startsWith(field) ? error.message : `${field}: ${error.message}`);
    }
    throw error;
  }
}

function deriveStability(meteo: Meteo, windSpeed10Mps: number, warnings: string[]): StabilityClass {
  if (meteo.stabilityClass) return meteo.stabilityClass;
  if (meteo.obukhovLengthM !== undefined) return stabilityFromObukhovLength(meteo.obukhovLengthM, meteo.roughnessM);
  let elevation = meteo.solarElevationDeg;
  let turnerNight: boolean | undefined;
  if (meteo.timeIso !== undefined && (elevation === undefined || meteo.isNight === undefined)) {
    if (meteo.latitudeDeg === undefined || meteo.longitudeDeg === undefined) throw new StudyInputError('meteo.latitudeDeg: timeIso needs the site latitude and longitude to place the sun');
    elevation ??= guard(() => solarElevationDeg(meteo.timeIso!, meteo.latitudeDeg!, meteo.longitudeDeg!), 'meteo.timeIso');
    turnerNight = guard(() => isTurnerNight(meteo.timeIso!, meteo.latitudeDeg!, meteo.longitudeDeg!), 'meteo.timeIso');
  }
  // Turner's night runs from an hour before sunset to an hour after sunrise; from the sun's height alone, night is the sun below the horizon.
  const isNight = meteo.isNight ?? turnerNight ?? (elevation !== undefined ? elevation <= 0 : undefined);
  if (meteo.sigmaThetaDeg !== undefined) return stabilityFromSigmaTheta(meteo.sigmaThetaDeg, isNight ?? false, windSpeed10Mps);
  const cloudCoverTenths = meteo.cloudCoverTenths ?? (meteo.cloudCoverOktas !== undefined ? oktasToTenths(meteo.cloudCoverOktas) : undefined);
  if (isNight === undefined || cloudCoverTenths === undefined) {
    throw new StudyInputError('meteo.stabilityClass: give a class A–F, obukhovLengthM, sigmaThetaDeg, or cloudCoverTenths (or cloudCoverOktas) with the time of day (isNight, solarElevationDeg or timeIso)');
  }
  if (cloudCoverTenths > 5 && meteo.ceilingM === undefined) warnings.push('meteo.ceilingM not given with more than 5/10 cloud: the ceiling is taken as below 7,000 ft (the most stable class)');
  return stabilityFromWeather({ windSpeed10Mps, isNight, cloudCoverTenths, ...(meteo.ceilingM !== undefined ? { ceilingM: meteo.ceilingM } : {}), ...(elevation !== undefined ? { solarElevationDeg: elevation } : {}) });
}

function windDirectionLookup(initialFromDeg: number, samples: readonly WindSample[]): (tS?: number) => number {
  const sorted = [...samples].sort((a, b) => a.tS - b.tS);
  return (tS) => {
    if (tS === undefined) return initialFromDeg;
    let from = initialFromDeg;
    for (const s of sorted) {
      if (s.tS <= tS) from = s.fromDeg;
      else break;
    }
    return from;
  };
}

function resolveLevels(requests: StudyInput['zones'], record: Parameters<typeof resolveZoneLevel>[1], warnings: string[]): ZoneLevel[] {
  const levels: ZoneLevel[] = [];
  for (const request of requests) {
    try {
      levels.push(resolveZoneLevel(request, record));
    } catch (error) {
      if (!(error instanceof ZoneLevelError)) throw error;
      // Unknown syntax is bad input; a level the substance lacks (e.g. CO has no AEGL-1) is a warning.
      if (error.message.startsWith('unknown zone level')) throw new StudyInputError(`zones: ${error.message}`);
      warnings.push(`zone ${typeof request === 'string' ? request : request.name} skipped: ${error.message}`);
    }
  }
  return levels;
}

function steadyZone(level: ZoneLevel, thresholdMgM3: number, model: ConcentrationModel, release: ResolvedRelease, speedMps: number, zoneHeightM: number, setup: DispersionSetup, windFromDeg: number): ZoneFootprint {
  const options = { sourceX: release.x, sourceY: release.y, windFromDeg };
  if (model instanceof DensePlumeModel) {
    const plume = model.plume;
    const centre = (x: number) => model.concentrationAt(release.x + fromWindFrame(x, 0, windFromDeg)[0], release.y + fromWindFrame(x, 0, windFromDeg)[1], 0);
    return analyticZone(level, thresholdMgM3, centre, (x) => (centre(x) >= thresholdMgM3 ? plume.halfWidthAt(x) : 0), { ...options, upwindExtentM: plume.upwindExtentM });
  }
  const rateMgS = release.rateKgS * 1e6;
  return analyticZone(
    level,
    thresholdMgM3,
    (x) => plumeCentreline(rateMgS, speedMps, x, zoneHeightM, setup),
    (x) => plumeHalfWidthM(rateMgS, speedMps, x, zoneHeightM, thresholdMgM3, setup),
    { ...options, upwindExtentM: 0 },
  );
}

function evaluateGrid(model: ConcentrationModel, grid: GridSpec, tS?: number): Float64Array {
  const out = new Float64Array(grid.nx * grid.ny);
  model.accumulateGrid(grid, out, tS);
  return out;
}

/** A grid around the cloud when the study gives none: 301 × 301 cells over the area the cloud can reach by the last time (≤ 5 km). */
function autoGrid(release: ResolvedRelease, timesS: readonly number[], speedMps: number): GridSpec {
  const lastS = Math.max(...timesS);
  const reach = Math.min(5000, Math.max(50, speedMps * Math.max(0, lastS - release.startS) * 1.2));
  const cells = 301;
  const d = (2 * reach) / (cells - 1);
  return { x0: release.x - reach, y0: release.y - reach, dxM: d, dyM: d, nx: cells, ny: cells, zM: 0 };
}

type Series = { times: number[]; values: number[]; peak: number; dose: number };

/** The receptor's concentration sampled from the release start to the last requested time, for arrival, dose and indoor values. */
function exposureSeries(model: ConcentrationModel, r: { x: number; y: number; z: number }, release: ResolvedRelease, timesS: readonly number[], puffIntervalS: number): Series {
  const t0 = Math.min(release.startS, ...timesS);
  const t1 = Math.max(...timesS);
  const step = Math.max(0.5, Math.min(puffIntervalS, (t1 - t0) / 400 || puffIntervalS));
  const times: number[] = [];
  for (let t = t0; t < t1; t += step) times.push(t);
  times.push(t1);
  const values = times.map((t) => model.concentrationAt(r.x, r.y, r.z, t));
  let dose = 0;
  for (let k = 1; k < times.length; k++) dose += ((values[k]! + values[k - 1]!) / 2) * (times[k]! - times[k - 1]!);
  return { times, values, peak: Math.max(0, ...values), dose };
}

function firstCrossing(times: readonly number[], values: readonly number[], threshold: number): number | null {
  if (!(threshold > 0)) return null;
  for (let k = 0; k < values.length; k++) {
    if (values[k]! >= threshold) {
      if (k === 0) return times[0]!;
      const f = (threshold - values[k - 1]!) / (values[k]! - values[k - 1]!);
      return times[k - 1]! + f * (times[k]! - times[k - 1]!);
    }
  }
  return null;
}

function interpolate(times: readonly number[], values: readonly number[], t: number): number {
  if (t <= times[0]!) return values[0]!;
  for (let k = 1; k < times.length; k++) {
    if (times[k]! >= t) {
      const f = (t - times[k - 1]!) / (times[k]! - times[k - 1]! || 1);
      return values[k - 1]! + f * (values[k]! - values[k - 1]!);
    }
  }
  return values[values.length - 1]!;
}

function sectorPolygon(x: number, y: number, windFromDeg: number, halfAngleDeg: number, radiusM: number): [number, number][] {
  const points: [number, number][] = [[x, y]];
  const steps = 24;
  for (let k = 0; k <= steps; k++) {
    const angle = ((-halfAngleDeg + (2 * halfAngleDeg * k) / steps) * Math.PI) / 180;
    const [dx, dy] = fromWindFrame(radiusM * Math.cos(angle), radiusM * Math.sin(angle), windFromDeg);
    points.push([x + dx, y + dy]);
  }
  return points;
}

/** Four significant digits: grids are large and the models are not better than that. */
function roundArray(values: Float64Array): number[] {
  return Array.from(values, (v) => (v === 0 ? 0 : Number(v.toPrecision(4))));
}

/** Never print NaN or Infinity (docs/study-cli.md): such a value becomes null and is named in a warning. */
function sanitize(value: unknown, warnings: string[], path = ''): unknown {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    warnings.push(`${path}: not a finite number (${String(value)}), printed as null`);
    return null;
  }
  if (Array.isArray(value)) return value.map((v, i) => sanitize(v, warnings, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = k === 'warnings' ? v : sanitize(v, warnings, path ? `${path}.${k}` : k);
    return out;
  }
  return value;
}
