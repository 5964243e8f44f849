import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { SceneSchema } from '../../main/contracts/index.js';
import { PACKAGE_ROOT } from '../../main/platform/packageInfo.js';
import { generateDemoPlant } from './generateDemoPlant.js';

/** `npm run scene:demo`: regenerate scenes/demo-plant/scene.json, refusing to write an invalid scene. */
const scene = generateDemoPlant();
const checked = SceneSchema.safeParse(scene);
if (!checked.success) {
  process.stderr.write(`generated demo plant is invalid:\n${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')}\n`);
  process.exit(1);
}
const file = path.join(PACKAGE_ROOT, 'scenes', 'demo-plant', 'scene.json');
writeFileSync(file, JSON.stringify(scene, null, 2) + '\n');
process.stdout.write(`wrote ${file}: ${scene.equipment?.length} equipment, ${scene.sensors?.length} sensors, ${scene.cameras?.length} cameras, ${scene.personnel?.length} badges\n`);
