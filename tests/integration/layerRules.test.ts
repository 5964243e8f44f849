import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// The layer rules on files that exist only here: without the type-aware rules, which need a file of the program.
const eslint = new ESLint({ cwd: root, overrideConfig: { languageOptions: { parserOptions: { projectService: false } }, rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' } } });
const typeAware = new ESLint({ cwd: root });

async function violations(file: string, code: string, linter = eslint): Promise<string[]> {
  const [result] = await linter.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('architecture layer rules (eslint.config.js)', () => {
  it('keeps electron out of the core, and the core out of the renderer and shell', async () => {
    expect(await violations('main/core/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([expect.stringContaining('only electron/ imports electron')]);
    expect(await violations('main/core/x.ts', "import { App } from '../../renderer/src/App.js';\nexport const a = App;\n")).toEqual([expect.stringContaining('must not import the renderer')]);
  });

  it('lets contracts import only zod', async () => {
    expect(await violations('main/contracts/x.ts', "import { z } from 'zod';\nimport { y } from './scene.js';\nexport const a = [z, y];\n")).toEqual([]);
    expect(await violations('main/contracts/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toHaveLength(1);
    expect(await violations('main/contracts/x.ts', "import { a } from '../platform/network.js';\nexport const b = a;\n")).toContainEqual(expect.stringContaining('may import only zod'));
  });

  it('keeps Node, Electron and core internals out of the renderer', async () => {
    expect(await violations('renderer/src/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toEqual([expect.stringContaining('no Node built-ins')]);
    expect(await violations('renderer/src/x.ts', "import path from 'path';\nexport const a = path;\n")).toHaveLength(1);
    expect(await violations('renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).toHaveLength(1);
    expect(await violations('renderer/src/x.ts', "import { startCore } from '../../main/index.js';\nexport const a = startCore;\n")).toEqual([expect.stringContaining('only through @contracts')]);
    expect(await violations('renderer/src/x.ts', "import { SCENE_FORMAT } from '@contracts';\nexport const a = SCENE_FORMAT;\n")).toEqual([]);
  });

  it('lets the shell use only the core entry and contracts', async () => {
    expect(await violations('electron/x.ts', "import { startCore } from '../main/index.js';\nimport { ROLES } from '../main/contracts/index.js';\nexport const a = [startCore, ROLES];\n")).toEqual([]);
    expect(await violations('electron/x.ts', "import { UserStore } from '../main/auth/UserStore.js';\nexport const a = UserStore;\n")).toEqual([expect.stringContaining('only the core entry')]);
  });

  it('lets a core module reach another only through its surface, and only downwards', async () => {
    const boundary = (found: string[]) => found.filter((message) => message.startsWith('safetwin/module-boundaries'));
    expect(boundary(await violations('main/live/x.ts', "import { MessageBus } from '../bus/index.js';\nexport const a = MessageBus;\n"))).toEqual([]);
    expect(boundary(await violations('main/live/x.ts', "import { MessageBus } from '../bus/MessageBus.js';\nexport const a = MessageBus;\n"))).toEqual([expect.stringContaining('Deep import into main/bus')]);
    expect(boundary(await violations('main/core/x.ts', "export const a = () => import('../vision/VisionCoreLink.js');\n"))).toEqual([expect.stringContaining('Deep import into main/vision')]);
    // An upward arrow, even for a type: the bus is below the live hub.
    expect(boundary(await violations('main/bus/x.ts', "import type { LiveHub } from '../live/index.js';\nexport type A = LiveHub;\n"))).toEqual([expect.stringContaining('may not import main/live')]);
    // Modules on one layer do not import each other either (no circle can form).
    expect(boundary(await violations('main/vision/x.ts', "import { LiveLeakStudies } from '../studies/index.js';\nexport const a = LiveLeakStudies;\n"))).toEqual([expect.stringContaining('may not import main/studies')]);
    // A named second entry: the configuration reads a schema without the module's runtime.
    expect(boundary(await violations('main/config/x.ts', "import { VisionCoreConfigSchema } from '../vision/visionCoreConfig.js';\nexport const a = VisionCoreConfigSchema;\n"))).toEqual([]);
    expect(boundary(await violations('main/newmodule/x.ts', "import { MessageBus } from '../bus/index.js';\nexport const a = MessageBus;\n"))).toEqual([expect.stringContaining('has no layer')]);
  });

  it('gives every core module a surface and a layer', async () => {
    const modules = readdirSync(path.join(root, 'main'), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    expect(modules.filter((name) => !existsSync(path.join(root, 'main', name, 'index.ts')))).toEqual([]);
    for (const name of modules) {
      const importer = name === 'cli' ? 'main/index.ts' : 'main/cli/x.ts';
      expect(await violations(importer, `export * from './${importer === 'main/index.ts' ? '' : '../'}${name}/index.js';\n`), name).toEqual([]);
    }
  });

  it('bans synchronous file calls in the core outside the CLI, configuration loading and worker threads', async () => {
    const readSync = "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n";
    expect(await violations('main/live/x.ts', readSync)).toEqual([expect.stringContaining('No synchronous file calls in main/')]);
    expect(await violations('main/vision/x.ts', "import { existsSync } from 'fs';\nexport const a = existsSync;\n")).toHaveLength(1);
    expect(await violations('main/live/x.ts', "import { readFile } from 'node:fs/promises';\nexport const a = readFile;\n")).toEqual([]);
    for (const allowed of ['main/cli/x.ts', 'main/config/x.ts', 'main/recording/x.worker.ts']) expect(await violations(allowed, readSync)).toEqual([]);
  });

  it('flags a promise in the core that nobody awaits or catches (type-aware)', async () => {
    // Linted as the text of a real core file, so the rule sees the program's types.
    const floating = "export async function closeSoon(): Promise<void> {\n  Promise.resolve(1);\n}\n";
    expect(await violations('main/core/Closers.ts', floating, typeAware)).toEqual([expect.stringContaining('@typescript-eslint/no-floating-promises')]);
    expect(await violations('main/core/Closers.ts', "export async function closeSoon(): Promise<void> {\n  await Promise.resolve(1);\n}\n", typeAware)).toEqual([]);
  });

  it('flags visible text that bypasses i18n', async () => {
    expect(await violations('renderer/src/x.tsx', 'export function Banner() {\n  return <div>Alarm acknowledged</div>;\n}\n')).toEqual([expect.stringContaining('i18next/no-literal-string')]);
  });
});
