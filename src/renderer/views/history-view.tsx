/** @jsxImportSource preact */
import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../../shared/error-text';
import { formatDuration } from '../../shared/format';
import type { Notice } from '../../shared/hub-api';
import type { RunResult } from '../../shared/run-types';
import { Empty } from '../components/empty';
import { ErrorAlert } from '../components/error-alert';
import { StatusIcon } from '../components/status-icon';
import { call } from '../hub';
import { statusLabels, triggerLabel } from '../labels';
import { formatTime } from '../time';

const LIMIT = 200;

interface Props {
  historyVersion: number;
  notices: Notice[];
  failuresOnly: boolean;
  onFailuresOnly: (value: boolean) => void;
  onOpenRun: (runId: string) => void;
}

/** Recent runs, newest first, with a filter for failures; and the hub's own messages. */
export function HistoryView({ historyVersion, notices, failuresOnly, onFailuresOnly, onOpenRun }: Props) {
  const [runs, setRuns] = useState<RunResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    call('getHistory', { limit: LIMIT, failuresOnly }).then(
      (history) => {
        if (!current) return;
        setRuns(history);
        setError(null);
      },
      (err) => current && setError(errorText(err)),
    );
    return () => {
      current = false;
    };
  }, [historyVersion, failuresOnly]);

  return (
    <div class="history">
      <div class="toolbar">
        <label class="check">
          <input
            type="checkbox"
            checked={failuresOnly}
            onChange={(event) => onFailuresOnly(event.currentTarget.checked)}
          />
          Failures only
        </label>
        {runs ? <span class="muted small">{countText(runs.length, failuresOnly)}</span> : null}
      </div>
      <ErrorAlert message={error} />
      {runs === null ? (
        <p class="muted loading">Loading history…</p>
      ) : runs.length === 0 ? (
        failuresOnly ? (
          <Empty title="No failures.">Every recorded run succeeded.</Empty>
        ) : (
          <Empty title="No runs yet.">
            Runs appear here when they finish. Start one from Jobs or drop a job file.
          </Empty>
        )
      ) : (
        <ul class="history-list" aria-label="Runs">
          {runs.map((run) => (
            <li key={run.runId}>
              <HistoryRow run={run} onOpen={() => onOpenRun(run.runId)} />
            </li>
          ))}
        </ul>
      )}
      <Notices notices={notices} />
    </div>
  );
}

function countText(count: number, failuresOnly: boolean): string {
  const what = failuresOnly ? (count === 1 ? 'failure' : 'failures') : count === 1 ? 'run' : 'runs';
  return count >= LIMIT ? `latest ${count} ${what}` : `${count} ${what}`;
}

function HistoryRow({ run, onOpen }: { run: RunResult; onOpen: () => void }) {
  const exit = run.exitCode !== null ? `exit ${run.exitCode}` : run.signal ? run.signal : '';
  return (
    <button
      type="button"
      class={`history-row status-row-${run.status}`}
      onClick={onOpen}
      aria-label={`${run.jobName}: ${statusLabels[run.status]}, ${formatTime(run.startTime)}${exit ? `, ${exit}` : ''}`}
    >
      <StatusIcon status={run.status} />
      <span class="row-main">
        <span class="row-name">{run.jobName}</span>
        <span class="row-sub muted">
          {statusLabels[run.status]} · {triggerLabel(run.trigger)}
          {run.attempt > 1 ? ` · attempt ${run.attempt}` : ''}
        </span>
      </span>
      <span class="row-meta">
        <span class="row-time">{formatTime(run.startTime)}</span>
        <span class="row-sub muted">
          {formatDuration(run.durationMs)}
          {exit ? <span class={`exit${run.success ? '' : ' exit-bad'}`}> · {exit}</span> : null}
        </span>
      </span>
    </button>
  );
}

function Notices({ notices }: { notices: Notice[] }) {
  if (notices.length === 0) return null;
  const newest = [...notices].reverse();
  return (
    <details class="notices">
      <summary>Hub messages ({notices.length})</summary>
      <ul>
        {newest.map((notice, index) => (
          // Notices only ever get appended, so the position counted from the oldest is a stable key.
          <li key={notices.length - index} class={`notice notice-${notice.level}`}>
            <time dateTime={notice.time} class="muted small">
              {formatTime(notice.time)}
            </time>{' '}
            {notice.message}
          </li>
        ))}
      </ul>
    </details>
  );
}
