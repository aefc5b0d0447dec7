// Soak: 10,000 short runs through one JobExecutionOrchestrator. Whatever a run borrows — a pipe, a log
// file, a timer, an abort listener, an event listener, memory — it must give back: after 10,000 runs
// the hub holds exactly what it held after the first 1,000 (the warm-up fills caches and pools).
// `npm run test:soak`; prints the measurements.
import { getEventListeners, setMaxListeners } from 'node:events';
import { existsSync, readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { JobExecutionOrchestrator } from '../../src/main/core/orchestrator/job-execution-orchestrator';
import { descendantsOf, listProcesses } from '../../src/main/core/process/process-table';
import type { RunResult } from '../../src/shared/run-types';
import { job } from '../helpers/jobs';
import { useTempDirs } from '../helpers/temp';

const RUNS = Number(process.env.SOAK_RUNS ?? 10_000);
const WARM_UP = Math.min(1_000, Math.floor(RUNS / 10));
const MAX_CONCURRENT = 8;
// Twice the slots: eight run while eight wait in the queue, so the queue is soaked too.
const SUBMITTERS = 2 * MAX_CONCURRENT;
const MAX_HEAP_DRIFT = 32 * 1024 * 1024;
const MAX_RSS_DRIFT = 64 * 1024 * 1024;
// The cheapest real process: `node -e 0` costs ~40 ms, which would make this a 7-minute test.
const TRUE = ['/usr/bin/true', '/bin/true'].find((path) => existsSync(path));

const tempDir = useTempDirs();

interface Snapshot {
  runs: number;
  fds: number;
  listeners: number;
  abortListeners: number;
  resources: Record<string, number>;
  heapUsed: number;
  external: number;
  rss: number;
  active: number;
  running: number;
}

const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function countBy(items: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[item] = (counts[item] ?? 0) + 1;
  return counts;
}

const lines: string[] = [];
afterAll(() => {
  if (lines.length > 0) console.log(`\n${lines.join('\n')}\n`);
});

describe.skipIf(process.platform !== 'linux' || TRUE === undefined)('soak', () => {
  it(`${RUNS} runs of ${TRUE} through one orchestrator leak nothing`, async () => {
    const logDir = await tempDir();
    const orchestrator = new JobExecutionOrchestrator({
      maxConcurrentJobs: MAX_CONCURRENT,
      // Every run writes a (empty) log file: log handles are soaked too.
      logDir,
      killGraceMs: 1000,
    });
    const soak = job({
      name: 'Soak',
      concurrency: 'parallel',
      process: { command: TRUE ?? '/bin/true', startupSeconds: 0 },
    });
    // One signal shared by every run, as a hub-wide "stopping" signal would be: each run's abort listener
    // on it must be removed when the run ends.
    const shutdown = new AbortController();
    // Up to SUBMITTERS runs hold a listener at once; more than 10 makes Node warn of a possible leak.
    // The count checked below is the real leak test.
    setMaxListeners(SUBMITTERS + 1, shutdown.signal);
    // The app listens like this; the listener must stay the only one.
    let finished = 0;
    const stopListening = orchestrator.monitor.events.on((event) => {
      if (event.type === 'run-finished') finished++;
    });

    const statuses: Record<string, number> = {};
    const failures: RunResult[] = [];
    let started = 0;
    async function submitUntil(target: number): Promise<void> {
      const submitter = async () => {
        while (started < target) {
          started++;
          const result = await orchestrator.executeJob(soak, { signal: shutdown.signal });
          statuses[result.status] = (statuses[result.status] ?? 0) + 1;
          if (!result.success && failures.length < 5) failures.push(result);
        }
      };
      await Promise.all(Array.from({ length: SUBMITTERS }, submitter));
    }

    async function snapshot(runs: number): Promise<Snapshot> {
      // Let the last runs' stragglers end: the 2 s stream-close guard, kill-sweep polls, log closes.
      await sleep(2500);
      for (let i = 0; i < 3; i++) {
        globalThis.gc?.();
        await sleep(50);
      }
      const memory = process.memoryUsage();
      return {
        runs,
        fds: readdirSync('/proc/self/fd').length,
        listeners: orchestrator.monitor.events.listenerCount,
        abortListeners: getEventListeners(shutdown.signal, 'abort').length,
        resources: countBy(process.getActiveResourcesInfo()),
        heapUsed: memory.heapUsed,
        external: memory.external,
        rss: memory.rss,
        active: orchestrator.activeCount,
        running: orchestrator.monitor.runningCount,
      };
    }

    const began = Date.now();
    await submitUntil(WARM_UP);
    const baseline = await snapshot(WARM_UP);
    const warmedAt = Date.now();
    // Memory after every further 1,000 runs (collected, not settled): a leak climbs, a warm heap levels off.
    const trend: string[] = [];
    for (let target = 2 * WARM_UP; target <= RUNS; target += WARM_UP) {
      await submitUntil(target);
      globalThis.gc?.();
      const { heapUsed, rss } = process.memoryUsage();
      trend.push(`${target}: heap ${MB(heapUsed)}, rss ${MB(rss)}`);
    }
    await submitUntil(RUNS);
    const ranFor = Date.now() - warmedAt;
    const final = await snapshot(RUNS);
    stopListening();

    const heapDrift = final.heapUsed - baseline.heapUsed;
    const rssDrift = final.rss - baseline.rss;
    lines.push(
      `soak: ${RUNS} runs of ${TRUE} (≤ ${MAX_CONCURRENT} at once, ${SUBMITTERS} submitters) in ${((Date.now() - began) / 1000).toFixed(1)} s; ` +
        `runs ${WARM_UP + 1}–${RUNS}: ${((RUNS - WARM_UP) / (ranFor / 1000)).toFixed(0)} runs/s`,
      `statuses: ${JSON.stringify(statuses)}; gc exposed: ${typeof globalThis.gc === 'function'}`,
      `after ${baseline.runs} → after ${final.runs} runs:`,
      `  open fds          ${baseline.fds} → ${final.fds}`,
      `  event listeners   ${baseline.listeners} → ${final.listeners}`,
      `  abort listeners   ${baseline.abortListeners} → ${final.abortListeners}`,
      `  active resources  ${JSON.stringify(baseline.resources)} → ${JSON.stringify(final.resources)}`,
      `  heapUsed          ${MB(baseline.heapUsed)} → ${MB(final.heapUsed)} (drift ${MB(heapDrift)})`,
      `  external          ${MB(baseline.external)} → ${MB(final.external)}`,
      `  rss               ${MB(baseline.rss)} → ${MB(final.rss)} (drift ${MB(rssDrift)})`,
      `memory trend: ${trend.join('; ')}`,
    );

    expect(failures).toEqual([]);
    expect(statuses).toEqual({ CompletedSuccessfully: RUNS });
    expect(finished).toBe(RUNS);
    expect(readdirSync(logDir)).toHaveLength(RUNS);
    expect(final.active).toBe(0);
    expect(final.running).toBe(0);
    expect(final.fds).toBe(baseline.fds);
    expect(final.listeners).toBe(1);
    expect(baseline.listeners).toBe(1);
    expect(final.abortListeners).toBe(0);
    expect(baseline.abortListeners).toBe(0);
    expect(final.resources).toEqual(baseline.resources);
    expect(heapDrift).toBeLessThan(MAX_HEAP_DRIFT);
    expect(rssDrift).toBeLessThan(MAX_RSS_DRIFT);
    // And no process of ours is left: this process has no live descendants.
    const table = await listProcesses();
    const live = new Set(table.filter((entry) => !entry.zombie).map((entry) => entry.pid));
    expect(descendantsOf(process.pid, table).filter((pid) => live.has(pid))).toEqual([]);
  });
});
