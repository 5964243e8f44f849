import { z } from 'zod';
import { isPointInPolygon, Point2Schema, Point3Schema, PolygonSchema, PolylineSchema, type Point2 } from './geometry.js';

/**
 * The SafeTwin scene format, version 1. Documented in docs/scene-format.md; the JSON Schema
 * in docs/scene.schema.json is generated from this file (scripts/writeSceneJsonSchema).
 * All geometry is in plant-local metres (x east, y north, z up); angles in degrees.
 */
export const SCENE_FORMAT = 'safetwin-scene';
export const SCENE_FORMAT_VERSION = 1;

const IdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'an id of 1–64 letters, digits, "_", "." or "-"');

/** Text shown to users, in English and optionally Simplified Chinese. */
export const LocalizedTextSchema = z.object({ en: z.string().min(1), 'zh-CN': z.string().min(1).optional() });
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/** MQTT topic names must not contain wildcards (MQTT 3.1.1 §4.7.1, MQTT 5 §4.7.1). */
const MqttTopicSchema = z
  .string()
  .min(1)
  .max(512)
  .refine((t) => !t.includes('+') && !t.includes('#'), 'a topic name without the wildcards "+" and "#"');

export const SubstanceSchema = z.object({
  id: IdSchema,
  name: LocalizedTextSchema,
  casNumber: z.string().regex(/^\d{2,7}-\d{2}-\d$/, 'a CAS registry number such as 7664-41-7'),
  molecularWeightGPerMol: z.number().positive(),
  normalBoilingPointC: z.number().optional(),
  storagePhase: z.enum(['gas', 'liquefiedGas', 'liquid', 'refrigeratedLiquid']),
  hazards: z.array(z.enum(['toxic', 'flammable', 'oxidizer', 'corrosive', 'carcinogenic'])).min(1),
  lelPercentVol: z.number().positive().max(100).optional(),
  uelPercentVol: z.number().positive().max(100).optional(),
  idlhPpm: z.number().positive().optional(),
  /** Where the numbers come from (data sheet, NIOSH Pocket Guide, …). */
  source: z.string().min(1),
});
export type Substance = z.infer<typeof SubstanceSchema>;

export const AREA_KINDS = [
  'process',
  'tankFarm',
  'loading',
  'warehouse',
  'utility',
  'admin',
  'restricted',
  'hazardous',
  'confinedSpace',
  'muster',
] as const;

export const AreaSchema = z.object({
  id: IdSchema,
  name: LocalizedTextSchema,
  kind: z.enum(AREA_KINDS),
  polygon: PolygonSchema,
  /** Fire-hazard category of the production or storage (GB 50160 / GB 50016: 甲/乙/丙 = A/B/C). */
  riskClass: z.enum(['A', 'B', 'C']).optional(),
  /** Four-colour risk zoning (安全风险四色分布图): major/large/general/low = red/orange/yellow/blue. */
  riskLevel: z.enum(['major', 'large', 'general', 'low']).optional(),
  /** Hazardous-area zone (IEC 60079-10-1 / GB 3836.14): required when kind is "hazardous". */
  atexZone: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
});
export type Area = z.infer<typeof AreaSchema>;

export const EQUIPMENT_TYPES = [
  'tank',
  'sphere',
  'bullet',
  'reactor',
  'column',
  'vessel',
  'heatExchanger',
  'pump',
  'pipeRack',
  'building',
  'loadingBay',
  'flare',
] as const;
export type EquipmentType = (typeof EQUIPMENT_TYPES)[number];

/** Equipment drawn as cylinders: lengthM and widthM are both the diameter. */
export const CYLINDRICAL_EQUIPMENT: ReadonlySet<EquipmentType> = new Set(['tank', 'reactor', 'column', 'vessel', 'flare']);

export const EquipmentSchema = z.object({
  id: IdSchema,
  type: z.enum(EQUIPMENT_TYPES),
  name: LocalizedTextSchema,
  areaId: IdSchema.optional(),
  /** Centre of the footprint at foundation level. */
  position: Point3Schema,
  size: z.object({ lengthM: z.number().positive(), widthM: z.number().positive(), heightM: z.number().positive() }),
  /** Clockwise rotation in plan (the project's angle convention); at 0 the length axis runs east–west. */
  rotationDeg: z.number().finite().default(0),
  substanceId: IdSchema.optional(),
  inventoryKg: z.number().nonnegative().optional(),
  capacityKg: z.number().positive().optional(),
  designPressureKPa: z.number().positive().optional(),
  operatingTemperatureC: z.number().optional(),
});
export type Equipment = z.infer<typeof EquipmentSchema>;

/** Units each sensor kind may report in; alarm limits are in the sensor's unit. */
export const SENSOR_UNITS = {
  gas: ['ppm', '%LEL'],
  o2: ['%vol'],
  temperature: ['degC'],
  pressure: ['kPa', 'MPa', 'bar'],
  level: ['%', 'm'],
  flow: ['m3/h', 't/h', 'kg/s'],
  vibration: ['mm/s'],
  windSpeed: ['m/s'],
  windDirection: ['deg'],
  smoke: ['%obs/m'],
  humidity: ['%RH'],
} as const;
export type SensorKind = keyof typeof SENSOR_UNITS;
export const SENSOR_KINDS = Object.keys(SENSOR_UNITS) as [SensorKind, ...SensorKind[]];

export const AlarmLimitsSchema = z
  .object({
    lowLow: z.number().finite().optional(),
    low: z.number().finite().optional(),
    high: z.number().finite().optional(),
    highHigh: z.number().finite().optional(),
  })
  .default({});
export type AlarmLimits = z.infer<typeof AlarmLimitsSchema>;

export const SensorSchema = z.object({
  id: IdSchema,
  kind: z.enum(SENSOR_KINDS),
  name: LocalizedTextSchema.optional(),
  unit: z.string(),
  substanceId: IdSchema.optional(),
  areaId: IdSchema.optional(),
  equipmentId: IdSchema.optional(),
  /** x, y in plant metres; z is ignored in favour of mountingHeightM above grade. */
  position: Point3Schema,
  mountingHeightM: z.number().min(0).max(200),
  mqttTopic: MqttTopicSchema,
  limits: AlarmLimitsSchema,
  rangeMin: z.number().finite().optional(),
  rangeMax: z.number().finite().optional(),
});
export type Sensor = z.infer<typeof SensorSchema>;

export const CameraSchema = z.object({
  id: IdSchema,
  name: LocalizedTextSchema,
  /** Lens position; z is the mounting height above grade. */
  position: Point3Schema,
  /** Compass bearing of the optical axis, clockwise from north. */
  headingDeg: z.number().min(0).lt(360),
  /** Negative looks down. */
  pitchDeg: z.number().min(-90).max(90),
  horizontalFovDeg: z.number().gt(0).max(180),
  imageWidthPx: z.number().int().positive(),
  imageHeightPx: z.number().int().positive(),
  stream: z.object({ url: z.string().min(1) }),
  /** Row-major 3×3 homography from image pixels to plant-ground metres (x, y). */
  imageToGroundHomography: z.array(z.number().finite()).length(9).optional(),
  areaId: IdSchema.optional(),
});
export type Camera = z.infer<typeof CameraSchema>;

export const PERSONNEL_ROLES = ['operator', 'maintenance', 'contractor', 'visitor', 'security'] as const;
export const PersonSchema = z.object({
  badgeId: IdSchema,
  role: z.enum(PERSONNEL_ROLES),
  displayName: z.string().min(1),
  company: z.string().optional(),
  /** The department (organisation.departments) the person belongs to: the manager's comparisons by department. */
  departmentId: IdSchema.optional(),
});
export type Person = z.infer<typeof PersonSchema>;

/**
 * A department of the plant's organisation (issue 20, docs/scene-format.md §organisation): it owns areas (an area's
 * figures count for the department owning it) and people (personnel's departmentId); parentId makes a tree.
 */
export const DepartmentSchema = z.object({
  id: IdSchema,
  name: LocalizedTextSchema,
  areaIds: z.array(IdSchema).default([]),
  parentId: IdSchema.optional(),
});
export type Department = z.infer<typeof DepartmentSchema>;
export const OrganisationSchema = z.object({ departments: z.array(DepartmentSchema).default([]) });
export type Organisation = z.infer<typeof OrganisationSchema>;

export const ExitSchema = z.object({
  id: IdSchema,
  name: LocalizedTextSchema,
  kind: z.enum(['gate', 'emergencyGate', 'door']),
  /** The opening, from one post to the other. */
  opening: z.tuple([Point2Schema, Point2Schema]),
});
export type Exit = z.infer<typeof ExitSchema>;

export const MusterPointSchema = z.object({
  id: IdSchema,
  name: LocalizedTextSchema,
  position: Point2Schema,
  radiusM: z.number().positive(),
  capacityPersons: z.number().int().positive(),
  areaId: IdSchema.optional(),
});
export type MusterPoint = z.infer<typeof MusterPointSchema>;

export const SiteSchema = z.object({
  id: IdSchema,
  name: LocalizedTextSchema,
  /** WGS 84 position of the plant origin, for the geographic site map. */
  geoReference: z.object({
    latitudeDeg: z.number().min(-90).max(90),
    longitudeDeg: z.number().min(-180).max(180),
    altitudeM: z.number().default(0),
    /** Bearing of the plant +y axis, clockwise from true north. */
    gridNorthBearingDeg: z.number().min(-180).max(180).default(0),
  }),
  boundary: PolygonSchema,
  fences: z.array(z.object({ id: IdSchema, path: PolylineSchema, heightM: z.number().positive() })).default([]),
  roads: z
    .array(z.object({ id: IdSchema, name: LocalizedTextSchema.optional(), path: PolylineSchema, widthM: z.number().positive() }))
    .default([]),
});
export type Site = z.infer<typeof SiteSchema>;

export const WalkableSchema = z.object({
  /** Defaults to the site boundary when absent. */
  boundary: PolygonSchema.optional(),
  obstacles: z.array(PolygonSchema).default([]),
  /** Equipment footprints (except pipe racks, which people walk under) block walking. */
  equipmentBlocksWalking: z.boolean().default(true),
});

const SceneObjectSchema = z.object({
  format: z.literal(SCENE_FORMAT),
  version: z.literal(SCENE_FORMAT_VERSION),
  site: SiteSchema,
  substances: z.array(SubstanceSchema).default([]),
  areas: z.array(AreaSchema).default([]),
  equipment: z.array(EquipmentSchema).default([]),
  sensors: z.array(SensorSchema).default([]),
  cameras: z.array(CameraSchema).default([]),
  personnel: z.array(PersonSchema).default([]),
  walkable: WalkableSchema.default({ obstacles: [], equipmentBlocksWalking: true }),
  exits: z.array(ExitSchema).default([]),
  musterPoints: z.array(MusterPointSchema).default([]),
  organisation: OrganisationSchema.optional(),
});

type SceneObject = z.infer<typeof SceneObjectSchema>;
type Issue = { path: (string | number)[]; message: string };

/** Cross-references and physical consistency that a per-field schema cannot express. */
export function findSceneIntegrityIssues(scene: SceneObject): Issue[] {
  const issues: Issue[] = [];
  const objectIds = new Map<string, string>();
  const claimId = (id: string, path: (string | number)[]) => {
    const previous = objectIds.get(id);
    if (previous) issues.push({ path: [...path, 'id'], message: `duplicate id "${id}" (already used at ${previous})` });
    else objectIds.set(id, path.join('.'));
  };
  const collections = ['areas', 'equipment', 'sensors', 'cameras', 'exits', 'musterPoints'] as const;
  for (const key of collections) scene[key].forEach((item, i) => claimId(item.id, [key, i]));
  scene.site.fences.forEach((f, i) => claimId(f.id, ['site', 'fences', i]));
  scene.site.roads.forEach((r, i) => claimId(r.id, ['site', 'roads', i]));

  const substanceIds = new Set(scene.substances.map((s) => s.id));
  const areasById = new Map(scene.areas.map((a) => [a.id, a]));
  const equipmentIds = new Set(scene.equipment.map((e) => e.id));
  const requireRef = (ids: { has(id: string): boolean }, id: string | undefined, what: string, path: (string | number)[]) => {
    if (id !== undefined && !ids.has(id)) issues.push({ path, message: `unknown ${what} "${id}"` });
  };
  const requireInsideSite = (point: Point2, path: (string | number)[]) => {
    if (!isPointInPolygon(point, scene.site.boundary)) {
      issues.push({ path, message: `position (${point[0]}, ${point[1]}) m lies outside the site boundary` });
    }
  };

  const seenSubstances = new Set<string>();
  scene.substances.forEach((s, i) => {
    if (seenSubstances.has(s.id)) issues.push({ path: ['substances', i, 'id'], message: `duplicate substance id "${s.id}"` });
    seenSubstances.add(s.id);
    if (s.lelPercentVol !== undefined && s.uelPercentVol !== undefined && s.lelPercentVol >= s.uelPercentVol) {
      issues.push({ path: ['substances', i, 'uelPercentVol'], message: 'UEL must be above LEL' });
    }
  });

  scene.areas.forEach((a, i) => {
    if (a.kind === 'hazardous' && a.atexZone === undefined) {
      issues.push({ path: ['areas', i, 'atexZone'], message: 'a hazardous area needs its zone (0, 1 or 2)' });
    }
  });

  scene.equipment.forEach((e, i) => {
    const path = ['equipment', i];
    requireRef(areasById, e.areaId, 'area', [...path, 'areaId']);
    requireRef(substanceIds, e.substanceId, 'substance', [...path, 'substanceId']);
    requireInsideSite([e.position.x, e.position.y], [...path, 'position']);
    if (e.inventoryKg !== undefined && e.substanceId === undefined) {
      issues.push({ path: [...path, 'substanceId'], message: 'an inventory needs the substance it consists of' });
    }
    if (e.inventoryKg !== undefined && e.capacityKg !== undefined && e.inventoryKg > e.capacityKg) {
      issues.push({ path: [...path, 'inventoryKg'], message: `inventory ${e.inventoryKg} kg exceeds capacity ${e.capacityKg} kg` });
    }
  });

  const topics = new Map<string, number>();
  scene.sensors.forEach((s, i) => {
    const path = ['sensors', i];
    const allowedUnits: readonly string[] = SENSOR_UNITS[s.kind];
    if (!allowedUnits.includes(s.unit)) {
      issues.push({ path: [...path, 'unit'], message: `unit "${s.unit}" is not one of ${allowedUnits.join(', ')} for a ${s.kind} sensor` });
    }
    if (s.kind === 'gas' && s.substanceId === undefined) {
      issues.push({ path: [...path, 'substanceId'], message: 'a gas detector needs the substance it measures' });
    }
    requireRef(substanceIds, s.substanceId, 'substance', [...path, 'substanceId']);
    requireRef(areasById, s.areaId, 'area', [...path, 'areaId']);
    requireRef(equipmentIds, s.equipmentId, 'equipment', [...path, 'equipmentId']);
    requireInsideSite([s.position.x, s.position.y], [...path, 'position']);
    const ordered = (['lowLow', 'low', 'high', 'highHigh'] as const).filter((k) => s.limits[k] !== undefined);
    for (let k = 1; k < ordered.length; k++) {
      const lower = ordered[k - 1]!;
      const upper = ordered[k]!;
      if (s.limits[lower]! > s.limits[upper]!) {
        issues.push({ path: [...path, 'limits', upper], message: `${upper} (${s.limits[upper]}) must not be below ${lower} (${s.limits[lower]})` });
      }
    }
    const previous = topics.get(s.mqttTopic);
    if (previous !== undefined) {
      issues.push({ path: [...path, 'mqttTopic'], message: `topic "${s.mqttTopic}" is already used by sensors[${previous}]` });
    } else topics.set(s.mqttTopic, i);
  });

  scene.cameras.forEach((c, i) => {
    requireRef(areasById, c.areaId, 'area', ['cameras', i, 'areaId']);
    requireInsideSite([c.position.x, c.position.y], ['cameras', i, 'position']);
  });

  const departments = scene.organisation?.departments ?? [];
  const departmentIds = new Set<string>();
  const areaOwners = new Map<string, string>();
  departments.forEach((d, i) => {
    if (departmentIds.has(d.id)) issues.push({ path: ['organisation', 'departments', i, 'id'], message: `duplicate department id "${d.id}"` });
    departmentIds.add(d.id);
    d.areaIds.forEach((areaId, j) => {
      requireRef(areasById, areaId, 'area', ['organisation', 'departments', i, 'areaIds', j]);
      // One owner per area: an area's figures must count for one department only, or the site's sum would double them.
      const owner = areaOwners.get(areaId);
      if (owner !== undefined) issues.push({ path: ['organisation', 'departments', i, 'areaIds', j], message: `area "${areaId}" already belongs to department "${owner}"` });
      else areaOwners.set(areaId, d.id);
    });
  });
  departments.forEach((d, i) => requireRef(departmentIds, d.parentId, 'department', ['organisation', 'departments', i, 'parentId']));

  const badges = new Set<string>();
  scene.personnel.forEach((p, i) => {
    if (badges.has(p.badgeId)) issues.push({ path: ['personnel', i, 'badgeId'], message: `duplicate badge id "${p.badgeId}"` });
    badges.add(p.badgeId);
    requireRef(departmentIds, p.departmentId, 'department', ['personnel', i, 'departmentId']);
  });

  scene.musterPoints.forEach((m, i) => {
    requireRef(areasById, m.areaId, 'area', ['musterPoints', i, 'areaId']);
    if (m.areaId !== undefined && areasById.get(m.areaId) && areasById.get(m.areaId)!.kind !== 'muster') {
      issues.push({ path: ['musterPoints', i, 'areaId'], message: `area "${m.areaId}" is not a muster area` });
    }
  });
  return issues;
}

export const SceneSchema = SceneObjectSchema.superRefine((scene, ctx) => {
  for (const issue of findSceneIntegrityIssues(scene)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});
export type Scene = z.infer<typeof SceneSchema>;
/** A scene as written in a file, before defaults are applied. */
export type SceneInput = z.input<typeof SceneSchema>;
