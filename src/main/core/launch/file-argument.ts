import { splitCommandLine } from './split-command-line';

/** The variable a file-triggered run finds its file in. */
export const TRIGGER_FILE_VARIABLE = 'AUTOMATION_HUB_TRIGGER_FILE';

/** The placeholder in `arguments` that a file-triggered run replaces with the file's path. */
export const FILE_PLACEHOLDER = '{file}';

/**
 * `arguments` for one arriving file: `{file}` becomes the file's path, which is always exactly one argument,
 * whatever its name holds (quotes, spaces, `&|<>^%!`, `$`, a leading `-`, line breaks). A string is split into
 * arguments first, with the platform's own rules, and the path is put into the pieces; substituting into the
 * string and splitting afterwards would let a name like `x" "--checkpoint-action=exec=sh evil.sh" "y.csv` add
 * arguments of its own. The result is a list, so every launch path then escapes each argument for what reads
 * it (MSVCRT quoting, cmd.exe carets), exactly as for a list in the job file. A string without `{file}` stays
 * as written.
 */
export function withFileArgument(
  args: string | readonly string[],
  file: string,
  platform: NodeJS.Platform,
): string | string[] {
  if (typeof args === 'string' && !args.includes(FILE_PLACEHOLDER)) return args;
  const list = typeof args === 'string' ? splitCommandLine(args, platform) : args;
  // A replacer function, not a string: in a replacement string `$&`, `$'` and `` $` `` are patterns, and a file
  // may be named `a$&b.csv`.
  return list.map((arg) => arg.replaceAll(FILE_PLACEHOLDER, () => file));
}
