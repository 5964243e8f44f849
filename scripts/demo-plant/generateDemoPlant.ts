import { SCENE_FORMAT, SCENE_FORMAT_VERSION, type SceneInput } from '../../main/contracts/index.js';
import { DEMO_CAMERAS } from './cameras.js';
import { DEMO_AREAS, DEMO_EQUIPMENT, DEMO_EXITS, DEMO_FENCES, DEMO_MUSTER_POINTS, DEMO_ROADS, rect, SITE_DEPTH_M, SITE_WIDTH_M } from './layout.js';
import { DEMO_DEPARTMENTS } from './organisation.js';
import { demoPersonnel } from './personnel.js';
import { DEMO_SENSORS } from './sensors.js';
import { DEMO_SUBSTANCES } from './substances.js';

export const DEMO_PLANT_SEED = 20261128;

/**
 * The built-in demo plant: a fictitious chemical park site of 400 m × 300 m. The scene file
 * scenes/demo-plant/scene.json is this function's output (npm run scene:demo), checked by a test.
 */
export function generateDemoPlant(seed = DEMO_PLANT_SEED): SceneInput {
  return {
    format: SCENE_FORMAT,
    version: SCENE_FORMAT_VERSION,
    site: {
      id: 'demo-plant',
      name: { en: 'SafeTwin demo chemical park', 'zh-CN': 'SafeTwin 演示化工园区' },
      // An illustrative location in a coastal chemical park in eastern China.
      geoReference: { latitudeDeg: 30.7352, longitudeDeg: 121.3158, altitudeM: 4, gridNorthBearingDeg: 0 },
      boundary: rect(0, 0, SITE_WIDTH_M, SITE_DEPTH_M),
      fences: DEMO_FENCES,
      roads: DEMO_ROADS,
    },
    substances: DEMO_SUBSTANCES,
    areas: DEMO_AREAS,
    equipment: DEMO_EQUIPMENT,
    sensors: DEMO_SENSORS,
    cameras: DEMO_CAMERAS,
    personnel: demoPersonnel(seed),
    walkable: { obstacles: [], equipmentBlocksWalking: true },
    exits: DEMO_EXITS,
    musterPoints: DEMO_MUSTER_POINTS,
    organisation: { departments: DEMO_DEPARTMENTS },
  };
}
