import { HubError } from '../errors';

/**
 * Rejects what cannot be passed safely. NUL ends a C string, so no platform can carry it (Node would throw
 * a bare TypeError). Through cmd.exe, CR and LF end the command and start a new one, so an argument holding
 * them would run whatever follows: cmd offers no escape for them, so refusing is the only safe answer.
 * `triggerFile` (the path of the file that started a run) lets the refusal name the file rather than the job.
 */
export function checkArguments(
  args: string | readonly string[],
  throughCmd: boolean,
  triggerFile?: string,
): void {
  const list = typeof args === 'string' ? [args] : args;
  for (const [index, arg] of list.entries()) {
    const subject =
      typeof args === 'string'
        ? 'The arguments contain'
        : `Argument ${index + 1} (${JSON.stringify(arg)}) contains`;
    if (arg.includes('\0')) {
      throw new HubError('invalid-arguments', `${subject} a NUL character, which no program can receive.`, {
        field: 'process.arguments',
      });
    }
    if (throughCmd && /[\r\n]/.test(arg)) {
      const fromFile = triggerFile !== undefined && /[\r\n]/.test(triggerFile) && arg.includes(triggerFile);
      throw new HubError(
        'invalid-arguments',
        fromFile
          ? `The file that started this run, ${JSON.stringify(triggerFile)}, has a line break in its name. ` +
              'Batch files run through cmd.exe, which would take the line break as the end of the command and ' +
              'run the rest of the name as a command of its own, so the run was refused. Rename the file to a ' +
              'name without line breaks.'
          : `${subject} a line break. Batch files run through cmd.exe, which treats a line break as the end of ` +
              'the command and would run the rest as a new one. Remove the line break, or pass the value in a ' +
              'file or through process.environment.',
        { field: 'process.arguments' },
      );
    }
  }
}
