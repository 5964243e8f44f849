import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../main/platform/packageInfo.js';
import { sceneJsonSchema } from './sceneJsonSchema.js';

/** `npm run docs:schema`: docs/scene.schema.json, for editors that validate scene files as they are typed. */
const file = path.join(PACKAGE_ROOT, 'docs', 'scene.schema.json');
writeFileSync(file, JSON.stringify(sceneJsonSchema(), null, 2) + '\n');
process.stdout.write(`wrote ${file}\n`);
