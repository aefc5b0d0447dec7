import type { JobDefinition } from '../../../shared/job-schema';
import type { JsonPathSegment } from '../../../shared/json-position';
import { HubError } from '../errors';
import { checkArguments } from './check-arguments';
import { splitCommandLine } from './split-command-line';

const THROUGH_CMD = /\.(bat|cmd)$/i;

/**
 * What a launch would refuse that can be known from the job file alone, on this platform: a string `arguments`
 * this platform cannot split (an unclosed quote on Linux and macOS), a NUL, a line break for a batch file. Job
 * files are checked with these when they are read, so `validate`, `jobs`, the library and the drop preview
 * refuse exactly what `run` would, with the file, the line and the field.
 */
export function staticLaunchProblems(
  job: JobDefinition,
  platform: NodeJS.Platform,
): { path: JsonPathSegment[]; message: string }[] {
  const args = job.process.arguments;
  if (args === undefined) return [];
  const at: JsonPathSegment[] = ['process', 'arguments'];
  try {
    if (typeof args === 'string') splitCommandLine(args, platform);
    checkArguments(args, platform === 'win32' && THROUGH_CMD.test(job.process.command.trim()));
    return [];
  } catch (error) {
    if (!(error instanceof HubError)) throw error;
    return [{ path: at, message: error.message }];
  }
}
