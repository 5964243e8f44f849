#!/usr/bin/env node
// The `safetwin` command. The core is TypeScript compiled to dist/ by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cliModule = new URL('../dist/main/cli/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cliModule))) {
  process.stderr.write('safetwin: the core is not built yet. Run "npm run build" first.\n');
  process.exit(1);
}
const { runCli } = await import(cliModule.href);
await runCli(process.argv.slice(2));
