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

/**
 * The per-user cache directory (safe to delete), by the same conventions: $XDG_CACHE_HOME (default
 * ~/.cache), Windows %LOCALAPPDATA%, macOS ~/Library/Caches. Private to the user, unlike the shared
 * temporary folder: what is cached there (compiled code) is executed.
 */
export function defaultCacheDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, homeDir: string): string {
  if (platform === 'win32') return path.win32.join(env.LOCALAPPDATA ?? path.win32.join(homeDir, 'AppData', 'Local'), 'SafeTwin', 'Cache');
  if (platform === 'darwin') return path.posix.join(homeDir, 'Library', 'Caches', 'SafeTwin');
  const xdgCacheHome = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(homeDir, '.cache');
  return path.join(xdgCacheHome, 'safetwin');
}
