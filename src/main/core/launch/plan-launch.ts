import { HubError } from '../errors';
import { commandNotFoundError, notExecutableAdvice } from './command-not-found';
import { planCommandSearch } from './command-search';
import { findExecutable } from './find-executable';
import { planCmdScript } from './plan-cmd-script';
import { planPosix } from './plan-posix';
import { planPowerShellScript } from './plan-powershell-script';
import { planWindowsExecutable } from './plan-windows-executable';
import { pathFor } from './platform-path';
import type { LaunchContext, LaunchPlan } from './types';

export type { LaunchContext, LaunchPlan } from './types';

/**
 * Turns a job's command and arguments into exactly what child_process.spawn needs, deciding by the
 * resolved file's type: .exe/.com directly, .ps1 through PowerShell, anything else on Windows (.bat, .cmd,
 * association-run files) through cmd.exe; on POSIX always directly. Throws HubError for what the user must fix.
 */
export function planLaunch(
  command: string,
  args: string | readonly string[] | undefined,
  ctx: LaunchContext,
): LaunchPlan {
  if (command.trim() === '' || command.includes('\0')) {
    throw new HubError('command-not-found', 'process.command must name the program or script to run.', {
      field: 'process.command',
    });
  }
  const resolved = findExecutable(command, ctx);
  if (resolved === null) throw commandNotFoundError(planCommandSearch(command, ctx), ctx);

  if (ctx.platform !== 'win32') {
    if (ctx.isExecutable && !ctx.isExecutable(resolved)) {
      throw new HubError('command-not-executable', notExecutableAdvice(resolved), {
        field: 'process.command',
      });
    }
    return planPosix(resolved, args);
  }
  switch (pathFor('win32').extname(resolved).toLowerCase()) {
    case '.exe':
    case '.com':
      return planWindowsExecutable(resolved, args, ctx);
    case '.ps1':
      return planPowerShellScript(resolved, args, ctx);
    default:
      return planCmdScript(resolved, args, ctx);
  }
}
