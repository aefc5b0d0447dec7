import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CLI,
  laneStatus,
  NODE_EXE,
  ROOT,
  spawnWindowsNode,
  windowsPath as wineWindowsPath,
} from '../../scripts/wine-lane.mjs';
import {
  createMarker,
  describeProcess,
  expectNoSurvivors,
  type Marker,
  type ProcessTracker,
  pidsWithMarker,
} from './processes';
import { waitFor } from './wait-for';

/**
 * Where test/windows runs: natively on Windows (the windows-latest workflow), under the Wine lane on Linux, or
 * nowhere, with the reason the tests give when they skip.
 */
export type WindowsLane = { ok: true; wine: boolean } | { ok: false; wine: boolean; reason: string };

function detectLane(): WindowsLane {
  if (process.platform === 'win32') return { ok: true, wine: false };
  if (process.platform !== 'linux')
    return { ok: false, wine: false, reason: 'the Wine lane runs on Linux only' };
  const status = laneStatus();
  return status.ok ? { ok: true, wine: true } : { ok: false, wine: true, reason: status.reason };
}

/** The lane of this test run. */
export const lane: WindowsLane = detectLane();

/** Running under Wine rather than Windows: tests of what Wine does not implement skip with their reason. */
export const underWine = lane.wine;

/** A path as the Windows side sees it: `Z:\…` under Wine, unchanged on Windows. */
export function windowsPath(localPath: string): string {
  return underWine ? wineWindowsPath(localPath) : path.resolve(localPath);
}

/** The Windows Node's path as a Windows program names it (a job's `command`). */
export const windowsNode: string = underWine ? wineWindowsPath(NODE_EXE) : process.execPath;

/** The built CLI as the Windows Node is given it. */
export const windowsCli: string = windowsPath(CLI);

/** What a Windows Node run printed and how it ended. */
export interface WindowsResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A Windows Node process started by startWindowsNode. */
export interface WindowsRun {
  /** The local pid: Wine's Linux process, or the Windows process itself. */
  pid: number;
  /** Every process started under it inherits it (Wine passes the environment through to Linux). */
  marker: Marker;
  done: Promise<WindowsResult>;
  /** Ctrl+C: Wine turns SIGINT into a console Ctrl+C event; on Windows Node sends SIGINT the same way. */
  interrupt(): void;
  /** Ends it without warning: SIGKILL to Wine's process, TerminateProcess on Windows. */
  kill(): void;
  /** What it printed so far (stdout and stderr). */
  output(): string;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

/**
 * Starts `node.exe args…` on the Windows side: under Wine with files as stdout and stderr (node.exe fails on a
 * pipe there), natively with pipes. The process and everything it starts carry a fresh marker, and `tracker`
 * kills whatever is left at cleanup.
 */
export function startWindowsNode(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; tracker: ProcessTracker },
): WindowsRun {
  if (!lane.ok) throw new Error(`no Windows lane: ${lane.reason}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'ah-win-'));
  const files = { stdout: path.join(dir, 'stdout'), stderr: path.join(dir, 'stderr') };
  const marker = createMarker();
  const env = { ...options.env, [marker.name]: marker.value };
  let child: ReturnType<typeof spawn>;
  let captured = { stdout: '', stderr: '' };
  if (underWine) {
    const out = openSync(files.stdout, 'w');
    const err = openSync(files.stderr, 'w');
    child = spawnWindowsNode(args, { cwd: options.cwd, env, stdout: out, stderr: err });
    closeSync(out);
    closeSync(err);
  } else {
    // windowsHide: no console window pops up on the desktop the tests run on.
    child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    child.stdout?.on('data', (c: Buffer) => {
      captured.stdout += c.toString();
    });
    child.stderr?.on('data', (c: Buffer) => {
      captured.stderr += c.toString();
    });
  }
  const pid = child.pid ?? 0;
  options.tracker.track(pid);
  if (underWine) options.tracker.trackFinder(() => wineRunProcesses(marker));
  else options.tracker.trackMarker(marker);
  const read = (): typeof captured => {
    if (!underWine) return captured;
    const text = (file: string) => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return '';
      }
    };
    captured = { stdout: text(files.stdout), stderr: text(files.stderr) };
    return captured;
  };
  const done = new Promise<WindowsResult>((resolve) => {
    child.on('close', (code) => {
      const { stdout, stderr } = read();
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    });
  });
  const output = () => {
    const { stdout, stderr } = read();
    return stdout + stderr;
  };
  return {
    pid,
    marker,
    done,
    output,
    interrupt: () => child.kill('SIGINT'),
    kill: () => child.kill('SIGKILL'),
    waitForOutput: async (pattern, timeoutMs = 60_000) => {
      let all = '';
      await waitFor(
        () => {
          all = output();
          return pattern.test(all);
        },
        { timeoutMs, intervalMs: 50 },
      ).catch(() => {
        throw new Error(`never printed ${pattern}; printed:\n${all}`);
      });
      return all;
    },
  };
}

/** Runs `node.exe args…` on the Windows side to the end. */
export function runWindowsNode(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; tracker: ProcessTracker },
): Promise<WindowsResult> {
  return startWindowsNode(args, options).done;
}

/** The built CLI (`npm run build`) under the Windows Node. */
export function startWindowsCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; tracker: ProcessTracker },
): WindowsRun {
  return startWindowsNode([windowsCli, ...args], options);
}

// Wine's own processes: its server, and the services the first Windows program of a server's life starts. They
// inherit that program's environment (so a test's marker) but serve every test and end with the server.
const WINE_SERVICE =
  /^(?:.*[\\/])?(?:wineserver\d*|services|explorer|winedevice|plugplay|svchost|rpcss|wineboot|winemenubuilder)(?:\.exe)?$/i;

function isWineService(pid: number): boolean {
  try {
    const argv0 = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    return WINE_SERVICE.test(argv0.split(' ')[0] ?? '');
  } catch {
    return false;
  }
}

/** The live Linux processes of a Windows run under Wine: those carrying its marker, less Wine's own services. */
export function wineRunProcesses(marker: Marker): number[] {
  return pidsWithMarker(marker).filter((pid) => !isWineService(pid));
}

/**
 * Proves nothing of a run is left: under Wine every Windows process is a Linux process carrying the run's marker
 * in its environment; on Windows the pids the job's processes reported must be gone.
 */
export async function expectNothingLeft(
  run: Pick<WindowsRun, 'marker'> | null,
  windowsPids: number[],
  timeoutMs = 3000,
): Promise<void> {
  if (underWine && !run) throw new Error('under Wine only a run’s marker finds what is left of it');
  if (!underWine) return expectNoSurvivors(windowsPids, timeoutMs);
  let left: number[] = [];
  await waitFor(
    () => {
      left = run ? wineRunProcesses(run.marker) : [];
      return left.length === 0;
    },
    { timeoutMs },
  ).catch(() => {
    throw new Error(`processes still alive after ${timeoutMs} ms: ${left.map(describeProcess).join(', ')}`);
  });
}

/**
 * Bundles a TypeScript entry for the Windows Node (it cannot load .ts) next to the repository's node_modules, so
 * `koffi` resolves as it does for the CLI. Returns the bundle's path and a function removing it.
 */
export async function bundleForWindows(entry: string): Promise<{ file: string; remove: () => void }> {
  const { build } = await import('vite');
  const outDir = path.join(ROOT, '.cache', 'probes', randomUUID());
  await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      ssr: entry,
      outDir,
      emptyOutDir: true,
      target: 'node20',
      rollupOptions: {
        external: (id) => id === 'koffi' || id.startsWith('node:') || builtinModules.includes(id),
        output: { format: 'es', entryFileNames: 'probe.mjs' },
      },
    },
  });
  return {
    file: path.join(outDir, 'probe.mjs'),
    remove: () => rmSync(outDir, { recursive: true, force: true }),
  };
}

/**
 * How long one Windows-side test may take: a Windows Node takes about a second to start under Wine, several on
 * a busy machine, and a test starts three or four (the command line, the job, its grandchild). Tests assert
 * outcomes, never durations; this only bounds a hang.
 */
export const WINDOWS_TEST_TIMEOUT_MS = 120_000;

/** What Wine does not implement (design.md, "Windows without Windows"): tests of these run on Windows only. */
export const WINE_GAPS = {
  jobPriority: 'Wine accepts JOB_OBJECT_LIMIT_PRIORITY_CLASS but never applies it',
  jobCpuTime: "Wine's job accounting reports no CPU time",
  jobMemory: 'Wine accepts JobMemoryLimit but neither enforces it nor reports peak memory',
} as const;

/** The part of vitest's test context that skips with a note. */
interface Skipper {
  skip(condition: boolean, note?: string): void;
}

/**
 * Skips the test, saying why, where it cannot run: no Windows lane here (the reason names the fix), or under Wine
 * when `wineGap` names what Wine does not implement (the test then runs on the windows-latest workflow). With
 * AUTOMATION_HUB_WINDOWS_LANE=required (CI), a missing lane fails the test instead.
 */
export function requireWindows(context: Skipper, wineGap?: string): void {
  if (!lane.ok && process.env.AUTOMATION_HUB_WINDOWS_LANE === 'required') {
    // CI installs the lane: a lane missing there is a broken install, never a reason to skip.
    throw new Error(`the Windows lane is required here (AUTOMATION_HUB_WINDOWS_LANE), but ${lane.reason}`);
  }
  if (!lane.ok) context.skip(true, `no Windows lane: ${lane.reason}`);
  if (wineGap && underWine) context.skip(true, `Wine cannot show this (${wineGap}); it runs on Windows`);
}
