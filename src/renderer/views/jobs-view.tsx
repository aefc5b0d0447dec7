/** @jsxImportSource preact */
import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../../shared/error-text';
import { formatDuration } from '../../shared/format';
import type { JobSummary } from '../../shared/hub-api';
import type { JobProblem } from '../../shared/job-problem';
import { DurationChart } from '../components/duration-chart';
import { Empty } from '../components/empty';
import { ProblemItem } from '../components/problem-item';
import { StatusIcon } from '../components/status-icon';
import { call } from '../hub';
import { statusLabels, timeoutText } from '../labels';
import { formatFromNow, formatPercent, formatTime } from '../time';

interface Props {
  jobs: JobSummary[] | null;
  jobsFolder: string | null;
  triggersPaused: boolean;
  onChanged: () => void;
}

/** The job library: valid jobs with their triggers, next run, recent durations; invalid files with their problems. */
export function JobsView({ jobs, jobsFolder, triggersPaused, onChanged }: Props) {
  if (jobs === null) return <p class="muted loading">Loading jobs…</p>;
  const invalid = jobs.filter((job) => !job.valid);
  const valid = jobs.filter((job) => job.valid);
  if (jobs.length === 0) {
    return (
      <Empty title="No jobs yet.">
        <p>
          Drop a job file here, or add one to <code class="path">{jobsFolder ?? 'the jobs folder'}</code>.
        </p>
        <OpenFolderButton />
      </Empty>
    );
  }
  return (
    <div class="jobs">
      {invalid.length > 0 ? (
        <section aria-labelledby="invalid-heading" class="group">
          <h2 id="invalid-heading" class="group-title error-title">
            {invalid.length === 1 ? '1 job file has problems' : `${invalid.length} job files have problems`}
          </h2>
          <ul class="cards">
            {invalid.map((job) => (
              <InvalidCard key={job.file} job={job} />
            ))}
          </ul>
        </section>
      ) : null}
      {valid.length > 0 ? (
        <ul class="cards" aria-label="Jobs">
          {valid.map((job) => (
            <JobCard key={job.file} job={job} triggersPaused={triggersPaused} onChanged={onChanged} />
          ))}
        </ul>
      ) : (
        <Empty title="No job can run yet.">
          Fix the files above; they are read again as soon as you save them.
        </Empty>
      )}
      <p class="muted small folder-line">
        Job files live in <code class="path">{jobsFolder}</code> <OpenFolderButton />
      </p>
    </div>
  );
}

function OpenFolderButton() {
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        class="button small-button"
        onClick={() => call('openJobsFolder').catch((err) => setError(errorText(err)))}
      >
        Open folder
      </button>
      {error ? (
        <span class="error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}

/** `backup.json:12:5`, the way editors jump to a place. */
// Problems name their file; a job's own file goes by its name in the jobs folder.
function problemFileName(job: JobSummary, problem: JobProblem): string {
  return problem.file === job.file ? job.fileName : (problem.file.split(/[\\/]/).pop() ?? problem.file);
}

function InvalidCard({ job }: { job: JobSummary }) {
  return (
    <li class="card invalid-card" aria-label={job.fileName}>
      <div class="card-head">
        <svg class="warn-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
          <path d="M8 1.8l6.6 11.8H1.4z" />
          <path class="mark" d="M8 6v3.6M8 11.4v.4" />
        </svg>
        <h3 class="card-title">{job.name ?? job.fileName}</h3>
        {job.name ? <span class="muted small">{job.fileName}</span> : null}
      </div>
      <ul class="problems">
        {job.problems.map((problem, index) => (
          <ProblemItem key={index} fileName={problemFileName(job, problem)} problem={problem} />
        ))}
      </ul>
    </li>
  );
}

function JobCard({
  job,
  triggersPaused,
  onChanged,
}: {
  job: JobSummary;
  triggersPaused: boolean;
  onChanged: () => void;
}) {
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  // The switch shows the new state at once; the library's answer (a fresh listJobs) confirms it.
  const [pending, setPending] = useState<boolean | null>(null);
  useEffect(() => {
    if (pending !== null && job.enabled === pending) setPending(null);
  }, [job.enabled, pending]);
  const name = job.name ?? job.fileName;
  const runNow = () => {
    setMessage(null);
    // The ticket says whether the run was accepted; Running follows it (a queued run is flashed by run-queued).
    call('runJob', name).then(
      (ticket) => {
        if (!ticket.accepted) setMessage({ error: false, text: `Not started: ${ticket.message}` });
      },
      (error) => setMessage({ error: true, text: errorText(error) }),
    );
  };
  const toggle = async (enabled: boolean) => {
    setPending(enabled);
    setMessage(null);
    try {
      await call('setJobEnabled', name, enabled);
      onChanged();
    } catch (error) {
      setPending(null);
      setMessage({ error: true, text: errorText(error) });
    }
  };
  const toggleId = `enabled-${job.file}`;
  const last = job.lastResult;
  return (
    <li class={`card job-card${job.enabled ? '' : ' disabled'}`} aria-label={name}>
      <div class="card-head">
        {job.running > 0 ? (
          <StatusIcon status="Running" />
        ) : last ? (
          <StatusIcon status={last.status} />
        ) : null}
        <h3 class="card-title">{name}</h3>
        <label class="switch" for={toggleId}>
          <input
            id={toggleId}
            type="checkbox"
            role="switch"
            aria-checked={pending ?? job.enabled}
            checked={pending ?? job.enabled}
            disabled={pending !== null}
            onChange={(event) => toggle(event.currentTarget.checked)}
          />
          <span class="switch-label">Enabled</span>
        </label>
        <button type="button" class="button primary" onClick={runNow} aria-label={`Run ${name} now`}>
          Run now
        </button>
      </div>
      {job.description ? <p class="muted small description">{job.description}</p> : null}
      <Triggers job={job} triggersPaused={triggersPaused} />
      {job.recent.length > 0 ? (
        <div class="chart-row">
          <DurationChart recent={job.recent} timeoutMs={job.timeoutMs} />
          <dl class="chart-facts">
            <div>
              <dt>Succeeded</dt>
              <dd>{job.successRate === null ? '—' : formatPercent(job.successRate)}</dd>
            </div>
            <div>
              <dt>Longest</dt>
              <dd>{formatDuration(Math.max(...job.recent.map((r) => r.durationMs)))}</dd>
            </div>
            <div>
              <dt>Timeout</dt>
              <dd>{job.timeoutMs === null ? '—' : timeoutText(job.timeoutMs)}</dd>
            </div>
          </dl>
        </div>
      ) : (
        <p class="muted small">
          Not run yet{job.timeoutMs ? ` · timeout ${timeoutText(job.timeoutMs)}` : ''}
        </p>
      )}
      {last ? (
        <p class="muted small">
          Last run {formatTime(last.startTime)}: {statusLabels[last.status].toLowerCase()}
          {last.exitCode !== null && last.status !== 'CompletedSuccessfully'
            ? ` (exit code ${last.exitCode})`
            : ''}
        </p>
      ) : null}
      {message ? (
        <p class={message.error ? 'error' : 'note'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      ) : null}
    </li>
  );
}

function Triggers({ job, triggersPaused }: { job: JobSummary; triggersPaused: boolean }) {
  if (job.triggers.length === 0) {
    return <p class="muted small">No triggers: runs only when started by hand.</p>;
  }
  return (
    <div class="triggers">
      <ul class="trigger-list">
        {job.triggers.map((trigger, index) => (
          <li key={index} class="trigger">
            <span class={`trigger-kind kind-${trigger.type}`}>{trigger.type}</span> {trigger.description}
          </li>
        ))}
      </ul>
      <p class="small next-run">
        {!job.enabled ? (
          <span class="muted">Disabled: no trigger starts it.</span>
        ) : triggersPaused ? (
          <span class="muted">All triggers are paused.</span>
        ) : job.nextRun ? (
          <>
            Next run <time dateTime={job.nextRun}>{formatTime(job.nextRun)}</time>{' '}
            <span class="muted">({formatFromNow(job.nextRun)})</span>
          </>
        ) : job.triggers.every((t) => t.type === 'file') ? (
          <span class="muted">Runs when a matching file arrives.</span>
        ) : null}
      </p>
      {job.waiting > 0 ? (
        <p class="small note" role="status">
          {job.waiting === 1 ? '1 file waits' : `${job.waiting} files wait`} for a run of this job.
        </p>
      ) : null}
    </div>
  );
}
