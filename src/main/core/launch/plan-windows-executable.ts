import { checkArguments } from './check-arguments';
import { hidesWindow } from './hide-window';
import { outputCodePage } from './output-code-page';
import { quoteWindowsArgument } from './quote-windows-argument';
import type { LaunchContext, LaunchPlan } from './types';
import { windowsArguments } from './windows-arguments';

/** An .exe or .com: CreateProcess runs it directly, with the command line we build. */
export function planWindowsExecutable(
  exe: string,
  args: string | readonly string[] | undefined,
  ctx: LaunchContext,
): LaunchPlan {
  if (args !== undefined) checkArguments(args, false);
  const argv0 = quoteWindowsArgument(exe);
  const pieces = windowsArguments(args);
  return {
    file: exe,
    args: pieces,
    argv0,
    windowsVerbatimArguments: true,
    display: [argv0, ...pieces].join(' '),
    resolvedCommand: exe,
    hideWindow: hidesWindow(exe, ctx),
    outputCodePage: outputCodePage(exe, ctx),
  };
}
