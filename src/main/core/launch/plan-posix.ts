import { checkArguments } from './check-arguments';
import { quotePosixArgument } from './quote-posix-argument';
import { splitPosixCommandLine } from './split-posix-command-line';
import type { LaunchPlan } from './types';

/** POSIX: exec the file itself with an argv; the kernel handles shebangs and no shell ever sees the arguments. */
export function planPosix(file: string, args: string | readonly string[] | undefined): LaunchPlan {
  const argv = args === undefined ? [] : typeof args === 'string' ? splitPosixCommandLine(args) : [...args];
  checkArguments(argv, false);
  return {
    file,
    args: argv,
    argv0: file,
    windowsVerbatimArguments: false,
    display: [file, ...argv].map(quotePosixArgument).join(' '),
    resolvedCommand: file,
    hideWindow: true, // Ignored off Windows.
    outputCodePage: null,
  };
}
