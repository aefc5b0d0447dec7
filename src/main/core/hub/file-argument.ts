import type { JobDefinition } from '../../../shared/job-schema';

/** The variable a file-triggered run finds its file in. */
export const TRIGGER_FILE_VARIABLE = 'AUTOMATION_HUB_TRIGGER_FILE';

/**
 * The job as it runs for one arriving file: `{file}` in `arguments` becomes the file's path. In a list each
 * element is one argument, so a path with spaces stays one argument; in a string the user quotes it ("{file}").
 */
export function withTriggerFile(job: JobDefinition, file: string): JobDefinition {
  const args = job.process.arguments;
  if (args === undefined) return job;
  const replaced =
    typeof args === 'string'
      ? args.replaceAll('{file}', file)
      : args.map((a) => a.replaceAll('{file}', file));
  return { ...job, process: { ...job.process, arguments: replaced } };
}
