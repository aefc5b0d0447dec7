import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { JobParseResult } from '../../../shared/job-file';
import type { JobDefinition } from '../../../shared/job-schema';
import { ownPrivateFolderSync, PRIVATE_FILE_MODE } from '../private-files';
import { removeFile } from '../remove-file';
import { readJobText } from './job-file-text';

/**
 * Job files this build of the program already judged valid, by path: the exact text it judged and the job it read
 * from it. A command that finds a file's text unchanged takes that job instead of judging the text again, which
 * spares it loading the schema library, a third of a short command's time. Judging is a function of the text, the
 * program and the platform it runs on alone, so the answer is the same: `build` names the program and platform, and
 * an entry of another build, another path or any other text (one character, same size, same time stamp) is not
 * used. Only valid files are kept: a problem is always found and explained afresh. Best effort, like the compile
 * cache beside it: an entry that cannot be read or written only means judging the file.
 */
export interface CheckedJobs {
  /** The job `text` (read from the absolute path `file`) gave when judged, or null when it was not judged so. */
  find(file: string, text: string): JobDefinition | null;
  keep(file: string, text: string, job: JobDefinition): void;
}

// Entries are a few hundred bytes; the oldest go once there are more than this.
const MAX_ENTRIES = 200;

/**
 * The checked jobs kept in `folder` (created private), or null when it or its parent cannot be made or is not ours
 * alone: a folder others may write to could have this one swapped under it, and an entry decides what runs.
 */
export function checkedJobsIn(folder: string, build: string): CheckedJobs | null {
  if (!ownPrivateFolderSync(folder)) return null;
  const entryOf = (file: string) => path.join(folder, `${textKey(file)}.json`);
  return {
    find(file, text) {
      try {
        const entry = JSON.parse(readFileSync(entryOf(file), 'utf8')) as Record<string, unknown>;
        const job = entry.job;
        const same = entry.build === build && entry.file === file && entry.text === text;
        return same && typeof job === 'object' && job !== null ? (job as JobDefinition) : null;
      } catch {
        return null;
      }
    },
    keep(file, text, job) {
      const target = entryOf(file);
      const temp = `${target}.${process.pid}.tmp`;
      try {
        writeFileSync(temp, JSON.stringify({ build, file, text, job }), { mode: PRIVATE_FILE_MODE });
        renameSync(temp, target);
        prune(folder);
      } catch {
        removeFile(temp);
      }
    },
  };
}

/**
 * readJobFile, answered by `checked` when the file holds a text it already judged valid; otherwise the text is
 * judged (loading the schema then) and, when valid, kept for next time. Without `checked`, readJobFile itself.
 */
export async function readCheckedJobFile(
  file: string,
  checked: CheckedJobs | null,
  displayName: string = file,
): Promise<JobParseResult> {
  const read = await readJobText(file);
  if (!read.ok) return { ok: false, problems: [{ file: displayName, ...read.problem }] };
  const absolute = path.resolve(file);
  const known = checked?.find(absolute, read.text);
  if (known) return { ok: true, job: known };
  const { judgeJobText } = await import('./read-job-file');
  const result = judgeJobText(read.text, displayName);
  if (result.ok) checked?.keep(absolute, read.text, result.job);
  return result;
}

/** Removes the least recently written entries beyond the limit. */
function prune(folder: string): void {
  const names = readdirSync(folder).filter((name) => name.endsWith('.json'));
  if (names.length <= MAX_ENTRIES) return;
  const aged = names
    .map((name) => ({ name, at: statSync(path.join(folder, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => a.at - b.at);
  for (const { name } of aged.slice(0, names.length - MAX_ENTRIES / 2)) removeFile(path.join(folder, name));
}

/** 64 bits of FNV-1a over a text's UTF-16 units (two 32-bit passes, different seeds), as 16 hex digits. */
export function textKey(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193) >>> 0;
    b = Math.imul(b ^ unit, 0x01000193) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}
