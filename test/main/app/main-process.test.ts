import { spawn } from 'node:child_process';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Hub } from '../../../src/main/core/hub/hub';

// The built main process (out/main/index.js) run in plain Node, with 'electron' resolved to a recording
// fake (fake-electron/): the real Electron can neither be downloaded nor launched here. This checks the
// glue end to end against a real hub: tray, menu actions, IPC checks, notifications, second instance,
// window behaviour and the quit flow. The decisions themselves are unit-tested next to this file.

const root = path.resolve(import.meta.dirname, '../../..');
const mainBundle = path.join(root, 'out/main/index.js');
const register = path.join(import.meta.dirname, 'fake-electron/register.mjs');

const temps: string[] = [];
afterEach(async () => {
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});

interface Trace {
  exitCode: number;
  scenarioError: string | null;
  paths: Record<string, string>;
  lockData: unknown;
  loginItems: unknown[];
  errorBoxes: { title: string; content: string }[];
  messageBoxes: { message: string; buttons: string[] }[];
  opened: string[];
  // biome-ignore lint/suspicious/noExplicitAny: JSON written by fake-electron/scenario.mjs; the assertions below check its shape.
  steps: Record<string, any>;
}

async function launch(scenario: string, options: { env?: NodeJS.ProcessEnv; dataDir?: string } = {}) {
  await access(mainBundle).catch(() => {
    throw new Error(`${mainBundle} is missing: run "npm run build" first (npm test does).`);
  });
  const base = await mkdtemp(path.join(os.tmpdir(), 'hub-app-'));
  temps.push(base);
  const dataDir = options.dataDir ?? path.join(base, 'data');
  const traceFile = path.join(base, 'trace.json');
  const child = spawn(process.execPath, ['--import', register, mainBundle], {
    cwd: root,
    env: {
      ...process.env,
      ...options.env,
      AUTOMATION_HUB_HOME: dataDir,
      FAKE_APPDATA: path.join(base, 'AppData'),
      FAKE_ELECTRON_SCENARIO: scenario,
      FAKE_ELECTRON_TRACE: traceFile,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const trace: Trace | null = await readFile(traceFile, 'utf8')
    .then(JSON.parse)
    .catch(() => null);
  if (!trace) throw new Error(`the app wrote no trace (exit ${code}):\n${output}`);
  if (trace.scenarioError) throw new Error(`${trace.scenarioError}\n--- app output ---\n${output}`);
  return { code, trace, dataDir, output };
}

const job = (name: string, code: string) => ({
  name,
  process: { command: process.execPath, arguments: ['-e', code], timeoutMinutes: 1 },
});

describe('main process glue (built bundle, fake Electron, real hub)', () => {
  it('runs the tray app: tray, menu, IPC checks, notifications, second instance, quit', async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'hub-app-data-'));
    temps.push(base);
    const dataDir = path.join(base, 'data');
    await mkdir(path.join(dataDir, 'jobs'), { recursive: true });
    await writeFile(
      path.join(dataDir, 'jobs', 'fails.json'),
      JSON.stringify(job('Fails', 'process.exit(3)')),
    );
    await writeFile(
      path.join(dataDir, 'jobs', 'sleeps.json'),
      JSON.stringify(job('Sleeps', 'setTimeout(() => {}, 60000)')),
    );
    const dropped = path.join(base, 'dropped.json');
    await writeFile(dropped, JSON.stringify(job('Dropped', 'process.exit(0)')));

    const { code, trace } = await launch('main', { dataDir, env: { FAKE_DROPPED_JOB: dropped } });
    const { steps } = trace;
    expect(code).toBe(0);

    // Folders: userData is "<appData>/Automation Hub"; Chromium's data is kept out of it.
    expect(path.basename(trace.paths.userData ?? '')).toBe('Automation Hub');
    expect(trace.paths.sessionData).toBe(path.join(trace.paths.userData ?? '', 'Chromium'));
    expect(trace.lockData).toEqual({ argv: expect.any(Array) });

    // Start: idle tray, the window shown with the secure options, every channel handled.
    expect(steps.start.trayImage).toBe('idle.png');
    expect(steps.start.tooltip).toBe('Automation Hub — idle');
    expect(steps.start.window.options).toMatchObject({
      width: 480,
      height: 640,
      webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true },
    });
    expect(steps.start.window.options.webPreferences.preload).toBe(path.join(root, 'out/preload/index.cjs'));
    expect(steps.start.window.loaded).toEqual({ file: path.join(root, 'out/renderer/index.html') });
    expect(steps.start.channels).toHaveLength(18);

    // IPC: our main frame is answered; other senders, bad payloads and paths are refused.
    expect(steps.ipc.listJobs.ok).toBe(true);
    expect(steps.ipc.listJobs.value.map((j: { name: string }) => j.name).sort()).toEqual(['Fails', 'Sleeps']);
    for (const refused of ['fromOtherSite', 'fromSubframe', 'fromOtherContents', 'badPayload', 'logOfPath']) {
      expect(steps.ipc[refused], refused).toMatchObject({ ok: false, error: expect.any(String) });
    }

    // Running: badge and tooltip, and the menu lists the run with its elapsed time, Show and Cancel.
    expect(steps.runSleeps).toMatchObject({ ok: true, value: { accepted: true } });
    expect(steps.running).toEqual({ trayImage: 'running-1.png', tooltip: 'Automation Hub — 1 running' });
    expect(steps.menu.slice(0, 2)).toEqual(['Running (1)', expect.stringMatching(/^Sleeps — \d+(\.\d)? s/)]);
    expect(steps.runningEntry).toEqual(['Show', 'Cancel']);
    expect(steps.menu).toEqual(
      expect.arrayContaining([
        'Run now',
        'Last runs',
        'Pause triggers',
        'Open window',
        'Open jobs folder',
        'Quit',
      ]),
    );

    // A failure run from the menu: notification with exit code, attention icon, ✗ in last runs, log opens.
    expect(steps.failure).toMatchObject({
      title: '✗ Fails failed',
      body: expect.stringMatching(/^Exit code 3 · /),
      trayImage: 'attention.png',
      tooltip: 'Automation Hub — 1 running · 1 problem to look at',
    });
    expect(steps.lastRuns[0]).toMatch(/^✗ Fails · /);
    expect(trace.opened[0]).toMatch(new RegExp(`^${escapeRegExp(path.join(dataDir, 'logs'))}`));

    // Second instance: a missing job file is reported by name.
    const missing = path.join(path.dirname(trace.paths.userData ?? ''), 'missing.json');
    expect(steps.missingFile.title).toBe(`Automation Hub could not run ${missing}`);
    expect(steps.missingFile.body).toMatch(new RegExp(`^${escapeRegExp(missing)}: file not found`));

    // The close button hides; the notification's click shows the window on that run and clears attention.
    expect(steps.closeHides).toEqual({ visible: false, destroyed: false });
    expect(steps.afterClick).toMatchObject({ visible: true, trayImage: 'running-1.png' });
    expect(typeof steps.afterClick.showRun).toBe('string');
    expect(steps.pushedEvents).toEqual(expect.arrayContaining(['run-started', 'run-finished']));
    expect(steps.security).toEqual({
      navigationPrevented: true,
      windowOpen: { action: 'deny' },
      camera: false,
    });

    // Quit with a job running asked first; then the hub closed, cancelling and recording the run.
    expect(trace.messageBoxes).toHaveLength(1);
    expect(trace.messageBoxes[0]?.message).toBe('1 job is still running. Quit anyway?');
    const hub = await Hub.open({ dataDir });
    try {
      const history = await hub.getHistory({ limit: 20 });
      const byJob = Object.fromEntries(history.map((r) => [r.jobName, r]));
      expect(byJob.Fails).toMatchObject({ status: 'Failed', exitCode: 3 });
      expect(byJob.Sleeps).toMatchObject({ status: 'Cancelled' });
      expect(byJob.Dropped).toMatchObject({ status: 'CompletedSuccessfully', trigger: { kind: 'drop' } });
      // Start at login went to the settings (the OS login item is left alone unpackaged).
      expect((await hub.getSettings()).startAtLogin).toBe(true);
      expect(trace.loginItems).toEqual([]);
      const pid = byJob.Sleeps?.pid;
      expect(pid).toBeTypeOf('number');
      expect(() => process.kill(pid as number, 0)).toThrow();
    } finally {
      await hub.close();
    }
  });

  it('quits at once as a second instance (the first one runs the job)', async () => {
    const { code, trace } = await launch('none', { env: { FAKE_ELECTRON_LOCK: 'taken' } });
    expect(code).toBe(0);
    expect(trace.steps).toEqual({});
    expect(trace.errorBoxes).toEqual([]);
  });

  it('explains and quits when another hub owns the data folder', async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'hub-app-locked-'));
    temps.push(base);
    const other = await Hub.open({ dataDir: base });
    try {
      const { code, trace } = await launch('none', { dataDir: base });
      expect(code).toBe(1);
      expect(trace.errorBoxes).toHaveLength(1);
      expect(trace.errorBoxes[0]?.title).toBe('Automation Hub is already running');
      expect(trace.errorBoxes[0]?.content).toContain('would run every job twice');
    } finally {
      await other.close();
    }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
