import { dirname, resolve } from 'node:path';
import type { JobPreview } from '../../../shared/hub-api';
import type { JobDefinition } from '../../../shared/job-schema';
import { effectiveTimeoutMinutes } from '../../../shared/job-timing';
import { nodeCrypto } from '../random';
import { describeTrigger } from '../triggers/describe-trigger';
import { readJobFileBytes } from './read-job-file';

/** The content hash a preview carries: SHA-256 of the file's bytes, hex. */
export function jobFileHash(bytes: Uint8Array): string {
  return nodeCrypto().createHash('sha256').update(bytes).digest('hex');
}

/**
 * What a dropped job file would run, in the words the drop preview shows, or every problem it has. A valid
 * preview also carries the job it parsed and the exact bytes it read (`job`, `bytes`: for the hub only, never
 * sent to the window) and their hash, which the window sends back to run or add exactly this content.
 */
export async function previewJobFile(
  file: string,
  options: { defaultTimeoutMinutes?: number; nameTaken?: (name: string) => boolean } = {},
): Promise<JobPreview & { job?: JobDefinition; bytes?: Uint8Array }> {
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
  const { result: loaded, bytes } = await readJobFileBytes(file);
  if (!loaded.ok || !bytes) return { ok: false, file, problems: loaded.ok ? [] : loaded.problems };
  const { job } = loaded;
  const baseDir = dirname(file);
  const args = job.process.arguments;
  return {
    ok: true,
    file,
    job,
    bytes,
    hash: jobFileHash(bytes),
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
