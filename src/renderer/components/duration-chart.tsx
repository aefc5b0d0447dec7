/** @jsxImportSource preact */

import { formatDuration } from '../../shared/format';
import type { RunPoint } from '../../shared/hub-api';
import { statusLabels, timeoutText } from '../labels';
import { formatTime } from '../time';

const WIDTH = 200;
const HEIGHT = 44;
const SLOTS = 20; // JobSummary.recent holds at most 20 runs
const GAP = 2;

/**
 * Recent run durations as bars, newest on the right, with the timeout as a line across: a job whose bars
 * climb toward the line is going to time out. The scale always includes the timeout, so how close the
 * bars come to the line is the real proportion.
 */
export function DurationChart({ recent, timeoutMs }: { recent: RunPoint[]; timeoutMs: number | null }) {
  const longest = recent.reduce((max, run) => Math.max(max, run.durationMs), 0);
  const top = Math.max(longest, timeoutMs ?? 0) * 1.12 || 1;
  const slot = WIDTH / SLOTS;
  const first = SLOTS - recent.length;
  const y = (ms: number) => HEIGHT - (ms / top) * HEIGHT;
  const label =
    `Durations of the last ${recent.length} runs: longest ${formatDuration(longest)}` +
    (timeoutMs ? `, timeout ${timeoutText(timeoutMs)}` : '');
  return (
    <svg
      class="duration-chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
    >
      <title>{label}</title>
      <line class="chart-base" x1="0" x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} />
      {recent.map((run, index) => {
        const barTop = Math.min(y(run.durationMs), HEIGHT - 2);
        return (
          <rect
            key={run.runId}
            class={`bar bar-${run.status}`}
            x={(first + index) * slot + GAP / 2}
            y={barTop}
            width={slot - GAP}
            height={HEIGHT - barTop}
          >
            <title>{`${formatTime(run.startTime)} · ${formatDuration(run.durationMs)} · ${statusLabels[run.status]}`}</title>
          </rect>
        );
      })}
      {timeoutMs ? (
        <line class="chart-timeout" x1="0" x2={WIDTH} y1={y(timeoutMs)} y2={y(timeoutMs)} />
      ) : null}
    </svg>
  );
}
