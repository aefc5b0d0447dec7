import path from 'node:path';

/** The command line of a helper program: file by absolute path, arguments passed without a shell. */
export interface Command {
  file: string;
  args: string[];
}

/**
 * %SystemRoot% from an environment (Windows matches names case-insensitively; plain objects in
 * tests do not). System tools are run by absolute path from here, never looked up on PATH, so a
 * `taskkill.exe` dropped in a job's working directory cannot be run instead.
 */
export function systemRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.SystemRoot ?? env.SYSTEMROOT ?? env.windir ?? env.WINDIR ?? 'C:\\Windows';
}

/** taskkill ending `pid` and its whole tree, forcibly: console programs ignore the polite form. */
export function taskkillCommand(pid: number, env: NodeJS.ProcessEnv = process.env): Command {
  return {
    file: path.win32.join(systemRoot(env), 'System32', 'taskkill.exe'),
    args: ['/PID', String(pid), '/T', '/F'],
  };
}
