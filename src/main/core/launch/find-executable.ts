import { planCommandSearch } from './command-search';
import { pathFor } from './platform-path';
import type { LaunchContext } from './types';

/**
 * Resolves a command to the absolute path of the file that would run, or null. Paths resolve against
 * ctx.cwd; bare names are searched on PATH only (with PATHEXT on Windows), never in the working directory.
 * On a PATH search a POSIX file without execute permission is skipped, as execvp does; a path given
 * outright is returned as is, so the caller can say "not executable" instead of "not found".
 */
export function findExecutable(command: string, ctx: LaunchContext): string | null {
  const search = planCommandSearch(command, ctx);
  const paths = pathFor(ctx.platform);
  const skipNonExecutable = search.kind === 'name' && ctx.platform !== 'win32';
  for (const directory of search.directories) {
    for (const name of search.fileNames) {
      const candidate = paths.join(directory, name);
      if (!ctx.isFile(candidate)) continue;
      if (skipNonExecutable && ctx.isExecutable && !ctx.isExecutable(candidate)) continue;
      return candidate;
    }
  }
  return null;
}
