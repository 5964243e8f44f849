import type { SceneInput } from '../../main/contracts/index.js';
import { DEMO_EQUIPMENT } from './layout.js';
import { COMBUSTIBLE_SET_POINTS_PERCENT_LEL, DEMO_SUBSTANCES, TOXIC_SET_POINTS_PPM } from './substances.js';

type SensorInput = NonNullable<SceneInput['sensors']>[number];
type Limits = NonNullable<SensorInput['limits']>;

/** Molar mass of dry air (g/mol): vapours heavier than this collect near the ground. */
const AIR_MOLAR_MASS = 28.96;

const SITE_TOPIC_PREFIX = 'safetwin/demo-plant';

const sensors: SensorInput[] = [];
function add(id: string, kind: SensorInput['kind'], unit: string, areaId: string, x: number, y: number, mountingHeightM: number, limits: Limits, extra: Partial<SensorInput> = {}): void {
  sensors.push({ id, kind, unit, areaId, position: { x: round(x), y: round(y), z: 0 }, mountingHeightM, mqttTopic: `${SITE_TOPIC_PREFIX}/${areaId}/${id}`, limits, ...extra });
}
const round = (v: number) => Math.round(v * 10) / 10;
const equipment = (id: string) => {
  const found = DEMO_EQUIPMENT.find((e) => e.id === id);
  if (!found) throw new Error(`demo plant: no equipment ${id}`);
  return found;
};
const tagOf = (equipmentId: string) => equipmentId.replace('-', '');

/**
 * Gas detectors placed per GB/T 50493-2019 §6.1: within 10 m (combustible) / 4 m (toxic, indoor) of the
 * likely release points around the equipment; 0.3–0.6 m above grade for vapours heavier than air,
 * 0.5–2 m above the release source for lighter ones.
 */
function gasRing(equipmentId: string, substanceId: string, count: number, standoffM: number, measure: 'toxic' | 'combustible', startAngleDeg = 45): void {
  const e = equipment(equipmentId);
  const substance = DEMO_SUBSTANCES.find((s) => s.id === substanceId)!;
  const radius = Math.max(e.size.lengthM, e.size.widthM) / 2 + standoffM;
  const heavier = substance.molecularWeightGPerMol > AIR_MOLAR_MASS;
  const mountingHeightM = heavier ? 0.5 : 2.0;
  const limits = measure === 'toxic' ? TOXIC_SET_POINTS_PPM[substanceId]! : COMBUSTIBLE_SET_POINTS_PERCENT_LEL;
  const suffix = measure === 'toxic' ? 'T' : 'C';
  const prefix = `GD-${tagOf(equipmentId)}-${suffix}`;
  const numbered = sensors.filter((s) => s.id.startsWith(prefix)).length;
  for (let i = 0; i < count; i++) {
    const angle = ((startAngleDeg + (360 * i) / count) * Math.PI) / 180;
    add(`${prefix}${numbered + i + 1}`, 'gas', measure === 'toxic' ? 'ppm' : '%LEL', e.areaId ?? 'tankFarm', e.position.x + radius * Math.sin(angle), e.position.y + radius * Math.cos(angle), mountingHeightM, limits, {
      substanceId,
      equipmentId,
      rangeMin: 0,
      rangeMax: measure === 'toxic' ? limits.highHigh * 5 : 100,
    });
  }
}

function onVessel(equipmentId: string, kind: SensorInput['kind'], unit: string, prefix: string, limits: Limits, heightFraction: number, extra: Partial<SensorInput> = {}): void {
  const e = equipment(equipmentId);
  add(`${prefix}-${tagOf(equipmentId)}`, kind, unit, e.areaId ?? 'tankFarm', e.position.x, e.position.y, round(e.size.heightM * heightFraction), limits, { equipmentId, ...extra });
}

// Storage tanks: level, temperature, pressure; detectors around each.
const LEVEL_LIMITS: Limits = { lowLow: 5, low: 10, high: 85, highHigh: 90 };
for (const id of ['T-101', 'T-102', 'T-103', 'T-104']) {
  const substanceId = equipment(id).substanceId!;
  onVessel(id, 'level', '%', 'LT', LEVEL_LIMITS, 0.5);
  onVessel(id, 'temperature', 'degC', 'TT', { high: 40, highHigh: 50 }, 0.2);
  onVessel(id, 'pressure', 'kPa', 'PT', { lowLow: -0.5, low: -0.3, high: 1.5, highHigh: 1.8 }, 1);
  gasRing(id, substanceId, 2, 4, 'combustible');
  if (substanceId === 'benzene') gasRing(id, substanceId, 2, 4, 'toxic', 135);
  else gasRing(id, substanceId, 1, 4, 'combustible', 225);
}
// Pressure storage: set points below design pressure (1.77 MPa LPG, 2.16 MPa ammonia, 1.6 MPa chlorine).
const PRESSURE_LIMITS_MPA: Record<string, Limits> = {
  'S-201': { high: 1.4, highHigh: 1.6 },
  'S-202': { high: 1.4, highHigh: 1.6 },
  'S-203': { high: 1.6, highHigh: 1.9 },
  'B-301': { high: 1.0, highHigh: 1.2 },
  'B-302': { high: 1.0, highHigh: 1.2 },
};
for (const [id, pressureLimits] of Object.entries(PRESSURE_LIMITS_MPA)) {
  const e = equipment(id);
  onVessel(id, 'level', '%', 'LT', LEVEL_LIMITS, 0.5);
  onVessel(id, 'temperature', 'degC', 'TT', { high: 40, highHigh: 45 }, 0.3);
  onVessel(id, 'pressure', 'MPa', 'PT', pressureLimits, 1);
  const toxic = e.substanceId === 'ammonia' || e.substanceId === 'chlorine';
  gasRing(id, e.substanceId!, e.type === 'bullet' ? 3 : 4, 3, toxic ? 'toxic' : 'combustible');
  if (e.substanceId === 'ammonia') gasRing(id, 'ammonia', 2, 6, 'combustible', 90);
}

// Process units: reactors, columns, vessels, exchangers and pumps.
for (const id of ['R-101', 'R-102', 'R-201', 'R-202']) {
  const e = equipment(id);
  const operatingC = e.operatingTemperatureC!;
  const designMPa = e.designPressureKPa! / 1000;
  onVessel(id, 'temperature', 'degC', 'TT', { low: operatingC - 60, high: operatingC + 20, highHigh: operatingC + 40 }, 0.5);
  onVessel(id, 'pressure', 'MPa', 'PT', { high: round(designMPa * 0.85 * 100) / 100, highHigh: round(designMPa * 0.93 * 100) / 100 }, 0.9);
  onVessel(id, 'level', '%', 'LT', { low: 20, high: 80 }, 0.3);
}
for (const id of ['C-101', 'C-102', 'C-201', 'C-202']) {
  const e = equipment(id);
  const designKPa = e.designPressureKPa!;
  add(`TT-${tagOf(id)}-TOP`, 'temperature', 'degC', e.areaId!, e.position.x, e.position.y, e.size.heightM, { high: 120, highHigh: 140 }, { equipmentId: id });
  add(`TT-${tagOf(id)}-BTM`, 'temperature', 'degC', e.areaId!, e.position.x, e.position.y, 2, { high: 180, highHigh: 200 }, { equipmentId: id });
  add(`PT-${tagOf(id)}`, 'pressure', 'kPa', e.areaId!, e.position.x, e.position.y, e.size.heightM - 1, { high: Math.round(designKPa * 0.85), highHigh: Math.round(designKPa * 0.93) }, { equipmentId: id });
}
for (const id of ['V-101', 'V-201']) {
  onVessel(id, 'level', '%', 'LT', { lowLow: 10, low: 20, high: 75, highHigh: 85 }, 0.5);
  onVessel(id, 'pressure', 'MPa', 'PT', { high: round((equipment(id).designPressureKPa! / 1000) * 0.85), highHigh: round((equipment(id).designPressureKPa! / 1000) * 0.93) }, 1);
}
for (const id of ['E-101', 'E-201']) onVessel(id, 'temperature', 'degC', 'TT', { high: 260, highHigh: 290 }, 0.8);
// Pump vibration: ISO 10816-3, group 2 machines on flexible foundations, zone B/C 4.5 mm/s and C/D 7.1 mm/s.
for (const id of ['P-101', 'P-102', 'P-201', 'P-202']) onVessel(id, 'vibration', 'mm/s', 'VT', { high: 4.5, highHigh: 7.1 }, 0.6);
gasRing('R-101', 'ammonia', 4, 4, 'toxic');
gasRing('R-101', 'hydrogen', 2, 4, 'combustible', 0);
gasRing('R-102', 'carbonMonoxide', 3, 3, 'toxic');
gasRing('C-102', 'hydrogenSulfide', 3, 3, 'toxic');
gasRing('V-101', 'ammonia', 2, 3, 'toxic');
gasRing('K-101', 'methane', 4, -6, 'combustible');
gasRing('P-101', 'ammonia', 1, 2, 'toxic');
gasRing('R-201', 'benzene', 3, 3, 'combustible');
gasRing('R-202', 'benzene', 2, 3, 'toxic');
gasRing('C-201', 'benzene', 3, 3, 'combustible');
gasRing('V-201', 'benzene', 2, 3, 'toxic');
gasRing('P-201', 'benzene', 2, 2, 'combustible');

// Loading bays: flow per arm and detectors at each bay.
const LOADING_PRODUCTS: [string, [string, string]][] = [['LB-1', ['propane', 'ammonia']], ['LB-2', ['benzene', 'methanol']]];
for (const [id, substances] of LOADING_PRODUCTS) {
  const e = equipment(id);
  substances.forEach((substanceId, i) => {
    add(`FT-${tagOf(id)}-${i + 1}`, 'flow', 'm3/h', 'loading', e.position.x, e.position.y - 8 + 16 * i, 4, { high: 90, highHigh: 110 }, { equipmentId: id, substanceId });
  });
  gasRing(id, substances[0], 3, 2, substances[0] === 'ammonia' ? 'toxic' : 'combustible');
  gasRing(id, substances[1], 2, 2, substances[1] === 'ammonia' ? 'toxic' : 'combustible', 135);
}

// Confined spaces: oxygen, per GB 8958-2006 / OSHA 29 CFR 1910.146 (19.5–23.5 % vol).
const O2_LIMITS: Limits = { lowLow: 18, low: 19.5, high: 23.5 };
add('O2-SUMP1-1', 'o2', '%vol', 'sumpPit1', 98, 173, 0.5, O2_LIMITS);
add('O2-SUMP1-2', 'o2', '%vol', 'sumpPit1', 102, 176, 0.5, O2_LIMITS);
add('O2-VPIT-1', 'o2', '%vol', 'valvePit', 302, 170, 0.5, O2_LIMITS);
add('O2-VPIT-2', 'o2', '%vol', 'valvePit', 306, 172, 0.5, O2_LIMITS);
add('O2-AH201', 'o2', '%vol', 'unit2', 130, 265, 1.5, O2_LIMITS);
add('O2-K101', 'o2', '%vol', 'unit1Zone1', 42, 255, 1.5, O2_LIMITS);
add('GD-SUMP1-H2S', 'gas', 'ppm', 'sumpPit1', 100, 174, 0.5, TOXIC_SET_POINTS_PPM.hydrogenSulfide!, { substanceId: 'hydrogenSulfide', rangeMin: 0, rangeMax: 100 });

// Pipe racks: combustible detectors at flanged sections.
for (const [i, x] of [60, 160, 250, 340].entries()) {
  add(`GD-PR1-C${i + 1}`, 'gas', '%LEL', 'unit1', x, 155, 0.5, COMBUSTIBLE_SET_POINTS_PERCENT_LEL, { substanceId: 'propane', equipmentId: 'PR-1', rangeMin: 0, rangeMax: 100 });
}
for (const sensor of sensors) {
  if (sensor.id.startsWith('GD-PR1-')) {
    const x = sensor.position.x;
    sensor.areaId = x < 115 ? 'unit1' : x < 208 ? 'unit2' : 'tankFarm';
    sensor.mqttTopic = `${SITE_TOPIC_PREFIX}/${sensor.areaId}/${sensor.id}`;
  }
}

// Weather stations: WMO No. 8 standard exposure, 10 m above grade, on the control building and in the tank farm.
for (const [station, areaId, x, y] of [['WX1', 'admin', 45, 45], ['WX2', 'tankFarm', 385, 285]] as const) {
  add(`WS-${station}`, 'windSpeed', 'm/s', areaId, x, y, 10, { high: 13.8 }, { rangeMin: 0, rangeMax: 60 }); // Beaufort 7: stop crane and loading work
  add(`WD-${station}`, 'windDirection', 'deg', areaId, x, y, 10, {}, { rangeMin: 0, rangeMax: 360 });
  add(`TA-${station}`, 'temperature', 'degC', areaId, x, y, 2, { high: 38, low: -10 });
  add(`RH-${station}`, 'humidity', '%RH', areaId, x, y, 2, {});
}

// Smoke detectors in buildings.
for (const [buildingId, count] of [['B-CTRL', 3], ['B-WH', 4], ['B-WS', 2], ['K-101', 2], ['B-BOIL', 2]] as const) {
  const e = equipment(buildingId);
  for (let i = 0; i < count; i++) {
    const offset = (i - (count - 1) / 2) * (e.size.lengthM / count);
    add(`SD-${tagOf(buildingId)}-${i + 1}`, 'smoke', '%obs/m', e.areaId!, e.position.x + offset, e.position.y, e.size.heightM - 0.5, { high: 4 }, { equipmentId: buildingId });
  }
}

export const DEMO_SENSORS: SensorInput[] = sensors;
