import { type JobDefinition, type JobFileInput, jobSchema } from '../../src/shared/job-schema';
import { fixture } from './processes';

/** A job definition as the loader would produce it (defaults applied). */
export function job(
  input: Omit<JobFileInput, 'process'> & { process?: Partial<JobFileInput['process']> },
): JobDefinition {
  return jobSchema.parse({ ...input, process: { command: process.execPath, ...input.process } });
}

/** A job that runs one of the fixture scripts with node. */
export function scriptJob(
  name: string,
  script: string,
  args: string[] = [],
  extra: Omit<JobFileInput, 'process' | 'name'> & { process?: Partial<JobFileInput['process']> } = {},
): JobDefinition {
  return job({ ...extra, name, process: { arguments: [fixture(script), ...args], ...extra.process } });
}
