import picomatch from 'picomatch';
import { isTempName } from './temp-names';

/**
 * Tests a file's base name against the trigger's pattern, case-insensitively on Windows where `A.CSV` and
 * `a.csv` are the same file. Dot-files are left out unless the pattern starts with a dot: rsync and many sync
 * tools write their partial files as `.name.XXXXXX`, and nobody drops a job's input as a hidden file.
 */
export function createNameFilter(
  pattern: string,
  platform: NodeJS.Platform = process.platform,
): (name: string) => boolean {
  const matches = picomatch(pattern, { nocase: platform === 'win32', dot: false });
  return (name: string): boolean => !isTempName(name) && matches(name);
}
