import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { formatProblem } from '../../../shared/job-problem';
import { terminalLine, terminalSafe } from '../../../shared/terminal-text';
import { type CheckedJobs, readCheckedJobFile } from '../../core/jobs/checked-jobs';
import { type CliIO, EXIT_OK, EXIT_USAGE } from '../io';

/** `validate --help`, and what a wrong call prints. */
export const VALIDATE_USAGE = `Usage: automation-hub validate <job.json…>

Checks job files without running them. Prints one line per problem on stderr
(file:line:column: field: message) and "ok  <file>  (<job name>)" per valid file on stdout.
Wildcards in file names (jobs\\*.json) are expanded here, as cmd.exe does not expand them.
Exit code: 0 all valid, 2 a file has problems or usage.
`;

const hasWildcard = (text: string): boolean => /[*?]/.test(text);

// cmd.exe hands "jobs\*.json" over literally; expand wildcards in the file name part the way
// Windows would (case-insensitive). Folders with wildcards are not supported: that is rare.
// An empty list means nothing matched.
async function expand(pattern: string): Promise<string[]> {
  const folder = dirname(pattern);
  const name = basename(pattern);
  if (!hasWildcard(name) || hasWildcard(folder)) return [pattern];
  const source = name
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  const matcher = new RegExp(`^${source}$`, 'i');
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  const matches = entries
    .filter((entry) => entry.isFile() && matcher.test(entry.name))
    .map((entry) => (name === pattern ? entry.name : join(folder, entry.name)))
    .sort();
  return matches;
}

/**
 * `automation-hub validate <files…>`: checks job files the way the hub loads them, so a job can
 * be fixed before it is deployed. Exit 0 when every file is valid, 2 otherwise.
 */
export async function validateCommand(
  args: string[],
  io: CliIO,
  checked: CheckedJobs | null = null,
): Promise<number> {
  const files: string[] = [];
  const unmatched: string[] = [];
  let optionsEnded = false;
  for (const arg of args) {
    if (!optionsEnded && arg === '--') optionsEnded = true;
    else if (!optionsEnded && (arg === '--help' || arg === '-h')) {
      io.stdout(VALIDATE_USAGE);
      return EXIT_OK;
    } else if (!optionsEnded && arg.startsWith('-') && arg !== '-') {
      io.stderr(`validate: unknown option "${arg}".\n\n${VALIDATE_USAGE}`);
      return EXIT_USAGE;
    } else {
      const matches = await expand(arg);
      if (matches.length === 0) unmatched.push(arg);
      files.push(...matches);
    }
  }
  if (files.length === 0 && unmatched.length === 0) {
    io.stderr(`validate: give at least one job file.\n\n${VALIDATE_USAGE}`);
    return EXIT_USAGE;
  }
  for (const pattern of unmatched) io.stderr(`${pattern}: no file matches this name\n`);
  let allValid = unmatched.length === 0;
  for (const file of files) {
    const result = await readCheckedJobFile(file, checked);
    if (result.ok) {
      io.stdout(`ok  ${terminalLine(file)}  (${terminalLine(result.job.name)})\n`);
      continue;
    }
    allValid = false;
    for (const problem of result.problems) io.stderr(`${formatProblem(terminalSafe(problem))}\n`);
  }
  return allValid ? EXIT_OK : EXIT_USAGE;
}
