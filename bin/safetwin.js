#!/usr/bin/env node
// The `safetwin` command. The core is TypeScript compiled to dist/ by `npm run build`.
import { existsSync } from 'node:fs';
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Node 22 is what Electron ships and what the core uses (zstd in node:zlib, node:sqlite): refuse an older
// one with a way out instead of a module-loading stack trace.
const [nodeMajor, nodeMinor] = process.versions.node.split('.').map(Number);
if (nodeMajor < 22 || (nodeMajor === 22 && nodeMinor < 12)) {
  process.stderr.write(`safetwin: needs Node.js 22.12 or later; this is ${process.version}. "npm ci" installs one for this project: run "npx safetwin ..." or "npm run serve".\n`);
  process.exit(1);
}
const cliModule = new URL('../dist/main/cli/index.js', import.meta.url);
if (!existsSync(fileURLToPath(cliModule))) {
  process.stderr.write('safetwin: the core is not built yet. Run "npm run build" first.\n');
  process.exit(1);
}
// V8's code cache for the modules each command loads (nodejs.org/api/module.html#module-compile-cache):
// every start after the first skips compiling them (issue 14 item 13). It lives in the user's own cache
// folder, not the shared temporary one, because what it holds is executed. NODE_DISABLE_COMPILE_CACHE=1
// turns it off.
const { defaultCacheDir } = await import(new URL('../dist/main/platform/dataDir.js', import.meta.url).href);
const compileCache = module.enableCompileCache?.(path.join(defaultCacheDir(process.platform, process.env, os.homedir()), 'compile-cache'));
// Worker threads (the recorder, the study engines) take the folder from the environment.
if (compileCache?.directory) process.env.NODE_COMPILE_CACHE ??= compileCache.directory;
const { runCli } = await import(cliModule.href);
await runCli(process.argv.slice(2));
