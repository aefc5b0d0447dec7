import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export const LOOP_DELAY_RESOLUTION_MS = 10;

export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
  samples: number;
}

/** Event-loop delay while `work` runs, in ms beyond the sampling interval (perf_hooks.monitorEventLoopDelay). */
export async function loopDelayDuring<T>(work: () => Promise<T>): Promise<{ value: T; delay: LoopDelay }> {
  const histogram = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  histogram.enable();
  // The histogram's first sample only sets its clock: let it tick before the work starts.
  await sleep(3 * LOOP_DELAY_RESOLUTION_MS);
  let value: T;
  try {
    value = await work();
  } finally {
    histogram.disable();
  }
  // The histogram records whole intervals between samples; the delay is what exceeds the resolution.
  const beyond = (ns: number) => Math.max(0, ns / 1e6 - LOOP_DELAY_RESOLUTION_MS);
  return {
    value,
    delay: {
      p50: beyond(histogram.percentile(50)),
      p99: beyond(histogram.percentile(99)),
      max: beyond(histogram.max),
      samples: histogram.count,
    },
  };
}
