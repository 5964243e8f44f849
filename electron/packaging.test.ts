import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The packaging config is read and validated by the installed electron-builder itself (its own
 * config loader and JSON-schema validation, as `npm run dist` does), so a misspelt fuse or one the
 * installed version does not know fails here rather than in a release build.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
type BuilderConfig = Record<string, unknown> & { electronFuses?: Record<string, boolean> | null };
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig: (projectDir: string, configPath: string, configFromOptions: null) => Promise<BuilderConfig>;
  validateConfiguration: (config: BuilderConfig, debugLogger: unknown) => Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (isEnabled: boolean) => unknown };

const loadPackagingConfig = () => getConfig(repoRoot, path.join(repoRoot, 'electron-builder.yml'), null);

describe('desktop packaging config', () => {
  it('is valid for the installed electron-builder', async () => {
    await expect(validateConfiguration(await loadPackagingConfig(), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('flips the Electron fuses that close the runtime to anything but the packaged app', async () => {
    expect((await loadPackagingConfig()).electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('would reject a fuse the installed electron-builder does not know (the validation above can fail)', async () => {
    const config = await loadPackagingConfig();
    await expect(validateConfiguration({ ...config, electronFuses: { ...config.electronFuses, runAsNodee: false } }, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });

  it('keeps the app in an asar archive, which the integrity and only-from-asar fuses need', async () => {
    expect((await loadPackagingConfig()).asar).not.toBe(false);
  });
});
