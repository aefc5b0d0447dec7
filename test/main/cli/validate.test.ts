import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCommand } from '../../../src/main/cli/commands/validate';

let dir: string;
let valid: string;
let typo: string;
let broken: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'validate-'));
  valid = join(dir, 'Backup.json');
  typo = join(dir, 'typo.json');
  broken = join(dir, 'broken.json');
  await writeFile(
    valid,
    '\uFEFF{\r\n  "name": "Nightly backup",\r\n  "process": { "command": "robocopy" }\r\n}\r\n',
  );
  await writeFile(typo, '{"name":"x","process":{"command":"a","timeoutMinuts":5}}');
  await writeFile(broken, '{\n  "name": "x"\n  "process": {}\n}');
  await writeFile(join(dir, 'notes.txt'), 'not a job');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await validateCommand(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

describe('validateCommand', () => {
  it('prints an ok line with the job name and exits 0 when every file is valid', async () => {
    expect(await run(valid)).toEqual({ code: 0, stdout: `ok  ${valid}  (Nightly backup)\n`, stderr: '' });
  });

  it('prints one line per problem on stderr and exits 2', async () => {
    expect(await run(typo)).toEqual({
      code: 2,
      stdout: '',
      stderr: `${typo}:1:38: process.timeoutMinuts: unknown field: did you mean "timeoutMinutes"?\n`,
    });
    expect(await run(broken)).toEqual({
      code: 2,
      stdout: '',
      stderr: `${broken}:2:14: missing comma: add "," at the end of this line, before "process" on line 3\n`,
    });
  });

  it('checks every file, in order, and exits 2 if any has a problem', async () => {
    const missing = join(dir, 'missing.json');
    const result = await run(valid, missing, typo);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe(`ok  ${valid}  (Nightly backup)\n`);
    expect(result.stderr.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^${missing.replace(/[\\.]/g, '\\$&')}: file not found: `)),
      expect.stringContaining('process.timeoutMinuts: unknown field'),
      '',
    ]);
  });

  it('expands wildcards itself, as cmd.exe does not, ignoring case', async () => {
    const result = await run(join(dir, '*.JSON'));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe(`ok  ${valid}  (Nightly backup)\n`);
    expect(result.stderr).toContain(`${broken}:2:14: missing comma`);
    expect(result.stderr).toContain(`${typo}:1:38: process.timeoutMinuts`);
    expect(result.stderr).not.toContain('notes.txt');
    expect(await run(join(dir, 'B?ckup.json'))).toMatchObject({
      code: 0,
      stdout: `ok  ${valid}  (Nightly backup)\n`,
    });
  });

  it('reports a wildcard that matches nothing', async () => {
    const pattern = join(dir, '*.jsonc');
    expect(await run(pattern, valid)).toEqual({
      code: 2,
      stdout: `ok  ${valid}  (Nightly backup)\n`,
      stderr: `${pattern}: no file matches this name\n`,
    });
  });

  it('prints usage on stderr and exits 2 without files or with an unknown option', async () => {
    const none = await run();
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(
      /give at least one job file[\s\S]*Usage: automation-hub validate <job\.json…>/,
    );
    const unknown = await run('--strict', valid);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^validate: unknown option "--strict"/);
  });

  it('prints usage on stdout for --help and exits 0', async () => {
    const help = await run('--help');
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: automation-hub validate/);
  });

  it('takes names that look like options after --', async () => {
    const result = await run('--', '-odd.json');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^-odd\.json: file not found/);
  });
});

describe('validate refuses what run would refuse', () => {
  it('names the line and field of arguments this platform cannot pass', async () => {
    const file = join(dir, 'quote.json');
    const posix = process.platform !== 'win32';
    // An unclosed quote cannot be split on POSIX; through cmd.exe a line break would start a new command.
    const job = posix
      ? { name: 'Quote', process: { command: 'echo', arguments: "it's broken" } }
      : { name: 'Quote', process: { command: 'C:/x/run.bat', arguments: ['one', 'two\nthree'] } };
    await writeFile(file, JSON.stringify(job, null, 2));
    const { code, stderr } = await run(file);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      new RegExp(`^${file.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}:5:\\d+: process\\.arguments: `),
    );
    expect(stderr).toMatch(posix ? /Unclosed ' quote in arguments/ : /line break/);
  });
});
