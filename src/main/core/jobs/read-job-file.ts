import { type JobParseResult, parseJobText } from '../../../shared/job-file';
import { staticLaunchProblems } from '../launch/static-checks';
import { readJobText } from './job-file-text';

/**
 * Reads and validates one job file. Never throws: a missing, unreadable, oversized, binary or
 * wrongly encoded file is a problem like any other, named by `displayName` (default: the path).
 */
export async function readJobFile(path: string, displayName: string = path): Promise<JobParseResult> {
  return (await readJobFileBytes(path, displayName)).result;
}

/**
 * readJobFile, plus the exact bytes it judged (null when none could be read): what is run or copied after a
 * preview must be these bytes, not whatever the file holds by then.
 */
export async function readJobFileBytes(
  path: string,
  displayName: string = path,
): Promise<{ result: JobParseResult; bytes: Uint8Array | null }> {
  const read = await readJobText(path);
  return {
    result: read.ok
      ? judgeJobText(read.text, displayName)
      : { ok: false, problems: [{ file: displayName, ...read.problem }] },
    bytes: read.bytes,
  };
}

/** A job file's text judged as the hub loads it: the schema, then what would stop it at launch. */
export function judgeJobText(text: string, displayName: string): JobParseResult {
  return parseJobText(text, displayName, (job) => staticLaunchProblems(job, process.platform));
}
