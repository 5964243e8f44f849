import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type FfmpegSource = 'env' | 'ffmpeg-static' | '@ffmpeg-installer/ffmpeg' | 'system';
export type FfmpegResolution = { path: string; source: FfmpegSource } | { path: null; tried: string[] };

type Probe = {
  env: NodeJS.ProcessEnv;
  isExecutable: (file: string) => boolean;
  /** Returns the binary path a package exports, or undefined when the package is absent. */
  packagePath: (name: 'ffmpeg-static' | '@ffmpeg-installer/ffmpeg') => string | undefined;
  systemPath: string;
};

const require = createRequire(import.meta.url);

const realProbe: Probe = {
  env: process.env,
  isExecutable: (file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  packagePath: (name) => {
    try {
      const exported = require(name) as string | { path?: string } | null;
      return typeof exported === 'string' ? exported : (exported?.path ?? undefined);
    } catch {
      return undefined;
    }
  },
  systemPath: process.platform === 'win32' ? 'C:\\ffmpeg\\bin\\ffmpeg.exe' : '/usr/bin/ffmpeg',
};

/**
 * ffmpeg resolution order (README "ffmpeg"): FFMPEG_PATH → ffmpeg-static when installed and its binary
 * exists → @ffmpeg-installer/ffmpeg (binary shipped inside the npm package) → the system's ffmpeg.
 * ffmpeg-static is not a dependency: its install script downloads from outside the npm registry.
 */
export function resolveFfmpeg(probe: Probe = realProbe): FfmpegResolution {
  const tried: string[] = [];
  const consider = (candidate: string | undefined, source: FfmpegSource): FfmpegResolution | undefined => {
    if (!candidate) {
      tried.push(`${source}: not present`);
      return undefined;
    }
    if (probe.isExecutable(candidate)) return { path: path.resolve(candidate), source };
    tried.push(`${source}: ${candidate} is not executable`);
    return undefined;
  };
  return (
    consider(probe.env.FFMPEG_PATH, 'env') ??
    consider(probe.packagePath('ffmpeg-static'), 'ffmpeg-static') ??
    consider(probe.packagePath('@ffmpeg-installer/ffmpeg'), '@ffmpeg-installer/ffmpeg') ??
    consider(probe.systemPath, 'system') ?? { path: null, tried }
  );
}
