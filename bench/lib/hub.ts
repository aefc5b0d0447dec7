import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobFileInput } from '../../src/shared/job-schema';

/** Writes a job file into a data directory's jobs folder (before Hub.open, so the library loads it). */
export async function writeJobFile(dataDir: string, fileName: string, job: JobFileInput): Promise<string> {
  const dir = join(dataDir, 'jobs');
  await mkdir(dir, { recursive: true });
  const file = join(dir, fileName);
  await writeFile(file, JSON.stringify(job, null, 2));
  return file;
}

/** Writes settings.json before the hub opens it. */
export async function writeSettings(dataDir: string, settings: Record<string, unknown>): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await writeFile(join(dataDir, 'settings.json'), JSON.stringify(settings, null, 2));
}
