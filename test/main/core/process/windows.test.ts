import { afterEach, describe, expect, it } from 'vitest';
import { parsePsTable } from '../../../../src/main/core/process/darwin-ps';
import { killProcessTree } from '../../../../src/main/core/process/kill-tree';
import {
  LIST_SCRIPT,
  parseWindowsTable,
  startTimeScript,
} from '../../../../src/main/core/process/windows-process';
import {
  powershellCommand,
  systemRoot,
  taskkillCommand,
} from '../../../../src/main/core/process/windows-system';
import { ProcessTracker, readPids } from '../../../helpers/processes';

describe('Windows command construction', () => {
  it('runs taskkill by absolute path from %SystemRoot%, whole tree, forced', () => {
    expect(taskkillCommand(1234, { SystemRoot: 'D:\\Win' })).toEqual({
      file: 'D:\\Win\\System32\\taskkill.exe',
      args: ['/PID', '1234', '/T', '/F'],
    });
  });

  it('finds %SystemRoot% under any spelling and falls back to C:\\Windows', () => {
    expect(systemRoot({ SYSTEMROOT: 'E:\\W' })).toBe('E:\\W');
    expect(systemRoot({ windir: 'F:\\W' })).toBe('F:\\W');
    expect(systemRoot({})).toBe('C:\\Windows');
  });

  it('passes PowerShell scripts encoded, so no quoting can break them', () => {
    const { file, args } = powershellCommand(LIST_SCRIPT, { SystemRoot: 'C:\\Windows' });
    expect(file).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    expect(args.slice(0, 3)).toEqual(['-NoProfile', '-NonInteractive', '-EncodedCommand']);
    expect(Buffer.from(args[3] as string, 'base64').toString('utf16le')).toBe(LIST_SCRIPT);
  });

  it('embeds only an integer pid in the start-time script', () => {
    expect(startTimeScript(42)).toContain('Get-Process -Id 42)');
    expect(startTimeScript(42.9)).toContain('-Id 42)');
  });

  it('parses the process list, ignoring noise and CRLF', () => {
    expect(parseWindowsTable('0 0\r\n4 0\r\n\r\nWARNING: x\r\n 1234 4 \r\n')).toEqual([
      { pid: 0, ppid: 0, pgid: null, zombie: false },
      { pid: 4, ppid: 0, pgid: null, zombie: false },
      { pid: 1234, ppid: 4, pgid: null, zombie: false },
    ]);
  });
});

describe('macOS ps parsing', () => {
  it('reads pid, ppid, pgid and the zombie flag', () => {
    expect(parsePsTable('    1     0     1 Ss\n  502     1   502 Z+\n\n')).toEqual([
      { pid: 1, ppid: 0, pgid: 1, zombie: false },
      { pid: 502, ppid: 1, pgid: 502, zombie: true },
    ]);
  });
});

describe.runIf(process.platform !== 'win32')('the Windows branch run where taskkill does not exist', () => {
  const tracker = new ProcessTracker();
  afterEach(() => tracker.cleanup());

  it('reports the live tree as survivors instead of claiming success', async () => {
    const tree = tracker.start('tree.mjs', ['--depth', '2']);
    const pids = await readPids(tree.pidsFile, 2);

    const report = await killProcessTree(tree.pid, { graceMs: 0, platform: 'win32' });

    expect(report.forced).toBe(true);
    expect(report.survivors).toEqual([...pids].sort((a, b) => a - b));
  });
});
