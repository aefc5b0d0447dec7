import { dirname, resolve } from 'node:path';
import type { JobPreview } from '../../../shared/hub-api';
import { effectiveTimeoutMinutes, type JobDefinition } from '../../../shared/job-schema';
import { describeTrigger } from '../triggers/describe-trigger';
import { readJobFile } from './read-job-file';

/** What a dropped job file would run, in the words the drop preview shows, or every problem it has. */
export async function previewJobFile(
  file: string,
  options: { defaultTimeoutMinutes?: number; nameTaken?: (name: string) => boolean } = {},
): Promise<JobPreview & { job?: JobDefinition }> {
  if (!/\.json$/i.test(file)) {
    return {
      ok: false,
      file,
      problems: [
        {
          file,
          message:
            'is not a job file: drop a .json file that describes a job (see the README for the format)',
        },
      ],
    };
  }
  const loaded = await readJobFile(file);
  if (!loaded.ok) return { ok: false, file, problems: loaded.problems };
  const { job } = loaded;
  const baseDir = dirname(file);
  const args = job.process.arguments;
  return {
    ok: true,
    file,
    job,
    name: job.name,
    command: job.process.command,
    arguments:
      args === undefined
        ? ''
        : typeof args === 'string'
          ? args
          : args.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' '),
    workingDirectory: resolve(baseDir, job.process.workingDirectory ?? '.'),
    timeoutMinutes: effectiveTimeoutMinutes(job.process.timeoutMinutes, options.defaultTimeoutMinutes),
    environment: Object.entries(job.process.environment ?? {}).map(([name, value]) => `${name}=${value}`),
    triggers: job.triggers.map((t) => describeTrigger(t, baseDir)),
    nameTaken: options.nameTaken?.(job.name) ?? false,
  };
}
