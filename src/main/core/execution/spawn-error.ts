import { formatBytes } from '../../../shared/format';
import type { LaunchPlan } from '../launch';

/** What a refused spawn is described from: the plan, and the environment the process was to get. */
export type SpawnAttempt = Pick<LaunchPlan, 'display' | 'resolvedCommand' | 'args'> & {
  env?: Record<string, string>;
};

/** Words for the errors spawn reports, with what to do about each. */
export function describeSpawnError(error: unknown, attempt: SpawnAttempt): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const command = attempt.resolvedCommand;
  switch (code) {
    case 'ENOENT':
      return `process.command: could not start "${command}": the file or its interpreter was not found. Check the path in process.command (and the #! line of a script).`;
    case 'EACCES':
      return `process.command: could not start "${command}": permission denied. Make the file executable (chmod +x) or run it through its interpreter.`;
    case 'ENOEXEC':
      return `process.command: could not start "${command}": it is not a program this system can run. Run it through its interpreter (e.g. "node", "python").`;
    case 'EINVAL':
      return `process.command: could not start "${command}": the system refused the command line (${attempt.display}).`;
    case 'E2BIG':
    case 'ENAMETOOLONG':
      return tooBig(command, attempt);
    default:
      return `process.command: could not start "${command}": ${error instanceof Error ? error.message : String(error)}`;
  }
}

// Linux refuses one variable or argument over 128 KiB (MAX_ARG_STRLEN) and all of them together over about a
// quarter of the stack limit (2 MiB by default); Windows allows 32,767 characters for the command line.
const ONE_STRING_LIMIT = 128 * 1024;

/**
 * E2BIG: the environment and arguments together are more than the system passes to a new process. Names the
 * larger part, its largest entry, and the fix, so a job that inherits a huge variable can be fixed.
 */
function tooBig(command: string, attempt: SpawnAttempt): string {
  const env = Object.entries(attempt.env ?? {}).map(([name, value]) => ({
    name,
    bytes: Buffer.byteLength(`${name}=${value}`) + 1,
  }));
  const envBytes = env.reduce((sum, entry) => sum + entry.bytes, 0);
  const argBytes = attempt.args.reduce((sum, arg) => sum + Buffer.byteLength(arg) + 1, 0);
  const largest = env.reduce((max, entry) => (entry.bytes > max.bytes ? entry : max), { name: '', bytes: 0 });
  const sizes = `${formatBytes(envBytes)} of environment variables in ${env.length} entries, ${formatBytes(argBytes)} of arguments`;
  const limits =
    'Linux passes at most 128 KB per variable or argument and about 2 MB in all; Windows 32,767 characters per variable and for the command line';
  const envIsTheProblem = envBytes >= argBytes;
  const field = envIsTheProblem ? 'process.environment' : 'process.arguments';
  const culprit =
    envIsTheProblem && largest.bytes > 0
      ? `; the largest is ${largest.name} (${formatBytes(largest.bytes)}${largest.bytes > ONE_STRING_LIMIT ? ', over the limit for one variable' : ''})`
      : '';
  const fix = envIsTheProblem
    ? 'Make the variables smaller (in process.environment, or in the environment the hub inherits), or pass large data in a file'
    : 'Pass fewer or shorter arguments, or pass large data in a file';
  return `${field}: could not start "${command}": the environment and command line are too large for the system to pass to a new process (${sizes}${culprit}). ${limits}. ${fix}.`;
}
