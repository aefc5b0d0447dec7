import { spawn } from 'node:child_process';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isAlive } from '../../../src/main/core/process/process-table';
import { createMarker, type Marker, pidsWithMarker } from '../../helpers/processes';

// The built main process (out/main/index.js) run in plain Node, with 'electron' resolved to a recording fake
// (fake-electron/): the real Electron can neither be downloaded nor launched here.

export const ROOT = path.resolve(import.meta.dirname, '../../..');
const register = path.join(import.meta.dirname, 'fake-electron/register.mjs');

export interface Trace {
  exitCode: number;
  exitHow: string;
  scenarioError: string | null;
  paths: Record<string, string>;
  lockData: unknown[];
  appUserModelId: string | null;
  toastActivatorCLSID: string | null;
  applicationMenu: 'unset' | 'default' | 'custom' | null;
  loginItemCalls: Record<string, unknown>[];
  loginRegistry: { run: Record<string, string>; approved: Record<string, string> };
  errorBoxes: { title: string; content: string }[];
  messageBoxes: { message: string; buttons: string[] }[];
  opened: string[];
  ipcListeners: string[];
  lifecycle: string[];
  toastFailures: string[];
  violations: string[];
  // biome-ignore lint/suspicious/noExplicitAny: JSON written by the fake's scenarios; the tests check its shape.
  steps: Record<string, any>;
}

export interface LaunchOptions {
  env?: NodeJS.ProcessEnv;
  /** AUTOMATION_HUB_HOME; null leaves it unset (the data folder is then userData). */
  dataDir?: string | null;
  /** Arguments after the app's path (`--hidden`, `-Embedding`, `--quit`, a job file). */
  args?: string[];
  /** Where the built app is (default: this repo's out/). Its folder is the working directory. */
  appDir?: string;
}

/** Temporary folders and job processes of the tests in one file; `cleanup` in afterEach. */
export class AppLauncher {
  readonly marker: Marker = createMarker();
  readonly #temps: string[] = [];

  async temp(prefix: string): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
    this.#temps.push(dir);
    return dir;
  }

  /** Runs the app to its end with a scenario; throws with the app's output if the scenario failed. */
  async launch(scenario: string, options: LaunchOptions = {}) {
    const appDir = options.appDir ?? ROOT;
    const mainBundle = path.join(appDir, 'out/main/index.js');
    await access(mainBundle).catch(() => {
      throw new Error(`${mainBundle} is missing: run "npm run build" first (npm test does).`);
    });
    const base = await this.temp('hub-app-');
    const traceFile = path.join(base, 'trace.json');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      FAKE_APPDATA: path.join(base, 'AppData', 'Roaming'),
      LOCALAPPDATA: path.join(base, 'AppData', 'Local'),
      ...options.env,
      FAKE_ELECTRON_SCENARIO: scenario,
      FAKE_ELECTRON_TRACE: traceFile,
      [this.marker.name]: this.marker.value,
    };
    if (options.dataDir === null) delete env.AUTOMATION_HUB_HOME;
    else env.AUTOMATION_HUB_HOME = options.dataDir ?? path.join(base, 'data');
    await mkdir(env.FAKE_APPDATA as string, { recursive: true }).catch(() => {});
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', register, mainBundle, ...(options.args ?? [])],
      { cwd: appDir, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const trace: Trace | null = await readFile(traceFile, 'utf8')
      .then(JSON.parse)
      .catch(() => null);
    if (!trace) throw new Error(`the app wrote no trace (exit ${code}):\n${output}`);
    if (trace.scenarioError) throw new Error(`${trace.scenarioError}\n--- app output ---\n${output}`);
    return {
      code,
      trace,
      output,
      dataDir: env.AUTOMATION_HUB_HOME ?? null,
      appData: env.FAKE_APPDATA as string,
    };
  }

  /**
   * Job processes the app left running. On Linux every process carrying this file's marker; on Windows the
   * pids the test names (no /proc to search).
   */
  survivors(pids: (number | null | undefined)[] = []): number[] {
    if (process.platform === 'linux') return pidsWithMarker(this.marker);
    return pids.filter((pid): pid is number => typeof pid === 'number' && isAlive(pid));
  }

  async cleanup(pids: (number | null | undefined)[] = []): Promise<void> {
    for (const pid of this.survivors(pids)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {}
    }
    for (const dir of this.#temps.splice(0)) await rm(dir, { recursive: true, force: true });
  }
}

/** A job that runs node with a one-line script. */
export const nodeJob = (name: string, code: string) => ({
  name,
  process: { command: process.execPath, arguments: ['-e', code], timeoutMinutes: 1 },
});

/** A data folder with these jobs in jobs/. */
export async function dataFolderWith(dir: string, jobs: Record<string, object>): Promise<string> {
  await mkdir(path.join(dir, 'jobs'), { recursive: true });
  for (const [file, job] of Object.entries(jobs)) {
    await writeFile(path.join(dir, 'jobs', file), JSON.stringify(job));
  }
  return dir;
}

/** The tray image's file extension on this platform (.ico on Windows). */
export const TRAY_EXT = process.platform === 'win32' ? '.ico' : '.png';
