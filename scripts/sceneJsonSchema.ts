import { z } from 'zod';
import { SCENE_FORMAT_VERSION, SceneSchema } from '../main/contracts/index.js';

/**
 * The scene format as JSON Schema (draft 2020-12), generated from the zod schema that the core
 * validates with. Cross-reference rules (ids, units per kind, limits order) are not expressible
 * in JSON Schema; `safetwin scene validate` checks those.
 */
export function sceneJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(SceneSchema, { io: 'input', unrepresentable: 'any' }),
    $id: `https://safetwin.invalid/schemas/scene-v${SCENE_FORMAT_VERSION}.json`,
    title: `SafeTwin scene, format version ${SCENE_FORMAT_VERSION}`,
  };
}
