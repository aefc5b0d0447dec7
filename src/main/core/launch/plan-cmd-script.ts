import { checkArguments } from './check-arguments';
import { escapeCmdArgument, quoteBatchArgument, quoteCmdScriptPath } from './escape-cmd';
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
  if (args !== undefined) checkArguments(args, true);
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
