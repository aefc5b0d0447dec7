import { copyFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { formatProblem } from '../../../shared/job-file';
import type { JobDefinition } from '../../../shared/job-schema';
import { HubError } from '../errors';
import { previewJobFile } from '../jobs/job-preview';

/** A job file from outside the library (dropped on the window, given on the command line), checked to run once. */
export async function admitJobFile(path: string): Promise<{ job: JobDefinition; file: string }> {
  const file = resolve(path);
  const preview = await previewJobFile(file);
  if (!preview.ok || !preview.job) {
    throw new HubError(
      'job-invalid',
      preview.ok ? 'cannot be run' : preview.problems.map(formatProblem).join('\n'),
      { file },
    );
  }
  return { job: preview.job, file };
}

/**
 * Copies a valid job file into the jobs folder; returns the new path (the same path for a file already there).
 * Refused when the folder has a file of that name or the library a job of that name.
 */
export async function addToJobsFolder(
  path: string,
  jobsDir: string,
  nameTaken: (name: string) => boolean,
): Promise<string> {
  const source = resolve(path);
  const preview = await previewJobFile(source);
  if (!preview.ok)
    throw new HubError('job-invalid', preview.problems.map(formatProblem).join('\n'), { file: source });
  const target = join(jobsDir, basename(source));
  if (resolve(target) === source) return target;
  if (await exists(target)) {
    throw new HubError(
      'job-file-exists',
      `the jobs folder already has a file named ${basename(source)}: rename one of them first`,
      { file: source },
    );
  }
  if (nameTaken(preview.name)) {
    throw new HubError(
      'job-name-taken',
      `a job named "${preview.name}" is already in the library: change "name" in this file first`,
      { file: source, field: 'name' },
    );
  }
  await copyFile(source, target);
  return target;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
