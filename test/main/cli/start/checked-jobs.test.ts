import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliWithCache } from '../../../helpers/cli';
import { useTempDirs } from '../../../helpers/temp';

const tempDir = useTempDirs();

const validate = (cacheHome: string, jobFile: string) => cliWithCache(cacheHome, 'validate', jobFile);

/** Validates `job` (valid), then writes `text` into it and an entry saying `build` judged that text valid. */
async function forgeEntry(cacheHome: string, job: string, text: string, build?: (real: string) => string) {
  expect(validate(cacheHome, job).status).toBe(0);
  const folder = join(cacheHome, 'automation-hub', 'checked-jobs');
  const [name] = readdirSync(folder);
  if (!name) throw new Error('nothing kept');
  const entry = JSON.parse(readFileSync(join(folder, name), 'utf8'));
  writeFileSync(job, text);
  writeFileSync(
    join(folder, name),
    JSON.stringify({ ...entry, text, build: build ? build(entry.build) : entry.build }),
  );
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
    // An entry saying this build judged the new text valid is believed (the folder is the user's own)…
    await forgeEntry(cacheHome, job, INVALID);
    expect(validate(cacheHome, job).status).toBe(0);
    // …one of another build is not: another program, or another Node, may judge otherwise.
    writeFileSync(job, VALID);
    await forgeEntry(cacheHome, job, INVALID, (real) => `${real} `);
    expect(validate(cacheHome, job).status).toBe(2);
  });

  it('spare `run` judging a file it knows, as they spare `validate`', async () => {
    const cacheHome = await tempDir();
    const dir = await tempDir();
    const job = join(dir, 'job.json');
    const ran = JSON.stringify({
      name: 'Nightly',
      process: { command: process.execPath, arguments: ['-e', '0'] },
    });
    writeFileSync(job, ran);
    await forgeEntry(cacheHome, job, ran.replace('"process"', '"procezz"'));
    const run = cliWithCache(cacheHome, 'run', job, '--data', join(dir, 'data'));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('✓ Nightly');
    writeFileSync(job, ran);
    await forgeEntry(cacheHome, job, ran.replace('"process"', '"procezz"'), (real) => `${real} `);
    const judged = cliWithCache(cacheHome, 'run', job, '--data', join(dir, 'data'));
    expect(judged.status).toBe(2);
    expect(judged.stderr).toContain('procezz');
  });
});
