import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Hub } from '../../../src/main/core/hub/hub';
import { AppLauncher, dataFolderWith, nodeJob } from './launch-app';

// Signing out and shutting down with a job running, through the fake's model of Windows and Electron
// (fake-electron/electron.mjs endSession): every top-level window hears WM_QUERYENDSESSION and WM_ENDSESSION,
// and the process ends as soon as the `session-end` handlers return.

const apps = new AppLauncher();
let pids: (number | null | undefined)[] = [];
afterEach(async () => {
  await apps.cleanup(pids);
  pids = [];
});

async function historyOf(dataDir: string) {
  const hub = await Hub.open({ dataDir });
  try {
    const history = await hub.getHistory({ limit: 20 });
    pids = history.map((r) => r.pid);
    return history;
  } finally {
    await hub.close();
  }
}

const sleeper = { 'sleeps.json': nodeJob('Sleeps', 'setTimeout(() => {}, 60000)') };

describe('the end of the session', () => {
  it('records the running job as cancelled when the user signs out, though the window was never opened', async () => {
    const dataDir = await dataFolderWith(path.join(await apps.temp('hub-app-session-'), 'data'), sleeper);
    // Started by the login item: straight to the tray.
    const { trace } = await apps.launch('session-end', { dataDir, args: ['--hidden'] });
    expect(trace.violations).toEqual([]);
    expect(trace.steps.windows).toEqual([{ kind: 'BaseWindow', visible: false }]);
    expect(trace.exitHow).toBe('session ended');

    const [run] = await historyOf(dataDir);
    expect(run).toMatchObject({
      jobName: 'Sleeps',
      status: 'Cancelled',
      message: 'cancelled: Windows signed the user out while it ran',
    });
    // On POSIX the app stops the tree itself; Windows ends a session's processes on its own.
    if (process.platform !== 'win32') expect(apps.survivors(pids)).toEqual([]);
  });

  it('names a shutdown or restart', async () => {
    const dataDir = await dataFolderWith(path.join(await apps.temp('hub-app-session-'), 'data'), sleeper);
    await apps.launch('session-end', {
      dataDir,
      args: ['--hidden'],
      env: { FAKE_SESSION_END_REASONS: '[]' },
    });
    expect((await historyOf(dataDir))[0]?.message).toBe(
      'cancelled: Windows shut down or restarted while it ran',
    );
  });

  it('quits without asking when Linux or macOS shut down, stopping and recording the job first', async () => {
    const dataDir = await dataFolderWith(path.join(await apps.temp('hub-app-shutdown-'), 'data'), sleeper);
    const { trace } = await apps.launch('system-shutdown', { dataDir });
    expect(trace.violations).toEqual([]);
    expect(trace.steps.shutdownHeld).toBe(true);
    expect(trace.messageBoxes).toEqual([]);
    expect(trace.exitHow).toBe('quit');
    expect(await historyOf(dataDir)).toEqual([
      expect.objectContaining({ jobName: 'Sleeps', status: 'Cancelled' }),
    ]);
    expect(apps.survivors(pids)).toEqual([]);
  });

  it.each([
    ['the installer asks (--quit in a second instance)', 'quit-request'],
    ['asked over the hub channel (automation-hub quit, or --quit)', 'quit-command'],
  ])('quits the usual way when %s', async (_how, scenario) => {
    const dataDir = await dataFolderWith(path.join(await apps.temp('hub-app-quit-'), 'data'), sleeper);
    const { trace } = await apps.launch(scenario, { dataDir, env: { FAKE_ELECTRON_QUIT_ANSWER: '0' } });
    expect(trace.violations).toEqual([]);
    expect(trace.messageBoxes.map((box) => box.message)).toEqual(['1 job is still running. Quit anyway?']);
    expect(trace.exitHow).toBe('quit');
    expect(await historyOf(dataDir)).toEqual([
      expect.objectContaining({ jobName: 'Sleeps', status: 'Cancelled' }),
    ]);
    expect(apps.survivors(pids)).toEqual([]);
  });

  it('as `--quit` itself, asks the running app and starts nothing', async () => {
    for (const lock of ['taken', 'free']) {
      const { code, trace } = await apps.launch('none', {
        args: ['--quit'],
        env: { FAKE_ELECTRON_LOCK: lock },
      });
      expect(code, lock).toBe(0);
      expect(trace.lockData, lock).toEqual([{ argv: expect.arrayContaining(['--quit']) }]);
      expect(trace.exitHow, lock).toBe('exit');
      expect(trace.paths, lock).toEqual({});
    }
  });
});
