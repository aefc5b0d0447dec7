import { wrapWindowsArgument } from './quote-windows-argument';

// cmd.exe's special characters (cross-spawn's list, after robvanderwoude.com/escapechars.php).
const CMD_META = /[()\][%!^"`<>&|;, *?]/;

// Arguments the batch file must receive quoted: whitespace and quotes (for the argv parser of any program
// it hands them to), cmd operators, and `,;=` which cmd also treats as separators between %1, %2, ...
const NEEDS_QUOTES = /[\s"&|<>()^%!,;=]/;

// npm's cmd-shims (node_modules\.bin\x.cmd) pass %* on to node unquoted: see escapeCmdArgument.
const CMD_SHIM = /node_modules[\\/]\.bin[\\/][^\\/]+\.cmd$/i;

/**
 * The argument as the batch file receives it in %* (after cmd removed our carets): quoted with MSVCRT rules
 * when it holds anything cmd or the argv parser would split on, bare otherwise so `if "%1"=="--force"` works.
 */
export function quoteBatchArgument(arg: string): string {
  return arg === '' || NEEDS_QUOTES.test(arg) ? wrapWindowsArgument(arg) : arg;
}

/**
 * Escapes one argument for `cmd /d /e:on /v:off /s /c "<script> <args>"` (the qntm.org/cmd scheme cross-spawn
 * uses, hardened for `%`): quote it for the program's argv parser, then put `^` before every cmd metacharacter,
 * the quotes included, and before whatever follows a `%`. Because even the quotes are escaped, cmd's quote state
 * never toggles, so every `^x` reads as a literal x: `&|<>()` cannot start a new command.
 *
 * `%` is the one character a caret cannot escape on a command line: cmd expands `%...%` pairs before it looks
 * at carets. It expands a pair only when the text after the opening `%` (up to the closing `%`, or up to the
 * `:` of the `%NAME:~n,m%` and `%NAME:a=b%` forms) names a defined variable. Every `%` we emit is followed by
 * a caret, so any pair cmd can form from it names a variable beginning with `^`, which no part of Windows defines,
 * and cmd leaves undefined names as written on a command line; then it removes the carets. A caret only before
 * the `%` (`^%NAME:a=b^%`) is not enough: the name there is NAME. `!` needs no more than its caret: /v:off
 * keeps delayed expansion off whatever the registry says.
 *
 * Doubled escaping: cmd consumes one level of carets before the batch file starts. A batch that re-parses
 * its arguments as a command line (`node cli.js %*`, as npm's cmd-shims do) needs a second level, or an
 * argument like `a"&b` breaks out there. But a second level leaves carets in %1 for ordinary batch files and
 * breaks the common `"%~1"` idiom for every argument, even `--force`. So, like cross-spawn, we double only
 * for cmd-shims, whose re-parsing we know about; a user batch that re-parses %* unquoted must quote itself.
 */
export function escapeCmdArgument(arg: string, scriptPath: string): string {
  const once = caretEscape(quoteBatchArgument(arg));
  return CMD_SHIM.test(scriptPath) ? caretEscape(once) : once;
}

// `^` before each metacharacter and before the character after each `%` (see escapeCmdArgument).
function caretEscape(text: string): string {
  let escaped = '';
  let afterPercent = false;
  for (const char of text) {
    escaped += afterPercent || CMD_META.test(char) ? `^${char}` : char;
    afterPercent = char === '%';
  }
  return escaped;
}

/**
 * Quotes the script path for the start of a cmd command line, so spaces, `&` and `(` in folder names are
 * literal. Quotes do not stop `%` expansion, so each `%` steps out of the quotes as `"^%"`: the caret then
 * makes any `%...%` pair name an undefined variable, and cmd joins the quoted pieces into one path.
 */
export function quoteCmdScriptPath(scriptPath: string): string {
  return `"${scriptPath.replaceAll('%', '"^%"')}"`;
}
