import { readFileSync } from 'node:fs';
import { SceneSchema, type Scene } from '../../main/contracts/index.js';
import { DEMO_SCENE_PATH } from '../../main/platform/packageInfo.js';

export function loadDemoScene(): Scene {
  return SceneSchema.parse(JSON.parse(readFileSync(DEMO_SCENE_PATH, 'utf8')));
}
