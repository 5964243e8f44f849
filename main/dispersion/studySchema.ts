import { z } from 'zod';
import { SIGMA_SCHEMES } from './dispersionCoefficients.js';
import { STABILITY_CLASSES } from './stability.js';

/**
 * The `safetwin plume` study document (docs/study-cli.md, docs/dispersion.md). Unknown fields are
 * not errors: listUnknownFields reports them as warnings.
 */
const finite = () => z.number().finite();
const nonNegative = () => z.number().finite().min(0);
const positive = () => z.number().finite().gt(0);

export const ReceptorIdSchema = z.union([z.string(), z.number()]);

const commonRelease = {
  x: finite(),
  y: finite(),
  heightM: nonNegative().default(0),
  startS: finite().default(0),
  durationS: nonNegative().optional(),
  inventoryKg: nonNegative().optional(),
};

const DirectReleaseSchema = z.object({
  kind: z.literal('direct').optional(),
  ...commonRelease,
  rateKgS: z.number().finite().min(0, 'must be ≥ 0 (a release rate cannot be negative)').optional(),
  massKg: positive().optional(),
  temperatureC: finite().optional(),
});

const GasHoleSchema = z.object({
  kind: z.literal('gasHole'),
  ...commonRelease,
  holeDiameterM: positive(),
  vesselDiameterM: positive().optional(),
  pressureKPaGauge: nonNegative().optional(),
  pressurePa: positive().optional(),
  temperatureC: finite().optional(),
  dischargeCoefficient: z.number().gt(0).max(1).optional(),
});

const LiquidHoleSchema = z.object({
  kind: z.literal('liquidHole'),
  ...commonRelease,
  holeDiameterM: positive(),
  vesselDiameterM: positive().optional(),
  liquidHeadM: nonNegative().default(0),
  pressureKPaGauge: nonNegative().optional(),
  temperatureC: finite().optional(),
  dischargeCoefficient: z.number().gt(0).max(1).optional(),
  poolAreaM2: positive().optional(),
});

const PoolSchema = z.object({
  kind: z.literal('pool'),
  ...commonRelease,
  areaM2: positive(),
  temperatureC: finite().optional(),
});

export const RELEASE_SCHEMAS = { direct: DirectReleaseSchema, gasHole: GasHoleSchema, liquidHole: LiquidHoleSchema, pool: PoolSchema } as const;
export type ReleaseInput =
  | z.infer<typeof DirectReleaseSchema>
  | z.infer<typeof GasHoleSchema>
  | z.infer<typeof LiquidHoleSchema>
  | z.infer<typeof PoolSchema>;

/** Parses release by its kind (a discriminated choice gives located messages, which a union would not). */
export function parseRelease(value: unknown): { ok: true; release: ReleaseInput } | { ok: false; error: string } {
  const kind = typeof value === 'object' && value !== null && 'kind' in value ? (value as { kind: unknown }).kind : 'direct';
  const schema = RELEASE_SCHEMAS[kind as keyof typeof RELEASE_SCHEMAS];
  if (!schema) return { ok: false, error: `release.kind: unknown source model "${String(kind)}" (expected direct, gasHole, liquidHole or pool)` };
  const parsed = schema.safeParse(value);
  if (!parsed.success) return { ok: false, error: describeZodError(parsed.error, 'release') };
  return { ok: true, release: parsed.data };
}

const WindSampleSchema = z.object({ tS: finite(), windSpeedMps: nonNegative(), windFromDeg: finite() });

export const MeteoSchema = z.object({
  windSpeedMps: z.number({ error: 'is required (use 0 for calm: the documented calm floor then applies)' }).finite().min(0, 'must be ≥ 0'),
  windRefHeightM: positive().default(10),
  windFromDeg: finite(),
  stabilityClass: z.enum(STABILITY_CLASSES).optional(),
  obukhovLengthM: finite().optional(),
  sigmaThetaDeg: nonNegative().optional(),
  cloudCoverTenths: z.number().min(0).max(10).optional(),
  cloudCoverOktas: z.number().min(0).max(8).optional(),
  ceilingM: positive().optional(),
  solarElevationDeg: z.number().min(-90).max(90).optional(),
  timeIso: z.string().optional(),
  latitudeDeg: z.number().min(-90).max(90).optional(),
  longitudeDeg: z.number().min(-180).max(180).optional(),
  isNight: z.boolean().optional(),
  roughnessM: positive().default(0.1),
  mixingHeightM: positive().optional(),
  airTemperatureC: z.number().min(-60).max(60).default(25),
  pressurePa: z.number().min(50_000).max(110_000).default(101_325),
  wind: z.array(WindSampleSchema).optional(),
});

export const ModelSchema = z
  .object({
    kind: z.enum(['auto', 'gaussian', 'dense', 'britter-mcquaid']).default('auto'),
    sigmas: z.enum(SIGMA_SCHEMES).optional(),
    averagingTimeS: z.number().min(1).max(36_000).default(600),
    windProfile: z.enum(['none', 'power-law']).default('none'),
    puffIntervalS: z.number().min(0.1).max(600).default(5),
    arrivalPpm: positive().optional(),
  })
  .default({ kind: 'auto', averagingTimeS: 600, windProfile: 'none', puffIntervalS: 5 });

export const SubstanceInputSchema = z.union([
  z.string().min(1),
  z.object({
    name: z.string().min(1),
    molecularWeight: positive(),
    idlhPpm: positive().optional(),
    lelPercentVol: positive().optional(),
  }),
]);

export const GridInputSchema = z.object({
  x0: finite(),
  y0: finite(),
  dx: positive(),
  dy: positive().optional(),
  nx: z.number().int().min(2).max(2000),
  ny: z.number().int().min(2).max(2000),
  z: nonNegative().default(0),
});

export const ZoneInputSchema = z.union([z.string().min(1), z.object({ name: z.string().min(1), ppm: positive() })]);

export const StudySchema = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  substance: SubstanceInputSchema,
  model: ModelSchema,
  release: z.record(z.string(), z.unknown(), { error: 'must be an object' }),
  meteo: MeteoSchema,
  receptors: z.array(z.object({ id: ReceptorIdSchema, x: finite(), y: finite(), z: nonNegative().default(0), airChangesPerHour: nonNegative().optional() })).default([]),
  grid: GridInputSchema.optional(),
  timesS: z.array(finite()).max(10_000).optional(),
  zones: z.array(ZoneInputSchema).default([]),
  zoneHeightM: nonNegative().default(0),
});
export type StudyInput = z.infer<typeof StudySchema>;

/** Fields each object knows, to report the ones a study file has that the engine ignores. */
const KNOWN_FIELDS: Record<string, readonly string[]> = {
  '': ['id', 'substance', 'model', 'release', 'meteo', 'receptors', 'grid', 'timesS', 'zones', 'zoneHeightM'],
  model: ['kind', 'sigmas', 'averagingTimeS', 'windProfile', 'puffIntervalS', 'arrivalPpm'],
  release: ['kind', 'x', 'y', 'heightM', 'startS', 'durationS', 'inventoryKg', 'rateKgS', 'massKg', 'temperatureC', 'holeDiameterM', 'vesselDiameterM', 'pressureKPaGauge', 'pressurePa', 'dischargeCoefficient', 'liquidHeadM', 'poolAreaM2', 'areaM2'],
  meteo: Object.keys(MeteoSchema.shape),
  'meteo.wind[]': ['tS', 'windSpeedMps', 'windFromDeg'],
  'receptors[]': ['id', 'x', 'y', 'z', 'airChangesPerHour'],
  grid: ['x0', 'y0', 'dx', 'dy', 'nx', 'ny', 'z'],
  substance: ['name', 'molecularWeight', 'idlhPpm', 'lelPercentVol'],
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function listUnknownFields(document: unknown): string[] {
  const unknown: string[] = [];
  const check = (value: unknown, known: readonly string[] | undefined, path: string) => {
    if (!known || !isPlainObject(value)) return;
    for (const key of Object.keys(value)) if (!known.includes(key)) unknown.push(path ? `${path}.${key}` : key);
  };
  if (!isPlainObject(document)) return unknown;
  check(document, KNOWN_FIELDS[''], '');
  for (const key of ['model', 'release', 'meteo', 'grid', 'substance']) check(document[key], KNOWN_FIELDS[key], key);
  const meteo = document.meteo;
  if (isPlainObject(meteo) && Array.isArray(meteo.wind)) meteo.wind.forEach((w, i) => check(w, KNOWN_FIELDS['meteo.wind[]'], `meteo.wind[${i}]`));
  if (Array.isArray(document.receptors)) document.receptors.forEach((r, i) => check(r, KNOWN_FIELDS['receptors[]'], `receptors[${i}]`));
  return unknown;
}

/** "meteo.windSpeedMps: must be ≥ 0" — the first problem, located, for the {"error"} answer. */
export function describeZodError(error: z.ZodError, prefix = ''): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const path = (prefix ? `.${prefix}` : '') + issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
      return `${path.replace(/^\./, '') || '(document)'}: ${issue.message}`;
    })
    .join('; ');
}
