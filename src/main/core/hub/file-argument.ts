import type { JobDefinition } from '../../../shared/job-schema';
import { TRIGGER_FILE_VARIABLE, withFileArgument } from '../launch/file-argument';

export { TRIGGER_FILE_VARIABLE };

/**
 * The job as it runs for one arriving file: `{file}` in `arguments` becomes the file's path, always exactly
 * one argument (see withFileArgument: a string is split first, then the path is put in).
 */
export function withTriggerFile(
  job: JobDefinition,
  file: string,
  platform: NodeJS.Platform = process.platform,
): JobDefinition {
  const args = job.process.arguments;
  if (args === undefined) return job;
  return { ...job, process: { ...job.process, arguments: withFileArgument(args, file, platform) } };
}
