// What the command line says to a mistyped or unusual command, in process: no hub, no job runs.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { timeoutOption } from '../../../src/main/cli/commands/run';
import { main } from '../../../src/main/cli/main';
import { captureIO } from '../../helpers/cli';
import { useTempDirs } from '../../helpers/temp';

const tempDir = useTempDirs();

async function call(argv: string[]) {
  const io = captureIO();
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('automation-hub schema', () => {
  it('prints its usage for --help and -h, not the schema', async () => {
    for (const flag of ['--help', '-h']) {
      const { code, out } = await call(['schema', flag]);
      expect(code).toBe(0);
      expect(out).toContain('Usage: automation-hub schema');
      expect(out).not.toContain('"properties"');
    }
  });

  it('refuses an argument it does not take, with its usage, exit 2', async () => {
    const { code, out, err } = await call(['schema', 'extra']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain("Unexpected argument 'extra'");
    expect(err).toContain('Usage: automation-hub schema');
    expect((await call(['schema', '--pretty'])).code).toBe(2);
  });
});

describe('automation-hub run --timeout', () => {
  it('refuses a number without a unit and says how to write one', async () => {
    const dir = await tempDir();
    const file = join(dir, 'job.json');
    await writeFile(file, JSON.stringify({ name: 'Job', process: { command: process.execPath } }));
    const { code, err } = await call(['run', file, '--timeout', '2', '--data', dir]);
    expect(code).toBe(2);
    expect(err).toBe('--timeout: "2" has no unit: write 2s for seconds, 2m for minutes or 2h for hours.\n');
  });

  it('takes durations with their unit, in minutes', () => {
    expect(timeoutOption('2s')).toBeCloseTo(2 / 60);
    expect(timeoutOption('5m')).toBe(5);
    expect(timeoutOption('5 min')).toBe(5);
    expect(timeoutOption('1.5h')).toBe(90);
    expect(timeoutOption('soon')).toBe('"soon" is not a duration; use for example 30s, 5m or 2h.');
    expect(timeoutOption('800h')).toContain('longer than 31 days');
  });
});

describe.each(['history', 'jobs'])('automation-hub %s with a data folder that does not exist', (command) => {
  it('exits 1 naming the folder, instead of reporting an empty one', async () => {
    const dir = await tempDir();
    const typo = join(dir, 'typo');
    for (const argv of [
      [command, '--data', typo],
      [command, '--data', typo, '--json'],
    ]) {
      const { code, out, err } = await call(argv);
      expect(code).toBe(1);
      expect(out).toBe('');
      expect(err).toBe(`automation-hub ${command}: the data folder ${typo} does not exist (check --data).\n`);
    }
  });

  it('names a file given as the data folder', async () => {
    const dir = await tempDir();
    const file = join(dir, 'settings.json');
    await writeFile(file, '{}');
    const { code, err } = await call([command, '--data', file]);
    expect(code).toBe(1);
    expect(err).toContain(`the data folder ${file} is a file, not a folder`);
  });

  it('reads an existing, empty data folder as before', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'jobs'));
    const { code, out } = await call([command, '--data', dir]);
    expect(code).toBe(0);
    expect(out).toMatch(command === 'history' ? /^No runs recorded yet/ : /^No jobs yet/);
  });
});
