import { readdirSync, statSync } from 'node:fs';
import { HUB_VERSION } from '../../core/version';

/**
 * What judging a job file depends on besides its text, as one string: this build of the command line (its entry
 * file as written, and its chunks, whose names carry their content's hash) and the Node it runs on (its version,
 * ICU and time-zone data, which decide the valid time zones), on this platform.
 */
export function buildIdentity(entryFile: string, bundleDir: string): string {
  const entry = statSync(entryFile);
  const chunks = readdirSync(bundleDir)
    .filter((name) => name.endsWith('.js'))
    .sort();
  const { node, icu, tz, unicode } = process.versions;
  return [
    HUB_VERSION,
    entry.size,
    entry.mtimeMs,
    node,
    icu,
    tz,
    unicode,
    process.platform,
    process.arch,
    ...chunks,
  ].join(' ');
}
