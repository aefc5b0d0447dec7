import { pathFor } from './platform-path';
import { readEnv } from './read-env';
import type { LaunchContext } from './types';
import { windowsExtensions } from './windows-extensions';

/** Where a command will be looked for: the same description drives the lookup and the not-found message. */
export interface CommandSearch {
  /** The command as written, minus the surrounding quotes Explorer's "Copy as path" adds on Windows. */
  command: string;
  /** 'path': the command names a location (absolute, or relative to cwd); 'name': a bare name looked up on PATH. */
  kind: 'path' | 'name';
  /** Absolute folders, in search order. */
  directories: string[];
  /** File names tried in each folder, in order. */
  fileNames: string[];
  /** The name without any extension we appended, for messages. */
  baseName: string;
  pathFolderCount: number;
}

/**
 * Decides where to look. A command with a separator (or a drive on Windows) is a path: absolute as is,
 * relative against the job's working directory (`.\tool.bat`, `sub\tool.exe`, `./x`). A bare name is looked
 * up on PATH only, on every platform. cmd.exe would try the current folder first, but a job's working folder is
 * often an inbox that other people can write to: a `python.bat` dropped there must not run in place of
 * `python`. POSIX never searched it (execvp, every shell). CreateProcess's app-folder and system-folder steps
 * are left out too: the app's folder is ours, not the job's, and the system folders are on PATH anyway.
 */
export function planCommandSearch(rawCommand: string, ctx: LaunchContext): CommandSearch {
  const windows = ctx.platform === 'win32';
  const paths = pathFor(ctx.platform);
  const command =
    windows && rawCommand.length > 1 && rawCommand.startsWith('"') && rawCommand.endsWith('"')
      ? rawCommand.slice(1, -1)
      : rawCommand;
  const isPath = windows ? /[\\/:]/.test(command) : command.includes('/');
  const target = isPath ? paths.resolve(ctx.cwd, command) : command;
  const baseName = paths.basename(target);
  const fileNames = windows ? windowsFileNames(baseName, ctx) : [baseName];

  if (isPath) {
    return {
      command,
      kind: 'path',
      directories: [paths.dirname(target)],
      fileNames,
      baseName,
      pathFolderCount: 0,
    };
  }
  const pathFolders = pathDirectories(ctx);
  return {
    command,
    kind: 'name',
    directories: pathFolders,
    fileNames,
    baseName,
    pathFolderCount: pathFolders.length,
  };
}

// With a runnable extension the name is taken as written; otherwise the PATHEXT extensions are appended
// (after the name as written, when it has some other dot in it, like `python3.12`), as cmd does.
function windowsFileNames(baseName: string, ctx: LaunchContext): string[] {
  const extensions = windowsExtensions(ctx);
  const ext = pathFor('win32').extname(baseName).toLowerCase();
  if (ext !== '' && extensions.includes(ext)) return [baseName];
  const appended = extensions.map((extension) => baseName + extension);
  return ext === '' ? appended : [baseName, ...appended];
}

// PATH folders in order: empty entries skipped (POSIX would read them as the cwd, a classic trap), quotes
// around Windows entries removed (cmd and libuv accept `"C:\Program Files\x"`), relative ones made absolute
// against the job's working directory, duplicates dropped (case-insensitively on Windows).
function pathDirectories(ctx: LaunchContext): string[] {
  const windows = ctx.platform === 'win32';
  const paths = pathFor(ctx.platform);
  const value = readEnv(ctx.env, 'PATH', ctx.platform) ?? '';
  const seen = new Set<string>();
  const folders: string[] = [];
  for (const entry of value.split(windows ? ';' : ':')) {
    const unquoted = windows ? entry.trim().replace(/^"(.*)"$/, '$1') : entry;
    if (unquoted === '') continue;
    const folder = paths.resolve(ctx.cwd, unquoted);
    const key = windows ? folder.toLowerCase() : folder;
    if (seen.has(key)) continue;
    seen.add(key);
    folders.push(folder);
  }
  return folders;
}
