import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach } from 'vitest';
import type { CliIO } from '../../src/main/cli/io';
import { killProcessTree } from '../../src/main/core/process/kill-tree';
import { waitFor } from './wait-for';

/** The built CLI (`npm run build` makes it; `npm test` builds first). */
export const CLI = resolve(import.meta.dirname, '../../out/cli/automation-hub.js');

/** Runs the built CLI to its end with its user cache folder (compile cache, checked jobs) in `cacheHome`. */
export function cliWithCache(cacheHome: string, ...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, XDG_CACHE_HOME: cacheHome, LOCALAPPDATA: cacheHome },
    encoding: 'utf8',
  });
}

/** A CliIO that records what a command printed. */
export function captureIO(): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
  };
  return io;
}

export interface CliRun {
  pid: number;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

// CLI processes of the current test still running: a test that fails half-way (a timeout under load) must not
// leave a daemon and its jobs behind. One that passes must have ended its own, or it fails here.
const started = new Set<ChildProcess>();

afterEach(async (context) => {
  const left = [...started].filter((child) => child.exitCode === null && child.signalCode === null);
  started.clear();
  // The CLI's tree: a daemon's runs are its descendants.
  await Promise.all(left.map((child) => killProcessTree(child.pid as number, { graceMs: 3000 })));
  if (left.length > 0 && context.task.result?.state !== 'fail')
    throw new Error(
      `the test left ${left.length} CLI process(es) running (ended now): ${left.map((c) => c.spawnargs.slice(2).join(' ')).join('; ')}`,
    );
});

/** Starts the built CLI as a real process; one still running after the test is ended (its whole tree). */
export function startCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  options: { cwd?: string } = {},
): CliRun {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  if (child.pid !== undefined) {
    started.add(child);
    child.once('exit', () => started.delete(child));
  }
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const done = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((res) => child.on('close', (code, signal) => res({ code, signal, stdout, stderr })));
  return {
    pid: child.pid ?? 0,
    done,
    kill: (signal) => child.kill(signal),
    waitForOutput: async (pattern, timeoutMs = 15_000) => {
      await waitFor(() => pattern.test(stdout + stderr), { timeoutMs }).catch(() => {
        throw new Error(`CLI never printed ${pattern}; it printed:\n${stdout + stderr}`);
      });
      return stdout + stderr;
    },
  };
}
