import { HubError } from '../errors';

/**
 * Rejects what cannot be passed safely. NUL ends a C string, so no platform can carry it (Node would throw
 * a bare TypeError). Through cmd.exe, CR and LF end the command and start a new one, so an argument holding
 * them would run whatever follows: cmd offers no escape for them, so refusing is the only safe answer.
 */
export function checkArguments(args: string | readonly string[], throughCmd: boolean): void {
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
      throw new HubError(
        'invalid-arguments',
        `${subject} a line break. Batch files run through cmd.exe, which treats a line break as the end of ` +
          'the command and would run the rest as a new one. Remove the line break, or pass the value in a file ' +
          'or through process.environment.',
        { field: 'process.arguments' },
      );
    }
  }
}
