import { type JobDefinition, type JobFileInput, jobSchema } from '../../src/shared/job-schema';

/** A job as the library would load it (defaults applied); `parallel` unless told otherwise. */
export function makeJob(
  name: string,
  command: string,
  args: string[],
  extra: Omit<JobFileInput, 'name' | 'process'> & { process?: Partial<JobFileInput['process']> } = {},
): JobDefinition {
  const { process: processExtra, ...rest } = extra;
  return jobSchema.parse({
    concurrency: 'parallel',
    ...rest,
    name,
    process: { command, arguments: args, ...processExtra },
  });
}
