import { type FileHandle, open } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { JobPreview } from '../../../shared/hub-api';
import { formatProblem } from '../../../shared/job-problem';
import type { JobDefinition } from '../../../shared/job-schema';
import { HubError } from '../errors';
import { type CheckedJobs, readCheckedJobFile } from '../jobs/checked-jobs';
import { isJobFileName } from '../jobs/job-library';
import type { previewJobFile } from '../jobs/job-preview';
import { PRIVATE_FILE_MODE } from '../private-files';
import { fillNewFile } from '../store/exclusive-file';
import { isTempName } from '../triggers/temp-names';

type Previewed = Awaited<ReturnType<typeof previewJobFile>> & { ok: true };

/** The preview the window shows for a dropped file: what it would run, and the hash to run or add exactly that. */
export async function previewForWindow(
  path: string,
  options: { defaultTimeoutMinutes: number; nameTaken: (name: string) => boolean },
): Promise<JobPreview> {
  const { previewJobFile } = await import('../jobs/job-preview');
  const { job: _job, bytes: _bytes, ...preview } = await previewJobFile(resolve(path), options);
  return preview;
}

/** Runs tasks one after another, in call order; a failed task does not stop the next. */
export function oneAtATime(): <T>(task: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return (task) => {
    const next = last.then(task, task);
    last = next.catch(() => undefined);
    return next;
  };
}

/**
 * Reads a job file once and checks it: valid, and, when `hash` is given, still exactly what its preview showed
 * (the hash of the bytes read now equals the preview's). What the caller runs or copies is what was read here,
 * never a second read: a file swapped after the check cannot slip in.
 */
async function admitted(path: string, hash: string | undefined): Promise<Previewed & { bytes: Uint8Array }> {
  const file = resolve(path);
  const { previewJobFile } = await import('../jobs/job-preview');
  const preview = await previewJobFile(file);
  if (!preview.ok || !preview.job || !preview.bytes) {
    throw new HubError(
      'job-invalid',
      preview.ok ? 'cannot be run' : preview.problems.map(formatProblem).join('\n'),
      {
        file,
      },
    );
  }
  if (hash !== undefined && preview.hash !== hash) {
    throw new HubError(
      'job-file-changed',
      'the file changed after it was previewed, so it was not run or added: drop it again to see what it does now',
      { file },
    );
  }
  return preview as Previewed & { bytes: Uint8Array };
}

/**
 * A job file from outside the library (dropped on the window, given on the command line), checked to run once.
 * With `hash` (the window's preview), only exactly the previewed content is admitted.
 */
export async function admitJobFile(
  path: string,
  hash?: string,
  checked: CheckedJobs | null = null,
): Promise<{ job: JobDefinition; file: string }> {
  const file = resolve(path);
  // Nothing previewed to compare with (the command line): the file's text is judged, or found already judged.
  if (hash === undefined && /\.json$/i.test(file)) {
    const result = await readCheckedJobFile(file, checked);
    if (!result.ok)
      throw new HubError('job-invalid', result.problems.map(formatProblem).join('\n'), { file });
    return { job: result.job, file };
  }
  const preview = await admitted(file, hash);
  return { job: preview.job as JobDefinition, file: preview.file };
}

/**
 * Copies a previewed job file into the jobs folder: exactly the bytes whose preview carried `hash`, under the
 * file's own name, created exclusively (never over an existing file, never through a link left under that
 * name), readable by this user only. Refused, with the reason, when the name is one the library never loads
 * (hidden, an Office lock file, a temporary name), when the folder has a file of that name, or when the library
 * has a job of that name. Returns the new path (the same path for a file already in the folder).
 */
export async function addToJobsFolder(
  path: string,
  hash: string | undefined,
  jobsDir: string,
  nameTaken: (name: string) => boolean,
): Promise<string> {
  const preview = await admitted(path, hash);
  const source = preview.file;
  const name = basename(source);
  const folder = resolve(jobsDir);
  const target = join(folder, name);
  if (target === source) return target;
  refuseUnloadableName(name, source);
  // basename() leaves no separator, so this holds; checked anyway, since the promise is "never outside".
  if (dirname(target) !== folder)
    throw new HubError('job-file-name-refused', `"${name}" would be written outside ${folder}`, {
      file: source,
    });
  if (nameTaken(preview.name)) {
    throw new HubError(
      'job-name-taken',
      `a job named "${preview.name}" is already in the library: change "name" in this file first`,
      { file: source, field: 'name' },
    );
  }
  await writeExclusive(target, preview.bytes, source);
  return target;
}

function refuseUnloadableName(name: string, source: string): void {
  const why = name.startsWith('.')
    ? 'its name starts with a dot, and the library skips hidden files'
    : name.startsWith('~$')
      ? 'its name starts with "~$", which Office uses for lock files, and the library skips those'
      : isTempName(name)
        ? 'its name marks a temporary file, and the library skips those'
        : !isJobFileName(name)
          ? 'the library loads only files named *.json'
          : null;
  if (why)
    throw new HubError(
      'job-file-name-refused',
      `cannot be added: ${why}, so it would never run. Rename it first.`,
      {
        file: source,
      },
    );
}

// O_CREAT|O_EXCL: fails if the name exists in any form, a dangling symbolic link included (which a plain
// copy would follow, writing wherever it points), and two adds of the same name cannot both succeed.
async function writeExclusive(target: string, bytes: Uint8Array, source: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(target, 'wx', PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new HubError(
        'job-file-exists',
        `the jobs folder already has a file named ${basename(target)}: rename one of them first`,
        { file: source },
      );
    }
    throw error;
  }
  // A half-written job file must not stay behind (a full disk): the library would report it as broken.
  await fillNewFile(handle, target, bytes);
}
