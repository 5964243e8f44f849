import path from 'node:path';

/**
 * The per-user data directory, following each platform's convention:
 * Linux XDG Base Directory spec ($XDG_DATA_HOME, default ~/.local/share), Windows %APPDATA%,
 * macOS ~/Library/Application Support.
 */
export function defaultDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, homeDir: string): string {
  if (platform === 'win32') return path.win32.join(env.APPDATA ?? path.win32.join(homeDir, 'AppData', 'Roaming'), 'SafeTwin');
  if (platform === 'darwin') return path.posix.join(homeDir, 'Library', 'Application Support', 'SafeTwin');
  const xdgDataHome = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(homeDir, '.local', 'share');
  return path.join(xdgDataHome, 'safetwin');
}
