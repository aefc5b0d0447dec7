import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../../../helpers/cli';
import { useTempDirs } from '../../../helpers/temp';

const tempDir = useTempDirs();

function validate(cacheHome: string, jobFile: string) {
  return spawnSync(process.execPath, [CLI, 'validate', jobFile], {
    env: { ...process.env, XDG_CACHE_HOME: cacheHome, LOCALAPPDATA: cacheHome },
    encoding: 'utf8',
  });
}

const VALID = JSON.stringify({ name: 'Nightly', process: { command: 'x' } });
// The same length, one field misspelt.
const INVALID = VALID.replace('"process"', '"procezz"');

describe('job files the command line already found valid', () => {
  it('are kept with their exact text, and a file that changed is judged again', async () => {
    const cacheHome = await tempDir();
    const job = join(await tempDir(), 'job.json');
    writeFileSync(job, VALID);
    expect(validate(cacheHome, job).stdout).toContain('ok');
    const folder = join(cacheHome, 'automation-hub', 'checked-jobs');
    expect(readdirSync(folder)).toHaveLength(1);
    expect(validate(cacheHome, job).stdout).toContain('(Nightly)');
    // Same size and time stamp, other text.
    expect(INVALID.length).toBe(VALID.length);
    const before = statSync(job);
    writeFileSync(job, INVALID);
    utimesSync(job, before.atime, before.mtime);
    const changed = validate(cacheHome, job);
    expect(changed.status).toBe(2);
    expect(changed.stderr).toContain('procezz');
  });

  it('are answered only by an entry of this very build', async () => {
    const cacheHome = await tempDir();
    const job = join(await tempDir(), 'job.json');
    writeFileSync(job, VALID);
    expect(validate(cacheHome, job).status).toBe(0);
    const folder = join(cacheHome, 'automation-hub', 'checked-jobs');
    const [name] = readdirSync(folder);
    if (!name) throw new Error('nothing kept');
    const entry = JSON.parse(readFileSync(join(folder, name), 'utf8'));
    writeFileSync(job, INVALID);
    // An entry saying this build judged the new text valid is believed (the folder is the user's own)…
    writeFileSync(join(folder, name), JSON.stringify({ ...entry, text: INVALID }));
    expect(validate(cacheHome, job).status).toBe(0);
    // …one of another build is not: another program, or another Node, may judge otherwise.
    writeFileSync(join(folder, name), JSON.stringify({ ...entry, text: INVALID, build: `${entry.build} ` }));
    expect(validate(cacheHome, job).status).toBe(2);
  });
});
