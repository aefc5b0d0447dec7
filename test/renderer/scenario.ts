import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { expect } from 'vitest';
import { Hub } from '../../src/main/core/hub/hub';
import { writeJob } from '../helpers/hub';
import {
  createMarker,
  expectNoSurvivors,
  type Marker,
  pidsWithMarker,
  readPidsNow,
} from '../helpers/processes';
import { type HubWindow, openWindow } from './window-harness';

/** One test's world: a real hub on a temp data directory, the window on it, and what to clean up. */
export interface Scenario {
  hub: Hub;
  /** The scenario's temp folder (data/, drop/ and anything else the test wants to put there). */
  root: string;
  dataDir: string;
  jobsDir: string;
  /** Where "dropped" files live (pathForFile maps a File's name here). */
  dropDir: string;
  window: HubWindow;
  /** Every pid the hub reported for a run; all must be gone when the test ends. */
  pids: Set<number>;
  /** A pid file fixtures may append to (job-status.mjs takes it as an argument). */
  pidFile: string;
  /** Carried in every job's environment, so that even grandchildren can be found afterwards (Linux). */
  marker: Marker;
  /** Opens the window again (after hub changes the page should see from scratch). */
  reopen(): Promise<HubWindow>;
}

/** Paths a scenario's job files may need before the hub opens. */
export interface ScenarioPaths {
  root: string;
  pidFile: string;
}

export interface ScenarioOptions {
  /** Job files written into the jobs folder before the hub opens: file name → object or raw text. */
  jobs?: (paths: ScenarioPaths) => Record<string, object | string>;
  /** Settings written before the hub opens. */
  settings?: object;
}

/** Starts a scenario; `end` must be called from afterEach (or a finally) whatever happened. */
export async function startScenario(
  browser: Browser,
  url: string,
  options: ScenarioOptions = {},
): Promise<Scenario> {
  const root = await mkdtemp(join(tmpdir(), 'hub-window-'));
  const dataDir = join(root, 'data');
  const dropDir = join(root, 'drop');
  await mkdir(dropDir, { recursive: true });
  await mkdir(dataDir, { recursive: true });
  const pidFile = join(root, 'pids');
  for (const [fileName, job] of Object.entries(options.jobs?.({ root, pidFile }) ?? {})) {
    await writeJob(dataDir, fileName, job);
  }
  if (options.settings) await writeFile(join(dataDir, 'settings.json'), JSON.stringify(options.settings));
  const marker = createMarker();
  const hub = await Hub.open({
    dataDir,
    killGraceMs: 500,
    env: { ...process.env, [marker.name]: marker.value },
  });
  const pids = new Set<number>();
  hub.events.on((event) => {
    const run = 'run' in event ? event.run : 'result' in event ? event.result : null;
    if (run?.pid) pids.add(run.pid);
  });
  const window = await openWindow(browser, url, { hub, dropDir });
  const scenario: Scenario = {
    hub,
    root,
    dataDir,
    jobsDir: hub.layout.jobsDir,
    dropDir,
    window,
    pids,
    pidFile,
    marker,
    async reopen() {
      await scenario.window.close();
      scenario.window = await openWindow(browser, url, { hub, dropDir });
      return scenario.window;
    },
  };
  scenarios.set(scenario, root);
  return scenario;
}

const scenarios = new Map<Scenario, string>();

/** A job file running `node <script> ...args`; `timeoutMinutes` and other process fields go into `process`. */
export function nodeJobFile(
  name: string,
  script: string,
  args: string[],
  options: { timeoutMinutes?: number; [key: string]: unknown } = {},
): object {
  const { timeoutMinutes, ...extra } = options;
  return {
    name,
    ...extra,
    process: {
      command: process.execPath,
      arguments: [script, ...args],
      ...(timeoutMinutes === undefined ? {} : { timeoutMinutes }),
    },
  };
}

/**
 * Closes the window and the hub (which cancels and records running jobs), then proves that no process
 * the scenario started is alive: the pids the hub reported, the pids fixtures wrote, and anything still
 * carrying the scenario's marker. Also fails when the page logged errors.
 */
export async function endScenario(scenario: Scenario | undefined): Promise<void> {
  if (!scenario) return;
  const root = scenarios.get(scenario);
  scenarios.delete(scenario);
  const pageErrors = [...scenario.window.pageErrors];
  try {
    await scenario.window.close();
    await scenario.hub.close();
    await expectNoSurvivors([...scenario.pids, ...readPidsNow(scenario.pidFile)]);
    expect(pidsWithMarker(scenario.marker)).toEqual([]);
  } finally {
    if (root) await rm(root, { recursive: true, force: true });
  }
  expect(pageErrors).toEqual([]);
}
