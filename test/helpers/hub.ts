import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { Hub, type HubOptions } from '../../src/main/core/hub/hub';
import type { HubEvent } from '../../src/shared/hub-api';
import type { RunResult } from '../../src/shared/run-types';

/** Opens hubs for a test and closes them afterwards (which cancels and records their runs). */
export function useHubs(): (options: HubOptions) => Promise<Hub> {
  const open: Hub[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((hub) => hub.close()));
  });
  return async (options) => {
    const hub = await Hub.open({ killGraceMs: 500, ...options });
    open.push(hub);
    return hub;
  };
}

/** Writes a job file into a data directory's jobs folder. */
export async function writeJob(dataDir: string, fileName: string, job: object | string): Promise<string> {
  const dir = join(dataDir, 'jobs');
  await mkdir(dir, { recursive: true });
  const path = join(dir, fileName);
  await writeFile(path, typeof job === 'string' ? job : JSON.stringify(job, null, 2));
  return path;
}

/** Resolves with the first event matching `predicate` (rejects after `timeoutMs`). */
export function nextEvent<T extends HubEvent>(
  hub: Hub,
  predicate: (event: HubEvent) => event is T,
  timeoutMs?: number,
): Promise<T>;
export function nextEvent(
  hub: Hub,
  predicate: (event: HubEvent) => boolean,
  timeoutMs?: number,
): Promise<HubEvent>;
export function nextEvent(
  hub: Hub,
  predicate: (event: HubEvent) => boolean,
  timeoutMs = 20_000,
): Promise<HubEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching hub event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = hub.events.on((event) => {
      if (!predicate(event)) return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

/** Waits for `count` finished runs of a job (rejects after `timeoutMs`). */
export function finishedRuns(
  hub: Hub,
  jobName: string,
  count: number,
  timeoutMs = 20_000,
): Promise<RunResult[]> {
  const results: RunResult[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(
        new Error(`only ${results.length} of ${count} runs of "${jobName}" finished within ${timeoutMs} ms`),
      );
    }, timeoutMs);
    const off = hub.events.on((event) => {
      if (event.type !== 'run-finished' || event.result.jobName !== jobName) return;
      results.push(event.result);
      if (results.length < count) return;
      clearTimeout(timer);
      off();
      resolve(results);
    });
  });
}

/** A job that runs one of the node fixture scripts. */
export function nodeJob(name: string, script: string, args: string[] = [], extra: object = {}): object {
  return { name, process: { command: process.execPath, arguments: [script, ...args] }, ...extra };
}
