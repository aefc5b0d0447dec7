import { HubError } from '../errors';
import { checkArguments } from './check-arguments';
import { escapeCmdArgument, quoteBatchArgument, quoteCmdScriptPath } from './escape-cmd';
import { TRIGGER_FILE_VARIABLE } from './file-argument';
import { outputCodePage } from './output-code-page';
import { pathFor } from './platform-path';
import { quoteWindowsArgument } from './quote-windows-argument';
import { readEnv } from './read-env';
import type { LaunchContext, LaunchPlan } from './types';

/** The switches cmd.exe gets before the command line (see planCmdScript). */
export const CMD_OPTIONS = ['/d', '/e:on', '/v:off', '/s', '/c'] as const;

/**
 * A .bat/.cmd (or any other file Windows runs through cmd's file associations, as cross-spawn does):
 * Node ≥ 20.12.2 refuses to spawn batch files without a shell (EINVAL), so we build the shell line ourselves:
 * `%ComSpec% /d /e:on /v:off /s /c "<script> <args>"`. /d skips AutoRun macros from the registry; /e:on and
 * /v:off pin command extensions on and delayed expansion off whatever the registry says (with delayed expansion
 * on, `!NAME!` in an argument would expand after every escape was spent); /s makes cmd strip exactly the outer
 * quote pair and keep the rest as written, so the quoted script path survives.
 *
 * A string `arguments` is passed as written (after the CR/LF check): the user wrote a cmd command line, and
 * that is what Windows itself does (CreateProcess runs a .bat as `cmd /c <command line>`), so `%VAR%` expands
 * and `&` chains commands exactly as they would at a prompt. A list is escaped per argument, so its
 * values reach the script literally.
 */
export function planCmdScript(
  script: string,
  args: string | readonly string[] | undefined,
  ctx: LaunchContext,
): LaunchPlan {
  if (args !== undefined) checkArguments(args, true, readEnv(ctx.env, TRIGGER_FILE_VARIABLE, 'win32'));
  checkCmdWorkingDirectory(script, ctx);
  const comSpec = findComSpec(ctx);
  const verbatim = typeof args === 'string' && args.trim() !== '' ? [args] : [];
  const list = typeof args === 'object' ? args : [];
  const tail = [...verbatim, ...list.map((arg) => escapeCmdArgument(arg, script))];
  const line = [quoteCmdScriptPath(script), ...tail].join(' ');
  return {
    file: comSpec,
    args: [...CMD_OPTIONS, `"${line}"`],
    argv0: quoteWindowsArgument(comSpec),
    windowsVerbatimArguments: true,
    // What the script sees as its command line (%0 %*), without the carets cmd strips on the way.
    display: [quoteWindowsArgument(script), ...verbatim, ...list.map(quoteBatchArgument)].join(' '),
    resolvedCommand: script,
    hideWindow: true, // cmd.exe is a console program.
    outputCodePage: outputCodePage(comSpec, ctx),
  };
}

/** cmd.exe: the job's %ComSpec%, else %SystemRoot%\System32\cmd.exe, else the default Windows location. */
export function findComSpec(ctx: LaunchContext): string {
  const comSpec = readEnv(ctx.env, 'ComSpec', 'win32')?.trim();
  if (comSpec) return comSpec;
  const systemRoot = readEnv(ctx.env, 'SystemRoot', 'win32')?.trim();
  if (systemRoot) return pathFor('win32').join(systemRoot, 'System32', 'cmd.exe');
  return 'C:\\Windows\\System32\\cmd.exe';
}

/**
 * cmd.exe cannot use a network (UNC) path as its current folder: it prints a warning and runs the script in
 * %SystemRoot% instead, where relative paths would read and write the wrong files. `pushd "\\server\share"`
 * in front of the script would map a drive letter, but that mapping outlives cmd whenever the script ends with
 * `exit` or the run is stopped (timeout, cancel), so a job running every few minutes would use up the user's
 * drive letters. Refusing, with the ways out, is the behaviour a user can rely on.
 */
function checkCmdWorkingDirectory(script: string, ctx: LaunchContext): void {
  if (!/^[\\/]{2}/.test(ctx.cwd)) return;
  const systemRoot = readEnv(ctx.env, 'SystemRoot', 'win32')?.trim() || 'C:\\Windows';
  const name = pathFor('win32').basename(script);
  throw new HubError(
    'working-directory-unc',
    `"${ctx.cwd}" is a network path, and cmd.exe cannot start ${name} in one (it would run it in ` +
      `${systemRoot} instead). Set process.workingDirectory to a drive letter mapped to the share or to a ` +
      'local folder; a script that needs the share can change to it itself with pushd (and popd before it ends).',
    { field: 'process.workingDirectory' },
  );
}
