import { HubError } from '../errors';
import { checkArguments } from './check-arguments';
import { findExecutable } from './find-executable';
import { outputCodePage } from './output-code-page';
import { pathFor } from './platform-path';
import { quoteWindowsArgument } from './quote-windows-argument';
import { readEnv } from './read-env';
import type { LaunchContext, LaunchPlan } from './types';
import { windowsArguments } from './windows-arguments';

// -NoProfile: the user's profile must not change a job's behaviour or slow its start. -NonInteractive: a
// Read-Host or confirmation prompt fails at once instead of hanging an unattended job until its timeout.
// -ExecutionPolicy Bypass: the default policy (Restricted) refuses every script, which is never what a job wants.
const POWERSHELL_OPTIONS = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File'];

/**
 * A .ps1 runs under Windows PowerShell with -File, so the script's `exit N` becomes the exit code.
 * Arguments follow the script path; a string is passed as written, a list quoted per argument.
 */
export function planPowerShellScript(
  script: string,
  args: string | readonly string[] | undefined,
  ctx: LaunchContext,
): LaunchPlan {
  if (args !== undefined) checkArguments(args, false);
  const powershell = findPowerShell(script, ctx);
  const quotedScript = quoteWindowsArgument(script);
  const pieces = windowsArguments(args);
  return {
    file: powershell,
    args: [...POWERSHELL_OPTIONS, quotedScript, ...pieces],
    argv0: quoteWindowsArgument(powershell),
    windowsVerbatimArguments: true,
    display: [quotedScript, ...pieces].join(' '),
    resolvedCommand: script,
    hideWindow: true, // powershell.exe is a console program.
    outputCodePage: outputCodePage(powershell, ctx),
  };
}

// The system copy by absolute path first (PATH can be edited into anything), then PATH.
function findPowerShell(script: string, ctx: LaunchContext): string {
  const systemRoot = readEnv(ctx.env, 'SystemRoot', 'win32')?.trim() || 'C:\\Windows';
  const system = pathFor('win32').join(systemRoot, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
  if (ctx.isFile(system)) return system;
  const onPath = findExecutable('powershell.exe', ctx);
  if (onPath) return onPath;
  throw new HubError(
    'command-not-found',
    `Windows PowerShell is needed to run ${script} but was found neither at ${system} nor on PATH. ` +
      'Set process.command to the PowerShell you have (e.g. pwsh.exe) and put "-File" and the script in process.arguments.',
    { field: 'process.command' },
  );
}
