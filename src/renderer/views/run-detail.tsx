/** @jsxImportSource preact */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../../shared/error-text';
import { formatBytes, formatDuration } from '../../shared/format';
import type { HubEvent } from '../../shared/hub-api';
import { accountingText } from '../../shared/run-accounting';
import type { RunningJobInfo, RunResult } from '../../shared/run-types';
import { ErrorAlert } from '../components/error-alert';
import { StatusIcon } from '../components/status-icon';
import { call } from '../hub';
import { sentence, triggerLabel } from '../labels';
import { appendBounded, joinAtSeam } from '../state/log-stream';
import { useNow } from '../state/use-now';
import { formatTimeExact } from '../time';

const LOG_BYTES = 256 * 1024;

type Run = RunResult | RunningJobInfo;

function isFinished(run: Run): run is RunResult {
  return 'status' in run;
}

interface Log {
  text: string;
  /** Bytes before the text that are not shown. */
  truncated: boolean;
  size: number;
  live: boolean;
}

/** One run: what happened (message, exit code, times) and its log, streaming while the run is alive. */
export function RunDetail({ runId, onBack }: { runId: string; onBack: () => void }) {
  const [run, setRun] = useState<Run | null>(null);
  const [log, setLog] = useState<Log | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
  }, []);

  useEffect(() => {
    let current = true;
    // Output that arrives before the snapshot is kept until the snapshot is in, then joined at the seam.
    let pending: string[] | null = [];
    const readAll = async () => {
      const [found, tail] = await Promise.all([call('getRun', runId), call('readLog', runId, LOG_BYTES)]);
      return { found, tail };
    };
    const onEvent = (event: HubEvent) => {
      if (!current) return;
      if (event.type === 'run-output' && event.runId === runId) {
        if (pending) pending.push(event.text);
        else {
          setLog((old) => {
            if (!old) return old;
            const next = appendBounded(old.text, event.text);
            return { ...old, text: next.text, truncated: old.truncated || next.cut };
          });
        }
      } else if ((event.type === 'run-status' || event.type === 'run-stuck') && event.run.runId === runId) {
        setRun(event.run);
      } else if (event.type === 'run-finished' && event.result.runId === runId) {
        setRun(event.result);
        // The whole tail once more: exact, and with the last lines the live stream may not have carried.
        call('readLog', runId, LOG_BYTES).then(
          (tail) =>
            current && setLog({ text: tail.text, truncated: tail.truncated, size: tail.size, live: false }),
          () => {},
        );
      }
    };
    const unsubscribe = window.hub.onEvent(onEvent);
    readAll().then(
      ({ found, tail }) => {
        if (!current) return;
        const arrived = (pending ?? []).join('');
        pending = null;
        setRun((old) => (old && isFinished(old) ? old : (found ?? old)));
        setLog((old) =>
          old && !old.live
            ? old
            : {
                text: tail.live ? joinAtSeam(tail.text, arrived) : tail.text,
                truncated: tail.truncated,
                size: tail.size,
                live: tail.live,
              },
        );
        if (!found) setError('This run is no longer in the history.');
      },
      (err) => current && setError(errorText(err)),
    );
    return () => {
      current = false;
      unsubscribe();
    };
  }, [runId]);

  const openLog = () => {
    setActionError(null);
    call('openLogFile', runId).catch((err) => setActionError(errorText(err)));
  };
  const cancel = () => {
    setActionError(null);
    call('cancelRun', runId).catch((err) => setActionError(errorText(err)));
  };
  const live = run !== null && !isFinished(run);

  return (
    <section class="detail" aria-labelledby="detail-title">
      <div class="detail-bar">
        <button type="button" class="button" onClick={onBack}>
          ← Back
        </button>
        <h2 id="detail-title" class="detail-title" tabIndex={-1} ref={heading}>
          {run ? run.jobName : 'Run'}
        </h2>
        {live ? (
          <button type="button" class="button danger" onClick={cancel}>
            Cancel run
          </button>
        ) : null}
      </div>
      <ErrorAlert message={error} />
      {run ? <Facts run={run} /> : <p class="muted loading">Loading run…</p>}
      <div class="log-head">
        <h3 class="log-title">Log {log?.live || live ? <span class="chip live">live</span> : null}</h3>
        <span class="muted small">
          {log ? (log.truncated ? `last part of ${formatBytes(log.size)}` : formatBytes(log.size)) : ''}
        </span>
        <button type="button" class="button" onClick={openLog} disabled={!log || log.size === 0}>
          Open full log
        </button>
      </div>
      <ErrorAlert message={actionError} />
      <LogText text={log?.text ?? null} />
    </section>
  );
}

function Facts({ run }: { run: Run }) {
  const finished = isFinished(run);
  const now = useNow(1000, !finished);
  const duration = finished ? run.durationMs : now - new Date(run.startTime).getTime();
  const exit = finished ? (run.exitCode !== null ? String(run.exitCode) : (run.signal ?? '—')) : null;
  return (
    <div class="facts">
      <p class={`detail-status${finished && !run.success ? ' bad' : ''}`}>
        <StatusIcon status={finished ? run.status : 'Running'} />
        <span class="detail-message">
          {sentence(finished ? run.message : run.statusMessage || 'Running')}
        </span>
      </p>
      {!finished && run.progress !== null ? (
        <progress max={100} value={run.progress} aria-label="Progress" class="detail-progress" />
      ) : null}
      <dl class="fact-grid">
        <dt>Started</dt>
        <dd>{formatTimeExact(run.startTime)}</dd>
        <dt>{finished ? 'Duration' : 'Running for'}</dt>
        <dd>{formatDuration(Math.max(0, duration))}</dd>
        {exit !== null ? (
          <>
            <dt>Exit code</dt>
            <dd>{exit}</dd>
          </>
        ) : null}
        <dt>Started by</dt>
        <dd>
          {triggerLabel(run.trigger)}
          {run.attempt > 1 ? ` (attempt ${run.attempt})` : ''}
        </dd>
        {finished && accountingText(run) !== null ? (
          <>
            <dt>Used</dt>
            <dd>{accountingText(run)}</dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}

/** The log, kept scrolled to the end while the user has not scrolled up to read. */
function LogText({ text }: { text: string | null }) {
  const box = useRef<HTMLPreElement>(null);
  const stick = useRef(true);
  useLayoutEffect(() => {
    const el = box.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [text]);
  const onScroll = () => {
    const el = box.current;
    if (el) stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
  };
  // aria-live off: announcing every line of a chatty job would drown everything else.
  return (
    <pre
      class="log"
      ref={box}
      onScroll={onScroll}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the log scrolls, so keyboard users must be able to reach it.
      tabIndex={0}
      role="log"
      aria-live="off"
      aria-label="Log output"
    >
      {text === null ? 'Loading…' : text === '' ? <span class="muted">No output.</span> : text}
    </pre>
  );
}
