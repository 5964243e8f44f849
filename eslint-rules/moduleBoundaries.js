// The core's module rule (docs/architecture.md §1 "Modules and layers"): a main/ module reaches another only
// through that module's surface (its index.js, or a second entry the configuration names), and
// only downwards: every module sits on a layer and imports modules on lower layers only, so the import
// graph has no circles and no upward arrows. Type-only imports count too: a type is part of the surface.
import path from 'node:path';

/** `main/<module>/…` → the module and the path inside it; `main/index.ts` → '(root)'; outside main/ → null. */
function moduleOf(mainDir, file) {
  const relative = path.relative(mainDir, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  const parts = relative.split(path.sep);
  return parts.length > 1 ? { name: parts[0], inside: parts.slice(1).join('/') } : { name: '(root)', inside: parts[0] };
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'main/ modules import each other only through their surfaces and only downwards' },
    schema: [
      {
        type: 'object',
        properties: {
          layers: { type: 'array', items: { type: 'array', items: { type: 'string' } } },
          extraEntries: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
        },
        required: ['layers'],
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const { layers, extraEntries = {} } = context.options[0];
    const layerOf = new Map(layers.flatMap((names, layer) => names.map((name) => [name, layer])));
    const filename = context.filename;
    const mainDir = path.join(context.cwd, 'main');
    const own = moduleOf(mainDir, filename);
    if (!own) return {};
    const check = (node, specifier) => {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const target = moduleOf(mainDir, path.resolve(path.dirname(filename), specifier));
      if (!target || target.name === own.name) return;
      if (target.inside !== 'index.js' && !(extraEntries[target.name] ?? []).includes(target.inside)) {
        context.report({ node, message: `Deep import into main/${target.name}: import its surface (main/${target.name}/index.js).` });
      }
      const from = layerOf.get(own.name);
      const to = layerOf.get(target.name);
      if (from === undefined || to === undefined) {
        context.report({ node, message: `main/${from === undefined ? own.name : target.name} has no layer: add it to the module layers in eslint.config.js.` });
      } else if (to >= from) {
        context.report({ node, message: `main/${own.name} (layer ${from}) may not import main/${target.name} (layer ${to}): modules import only lower layers.` });
      }
    };
    const fromSource = (node) => node.source && check(node.source, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};
