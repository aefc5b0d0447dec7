import { quoteWindowsArgument } from './quote-windows-argument';

/**
 * The argument part of a Windows command line, as pieces libuv joins with spaces under
 * windowsVerbatimArguments. A string is a command line, like .NET's ProcessStartInfo.Arguments: passed exactly as written,
 * because the program parses its own command line and some (msiexec `PROP="a b"`, robocopy, cmd itself)
 * do not follow the MSVCRT rules that splitting and re-quoting would impose. A list is quoted per argument
 * here rather than by Node, so every Windows plan is verbatim and `display` is the exact command line.
 */
export function windowsArguments(args: string | readonly string[] | undefined): string[] {
  if (args === undefined) return [];
  if (typeof args === 'string') return args.trim() === '' ? [] : [args];
  return args.map((arg) => quoteWindowsArgument(arg));
}
