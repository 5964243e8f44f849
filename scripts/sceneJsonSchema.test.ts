import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../main/platform/packageInfo.js';
import { sceneJsonSchema } from './sceneJsonSchema.js';

describe('scene JSON Schema', () => {
  it('is the committed docs/scene.schema.json (run `npm run docs:schema` after changing the format)', () => {
    const committed = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'docs', 'scene.schema.json'), 'utf8')) as unknown;
    expect(JSON.parse(JSON.stringify(sceneJsonSchema()))).toEqual(committed);
  });

  it('requires the format marker, version and site, and lists every sensor kind', () => {
    const schema = sceneJsonSchema() as { required: string[]; properties: { sensors: { items: { properties: { kind: { enum: string[] } } } } } };
    expect(schema.required).toEqual(expect.arrayContaining(['format', 'version', 'site']));
    expect(schema.properties.sensors.items.properties.kind.enum).toContain('windDirection');
  });
});
