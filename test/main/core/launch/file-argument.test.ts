import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HubError } from '../../../../src/main/core/errors';
import { TRIGGER_FILE_VARIABLE, withFileArgument } from '../../../../src/main/core/launch/file-argument';
import { type LaunchContext, planLaunch } from '../../../../src/main/core/launch/plan-launch';
import { splitCommandLine } from '../../../../src/main/core/launch/split-command-line';
import { cmdReads, everyName, SPECIAL_PIECES } from '../../../helpers/cmd-model';

// Names someone who can write to a watched folder could choose.
const HOSTILE_NAMES = [
  'x" "--checkpoint-action=exec=sh evil.sh" "y.csv',
  "it's here.csv",
  'a & del /q C:\\*.csv',
  'a|b<c>d^e.csv',
  '%PATH%.csv',
  '%PATH:~0,3%.csv',
  '%PATH:a=b%.csv',
  '!PATH!.csv',
  '$(touch pwned).csv',
  '`id`.csv',
  "a$&b$`c$'d.csv",
  '-rf',
  '--help.csv',
  '   spaced   .csv',
  'tab\there.csv',
  'back\\"slash.csv',
  'ünïcödé 文件.csv',
];

describe('withFileArgument', () => {
  it.each(HOSTILE_NAMES)('keeps the path in one argument on POSIX: %j', (name) => {
    const file = `/srv/inbox/${name}`;
    expect(withFileArgument('-xf "{file}"', file, 'linux')).toEqual(['-xf', file]);
    expect(withFileArgument('-xf {file}', file, 'linux')).toEqual(['-xf', file]);
    expect(withFileArgument("--in='{file}' -v", file, 'linux')).toEqual([`--in=${file}`, '-v']);
    expect(withFileArgument(['-xf', '{file}'], file, 'linux')).toEqual(['-xf', file]);
    expect(withFileArgument(['--in={file}.done'], file, 'linux')).toEqual([`--in=${file}.done`]);
  });

  it.each(HOSTILE_NAMES)('keeps the path in one argument on Windows: %j', (name) => {
    const file = `C:\\inbox\\${name}`;
    expect(withFileArgument('/in "{file}" /log C:\\logs', file, 'win32')).toEqual([
      '/in',
      file,
      '/log',
      'C:\\logs',
    ]);
    expect(withFileArgument('/in:{file}', file, 'win32')).toEqual([`/in:${file}`]);
  });

  it('leaves a string without {file} as written, and replaces every {file}', () => {
    expect(withFileArgument('--all "x y"', '/in/a', 'linux')).toBe('--all "x y"');
    expect(withFileArgument('{file} {file}.bak', '/in/a b', 'linux')).toEqual(['/in/a b', '/in/a b.bak']);
  });

  it('a path never starts with "-": a file named -rf arrives as an absolute path', () => {
    expect(withFileArgument('{file}', '/srv/inbox/-rf', 'linux')).toEqual(['/srv/inbox/-rf']);
  });
});

// Hostile names, and any string of the characters cmd, the argv parser and shells treat specially.
const unit = fc.constantFrom(...SPECIAL_PIECES);
const fileName = fc.oneof(
  fc.constantFrom(...HOSTILE_NAMES),
  fc.string({ unit, minLength: 1, maxLength: 14 }),
);

describe('a trigger file through every launch path', () => {
  const CMD = 'C:\\Windows\\System32\\cmd.exe';
  const windows = (files: string[], file: string): LaunchContext => ({
    platform: 'win32',
    env: { ComSpec: CMD, Path: 'C:\\tools', [TRIGGER_FILE_VARIABLE]: file },
    cwd: 'C:\\work',
    isFile: (p) => files.includes(p),
  });

  it('reaches a batch file as one literal argument: no cmd operator, no expansion', () => {
    const script = 'C:\\scripts\\import.bat';
    fc.assert(
      fc.property(fileName, (name) => {
        const file = `C:\\inbox\\${name}`;
        const args = withFileArgument('--in "{file}" --mode fast', file, 'win32');
        const plan = planLaunch(script, args, windows([script], file));
        const read = cmdReads(plan.args, everyName);
        expect(read.operators).toEqual([]);
        expect(read.expanded).toEqual([]);
        expect(splitCommandLine(read.line, 'win32')).toEqual([script, '--in', file, '--mode', 'fast']);
      }),
      { numRuns: 1000 },
    );
  });

  it('reaches a program as one argument of its command line', () => {
    const exe = 'C:\\tools\\import.exe';
    fc.assert(
      fc.property(fileName, (name) => {
        const file = `C:\\inbox\\${name}`;
        const plan = planLaunch(
          exe,
          withFileArgument('--in "{file}" -v', file, 'win32'),
          windows([exe], file),
        );
        expect(splitCommandLine(plan.args.join(' '), 'win32')).toEqual(['--in', file, '-v']);
      }),
      { numRuns: 500 },
    );
  });

  it('reaches a POSIX program as exactly one argv element', () => {
    const ctx: LaunchContext = {
      platform: 'linux',
      env: {},
      cwd: '/',
      isFile: () => true,
      isExecutable: () => true,
    };
    fc.assert(
      fc.property(fileName, (name) => {
        const file = `/srv/inbox/${name}`;
        expect(planLaunch('/usr/bin/tar', withFileArgument('-xf "{file}"', file, 'linux'), ctx).args).toEqual(
          ['-xf', file],
        );
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a name with a line break before it reaches cmd.exe, naming the file', () => {
    const script = 'C:\\scripts\\import.bat';
    const file = 'C:\\inbox\\a\r\ndel /q C:\\data.csv';
    let error: unknown;
    try {
      planLaunch(script, withFileArgument(['{file}'], file, 'win32'), windows([script], file));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(HubError);
    expect(error).toMatchObject({ code: 'invalid-arguments', field: 'process.arguments' });
    expect((error as HubError).message).toBe(
      'The file that started this run, "C:\\\\inbox\\\\a\\r\\ndel /q C:\\\\data.csv", has a line break in its name. ' +
        'Batch files run through cmd.exe, which would take the line break as the end of the command and run the ' +
        'rest of the name as a command of its own, so the run was refused. Rename the file to a name without ' +
        'line breaks.',
    );
    // A program or a POSIX job receives such a name intact, as one argument.
    const exe = 'C:\\tools\\import.exe';
    expect(planLaunch(exe, withFileArgument(['{file}'], file, 'win32'), windows([exe], file)).args).toEqual([
      `"${file}"`,
    ]);
  });
});
