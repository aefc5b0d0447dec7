/** Quotes an argument for a readable POSIX command line (logs, messages): bare when safe, else single quotes. */
export function quotePosixArgument(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}
