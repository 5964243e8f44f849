import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatProblems, loadSceneFile, parseSceneText } from './loadScene.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'tests', 'fixtures', 'scenes');
const fixture = (name: string) => path.join(fixtures, name);

describe('loading scene files', () => {
  it('loads a valid file', async () => {
    const result = await loadSceneFile(fixture('minimal.json'));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.scene.equipment.map((e) => e.id)).toEqual(['T-1']);
  });

  it('locates a JSON syntax error by line and column', async () => {
    const result = await loadSceneFile(fixture('bad-trailing-comma.json'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ code: 'ST_ERR_SCENE_SYNTAX', severity: 'error' });
    expect(result.problems[0]!.location).toBe(`${fixture('bad-trailing-comma.json')}:4:24`);
    expect(result.problems[0]!.message).toBe('invalid JSON: property name expected');
  });

  it('refuses a format version it cannot read', async () => {
    const result = await loadSceneFile(fixture('bad-version.json'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]!.code).toBe('ST_ERR_SCENE_VERSION');
    expect(result.problems[0]!.message).toContain('version 7 is not supported');
    expect(result.problems[0]!.location).toMatch(/bad-version\.json:3:3 \$\.version$/);
  });

  it('reports each invalid field with its line, column and JSON path', async () => {
    const result = await loadSceneFile(fixture('bad-fields.json'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = formatProblems(result.problems);
    expect(text).toMatch(/bad-fields\.json:\d+:\d+ \$\.equipment\[0\]\.size\.heightM: Invalid input: expected number, received string \[ST_ERR_SCENE_INVALID\]/);
  });

  it('checks cross-references once the structure is valid', () => {
    const result = parseSceneText(
      readFileSync(fixture('minimal.json'), 'utf8').replace('"unit": "ppm"', '"unit": "degC"'),
      'unit.json',
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(formatProblems(result.problems)).toMatch(/^unit\.json:\d+:\d+ \$\.sensors\[0\]\.unit: unit "degC" is not one of ppm, %LEL for a gas sensor/);
  });

  it('points a missing property at its parent object', () => {
    const text = '{\n  "format": "safetwin-scene",\n  "version": 1\n}\n';
    const result = parseSceneText(text, 'inline.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]!.location).toBe('inline.json:1:1 $.site');
  });

  it('reports an unreadable file without throwing', async () => {
    const result = await loadSceneFile(fixture('does-not-exist.json'));
    expect(result).toMatchObject({ ok: false, problems: [{ code: 'ST_ERR_SCENE_READ', message: 'cannot read the scene file (ENOENT)' }] });
  });

  it('caps the number of reported issues', () => {
    const sensors = Array.from({ length: 80 }, (_, i) => ({ id: `S${i}` }));
    const result = parseSceneText(JSON.stringify({ format: 'safetwin-scene', version: 1, site: {}, sensors }), 'many.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(51);
    expect(result.problems[50]!.message).toMatch(/^… and \d+ more issues$/);
  });
});
