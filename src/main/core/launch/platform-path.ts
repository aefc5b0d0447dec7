import path from 'node:path';

/** The path flavour of the job's platform, not the host's, so Windows paths resolve correctly in tests on Linux. */
export function pathFor(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}
