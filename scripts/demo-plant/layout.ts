import type { SceneInput } from '../../main/contracts/index.js';
import { STORAGE_DENSITY_KG_M3 } from './substances.js';

type Polygon = [number, number][];
type EquipmentInput = NonNullable<SceneInput['equipment']>[number];
type AreaInput = NonNullable<SceneInput['areas']>[number];

/** Site extent: 400 m east–west by 300 m north–south, origin at the south-west fence corner. */
export const SITE_WIDTH_M = 400;
export const SITE_DEPTH_M = 300;

export function rect(x0: number, y0: number, x1: number, y1: number): Polygon {
  return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
}

const zh = (en: string, zhCN: string) => ({ en, 'zh-CN': zhCN });

export const DEMO_AREAS: AreaInput[] = [
  { id: 'admin', name: zh('Administration & control building', '行政楼及中控室'), kind: 'admin', polygon: rect(15, 15, 110, 70), riskLevel: 'low' },
  { id: 'warehouse', name: zh('Warehouse', '仓库'), kind: 'warehouse', polygon: rect(130, 15, 200, 70), riskClass: 'C', riskLevel: 'general' },
  { id: 'workshop', name: zh('Maintenance workshop', '维修车间'), kind: 'utility', polygon: rect(215, 15, 280, 60), riskLevel: 'low' },
  { id: 'utilities', name: zh('Utilities (boilers, cooling)', '公用工程（锅炉、循环水）'), kind: 'utility', polygon: rect(215, 80, 300, 135), riskClass: 'C', riskLevel: 'general' },
  { id: 'loading', name: zh('Road loading bay', '汽车装卸区'), kind: 'loading', polygon: rect(310, 25, 385, 95), riskClass: 'A', riskLevel: 'large' },
  { id: 'unit1', name: zh('Process unit 1 (ammonia synthesis)', '一号装置（合成氨）'), kind: 'process', polygon: rect(20, 165, 110, 275), riskClass: 'A', riskLevel: 'major' },
  { id: 'unit2', name: zh('Process unit 2 (aromatics)', '二号装置（芳烃）'), kind: 'process', polygon: rect(120, 165, 200, 275), riskClass: 'A', riskLevel: 'large' },
  { id: 'tankFarm', name: zh('Tank farm', '罐区'), kind: 'tankFarm', polygon: rect(215, 165, 390, 290), riskClass: 'A', riskLevel: 'major' },
  { id: 'chlorineYard', name: zh('Chlorine storage (restricted)', '液氯储存区（禁入区）'), kind: 'restricted', polygon: rect(330, 170, 385, 205), riskClass: 'B', riskLevel: 'major' },
  { id: 'lpgZone', name: zh('LPG spheres hazardous area', '液化气球罐爆炸危险区域'), kind: 'hazardous', polygon: rect(220, 235, 300, 285), atexZone: 2, riskLevel: 'major' },
  { id: 'unit1Zone1', name: zh('Unit 1 compressor house', '一号装置压缩机房'), kind: 'hazardous', polygon: rect(25, 240, 60, 270), atexZone: 1, riskLevel: 'major' },
  { id: 'sumpPit1', name: zh('Unit 1 sump pit', '一号装置污水池'), kind: 'confinedSpace', polygon: rect(95, 170, 105, 178), riskLevel: 'large' },
  { id: 'valvePit', name: zh('Tank farm valve pit', '罐区阀门井'), kind: 'confinedSpace', polygon: rect(300, 168, 308, 174), riskLevel: 'large' },
  { id: 'muster1', name: zh('Muster point 1 (west)', '紧急集合点1（西）'), kind: 'muster', polygon: rect(15, 85, 45, 115) },
  { id: 'muster2', name: zh('Muster point 2 (south)', '紧急集合点2（南）'), kind: 'muster', polygon: rect(285, 8, 305, 28) },
  { id: 'muster3', name: zh('Muster point 3 (east)', '紧急集合点3（东）'), kind: 'muster', polygon: rect(360, 110, 390, 140) },
];

/** Liquid fill limit of pressure vessels and atmospheric tanks (typical design practice, 85–90 %). */
const MAX_FILL_FRACTION = 0.85;

function sphereVolumeM3(diameterM: number): number {
  return (Math.PI / 6) * diameterM ** 3;
}
function cylinderVolumeM3(diameterM: number, lengthM: number): number {
  return (Math.PI / 4) * diameterM ** 2 * lengthM;
}

/** Capacity from geometry × storage density × fill limit, and an inventory at the given fill fraction. */
function stock(substanceId: string, volumeM3: number, fillFraction: number): Pick<EquipmentInput, 'substanceId' | 'capacityKg' | 'inventoryKg'> {
  const density = STORAGE_DENSITY_KG_M3[substanceId]!;
  const capacityKg = Math.round(volumeM3 * density * MAX_FILL_FRACTION);
  return { substanceId, capacityKg, inventoryKg: Math.round(capacityKg * fillFraction) };
}

function tank(id: string, name: ReturnType<typeof zh>, x: number, y: number, diameterM: number, heightM: number, substanceId: string, fill: number): EquipmentInput {
  return { id, type: 'tank', name, areaId: 'tankFarm', position: { x, y, z: 0 }, size: { lengthM: diameterM, widthM: diameterM, heightM }, ...stock(substanceId, cylinderVolumeM3(diameterM, heightM), fill), designPressureKPa: 2 };
}
function sphere(id: string, name: ReturnType<typeof zh>, x: number, y: number, diameterM: number, substanceId: string, fill: number, designPressureKPa: number): EquipmentInput {
  // Spheres stand on legs: the shell's lowest point is ~2 m above grade; heightM is the top of the shell.
  return { id, type: 'sphere', name, areaId: 'tankFarm', position: { x, y, z: 0 }, size: { lengthM: diameterM, widthM: diameterM, heightM: diameterM + 2 }, ...stock(substanceId, sphereVolumeM3(diameterM), fill), designPressureKPa };
}
function bullet(id: string, name: ReturnType<typeof zh>, x: number, y: number, substanceId: string, fill: number): EquipmentInput {
  const diameterM = 3;
  const lengthM = 14;
  return { id, type: 'bullet', name, areaId: 'chlorineYard', position: { x, y, z: 0 }, size: { lengthM, widthM: diameterM, heightM: diameterM + 1.5 }, ...stock(substanceId, cylinderVolumeM3(diameterM, lengthM), fill), designPressureKPa: 1600 };
}
function item(id: string, type: EquipmentInput['type'], name: ReturnType<typeof zh>, areaId: string | undefined, x: number, y: number, lengthM: number, widthM: number, heightM: number, extra: Partial<EquipmentInput> = {}): EquipmentInput {
  return { id, type, name, ...(areaId ? { areaId } : {}), position: { x, y, z: 0 }, size: { lengthM, widthM, heightM }, ...extra };
}

export const DEMO_EQUIPMENT: EquipmentInput[] = [
  // Tank farm: 9 storage vessels
  tank('T-101', zh('Benzene tank T-101', '苯储罐T-101'), 235, 195, 20, 16, 'benzene', 0.62),
  tank('T-102', zh('Benzene tank T-102', '苯储罐T-102'), 265, 195, 20, 16, 'benzene', 0.48),
  tank('T-103', zh('Methanol tank T-103', '甲醇储罐T-103'), 295, 200, 16, 14, 'methanol', 0.55),
  tank('T-104', zh('Methanol tank T-104', '甲醇储罐T-104'), 318, 225, 16, 14, 'methanol', 0.71),
  sphere('S-201', zh('LPG sphere S-201', '液化气球罐S-201'), 240, 260, 15, 'propane', 0.64, 1770),
  sphere('S-202', zh('LPG sphere S-202', '液化气球罐S-202'), 275, 260, 15, 'propane', 0.58, 1770),
  sphere('S-203', zh('Ammonia sphere S-203', '液氨球罐S-203'), 340, 260, 12.3, 'ammonia', 0.66, 2160),
  bullet('B-301', zh('Chlorine bullet B-301', '液氯卧罐B-301'), 357, 180, 'chlorine', 0.6),
  bullet('B-302', zh('Chlorine bullet B-302', '液氯卧罐B-302'), 357, 195, 'chlorine', 0.45),
  // Process unit 1: ammonia synthesis
  item('R-101', 'reactor', zh('Ammonia converter R-101', '氨合成塔R-101'), 'unit1', 40, 200, 4, 4, 22, { substanceId: 'ammonia', designPressureKPa: 22000, operatingTemperatureC: 450 }),
  item('R-102', 'reactor', zh('Shift reactor R-102', '变换炉R-102'), 'unit1', 60, 200, 3.6, 3.6, 14, { substanceId: 'carbonMonoxide', designPressureKPa: 3500, operatingTemperatureC: 380 }),
  item('C-101', 'column', zh('CO2 absorber C-101', '脱碳塔C-101'), 'unit1', 85, 205, 3.2, 3.2, 36, { designPressureKPa: 3000 }),
  item('C-102', 'column', zh('Desulphuriser C-102', '脱硫塔C-102'), 'unit1', 85, 235, 2.8, 2.8, 28, { substanceId: 'hydrogenSulfide', designPressureKPa: 3000 }),
  item('V-101', 'vessel', zh('Ammonia separator V-101', '氨分离器V-101'), 'unit1', 40, 225, 2.5, 2.5, 8, { substanceId: 'ammonia', designPressureKPa: 22000 }),
  item('E-101', 'heatExchanger', zh('Waste-heat boiler E-101', '废热锅炉E-101'), 'unit1', 62, 225, 9, 2.2, 3),
  item('K-101', 'building', zh('Compressor house K-101', '压缩机房K-101'), 'unit1Zone1', 42, 255, 30, 24, 10),
  item('P-101', 'pump', zh('Ammonia pump P-101', '液氨泵P-101'), 'unit1', 30, 185, 2, 1, 1.5, { substanceId: 'ammonia' }),
  item('P-102', 'pump', zh('Ammonia pump P-102', '液氨泵P-102'), 'unit1', 34, 185, 2, 1, 1.5, { substanceId: 'ammonia' }),
  // Process unit 2: aromatics
  item('R-201', 'reactor', zh('Alkylation reactor R-201', '烷基化反应器R-201'), 'unit2', 140, 200, 3.6, 3.6, 16, { substanceId: 'benzene', designPressureKPa: 4000, operatingTemperatureC: 220 }),
  item('R-202', 'reactor', zh('Transalkylation reactor R-202', '烷基转移反应器R-202'), 'unit2', 160, 200, 3, 3, 14, { substanceId: 'benzene', designPressureKPa: 4000, operatingTemperatureC: 200 }),
  item('C-201', 'column', zh('Benzene column C-201', '苯塔C-201'), 'unit2', 183, 205, 3.6, 3.6, 42, { substanceId: 'benzene', designPressureKPa: 600 }),
  item('C-202', 'column', zh('Toluene column C-202', '甲苯塔C-202'), 'unit2', 183, 240, 3.2, 3.2, 38, { designPressureKPa: 600 }),
  item('V-201', 'vessel', zh('Reflux drum V-201', '回流罐V-201'), 'unit2', 150, 235, 2.4, 2.4, 6, { substanceId: 'benzene', designPressureKPa: 600 }),
  item('E-201', 'heatExchanger', zh('Feed/effluent exchanger E-201', '进出料换热器E-201'), 'unit2', 155, 255, 10, 2, 3),
  item('P-201', 'pump', zh('Benzene pump P-201', '苯泵P-201'), 'unit2', 130, 185, 2, 1, 1.5, { substanceId: 'benzene' }),
  item('P-202', 'pump', zh('Reflux pump P-202', '回流泵P-202'), 'unit2', 134, 185, 2, 1, 1.5, { substanceId: 'benzene' }),
  item('AH-201', 'building', zh('Analyser house AH-201', '分析小屋AH-201'), 'unit2', 130, 265, 8, 5, 3.5),
  // Pipe racks (people walk beneath them)
  item('PR-1', 'pipeRack', zh('Main pipe rack PR-1', '主管廊PR-1'), undefined, 205, 158, 370, 6, 8),
  item('PR-2', 'pipeRack', zh('Pipe rack PR-2 to tank farm', '罐区管廊PR-2'), 'tankFarm', 210, 220, 100, 6, 7, { rotationDeg: 90 }),
  item('PR-3', 'pipeRack', zh('Pipe rack PR-3 to loading bay', '装卸区管廊PR-3'), undefined, 305, 120, 70, 5, 6, { rotationDeg: 90 }),
  // Buildings and infrastructure
  item('B-CTRL', 'building', zh('Central control building', '中央控制楼'), 'admin', 45, 45, 40, 22, 12),
  item('B-ADMIN', 'building', zh('Office building', '办公楼'), 'admin', 90, 40, 24, 30, 18),
  item('B-GATE', 'building', zh('Gatehouse', '门卫室'), 'admin', 70, 10, 8, 6, 4),
  item('B-WH', 'building', zh('Warehouse', '仓库'), 'warehouse', 165, 42, 60, 40, 11),
  item('B-WS', 'building', zh('Maintenance workshop', '维修车间'), 'workshop', 247, 37, 56, 34, 9),
  item('B-BOIL', 'building', zh('Boiler house', '锅炉房'), 'utilities', 238, 108, 34, 30, 16),
  item('CT-1', 'building', zh('Cooling tower CT-1', '冷却塔CT-1'), 'utilities', 280, 108, 24, 18, 12),
  item('LB-1', 'loadingBay', zh('Loading bay LB-1 (LPG, ammonia)', '装卸台LB-1（液化气、液氨）'), 'loading', 335, 60, 30, 16, 7, { rotationDeg: 90 }),
  item('LB-2', 'loadingBay', zh('Loading bay LB-2 (benzene, methanol)', '装卸台LB-2（苯、甲醇）'), 'loading', 365, 60, 30, 16, 7, { rotationDeg: 90 }),
  item('FL-1', 'flare', zh('Flare stack FL-1', '火炬FL-1'), undefined, 195, 288, 1.2, 1.2, 60),
];

export const DEMO_ROADS: NonNullable<NonNullable<SceneInput['site']>['roads']> = [
  { id: 'road-ring-s', name: zh('South road', '南环路'), path: [[8, 8], [392, 8]], widthM: 7 },
  { id: 'road-ring-w', name: zh('West road', '西环路'), path: [[8, 8], [8, 292]], widthM: 7 },
  { id: 'road-ring-n', name: zh('North road', '北环路'), path: [[8, 292], [392, 292]], widthM: 7 },
  { id: 'road-ring-e', name: zh('East road', '东环路'), path: [[392, 8], [392, 292]], widthM: 7 },
  { id: 'road-central', name: zh('Central avenue', '中央大道'), path: [[8, 148], [392, 148]], widthM: 9 },
  { id: 'road-1', name: zh('Road 1', '一路'), path: [[115, 8], [115, 292]], widthM: 7 },
  { id: 'road-2', name: zh('Road 2', '二路'), path: [[208, 8], [208, 148]], widthM: 7 },
  { id: 'road-3', name: zh('Road 3', '三路'), path: [[305, 8], [305, 148]], widthM: 7 },
  { id: 'gate-main-access', path: [[56, 0], [56, 8]], widthM: 9 },
  { id: 'gate-truck-access', path: [[392, 56], [400, 56]], widthM: 9 },
];

/** The fence runs along the boundary, broken at the three gates. */
export const DEMO_FENCES: NonNullable<NonNullable<SceneInput['site']>['fences']> = [
  { id: 'fence-s', path: [[0, 0], [50, 0]], heightM: 2.5 },
  { id: 'fence-s2', path: [[62, 0], [400, 0], [400, 50]], heightM: 2.5 },
  { id: 'fence-e', path: [[400, 62], [400, 300], [306, 300]], heightM: 2.5 },
  { id: 'fence-n', path: [[298, 300], [0, 300], [0, 0]], heightM: 2.5 },
];

export const DEMO_EXITS: NonNullable<SceneInput['exits']> = [
  { id: 'gate-main', name: zh('Main gate', '大门'), kind: 'gate', opening: [[50, 0], [62, 0]] },
  { id: 'gate-truck', name: zh('Truck gate', '货运大门'), kind: 'gate', opening: [[400, 50], [400, 62]] },
  { id: 'gate-emergency-n', name: zh('North emergency gate', '北侧应急门'), kind: 'emergencyGate', opening: [[298, 300], [306, 300]] },
];

export const DEMO_MUSTER_POINTS: NonNullable<SceneInput['musterPoints']> = [
  { id: 'MP-1', name: zh('Muster point 1 (west)', '紧急集合点1（西）'), position: [30, 100], radiusM: 12, capacityPersons: 120, areaId: 'muster1' },
  { id: 'MP-2', name: zh('Muster point 2 (south)', '紧急集合点2（南）'), position: [295, 18], radiusM: 8, capacityPersons: 60, areaId: 'muster2' },
  { id: 'MP-3', name: zh('Muster point 3 (east)', '紧急集合点3（东）'), position: [375, 125], radiusM: 12, capacityPersons: 100, areaId: 'muster3' },
];
