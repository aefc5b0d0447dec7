import { describe, expect, it } from 'vitest';
import { findExecutable } from '../../../../src/main/core/launch/find-executable';
import type { LaunchContext } from '../../../../src/main/core/launch/types';

// NTFS compares names case-insensitively, so the fake does too on win32.
function windows(files: string[], env: Record<string, string | undefined>, cwd = 'C:\\work'): LaunchContext {
  const set = new Set(files.map((file) => file.toLowerCase()));
  return { platform: 'win32', env, cwd, isFile: (path) => set.has(path.toLowerCase()) };
}

function posix(files: string[], env: Record<string, string | undefined>, executable = files): LaunchContext {
  return {
    platform: 'linux',
    env,
    cwd: '/work',
    isFile: (path) => files.includes(path),
    isExecutable: (path) => executable.includes(path),
  };
}

const PATH = 'C:\\Windows\\System32;C:\\tools';
const PATHEXT = '.COM;.EXE;.BAT;.CMD;.VBS;.JS';

describe('findExecutable on Windows', () => {
  it.each<[string, string, string[], Record<string, string | undefined>, string | null]>([
    [
      'a bare name through PATHEXT',
      'backup',
      ['C:\\tools\\backup.cmd'],
      { Path: PATH, PATHEXT },
      'C:\\tools\\backup.cmd',
    ],
    [
      'PATHEXT order within a folder (.exe before .bat)',
      'backup',
      ['C:\\tools\\backup.bat', 'C:\\tools\\backup.exe'],
      { Path: PATH, PATHEXT },
      'C:\\tools\\backup.exe',
    ],
    [
      'a reordered PATHEXT',
      'backup',
      ['C:\\tools\\backup.bat', 'C:\\tools\\backup.exe'],
      { Path: PATH, PATHEXT: '.BAT;.EXE' },
      'C:\\tools\\backup.bat',
    ],
    [
      'PATHEXT entries without a dot or with spaces',
      'backup',
      ['C:\\tools\\backup.bat'],
      { Path: PATH, PATHEXT: ' bat ; ;.EXE' },
      'C:\\tools\\backup.bat',
    ],
    [
      'folder order before extension order',
      'backup',
      ['C:\\Windows\\System32\\backup.cmd', 'C:\\tools\\backup.exe'],
      { Path: PATH, PATHEXT },
      'C:\\Windows\\System32\\backup.cmd',
    ],
    [
      'PATH, never the working directory, for a bare name (a dropped python.bat cannot hijack python)',
      'python',
      ['C:\\work\\python.bat', 'C:\\tools\\python.exe'],
      { Path: PATH, PATHEXT },
      'C:\\tools\\python.exe',
    ],
    [
      'a bare name only in the working directory is not found',
      'backup',
      ['C:\\work\\backup.bat'],
      { Path: PATH, PATHEXT },
      null,
    ],
    [
      'a .\\ path finds the file in the working directory',
      '.\\backup',
      ['C:\\work\\backup.bat', 'C:\\tools\\backup.exe'],
      { Path: PATH, PATHEXT },
      'C:\\work\\backup.bat',
    ],
    [
      'a sub\\ path finds the file below the working directory',
      'sub\\tool.exe',
      ['C:\\work\\sub\\tool.exe'],
      { Path: PATH, PATHEXT },
      'C:\\work\\sub\\tool.exe',
    ],
    ['PATH spelled PATH', 'tool', ['C:\\tools\\tool.exe'], { PATH, PATHEXT }, 'C:\\tools\\tool.exe'],
    ['PATH spelled path', 'tool', ['C:\\tools\\tool.exe'], { path: PATH }, 'C:\\tools\\tool.exe'],
    [
      'both Path and PATH: the first key in sort order, as Node gives the child',
      'tool',
      ['C:\\a\\tool.exe', 'C:\\b\\tool.exe'],
      { Path: 'C:\\b', PATH: 'C:\\a' },
      'C:\\a\\tool.exe',
    ],
    [
      'PATHEXT spelled pathext',
      'run',
      ['C:\\tools\\run.js'],
      { Path: PATH, pathext: '.JS' },
      'C:\\tools\\run.js',
    ],
    ['the default PATHEXT when unset', 'run', ['C:\\tools\\run.com'], { Path: PATH }, 'C:\\tools\\run.com'],
    ['no .vbs without PATHEXT saying so', 'run', ['C:\\tools\\run.vbs'], { Path: PATH }, null],
    [
      '.ps1 after PATHEXT',
      'clean',
      ['C:\\tools\\clean.ps1'],
      { Path: PATH, PATHEXT },
      'C:\\tools\\clean.ps1',
    ],
    [
      '.cmd before .ps1 in the same folder',
      'tsc',
      ['C:\\tools\\tsc.ps1', 'C:\\tools\\tsc.cmd'],
      { Path: PATH, PATHEXT },
      'C:\\tools\\tsc.cmd',
    ],
    [
      'a runnable extension as written, not with more appended',
      'backup.bat',
      ['C:\\tools\\backup.bat.exe', 'C:\\tools\\backup.bat'],
      { Path: PATH, PATHEXT },
      'C:\\tools\\backup.bat',
    ],
    [
      'a dotted name tries itself, then PATHEXT',
      'python3.12',
      ['C:\\tools\\python3.12.exe'],
      { Path: PATH, PATHEXT },
      'C:\\tools\\python3.12.exe',
    ],
    ['an extensionless file is not run', 'tool', ['C:\\tools\\tool'], { Path: PATH, PATHEXT }, null],
    [
      'quoted PATH entries',
      'tool',
      ['C:\\Program Files\\T\\tool.exe'],
      { Path: '"C:\\Program Files\\T"' },
      'C:\\Program Files\\T\\tool.exe',
    ],
    [
      'empty PATH entries are skipped',
      'tool',
      ['C:\\tools\\tool.exe'],
      { Path: ';;C:\\tools;' },
      'C:\\tools\\tool.exe',
    ],
    [
      'relative PATH entries start from the working directory',
      'tool',
      ['C:\\work\\bin\\tool.exe'],
      { Path: 'bin' },
      'C:\\work\\bin\\tool.exe',
    ],
    [
      'no PATH at all finds no bare name, not even in the working directory',
      'tool',
      ['C:\\work\\tool.exe'],
      {},
      null,
    ],
    [
      'a relative path with backslashes',
      'scripts\\run.bat',
      ['C:\\work\\scripts\\run.bat'],
      { Path: PATH },
      'C:\\work\\scripts\\run.bat',
    ],
    [
      'a relative path with ./ and slashes',
      './scripts/run.bat',
      ['C:\\work\\scripts\\run.bat'],
      { Path: PATH },
      'C:\\work\\scripts\\run.bat',
    ],
    [
      'a relative path without extension',
      'scripts\\run',
      ['C:\\work\\scripts\\run.cmd'],
      { Path: PATH },
      'C:\\work\\scripts\\run.cmd',
    ],
    ['a parent-relative path', '..\\shared\\x.exe', ['C:\\shared\\x.exe'], {}, 'C:\\shared\\x.exe'],
    [
      'a relative path is not looked up on PATH',
      'scripts\\run.bat',
      ['C:\\tools\\scripts\\run.bat'],
      { Path: PATH },
      null,
    ],
    [
      'an absolute path with forward slashes',
      'C:/scripts/export.bat',
      ['C:\\scripts\\export.bat'],
      {},
      'C:\\scripts\\export.bat',
    ],
    ['an absolute path that is missing', 'C:\\scripts\\missing.exe', [], { Path: PATH }, null],
    [
      'a UNC path',
      '\\\\server\\share\\job.cmd',
      ['\\\\server\\share\\job.cmd'],
      {},
      '\\\\server\\share\\job.cmd',
    ],
    [
      'a root-relative path takes the drive of the working directory',
      '\\bin\\x.exe',
      ['C:\\bin\\x.exe'],
      {},
      'C:\\bin\\x.exe',
    ],
    [
      'a path in quotes, as Explorer copies it',
      '"C:\\Program Files\\Tool\\tool.exe"',
      ['C:\\Program Files\\Tool\\tool.exe'],
      {},
      'C:\\Program Files\\Tool\\tool.exe',
    ],
    [
      'a name in any case (NTFS)',
      'BACKUP',
      ['C:\\tools\\backup.exe'],
      { Path: PATH },
      'C:\\tools\\BACKUP.exe',
    ],
    ['nothing anywhere', 'nope', ['C:\\tools\\other.exe'], { Path: PATH, PATHEXT }, null],
  ])('%s', (_name, command, files, env, expected) => {
    expect(findExecutable(command, windows(files, env))).toBe(expected);
  });
});

describe('findExecutable on POSIX', () => {
  const env = { PATH: '/usr/local/bin:/usr/bin', Path: '/ignored' };
  it.each<[string, string, string[], string[] | undefined, string | null]>([
    ['a bare name on PATH', 'ls', ['/usr/bin/ls'], undefined, '/usr/bin/ls'],
    ['PATH order', 'tool', ['/usr/bin/tool', '/usr/local/bin/tool'], undefined, '/usr/local/bin/tool'],
    ['never the working directory for a bare name', 'ls', ['/work/ls'], undefined, null],
    ['PATH is case-sensitive: Path is another variable', 'x', ['/ignored/x'], undefined, null],
    ['no PATHEXT guessing', 'run', ['/usr/bin/run.sh'], undefined, null],
    ['a ./ path against the working directory', './run.sh', ['/work/run.sh'], undefined, '/work/run.sh'],
    ['a nested relative path', 'bin/run', ['/work/bin/run'], undefined, '/work/bin/run'],
    ['an absolute path', '/opt/app/run', ['/opt/app/run'], undefined, '/opt/app/run'],
    ['a backslash is part of the name, not a separator', 'a\\b', ['/work/a\\b'], undefined, null],
    [
      'a non-executable file on PATH is skipped, like execvp',
      'tool',
      ['/usr/local/bin/tool', '/usr/bin/tool'],
      ['/usr/bin/tool'],
      '/usr/bin/tool',
    ],
    [
      'a non-executable path given outright is still returned',
      './run.sh',
      ['/work/run.sh'],
      [],
      '/work/run.sh',
    ],
  ])('%s', (_name, command, files, executable, expected) => {
    expect(findExecutable(command, posix(files, env, executable ?? files))).toBe(expected);
  });

  it('skips empty PATH entries instead of reading them as the working directory', () => {
    expect(findExecutable('tool', posix(['/work/tool'], { PATH: ':/usr/bin::' }))).toBeNull();
  });
});
