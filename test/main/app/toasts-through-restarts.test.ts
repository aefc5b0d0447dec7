import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseToastActivation } from '../../../src/main/app/model/toast';
import { Hub } from '../../../src/main/core/hub/hub';
import { AppLauncher, dataFolderWith, nodeJob } from './launch-app';

// Windows toasts through the fake's model of Windows and Electron 45 (fake-electron/notifications.mjs): a toast
// that moved to Action Center is clicked after the app let go of its Notification, and a click on it after a
// restart starts the app through Electron's toast activator.

const apps = new AppLauncher();
afterEach(() => apps.cleanup());

const WINDOWS_TOASTS = { FAKE_TOASTS: 'windows' };

describe('toasts in Action Center', () => {
  it('opens the run from Action Center, and after a restart, when the toast is clicked', async () => {
    const base = await apps.temp('hub-app-toasts-');
    const dataDir = await dataFolderWith(path.join(base, 'data'), {
      'fails.json': nodeJob('Fails', 'process.exit(3)'),
      // Output with characters XML forbids (BEL, a lone surrogate) ends up in the toast's body.
      'beeps.json': nodeJob('Beeps', 'console.log("\\u0007 ding \\ud800"); process.exit(1)'),
    });

    const first = await apps.launch('toasts', { dataDir, env: WINDOWS_TOASTS });
    expect(first.trace.violations).toEqual([]);
    const { steps } = first.trace;
    const activation = parseToastActivation(steps.toast.launch ?? '');
    expect(steps.toast.title).toBe('✗ Fails failed');
    expect(activation?.runId).toEqual(expect.any(String));

    // Windows had moved the toast to Action Center (close, reason timedOut): the app kept the Notification,
    // so the click reached it; the window opened on that run, and the request was not lost while it loaded.
    expect(steps.clickReached).toBe('click');
    expect(steps.shown).toEqual({ delivered: [activation?.runId], dropped: [] });
    // The job's odd output did not cost its toast.
    expect(first.trace.toastFailures).toEqual([]);
    expect(steps.beeps).toMatchObject({ title: '✗ Beeps failed' });

    // The next day: the app starts because the user clicked that toast in Action Center.
    const second = await apps.launch('toast-restart', {
      dataDir,
      args: ['-Embedding'],
      env: {
        ...WINDOWS_TOASTS,
        FAKE_PENDING_ACTIVATION: JSON.stringify({ type: 'click', arguments: steps.toast.launch }),
      },
    });
    expect(second.trace.violations).toEqual([]);
    expect(second.trace.steps.shown).toEqual({ delivered: [activation?.runId], dropped: [] });

    const hub = await Hub.open({ dataDir });
    try {
      expect(await hub.getRun(activation?.runId ?? '')).toMatchObject({ jobName: 'Fails', status: 'Failed' });
    } finally {
      await hub.close();
    }
  });

  it('opens the run from Action Center when the app no longer holds the toast', async () => {
    const base = await apps.temp('hub-app-toasts-');
    const dataDir = await dataFolderWith(path.join(base, 'data'), {
      'fails.json': nodeJob('Fails', 'process.exit(3)'),
      'beeps.json': nodeJob('Beeps', 'process.exit(1)'),
      'sleeps.json': nodeJob('Sleeps', 'setTimeout(() => {}, 60000)'),
    });
    // More toasts than the app keeps: the first one's Notification is collected, its click goes to the activator.
    const { trace } = await apps.launch('toasts', {
      dataDir,
      env: { ...WINDOWS_TOASTS, FAKE_TOAST_FLOOD: '25' },
    });
    expect(trace.violations).toEqual([]);
    const activation = parseToastActivation(trace.steps.toast.launch ?? '');
    expect(trace.steps.clickReached).toBe('activation');
    expect(trace.steps.shown).toEqual({ delivered: [activation?.runId], dropped: [] });
  });
});
