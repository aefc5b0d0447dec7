/**
 * Quotes one argument so that the MSVCRT / CommandLineToArgvW parser gives it back unchanged.
 * Arguments without whitespace or quotes are left bare, as libuv does, so simple command lines stay readable.
 */
export function quoteWindowsArgument(arg: string): string {
  return arg !== '' && !/[ \t\n\v"]/.test(arg) ? arg : wrapWindowsArgument(arg);
}

/**
 * Always wraps in quotes, for callers that need quotes for reasons of their own (cmd.exe metacharacters).
 * Backslashes are literal except before a quote, where 2n+1 backslashes + quote mean n backslashes and a
 * literal quote: so backslashes before an embedded quote, or before the closing quote, are doubled.
 */
export function wrapWindowsArgument(arg: string): string {
  let quoted = '"';
  let backslashes = 0;
  for (const char of arg) {
    if (char === '\\') {
      backslashes++;
    } else if (char === '"') {
      quoted += `${'\\'.repeat(backslashes * 2 + 1)}"`;
      backslashes = 0;
    } else {
      quoted += '\\'.repeat(backslashes) + char;
      backslashes = 0;
    }
  }
  return `${quoted}${'\\'.repeat(backslashes * 2)}"`;
}
