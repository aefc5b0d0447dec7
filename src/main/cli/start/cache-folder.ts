import path from 'node:path';

/**
 * Where the command line keeps V8's compiled code between runs: the user's cache folder, not the data folder
 * (it is disposable) and not the program's folder (an installed CLI may not write there). Pure, for tests.
 */
export function compileCacheFolder(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string {
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA?.trim() || path.win32.join(home, 'AppData', 'Local');
    return path.win32.join(local, 'Automation Hub', 'Cache', 'cli');
  }
  // XDG: relative values are invalid and must be ignored.
  const xdg = env.XDG_CACHE_HOME?.trim();
  const cacheHome = xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.cache');
  return path.posix.join(cacheHome, 'automation-hub', 'cli');
}
