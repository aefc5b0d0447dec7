import type { LaunchPlan } from '../launch';

/** Words for the errors spawn reports, with what to do about each. */
export function describeSpawnError(
  error: unknown,
  plan: Pick<LaunchPlan, 'display' | 'resolvedCommand'>,
): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const command = plan.resolvedCommand;
  switch (code) {
    case 'ENOENT':
      return `process.command: could not start "${command}": the file or its interpreter was not found. Check the path in process.command (and the #! line of a script).`;
    case 'EACCES':
      return `process.command: could not start "${command}": permission denied. Make the file executable (chmod +x) or run it through its interpreter.`;
    case 'ENOEXEC':
      return `process.command: could not start "${command}": it is not a program this system can run. Run it through its interpreter (e.g. "node", "python").`;
    case 'EINVAL':
      return `process.command: could not start "${command}": the system refused the command line (${plan.display}).`;
    default:
      return `process.command: could not start "${command}": ${error instanceof Error ? error.message : String(error)}`;
  }
}
