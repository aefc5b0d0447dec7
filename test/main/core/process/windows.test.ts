import { afterEach, describe, expect, it } from 'vitest';
import { parsePsTable } from '../../../../src/main/core/process/darwin-ps';
import { killProcessTree } from '../../../../src/main/core/process/kill-tree';
import { descendantsOf } from '../../../../src/main/core/process/process-table';
import { loadKernel32 } from '../../../../src/main/core/process/win32/kernel32';
import { isConsoleHost } from '../../../../src/main/core/process/win32/process-facts';
import { toProcessTable } from '../../../../src/main/core/process/windows-process';
import { systemRoot, taskkillCommand } from '../../../../src/main/core/process/windows-system';
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

  it('reads a snapshot as a table without groups or zombies (Windows has neither), keeping start times', () => {
    expect(
      toProcessTable([
        { pid: 0, ppid: 0, exeFile: '[System Process]' },
        { pid: 4, ppid: 0, exeFile: 'System' },
        { pid: 1234, ppid: 4, exeFile: 'node.exe', startTime: '639029198456780000' },
      ]),
    ).toEqual([
      { pid: 0, ppid: 0, pgid: null, zombie: false },
      { pid: 4, ppid: 0, pgid: null, zombie: false },
      { pid: 1234, ppid: 4, pgid: null, zombie: false, startTime: '639029198456780000' },
    ]);
  });

  it('a stale parent link (the parent started after its child) is ignored in a Windows table', () => {
    // 1234's recorded parent 40 exited; a younger process got pid 40. Creation times tell.
    const table = toProcessTable([
      { pid: 40, ppid: 4, exeFile: 'other.exe', startTime: '639029198456780500' },
      { pid: 1234, ppid: 40, exeFile: 'job.exe', startTime: '639029198456780000' },
    ]);
    expect(descendantsOf(40, table)).toEqual([]);
  });

  it('tells console hosts (conhost.exe, in any case) from the run’s own processes', () => {
    expect(isConsoleHost('conhost.exe')).toBe(true);
    expect(isConsoleHost('CONHOST.EXE')).toBe(true);
    expect(isConsoleHost('conhost2.exe')).toBe(false);
    expect(isConsoleHost('node.exe')).toBe(false);
    expect(isConsoleHost(undefined)).toBe(false);
  });

  it('loads the Win32 binding on Windows only, and says why elsewhere', async () => {
    expect(await loadKernel32('linux')).toEqual({ ok: false, reason: 'Win32 calls exist on Windows only' });
    expect(await loadKernel32('darwin')).toMatchObject({ ok: false });
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
