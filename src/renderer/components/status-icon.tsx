/** @jsxImportSource preact */
import { type FinishedStatus, statusLabels } from '../labels';

const paths: Record<FinishedStatus | 'Running', string> = {
  // check mark
  CompletedSuccessfully: 'M4.5 8.2l2.3 2.3 4.7-4.9',
  // cross
  Failed: 'M5.2 5.2l5.6 5.6M10.8 5.2l-5.6 5.6',
  // clock hands
  TimedOut: 'M8 4.6V8l2.4 1.6',
  // slash
  Cancelled: 'M5 11l6-6',
  // lightning bolt: the hub went away under the run
  Interrupted: 'M8.8 3.8L5.9 8.4h2.6l-1.3 3.8 3-4.8H7.6z',
  // fast-forward
  Skipped: 'M4.6 5.2l3 2.8-3 2.8M8.4 5.2l3 2.8-3 2.8',
  // play
  Running: 'M6.5 5v6l4.6-3z',
};

/** A run's outcome as a coloured round icon with an accessible name ("Failed"). */
export function StatusIcon({ status }: { status: FinishedStatus | 'Running' }) {
  const label = status === 'Running' ? 'Running' : statusLabels[status];
  return (
    <svg
      class={`status-icon status-${status}`}
      viewBox="0 0 16 16"
      width="18"
      height="18"
      role="img"
      aria-label={label}
    >
      <title>{label}</title>
      <circle cx="8" cy="8" r="7.2" />
      <path d={paths[status]} />
    </svg>
  );
}
