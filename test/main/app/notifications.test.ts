import { describe, expect, it } from 'vitest';
import {
  type HubNotification,
  MAX_BODY,
  notificationFor,
  notificationKindOf,
  notificationSubject,
} from '../../../src/main/app/model/notification-policy';
import { RepeatCollapser } from '../../../src/main/app/model/repeat-collapser';
import type { HubEvent } from '../../../src/shared/hub-api';
import { switchesFor } from '../../../src/shared/notify-switches';
import { defaultSettings } from '../../../src/shared/settings-schema';
import { NOW, runningJob, runResult } from './fixtures';

const defaults = defaultSettings.notifications;
const finished = (overrides: Parameters<typeof runResult>[0]): HubEvent => ({
  type: 'run-finished',
  result: runResult(overrides),
});

describe('which events notify', () => {
  it('notifies failures with name, exit code and message', () => {
    const event = finished({
      status: 'Failed',
      jobName: 'Nightly export',
      exitCode: 2,
      message: 'failed during startup: exited with code 2 after 0.3 s. Last output: cannot open data.txt',
    });
    expect(notificationFor(event, defaults, NOW)).toEqual({
      kind: 'failed',
      jobName: 'Nightly export',
      runId: 'run-1',
      time: Date.parse(runResult().endTime),
      title: '✗ Nightly export failed',
      body: 'Exit code 2 · failed during startup: exited with code 2 after 0.3 s. Last output: cannot open data.txt',
    });
  });

  it('leaves the exit code out when there is none (the command was never found)', () => {
    const event = finished({
      status: 'Failed',
      exitCode: null,
      message: 'process.command: Command not found',
    });
    expect(notificationFor(event, defaults, NOW)?.body).toBe('process.command: Command not found');
  });

  it('notifies timeouts and interrupted runs', () => {
    const timedOut = finished({
      status: 'TimedOut',
      message: 'timed out after 30 min 00 s (timeoutMinutes: 30)',
    });
    expect(notificationFor(timedOut, defaults, NOW)).toMatchObject({
      kind: 'timed-out',
      title: '⏱ Backup timed out',
      body: 'timed out after 30 min 00 s (timeoutMinutes: 30)',
    });
    const interrupted = finished({
      status: 'Interrupted',
      message: 'the hub stopped while the run was going',
    });
    expect(notificationFor(interrupted, defaults, NOW)).toMatchObject({
      kind: 'interrupted',
      title: '✗ Backup was interrupted',
    });
  });

  it('notifies stuck runs, saying why', () => {
    const event: HubEvent = {
      type: 'run-stuck',
      run: runningJob({ runId: 'r9', jobName: 'Sync' }),
      reason: 'running-too-long',
      thresholdMinutes: 120,
    };
    expect(notificationFor(event, defaults, NOW)).toMatchObject({
      kind: 'stuck',
      runId: 'r9',
      time: NOW,
      title: '⚠ Sync looks stuck',
      body: expect.stringMatching(/^Running for more than 120 min\. It may be hung/),
    });
    const silent = notificationFor({ ...event, reason: 'silent', thresholdMinutes: 0.5 }, defaults, NOW);
    expect(silent?.body).toMatch(/^No output for 0\.5 min\./);
  });

  it('does not notify successes by default, and does when onSuccess is on', () => {
    const event = finished({ status: 'CompletedSuccessfully' });
    expect(defaults.onSuccess).toBe(false);
    expect(notificationFor(event, defaults, NOW)).toBeNull();
    expect(notificationFor(event, { ...defaults, onSuccess: true }, NOW)).toMatchObject({
      kind: 'succeeded',
      title: '✓ Backup succeeded',
      body: 'completed in 1.2 s (exit code 0)',
    });
  });

  it('obeys each switch', () => {
    const off = { onFailure: false, onTimeout: false, onStuck: false, onSuccess: false };
    const events: HubEvent[] = [
      finished({ status: 'Failed' }),
      finished({ status: 'TimedOut' }),
      finished({ status: 'Interrupted' }),
      finished({ status: 'CompletedSuccessfully' }),
      { type: 'run-stuck', run: runningJob(), reason: 'silent', thresholdMinutes: 5 },
    ];
    for (const event of events) expect(notificationFor(event, off, NOW)).toBeNull();
    expect(notificationFor(events[1] as HubEvent, { ...off, onTimeout: true }, NOW)).not.toBeNull();
    expect(notificationFor(events[1] as HubEvent, { ...off, onFailure: true }, NOW)).toBeNull();
  });

  it('never notifies cancelled or skipped runs, output, queueing or status lines', () => {
    const all = { onFailure: true, onTimeout: true, onStuck: true, onSuccess: true };
    const quiet: HubEvent[] = [
      finished({ status: 'Cancelled' }),
      finished({ status: 'Skipped' }),
      { type: 'run-output', runId: 'r', text: 'x' },
      { type: 'run-started', run: runningJob() },
      { type: 'run-status', run: runningJob() },
      { type: 'run-skipped', jobName: 'Backup', reason: 'already running', trigger: { kind: 'schedule' } },
      { type: 'run-queued', jobName: 'Backup', runId: 'r1', position: 1, trigger: { kind: 'schedule' } },
      { type: 'library-changed' },
    ];
    for (const event of quiet) {
      expect(notificationKindOf(event)).toBeNull();
      expect(notificationFor(event, all, NOW)).toBeNull();
    }
  });

  it('cuts long messages', () => {
    const body = notificationFor(
      finished({ status: 'TimedOut', message: 'x'.repeat(5000) }),
      defaults,
      NOW,
    )?.body;
    expect(Array.from(body ?? '')).toHaveLength(MAX_BODY);
    expect(body?.endsWith('…')).toBe(true);
  });

  it("lets a job file's notify block decide for that job", () => {
    expect(switchesFor(defaults, undefined)).toBe(defaults);
    expect(switchesFor(defaults, null)).toBe(defaults);
    // The block's onFailure covers failures and timeouts (job-schema.ts documents it so).
    expect(switchesFor(defaults, { onFailure: false, onSuccess: true, onStuck: false })).toEqual({
      onFailure: false,
      onTimeout: false,
      onStuck: false,
      onSuccess: true,
    });
    const quietFailure = switchesFor(
      { ...defaults, onFailure: false, onTimeout: false },
      { onFailure: true, onSuccess: false, onStuck: true },
    );
    expect(notificationFor(finished({ status: 'TimedOut' }), quietFailure, NOW)).not.toBeNull();
  });

  it('names the job and its file for the glue', () => {
    expect(notificationSubject(finished({ jobName: 'A', jobFile: 'C:/jobs/a.json' }))).toEqual({
      jobName: 'A',
      jobFile: 'C:/jobs/a.json',
    });
    expect(
      notificationSubject({
        type: 'run-stuck',
        run: runningJob({ jobName: 'B' }),
        reason: 'silent',
        thresholdMinutes: 1,
      }),
    ).toEqual({ jobName: 'B', jobFile: null });
    expect(notificationSubject({ type: 'library-changed' })).toBeNull();
  });
});

describe('collapsing repeats', () => {
  const minute = 60_000;
  const failure = (jobName = 'Backup', message = 'failed: exited with code 1'): HubNotification => ({
    kind: 'failed',
    jobName,
    runId: 'r',
    time: NOW,
    title: `✗ ${jobName} failed`,
    body: message,
  });

  it('turns a job failing every minute into one notification, then one update per quarter hour', () => {
    const collapser = new RepeatCollapser();
    const shown: { minute: number; title: string }[] = [];
    for (let m = 0; m < 40; m++) {
      const result = collapser.offer(failure(), NOW + m * minute);
      if (result) shown.push({ minute: m, title: result.title });
    }
    expect(shown).toEqual([
      { minute: 0, title: '✗ Backup failed' },
      { minute: 15, title: '✗ Backup failed 16 times since 10:00' },
      { minute: 30, title: '✗ Backup failed 31 times since 10:00' },
    ]);
  });

  it('keeps the latest message in the update', () => {
    const collapser = new RepeatCollapser({ updateEveryMs: 5 * minute, quietMs: 60 * minute });
    collapser.offer(failure('Backup', 'first'), NOW);
    expect(collapser.offer(failure('Backup', 'second'), NOW + minute)).toBeNull();
    expect(collapser.offer(failure('Backup', 'latest'), NOW + 5 * minute)).toMatchObject({
      title: '✗ Backup failed 3 times since 10:00',
      body: 'latest',
    });
  });

  it('collapses per job and kind: another job or another kind is news', () => {
    const collapser = new RepeatCollapser();
    expect(collapser.offer(failure('Backup'), NOW)).not.toBeNull();
    expect(collapser.offer(failure('Export'), NOW + 1000)).not.toBeNull();
    expect(
      collapser.offer({ ...failure('Backup'), kind: 'timed-out', title: '⏱ Backup timed out' }, NOW + 2000),
    ).not.toBeNull();
    expect(collapser.offer(failure('Backup'), NOW + 3000)).toBeNull();
  });

  it('starts afresh after a quiet hour', () => {
    const collapser = new RepeatCollapser();
    collapser.offer(failure(), NOW);
    expect(collapser.offer(failure(), NOW + 61 * minute)?.title).toBe('✗ Backup failed');
    expect(collapser.size).toBe(1);
  });

  it('starts afresh after a success, even one that raised no notification', () => {
    const collapser = new RepeatCollapser();
    collapser.offer(failure(), NOW);
    expect(collapser.offer(failure(), NOW + minute)).toBeNull();
    collapser.settle('Backup', 'succeeded');
    expect(collapser.offer(failure(), NOW + 2 * minute)?.title).toBe('✗ Backup failed');
  });

  it('collapses successes too, and a failure ends their streak', () => {
    const collapser = new RepeatCollapser();
    const success: HubNotification = { ...failure(), kind: 'succeeded', title: '✓ Backup succeeded' };
    expect(collapser.offer(success, NOW)).not.toBeNull();
    expect(collapser.offer(success, NOW + minute)).toBeNull();
    collapser.settle('Backup', 'failed');
    expect(collapser.offer(success, NOW + 2 * minute)?.title).toBe('✓ Backup succeeded');
  });
});
