/** @jsxImportSource preact */
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../../shared/error-text';
import type { JobPreview } from '../../shared/hub-api';
import { ProblemItem } from '../components/problem-item';
import { call } from '../hub';
import { timeoutText } from '../labels';

/** What the drop panel shows: a preview, a refusal, or the wait for the preview. */
export type DropState =
  | { kind: 'loading'; fileName: string }
  | { kind: 'refused'; fileName: string; message: string }
  | { kind: 'preview'; fileName: string; preview: JobPreview };

interface Props {
  drop: DropState;
  onClose: () => void;
  /** The run started: show it in Running. */
  onRun: () => void;
  /** Added to the library at `path`. */
  onAdded: (path: string) => void;
  onRunError: (message: string) => void;
}

/** A dropped file before anything happens: what it would run, or why it cannot; Run, Add to library, Close. */
export function DropPreview({ drop, onClose, onRun, onAdded, onRunError }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [drop]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const preview = drop.kind === 'preview' ? drop.preview : null;
  const run = () => {
    if (drop.kind !== 'preview' || !drop.preview.ok) return;
    // Exactly what this preview showed: its file and content hash (the hub refuses a file changed since).
    // The ticket comes back at once; the run itself shows up in Running through events.
    call('runJobFile', drop.preview.file, drop.preview.hash).then(
      (ticket) => {
        if (!ticket.accepted) onRunError(`${ticket.jobName} did not start: ${ticket.message}`);
      },
      (err) => onRunError(errorText(err)),
    );
    onRun();
  };
  const add = async () => {
    if (drop.kind !== 'preview' || !drop.preview.ok) return;
    setAdding(true);
    setError(null);
    try {
      onAdded(await call('addJobFile', drop.preview.file, drop.preview.hash));
    } catch (err) {
      setError(errorText(err));
      setAdding(false);
    }
  };

  return (
    <div class="dialog-backdrop">
      <section class="dialog" role="dialog" aria-modal="true" aria-labelledby="drop-title">
        <h2 id="drop-title" class="dialog-title" tabIndex={-1} ref={heading}>
          {drop.kind === 'loading'
            ? `Reading ${drop.fileName}…`
            : preview?.ok
              ? preview.name
              : `${drop.fileName} cannot run`}
        </h2>
        {drop.kind === 'refused' ? (
          <p class="error" role="alert">
            {drop.message}
          </p>
        ) : null}
        {preview && !preview.ok ? (
          <>
            <p class="muted small">Fix these and drop the file again:</p>
            <ul class="problems" role="alert">
              {preview.problems.map((problem, index) => (
                <ProblemItem key={index} fileName={drop.fileName} problem={problem} />
              ))}
            </ul>
          </>
        ) : null}
        {preview?.ok ? (
          <>
            <dl class="fact-grid preview-facts">
              <dt>File</dt>
              <dd>
                <code class="path">{drop.fileName}</code>
              </dd>
              <dt>Runs</dt>
              <dd>
                <code class="path">
                  {preview.command}
                  {preview.arguments ? ` ${preview.arguments}` : ''}
                </code>
              </dd>
              <dt>In folder</dt>
              <dd>
                <code class="path">{preview.workingDirectory}</code>
              </dd>
              <dt>Timeout</dt>
              <dd>{timeoutText(preview.timeoutMinutes * 60_000)}</dd>
              {preview.environment.length > 0 ? (
                <>
                  <dt>Environment</dt>
                  <dd>
                    {preview.environment.map((entry) => (
                      <code class="path env-entry" key={entry}>
                        {entry}
                      </code>
                    ))}
                  </dd>
                </>
              ) : null}
              <dt>Triggers</dt>
              <dd>
                {preview.triggers.length === 0 ? 'none (runs when started)' : preview.triggers.join('; ')}
              </dd>
            </dl>
            {preview.nameTaken ? (
              <p class="warning">
                The library already has a job named “{preview.name}”: rename this one to add it.
              </p>
            ) : null}
          </>
        ) : null}
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        <div class="dialog-actions">
          {preview?.ok ? (
            <>
              <button type="button" class="button primary" onClick={run}>
                Run
              </button>
              <button type="button" class="button" onClick={add} disabled={adding || preview.nameTaken}>
                Add to library
              </button>
            </>
          ) : null}
          <button type="button" class="button" onClick={onClose}>
            Close
          </button>
        </div>
      </section>
    </div>
  );
}
