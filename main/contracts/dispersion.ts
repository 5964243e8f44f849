import { z } from 'zod';

/**
 * Live gas-dispersion snapshot from the core (main/dispersion/LeakService) to the UI: the
 * ground-level concentration field over the site, threat-zone outlines per level, detectors the
 * model predicts will alarm, and who and what is inside each zone. Coordinates are plant metres
 * (x east, y north); concentrations mg/m³ unless the field name says ppm.
 * Commands from the UI (start/stop a leak) are in LeakStartRequestSchema / LeakStopRequestSchema.
 */

/** Concentration values, row-major (row j at y0 + j·dyM, cell centres): a Float32Array in the core, an ArrayBuffer after socket.io. */
export const FloatValuesSchema = z
  .custom<Float32Array | ArrayBuffer>((v) => v instanceof Float32Array || v instanceof ArrayBuffer, 'a Float32Array (or its ArrayBuffer)')
  .transform((v) => (v instanceof Float32Array ? v : new Float32Array(v)));

export const DispersionGridSchema = z.object({
  x0: z.number().finite(),
  y0: z.number().finite(),
  dxM: z.number().positive(),
  dyM: z.number().positive(),
  nx: z.number().int().positive(),
  ny: z.number().int().positive(),
  /** Height of the field above grade, m (0 = ground level). */
  zM: z.number().min(0),
});
export type DispersionGrid = z.infer<typeof DispersionGridSchema>;

export const LEAK_MODEL_KINDS = ['gaussian-puff-train', 'britter-mcquaid-plume', 'gaussian-plume', 'britter-mcquaid-puff'] as const;

export const ActiveLeakSchema = z.object({
  leakId: z.string().min(1).max(64),
  equipmentId: z.string().min(1),
  substanceId: z.string(),
  substanceName: z.string(),
  molecularWeightGPerMol: z.number().positive(),
  model: z.enum(LEAK_MODEL_KINDS),
  /** Airborne rate, kg/s, and the rate leaving the equipment. */
  rateKgS: z.number().min(0),
  dischargeRateKgS: z.number().min(0),
  /** How the rate was obtained: "direct", "choked", "flashing liquid + boiling rainout (all vaporized)", … */
  regime: z.string(),
  startedAtMs: z.number(),
  /** When the release ends (inventory exhausted, duration over, or stopped). */
  endsAtMs: z.number(),
  releasedKg: z.number().min(0),
  inventoryLimited: z.boolean(),
  richardsonNumber: z.number().min(0),
  /**
   * True for a release simulated on the demo plant (the embedded simulator leaks too and its detectors
   * alarm: a trainer's explicit act); absent or false for a what-if study, which never touches the plant.
   */
  simulated: z.boolean().optional(),
});
export type ActiveLeak = z.infer<typeof ActiveLeakSchema>;

export const ThreatZoneSchema = z.object({
  leakId: z.string(),
  /** "AEGL-3", "AEGL-2", "AEGL-1", "ERPG-2", "IDLH", "LEL60", "LEL10" … (most severe first in the list). */
  level: z.string(),
  thresholdPpm: z.number().positive(),
  thresholdMgM3: z.number().positive(),
  /** Outlines, each a closed ring of [x, y] (closing edge implicit), simplified to about half a cell. */
  rings: z.array(z.array(z.tuple([z.number(), z.number()]))),
  areaM2: z.number().min(0),
  downwindDistanceM: z.number().min(0),
  widthM: z.number().min(0),
  /** The zone touches the edge of the computed area: it reaches farther than the grid, and its reach and area are lower bounds. */
  reachesEdge: z.boolean(),
  /** Badge ids of workers inside, and building (equipment) ids touched by the zone. */
  workerIds: z.array(z.string()),
  buildingIds: z.array(z.string()),
});
export type ThreatZone = z.infer<typeof ThreatZoneSchema>;

export const PredictedDetectorSchema = z.object({
  sensorId: z.string(),
  leakId: z.string(),
  /** The model's concentration at the detector in the sensor's unit (ppm or %LEL), not limited by the instrument. */
  value: z.number().min(0),
  /** What the instrument would show: the value limited to the sensor's range (scene rangeMax), if it has one. */
  reading: z.number().min(0),
  /** The value is above the sensor's range: the instrument shows its full scale (over range). */
  overRange: z.boolean(),
  unit: z.string(),
  /** The highest scene alarm limit the prediction reaches, or null. */
  limit: z.enum(['high', 'highHigh']).nullable(),
});
export type PredictedDetector = z.infer<typeof PredictedDetectorSchema>;

export const BuildingExposureSchema = z.object({
  buildingId: z.string(),
  leakId: z.string(),
  outdoorPpm: z.number().min(0),
  /** Shelter-in-place estimate (single-zone air exchange) since the leak started. */
  indoorPpm: z.number().min(0),
  airChangesPerHour: z.number().min(0),
});
export type BuildingExposure = z.infer<typeof BuildingExposureSchema>;

/**
 * A warning of the live leak model by code, with the numbers it names: the UI words it in its own
 * language (i18n key leak.warnings.<code>); dispersionWarningText gives the English kept in the
 * snapshot's `warnings` for logs and recordings.
 */
export const DISPERSION_WARNING_CODES = ['durationAssumed', 'inventoryLimited', 'massAboveInventory', 'poolSpreadAssumed', 'noDesignPressure', 'calmWind'] as const;
export type DispersionWarningCode = (typeof DISPERSION_WARNING_CODES)[number];
export const DispersionWarningSchema = z.object({
  code: z.enum(DISPERSION_WARNING_CODES),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  /** The leak it is about; absent for warnings about the whole picture (calm wind). */
  leakId: z.string().optional(),
});
export type DispersionWarning = z.infer<typeof DispersionWarningSchema>;

const DISPERSION_WARNING_ENGLISH: Record<DispersionWarningCode, (p: DispersionWarning['params']) => string> = {
  durationAssumed: (p) => `release.durationS not given: ${p.durationS} s assumed`,
  inventoryLimited: (p) => `release limited by the inventory: ${p.inventoryKg} kg empties in ${p.durationS} s`,
  massAboveInventory: (p) => `release.massKg ${p.massKg} kg exceeds the inventory: ${p.inventoryKg} kg released`,
  poolSpreadAssumed: (p) => `no poolAreaM2: the spill is taken to spread ${p.depthCm} cm deep, ${p.areaM2} m²`,
  noDesignPressure: (p) => `${p.equipmentId}: no design pressure in the scene, no driving pressure`,
  calmWind: (p) => `calm wind: transport speed floored at ${p.speedMps} m/s`,
};

/** The English text of a coded warning (logs, recordings, the study CLI), prefixed with its leak. */
export function dispersionWarningText(warning: DispersionWarning): string {
  const text = DISPERSION_WARNING_ENGLISH[warning.code](warning.params);
  return warning.leakId === undefined ? text : `${warning.leakId}: ${text}`;
}

export const DispersionSnapshotSchema = z.object({
  seq: z.number().int().min(0),
  /** Model time the snapshot describes (the clock's epoch ms). */
  atMs: z.number(),
  wind: z.object({ speedMps: z.number().min(0), fromDeg: z.number(), stabilityClass: z.enum(['A', 'B', 'C', 'D', 'E', 'F']), sampleAtMs: z.number() }),
  leaks: z.array(ActiveLeakSchema),
  grid: DispersionGridSchema.nullable(),
  /** One field per leak, parallel to `leaks` (ground level, mg/m³ of that leak's substance). */
  fields: z.array(z.object({ leakId: z.string(), valuesMgM3: FloatValuesSchema, maxMgM3: z.number().min(0) })),
  zones: z.array(ThreatZoneSchema),
  detectors: z.array(PredictedDetectorSchema),
  buildings: z.array(BuildingExposureSchema),
  /** Low-wind direction uncertainty (wind below 3 m/s): ±halfAngleDeg about the downwind direction, drawn as a sector. */
  directionUncertainty: z.object({ halfAngleDeg: z.number().min(0).max(90), sector: z.array(z.tuple([z.number(), z.number()])) }).nullable(),
  /** English, for logs and recordings; the UI shows `notices`. */
  warnings: z.array(z.string()),
  /** The same warnings by code, worded by the UI in its language (absent in recordings made before them). */
  notices: z.array(DispersionWarningSchema).default([]),
  computeMs: z.number().min(0),
});
export type DispersionSnapshot = z.input<typeof DispersionSnapshotSchema>;

export const LeakStartRequestSchema = z
  .object({
    equipmentId: z.string().min(1).max(64),
    /** Either a hole (the source model follows the equipment's substance and storage) or a direct rate. */
    holeDiameterM: z.number().gt(0).max(5).optional(),
    rateKgS: z.number().min(0).max(10_000).optional(),
    durationS: z.number().gt(0).max(86_400).optional(),
    heightM: z.number().min(0).max(200).optional(),
    model: z.enum(['auto', 'gaussian', 'dense']).default('auto'),
  })
  .refine((r) => (r.holeDiameterM === undefined) !== (r.rateKgS === undefined), 'give exactly one of holeDiameterM and rateKgS');
export type LeakStartRequest = z.input<typeof LeakStartRequestSchema>;

/** Caps on the live leak work: at most this many leaks are modelled at once (a start beyond is refused, ST_ERR_DISPERSION_TOO_MANY_LEAKS). */
export const MAX_LIVE_LEAKS = 8;

export const LeakStopRequestSchema = z.object({ leakId: z.string().min(1).max(64) });
