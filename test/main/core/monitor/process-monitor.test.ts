import { describe, expect, it } from 'vitest';
import { createAwakeClock } from '../../../../src/main/core/clock/awake-clock';
import { COMPLETED_RUNS_KEPT, ProcessMonitor } from '../../../../src/main/core/monitor/process-monitor';
import type { RunEvent, RunningJobInfo, RunResult } from '../../../../src/shared/run-types';
import { freezeEventLoop } from '../../../helpers/freeze';
import { waitFor } from '../../../helpers/wait-for';

const running = (runId: string, jobName = 'Job', startTime = new Date()): RunningJobInfo => ({
  runId,
  jobName,
  pid: 1234,
  startTime: startTime.toISOString(),
  phase: 'starting',
  statusMessage: '',
  lastStatusUpdate: startTime.toISOString(),
  lastOutputTime: startTime.toISOString(),
  progress: null,
  logPath: null,
  trigger: { kind: 'manual' },
  attempt: 1,
  firstRunId: runId,
  timeoutMs: 60_000,
});

const finished = (runId: string, jobName = 'Job'): RunResult => ({
  runId,
  jobName,
  success: true,
  status: 'CompletedSuccessfully',
  exitCode: 0,
  signal: null,
  message: 'completed',
  startTime: new Date().toISOString(),
  endTime: new Date().toISOString(),
  durationMs: 1,
  logPath: null,
  outputTail: '',
  pid: 1,
  trigger: { kind: 'manual' },
  attempt: 1,
  firstRunId: runId,
});

describe('ProcessMonitor', () => {
  it('tracks running jobs, status updates and completion, with events', () => {
    const monitor = new ProcessMonitor();
    const events: RunEvent[] = [];
    monitor.events.on((e) => events.push(e));
    monitor.registerRunningJob(running('a', 'Export'));
    expect(monitor.isJobRunning('Export')).toBe(true);
    expect(monitor.isJobRunning('Other')).toBe(false);
    monitor.updateJobStatus('a', 'Copying', 40);
    monitor.markStartupPassed('a');
    const info = monitor.getRunningJob('a');
    expect(info).toMatchObject({ statusMessage: 'Copying', progress: 40, phase: 'running' });
    monitor.completeJob(finished('a', 'Export'));
    expect(monitor.isJobRunning('Export')).toBe(false);
    expect(monitor.getCompletedJobs()).toHaveLength(1);
    expect(events.map((e) => e.type)).toEqual(['run-started', 'run-status', 'run-status', 'run-finished']);
  });

  it('keeps only the last 100 completed runs, newest first', () => {
    const monitor = new ProcessMonitor();
    for (let i = 0; i < 150; i++) monitor.completeJob(finished(`r${i}`));
    const completed = monitor.getCompletedJobs(500);
    expect(completed).toHaveLength(COMPLETED_RUNS_KEPT);
    expect(completed[0]?.runId).toBe('r149');
    expect(monitor.getCompletedJobs(10)).toHaveLength(10);
  });

  it('lists runs running longer than a threshold', () => {
    const monitor = new ProcessMonitor();
    monitor.registerRunningJob(running('old', 'Old', new Date(Date.now() - 3 * 3_600_000)));
    monitor.registerRunningJob(running('new', 'New'));
    expect(monitor.getPotentiallyStuckJobs(2 * 3_600_000).map((r) => r.runId)).toEqual(['old']);
  });

  it('raises one stuck event when a run goes silent, and none while it keeps talking', async () => {
    const monitor = new ProcessMonitor();
    const events: RunEvent[] = [];
    monitor.events.on((e) => events.push(e));
    monitor.registerRunningJob(running('quiet'), { silentAfterMs: 150 });
    monitor.registerRunningJob(running('chatty', 'Chatty'), { silentAfterMs: 400 });
    const chatter = setInterval(() => monitor.noteOutput('chatty'), 20);
    try {
      await waitFor(() => events.some((e) => e.type === 'run-stuck'));
      await new Promise((r) => setTimeout(r, 600));
    } finally {
      clearInterval(chatter);
    }
    const stuck = events.filter((e) => e.type === 'run-stuck');
    expect(stuck).toHaveLength(1);
    expect(stuck[0]).toMatchObject({ reason: 'silent', run: { runId: 'quiet' } });
    monitor.completeJob(finished('quiet'));
    monitor.completeJob(finished('chatty', 'Chatty'));
  });

  it('raises a stuck event for a run that runs too long, and not after it finished', async () => {
    const monitor = new ProcessMonitor();
    const events: RunEvent[] = [];
    monitor.events.on((e) => events.push(e));
    monitor.registerRunningJob(running('long'), { stuckAfterMs: 100 });
    monitor.registerRunningJob(running('done', 'Done'), { stuckAfterMs: 100 });
    monitor.completeJob(finished('done', 'Done'));
    await waitFor(() => events.some((e) => e.type === 'run-stuck'));
    await new Promise((r) => setTimeout(r, 200));
    const stuck = events.filter((e) => e.type === 'run-stuck');
    expect(stuck).toHaveLength(1);
    expect(stuck[0]).toMatchObject({ reason: 'running-too-long', run: { runId: 'long' } });
    monitor.completeJob(finished('long'));
  });

  it('does not call a run silent or too long because the machine slept', async () => {
    const monitor = new ProcessMonitor(createAwakeClock({ tickMs: 50, minGapMs: 300 }));
    const events: RunEvent[] = [];
    monitor.events.on((e) => events.push(e));
    monitor.registerRunningJob(running('night'), { silentAfterMs: 800, stuckAfterMs: 900 });
    await new Promise((r) => setTimeout(r, 100));
    freezeEventLoop(1500);
    await new Promise((r) => setTimeout(r, 200));
    expect(events.filter((e) => e.type === 'run-stuck')).toEqual([]);
    await waitFor(() => events.some((e) => e.type === 'run-stuck'));
    expect(events.filter((e) => e.type === 'run-stuck')).toHaveLength(1);
    monitor.completeJob(finished('night'));
  });
});
