import { HubError } from '../errors';
import type { CommandSearch } from './command-search';
import { pathFor } from './platform-path';
import type { LaunchContext } from './types';

/**
 * The error for a command that resolved to nothing. It says what was looked for and where, because "not
 * found" alone sends users hunting, and it adds what was nearly right (a Windows file without a runnable
 * extension, a POSIX file without execute permission) when the search passed one.
 */
export function commandNotFoundError(search: CommandSearch, ctx: LaunchContext): HubError {
  const paths = pathFor(ctx.platform);
  let message: string;
  if (search.kind === 'path') {
    const tried = describeNames(search.fileNames, search.baseName, search.directories[0] ?? '', ctx);
    const relative = !paths.isAbsolute(search.command)
      ? ` Relative paths start from the working directory (${ctx.cwd}).`
      : '';
    message = `Command not found: "${search.command}" (looked for ${tried}). Check the path in process.command.${relative}`;
  } else {
    const count = search.pathFolderCount;
    const places =
      count === 0 ? 'no PATH folders (PATH is empty)' : `${count} PATH folder${count === 1 ? '' : 's'}`;
    const tried = describeNames(search.fileNames, search.baseName, '', ctx);
    message =
      `Command not found: "${search.command}" (looked in ${places} for ${tried}). ` +
      'Give the full path in process.command, or add its folder to PATH.';
  }
  const nearMiss = findInWorkingDirectory(search, ctx) ?? findNearMiss(search, ctx);
  return new HubError('command-not-found', nearMiss ? `${message} ${nearMiss}` : message, {
    field: 'process.command',
  });
}

// "backup.com, .exe, .bat" rather than four full names: the list is read by people, not parsed.
function describeNames(fileNames: string[], baseName: string, directory: string, ctx: LaunchContext): string {
  const paths = pathFor(ctx.platform);
  const full = (name: string) => (directory === '' ? name : paths.join(directory, name));
  const literal = fileNames.filter((name) => name === baseName);
  const appended = fileNames.filter((name) => name !== baseName);
  const parts = literal.map(full);
  if (appended[0] !== undefined) {
    parts.push(full(appended[0]), ...appended.slice(1).map((name) => name.slice(baseName.length)));
  }
  return parts.join(', ');
}

// A bare name is never looked up in the working directory; when that is where the file is, say so and how to
// name it, so the user is not left wondering why a file they can see is "not found".
function findInWorkingDirectory(search: CommandSearch, ctx: LaunchContext): string | undefined {
  if (search.kind !== 'name') return undefined;
  const paths = pathFor(ctx.platform);
  const found = search.fileNames
    .map((name) => paths.join(ctx.cwd, name))
    .find((candidate) => ctx.isFile(candidate));
  if (found === undefined) return undefined;
  const asPath =
    ctx.platform === 'win32'
      ? `.\\${search.command} (in JSON ".\\\\${search.command}" or "./${search.command}")`
      : `./${search.command}`;
  return (
    `${found} is in the working directory, which is not searched for a bare command name, so that a file ` +
    `placed there cannot stand in for a program on PATH. To run that file, write it as a path: ${asPath}.`
  );
}

function findNearMiss(search: CommandSearch, ctx: LaunchContext): string | undefined {
  const paths = pathFor(ctx.platform);
  for (const directory of search.directories) {
    const candidate = paths.join(directory, search.baseName);
    if (ctx.platform === 'win32') {
      if (!search.fileNames.includes(search.baseName) && ctx.isFile(candidate)) {
        return (
          `${candidate} exists but has no extension Windows can run. Rename it with its extension ` +
          '(.exe, .bat, .cmd, .ps1), or set process.command to the program that runs it and put the file in process.arguments.'
        );
      }
    } else if (ctx.isFile(candidate) && ctx.isExecutable && !ctx.isExecutable(candidate)) {
      return notExecutableAdvice(candidate);
    }
  }
  return undefined;
}

/** Advice for a POSIX file without execute permission, shared with the explicit-path check in planLaunch. */
export function notExecutableAdvice(file: string): string {
  return (
    `${file} is not executable. Make it executable (chmod +x "${file}"), or set process.command to its ` +
    'interpreter (e.g. "bash") and put the script in process.arguments.'
  );
}
