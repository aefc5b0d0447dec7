/** @jsxImportSource preact */
import { useState } from 'preact/hooks';
import { errorText } from '../../shared/error-text';
import { formatDuration, formatMinutes } from '../../shared/format';
import { Empty } from '../components/empty';
import { ErrorAlert } from '../components/error-alert';
import { call } from '../hub';
import { timeoutText, triggerLabel } from '../labels';
import type { LiveRun } from '../state/use-hub';
import { useNow } from '../state/use-now';
import { formatPercent, formatTime } from '../time';

interface Props {
  running: LiveRun[];
  onOpenRun: (runId: string) => void;
  onShowJobs: () => void;
}

/** Every running job: how long it has been going, what it says it is doing, what started it, and Cancel. */
export function RunningView({ running, onOpenRun, onShowJobs }: Props) {
  const now = useNow(1000, running.length > 0);
  if (running.length === 0) {
    return (
      <Empty title="Nothing is running.">
        Start a job from{' '}
        <button type="button" class="link" onClick={onShowJobs}>
          Jobs
        </button>
        , or drop a job file on this window to run it.
      </Empty>
    );
  }
  return (
    <ul class="cards" aria-label="Running jobs">
      {running.map((run) => (
        <RunningCard key={run.runId} run={run} now={now} onOpen={() => onOpenRun(run.runId)} />
      ))}
    </ul>
  );
}

function RunningCard({ run, now, onOpen }: { run: LiveRun; now: number; onOpen: () => void }) {
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const elapsed = Math.max(0, now - new Date(run.startTime).getTime());
  const cancel = async () => {
    setCancelling(true);
    setError(null);
    try {
      const cancelled = await call('cancelRun', run.runId);
      if (!cancelled) setError('It had already finished.');
    } catch (err) {
      setError(errorText(err));
      setCancelling(false);
    }
  };
  const status = run.statusMessage.trim();
  return (
    <li class="card running-card" aria-label={run.jobName}>
      <div class="card-head">
        <span class="pulse" aria-hidden="true" />
        <h3 class="card-title">{run.jobName}</h3>
        {run.phase === 'starting' ? <span class="chip">starting</span> : null}
        <span class="elapsed" title={`Started ${formatTime(run.startTime)}`}>
          <span class="sr-only">Running for </span>
          {formatDuration(elapsed)}
        </span>
      </div>
      {run.progress !== null ? (
        <div class="progress-row">
          <progress max={100} value={run.progress} aria-label={`${run.jobName} progress`} />
          <span class="progress-value">{formatPercent(run.progress / 100)}</span>
        </div>
      ) : null}
      <p class="status-line" aria-live="polite">
        {status || <span class="muted">No status reported yet</span>}
      </p>
      {run.stuck ? (
        <p class="warning" role="status">
          {run.stuck.reason === 'silent'
            ? `No output for ${formatMinutes(run.stuck.thresholdMinutes)} min — it may be stuck.`
            : `Running longer than ${formatMinutes(run.stuck.thresholdMinutes)} min — it may be stuck.`}
        </p>
      ) : null}
      <div class="card-foot">
        <span class="muted small">
          Started {formatTime(run.startTime)} · {triggerLabel(run.trigger)}
          {run.attempt > 1 ? ` · attempt ${run.attempt}` : ''} · timeout {timeoutText(run.timeoutMs)}
        </span>
        <span class="actions">
          <button type="button" class="button" onClick={onOpen} aria-label={`Log of ${run.jobName}`}>
            Log
          </button>
          <button
            type="button"
            class="button danger"
            onClick={cancel}
            disabled={cancelling}
            aria-label={`Cancel ${run.jobName}`}
          >
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        </span>
      </div>
      <ErrorAlert message={error} />
    </li>
  );
}
