import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HubError } from '../../../../src/main/core/errors';
import { type LaunchContext, planLaunch } from '../../../../src/main/core/launch/plan-launch';

const CMD = 'C:\\Windows\\system32\\cmd.exe';
const POWERSHELL = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
const PS_OPTIONS = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File'];

function windows(files: string[], env: Record<string, string | undefined> = {}): LaunchContext {
  const set = new Set(files.map((file) => file.toLowerCase()));
  return {
    platform: 'win32',
    env: { ComSpec: CMD, SystemRoot: 'C:\\Windows', Path: 'C:\\Windows\\System32;C:\\tools', ...env },
    cwd: 'C:\\work',
    isFile: (path) => set.has(path.toLowerCase()),
    oemCodePage: 850,
  };
}

function thrown(run: () => unknown): HubError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HubError);
    return error as HubError;
  }
  throw new Error('expected a HubError');
}

describe('planLaunch: Windows .exe/.com', () => {
  it.each<[string, string, string | string[] | undefined, Partial<ReturnType<typeof planLaunch>>]>([
    [
      'string arguments verbatim, as ProcessStartInfo.Arguments',
      'C:\\tools\\msiexec.exe',
      '/i "x.msi" PROP="a b" /qn',
      { args: ['/i "x.msi" PROP="a b" /qn'], display: 'C:\\tools\\msiexec.exe /i "x.msi" PROP="a b" /qn' },
    ],
    ['no arguments', 'C:\\tools\\tool.exe', undefined, { args: [], display: 'C:\\tools\\tool.exe' }],
    ['a blank string is no arguments', 'C:\\tools\\tool.exe', '   ', { args: [] }],
    [
      'a list quoted per argument',
      'C:\\tools\\tool.exe',
      ['--in', 'my file.txt', 'say "hi"', 'C:\\dir\\', '', '%PATH%'],
      {
        args: ['--in', '"my file.txt"', '"say \\"hi\\""', 'C:\\dir\\', '""', '%PATH%'],
        display: 'C:\\tools\\tool.exe --in "my file.txt" "say \\"hi\\"" C:\\dir\\ "" %PATH%',
      },
    ],
    [
      'a path with spaces gets a quoted argv0',
      'C:\\Program Files\\Tool\\tool.exe',
      '-v',
      { argv0: '"C:\\Program Files\\Tool\\tool.exe"', display: '"C:\\Program Files\\Tool\\tool.exe" -v' },
    ],
    ['.com too', 'C:\\tools\\old.COM', 'x', { file: 'C:\\tools\\old.COM', args: ['x'] }],
    ['CR/LF are fine for a program (no cmd involved)', 'C:\\tools\\tool.exe', ['a\nb'], { args: ['"a\nb"'] }],
  ])('%s', (_name, exe, args, expected) => {
    const plan = planLaunch(exe, args, windows([exe]));
    expect(plan).toMatchObject({
      file: exe,
      argv0: exe,
      windowsVerbatimArguments: true,
      resolvedCommand: exe,
      ...expected,
    });
  });

  it('resolves a bare name and plans the file it found', () => {
    const plan = planLaunch('robocopy', 'C:\\a C:\\b /MIR', windows(['C:\\Windows\\System32\\robocopy.exe']));
    expect(plan).toEqual({
      file: 'C:\\Windows\\System32\\robocopy.exe',
      args: ['C:\\a C:\\b /MIR'],
      argv0: 'C:\\Windows\\System32\\robocopy.exe',
      windowsVerbatimArguments: true,
      display: 'C:\\Windows\\System32\\robocopy.exe C:\\a C:\\b /MIR',
      resolvedCommand: 'C:\\Windows\\System32\\robocopy.exe',
      hideWindow: true,
      outputCodePage: null,
    });
  });
});

describe('planLaunch: Windows .bat/.cmd through cmd.exe', () => {
  const bat = 'C:\\scripts\\export.bat';

  it('runs %ComSpec% /d /e:on /v:off /s /c with the script quoted and a string passed as written', () => {
    expect(planLaunch('C:/scripts/export.bat', '--input data.txt', windows([bat]))).toEqual({
      file: CMD,
      args: ['/d', '/e:on', '/v:off', '/s', '/c', '""C:\\scripts\\export.bat" --input data.txt"'],
      argv0: CMD,
      windowsVerbatimArguments: true,
      display: 'C:\\scripts\\export.bat --input data.txt',
      resolvedCommand: bat,
      hideWindow: true,
      outputCodePage: 850,
    });
  });

  it.each<[string, string[], string, string]>([
    ['plain words stay bare', ['--force', 'x'], '--force x', '--force x'],
    ['spaces', ['two words'], '^"two^ words^"', '"two words"'],
    ['an empty argument', [''], '^"^"', '""'],
    ['&', ['a&b'], '^"a^&b^"', '"a&b"'],
    ['|', ['a|b'], '^"a^|b^"', '"a|b"'],
    ['< >', ['<in>'], '^"^<in^>^"', '"<in>"'],
    ['%', ['100%'], '^"100^%^"', '"100%"'],
    ['%VAR% stays literal', ['%PATH%'], '^"^%^PATH^%^"', '"%PATH%"'],
    ['%VAR:a=b% stays literal', ['%PATH:a=b%'], '^"^%^PATH:a=b^%^"', '"%PATH:a=b%"'],
    ['%VAR:~n,m% stays literal', ['%PATH:~0,3%'], '^"^%^PATH:~0^,3^%^"', '"%PATH:~0,3%"'],
    ['%% and a % before a letter', ['%%x'], '^"^%^%^x^"', '"%%x"'],
    ['^', ['x^y'], '^"x^^y^"', '"x^y"'],
    ['!', ['hi!'], '^"hi^!^"', '"hi!"'],
    ['( )', ['(x)'], '^"^(x^)^"', '"(x)"'],
    [
      '= , ; split batch parameters, so they are quoted',
      ['k=v', 'a,b', 'c;d'],
      '^"k=v^" ^"a^,b^" ^"c^;d^"',
      '"k=v" "a,b" "c;d"',
    ],
    [
      'quotes and backslashes',
      ['say "hi"', 'C:\\dir\\'],
      '^"say^ \\^"hi\\^"^" C:\\dir\\',
      '"say \\"hi\\"" C:\\dir\\',
    ],
    [
      'a path with spaces and a trailing backslash',
      ['C:\\My Dir\\'],
      '^"C:\\My^ Dir\\\\^"',
      '"C:\\My Dir\\\\"',
    ],
  ])('escapes a list argument with %s', (_name, args, escaped, display) => {
    const plan = planLaunch(bat, args, windows([bat]));
    expect(plan.args).toEqual([
      '/d',
      '/e:on',
      '/v:off',
      '/s',
      '/c',
      `""C:\\scripts\\export.bat" ${escaped}"`,
    ]);
    expect(plan.display).toBe(`C:\\scripts\\export.bat ${display}`);
  });

  it('quotes a script path with spaces, & and parentheses', () => {
    const script = 'C:\\Program Files (x86)\\R&D\\run job.cmd';
    const plan = planLaunch(script, ['a b'], windows([script]));
    expect(plan.args[5]).toBe('""C:\\Program Files (x86)\\R&D\\run job.cmd" ^"a^ b^""');
    expect(plan.display).toBe('"C:\\Program Files (x86)\\R&D\\run job.cmd" "a b"');
    expect(plan.resolvedCommand).toBe(script);
  });

  it('steps out of the quotes for % in the script path', () => {
    const script = 'C:\\100%\\run.bat';
    expect(planLaunch(script, undefined, windows([script])).args[5]).toBe('""C:\\100"^%"\\run.bat""');
  });

  it('double-escapes for npm cmd-shims, which re-parse %*', () => {
    const shim = 'C:\\proj\\node_modules\\.bin\\tsc.cmd';
    expect(planLaunch(shim, ['a&b', 'plain'], windows([shim])).args[5]).toBe(
      '""C:\\proj\\node_modules\\.bin\\tsc.cmd" ^^^"a^^^&b^^^" plain"',
    );
  });

  it('finds a .\\ path and picks cmd even for .cmd in the working directory', () => {
    const plan = planLaunch('.\\deploy', ['prod'], windows(['C:\\work\\deploy.cmd']));
    expect(plan.file).toBe(CMD);
    expect(plan.args[5]).toBe('""C:\\work\\deploy.cmd" prod"');
  });

  it('runs other associated files (.py, .vbs) through cmd too, like cross-spawn', () => {
    const script = 'C:\\scripts\\job.py';
    expect(planLaunch(script, ['-v'], windows([script])).args).toEqual([
      '/d',
      '/e:on',
      '/v:off',
      '/s',
      '/c',
      '""C:\\scripts\\job.py" -v"',
    ]);
  });

  it.each<[string, Record<string, string | undefined>, string]>([
    ['ComSpec in any case', { ComSpec: undefined, COMSPEC: 'D:\\cmd\\cmd.exe' }, 'D:\\cmd\\cmd.exe'],
    [
      'SystemRoot when ComSpec is missing',
      { ComSpec: undefined, SystemRoot: 'D:\\Win' },
      'D:\\Win\\System32\\cmd.exe',
    ],
    [
      'SystemRoot when ComSpec is blank',
      { ComSpec: '  ', SystemRoot: 'D:\\Win' },
      'D:\\Win\\System32\\cmd.exe',
    ],
    [
      'the default when both are missing',
      { ComSpec: undefined, SystemRoot: undefined },
      'C:\\Windows\\System32\\cmd.exe',
    ],
  ])('finds cmd.exe: %s', (_name, env, expected) => {
    expect(planLaunch(bat, undefined, windows([bat], env)).file).toBe(expected);
  });

  it('quotes argv0 when ComSpec has spaces', () => {
    const plan = planLaunch(bat, undefined, windows([bat], { ComSpec: 'C:\\My Shell\\cmd.exe' }));
    expect(plan.argv0).toBe('"C:\\My Shell\\cmd.exe"');
  });

  it.each<[string, string | string[], RegExp]>([
    ['a string with CRLF', 'a\r\nb', /^The arguments contain a line break/],
    ['a string with a lone CR', 'a\rdel x', /^The arguments contain a line break/],
    [
      'a list item with LF',
      ['ok', 'x\necho pwned'],
      /^Argument 2 \("x\\necho pwned"\) contains a line break/,
    ],
  ])('rejects %s', (_name, args, message) => {
    const error = thrown(() => planLaunch(bat, args, windows([bat])));
    expect(error).toMatchObject({ code: 'invalid-arguments', field: 'process.arguments' });
    expect(error.message).toMatch(message);
    expect(error.message).toContain('cmd.exe');
  });
});

describe('planLaunch: a network working folder', () => {
  const onShare = (cwd: string, files: string[]): LaunchContext => ({ ...windows(files), cwd });

  it.each(['\\\\fs01\\inbox\\orders', '//fs01/inbox', '\\\\?\\UNC\\fs01\\inbox'])(
    'refuses a batch file in %s, which cmd.exe would run in the Windows folder',
    (cwd) => {
      const script = 'C:\\scripts\\import.bat';
      const error = thrown(() => planLaunch(script, ['x'], onShare(cwd, [script])));
      expect(error).toMatchObject({ code: 'working-directory-unc', field: 'process.workingDirectory' });
      expect(error.toString()).toBe(
        `process.workingDirectory: "${cwd}" is a network path, and cmd.exe cannot start import.bat in one ` +
          '(it would run it in C:\\Windows instead). Set process.workingDirectory to a drive letter mapped to ' +
          'the share or to a local folder; a script that needs the share can change to it itself with pushd ' +
          '(and popd before it ends).',
      );
    },
  );

  it('runs programs, PowerShell scripts and a batch file stored on a share from a local folder', () => {
    const exe = '\\\\fs01\\tools\\tool.exe';
    const ps1 = 'C:\\scripts\\clean.ps1';
    const bat = '\\\\fs01\\tools\\job.bat';
    expect(planLaunch(exe, [], onShare('\\\\fs01\\inbox', [exe])).file).toBe(exe);
    expect(planLaunch(ps1, [], onShare('\\\\fs01\\inbox', [ps1, POWERSHELL])).file).toBe(POWERSHELL);
    expect(planLaunch(bat, [], onShare('D:\\work', [bat])).file).toBe(CMD);
  });
});

describe('planLaunch: Windows .ps1 through PowerShell', () => {
  const script = 'C:\\My Scripts\\clean.ps1';

  it('runs powershell.exe -File from SystemRoot', () => {
    const plan = planLaunch(script, ['-Days', '7', 'two words'], windows([script, POWERSHELL]));
    expect(plan).toEqual({
      file: POWERSHELL,
      args: [...PS_OPTIONS, '"C:\\My Scripts\\clean.ps1"', '-Days', '7', '"two words"'],
      argv0: POWERSHELL,
      windowsVerbatimArguments: true,
      display: '"C:\\My Scripts\\clean.ps1" -Days 7 "two words"',
      resolvedCommand: script,
      hideWindow: true,
      outputCodePage: 850,
    });
  });

  it('passes a string after the script as written', () => {
    const plan = planLaunch(script, '-Path "D:\\x y" -Force', windows([script, POWERSHELL]));
    expect(plan.args.slice(5)).toEqual(['"C:\\My Scripts\\clean.ps1"', '-Path "D:\\x y" -Force']);
  });

  it('finds a script named without .ps1', () => {
    const plan = planLaunch('clean', undefined, windows(['C:\\tools\\clean.ps1', POWERSHELL]));
    expect(plan.resolvedCommand).toBe('C:\\tools\\clean.ps1');
    expect(plan.file).toBe(POWERSHELL);
  });

  it('falls back to powershell.exe on PATH', () => {
    const plan = planLaunch(
      script,
      undefined,
      windows([script, 'C:\\tools\\powershell.exe'], { SystemRoot: undefined }),
    );
    expect(plan.file).toBe('C:\\tools\\powershell.exe');
  });

  it('says what to do when there is no PowerShell', () => {
    const error = thrown(() => planLaunch(script, undefined, windows([script])));
    expect(error).toMatchObject({ code: 'command-not-found', field: 'process.command' });
    expect(error.message).toContain(POWERSHELL);
    expect(error.message).toContain('pwsh.exe');
  });
});

describe('planLaunch: command not found', () => {
  it('says what was looked for, where, and what to do', () => {
    const error = thrown(() => planLaunch('backup', undefined, windows([])));
    expect(error).toMatchObject({ code: 'command-not-found', field: 'process.command' });
    expect(error.message).toBe(
      'Command not found: "backup" (looked in 2 PATH folders for ' +
        'backup.com, .exe, .bat, .cmd, .ps1). Give the full path in process.command, or add its folder to PATH.',
    );
    expect(error.toString()).toMatch(/^process\.command: Command not found/);
  });

  it('says when a bare name is only in the working directory, and how to write it as a path', () => {
    const error = thrown(() => planLaunch('python', undefined, windows(['C:\\work\\python.bat'])));
    expect(error.message).toBe(
      'Command not found: "python" (looked in 2 PATH folders for python.com, .exe, .bat, .cmd, .ps1). ' +
        'Give the full path in process.command, or add its folder to PATH. C:\\work\\python.bat is in the ' +
        'working directory, which is not searched for a bare command name, so that a file placed there cannot ' +
        'stand in for a program on PATH. To run that file, write it as a path: .\\python ' +
        '(in JSON ".\\\\python" or "./python").',
    );
    const posix: LaunchContext = {
      platform: 'linux',
      env: { PATH: '/usr/bin' },
      cwd: '/srv/inbox',
      isFile: (path) => path === '/srv/inbox/backup',
      isExecutable: () => true,
    };
    expect(thrown(() => planLaunch('backup', undefined, posix)).message).toContain(
      '/srv/inbox/backup is in the working directory, which is not searched for a bare command name, so that ' +
        'a file placed there cannot stand in for a program on PATH. To run that file, write it as a path: ./backup.',
    );
  });

  it('counts PATH folders once and reports an empty PATH', () => {
    const error = thrown(() =>
      planLaunch('x', undefined, windows([], { Path: undefined, NoDefaultCurrentDirectoryInExePath: '1' })),
    );
    expect(error.message).toContain('(looked in no PATH folders (PATH is empty) for x.com');
  });

  it('names the resolved file for a relative path', () => {
    const error = thrown(() => planLaunch('scripts\\run', undefined, windows([])));
    expect(error.message).toBe(
      'Command not found: "scripts\\run" (looked for C:\\work\\scripts\\run.com, .exe, .bat, .cmd, .ps1). ' +
        'Check the path in process.command. Relative paths start from the working directory (C:\\work).',
    );
  });

  it('names the file for an absolute path', () => {
    const error = thrown(() => planLaunch('C:/scripts/export.bat', undefined, windows([])));
    expect(error.message).toBe(
      'Command not found: "C:/scripts/export.bat" (looked for C:\\scripts\\export.bat). Check the path in process.command.',
    );
  });

  it('points at a file without a runnable extension', () => {
    const error = thrown(() => planLaunch('tool', undefined, windows(['C:\\tools\\tool'])));
    expect(error.message).toContain('C:\\tools\\tool exists but has no extension Windows can run');
  });

  it('points at a POSIX file without execute permission on PATH', () => {
    const ctx: LaunchContext = {
      platform: 'linux',
      env: { PATH: '/usr/bin:/opt/bin' },
      cwd: '/work',
      isFile: (path) => path === '/opt/bin/tool',
      isExecutable: () => false,
    };
    const error = thrown(() => planLaunch('tool', undefined, ctx));
    expect(error.message).toBe(
      'Command not found: "tool" (looked in 2 PATH folders for tool). Give the full path in process.command, ' +
        'or add its folder to PATH. /opt/bin/tool is not executable. Make it executable (chmod +x "/opt/bin/tool"), ' +
        'or set process.command to its interpreter (e.g. "bash") and put the script in process.arguments.',
    );
  });

  it.each(['', '   ', 'a\0b'])('rejects the command %j', (command) => {
    expect(thrown(() => planLaunch(command, undefined, windows([])))).toMatchObject({
      field: 'process.command',
    });
  });

  it('rejects NUL in arguments on every platform', () => {
    const exe = 'C:\\tools\\tool.exe';
    expect(thrown(() => planLaunch(exe, ['a\0'], windows([exe])))).toMatchObject({
      code: 'invalid-arguments',
    });
    const ctx: LaunchContext = { platform: 'linux', env: {}, cwd: '/', isFile: () => true };
    expect(thrown(() => planLaunch('/bin/echo', 'a\0b', ctx))).toMatchObject({ code: 'invalid-arguments' });
  });
});

describe('planLaunch: POSIX', () => {
  const ctx = (files: string[], executable = files): LaunchContext => ({
    platform: 'linux',
    env: { PATH: '/usr/local/bin:/usr/bin' },
    cwd: '/home/me/jobs',
    isFile: (path) => files.includes(path),
    isExecutable: (path) => executable.includes(path),
  });

  it('spawns the resolved file with split string arguments and no verbatim flag', () => {
    const plan = planLaunch('rsync', `-av 'My Docs/' "dest dir" $HOME`, ctx(['/usr/bin/rsync']));
    expect(plan).toEqual({
      file: '/usr/bin/rsync',
      args: ['-av', 'My Docs/', 'dest dir', '$HOME'],
      argv0: '/usr/bin/rsync',
      windowsVerbatimArguments: false,
      display: `/usr/bin/rsync -av 'My Docs/' 'dest dir' '$HOME'`,
      resolvedCommand: '/usr/bin/rsync',
      hideWindow: true,
      outputCodePage: null,
    });
  });

  it('passes a list as is and quotes it readably', () => {
    const plan = planLaunch('./run.sh', ['a b', "it's", '', '--x=1'], ctx(['/home/me/jobs/run.sh']));
    expect(plan.args).toEqual(['a b', "it's", '', '--x=1']);
    expect(plan.display).toBe(`/home/me/jobs/run.sh 'a b' 'it'\\''s' '' --x=1`);
  });

  it('says a script lacks execute permission instead of failing with EACCES later', () => {
    const error = thrown(() => planLaunch('./run.sh', undefined, ctx(['/home/me/jobs/run.sh'], [])));
    expect(error).toMatchObject({ code: 'command-not-executable', field: 'process.command' });
    expect(error.message).toContain('chmod +x "/home/me/jobs/run.sh"');
  });

  it('plans something this machine really runs, argument for argument', () => {
    const real: LaunchContext = {
      platform: process.platform,
      env: { PATH: process.env.PATH },
      cwd: process.cwd(),
      isFile: (path) => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false,
      isExecutable: (path) => {
        try {
          accessSync(path, constants.X_OK);
          return true;
        } catch {
          return false;
        }
      },
    };
    const tricky = ['a b', '"q"', "'s'", '$HOME', '*', 'back\\slash', '', 'ünï'];
    const script = 'console.log(JSON.stringify(process.argv.slice(1)))';
    for (const args of [
      ['-e', script, ...tricky],
      `-e '${script}' 'a b' '"q"' "'s'" '$HOME' '*' 'back\\slash' '' ünï`,
    ]) {
      const plan = planLaunch('node', args, real);
      const child = spawnSync(plan.file, plan.args, { argv0: plan.argv0, encoding: 'utf8' });
      expect(child.status).toBe(0);
      expect(JSON.parse(child.stdout)).toEqual(tricky);
    }
  });
});
