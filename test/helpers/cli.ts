import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliIO } from '../../src/main/cli/io';
import { waitFor } from './wait-for';

/** The built CLI (`npm run build` makes it; `npm test` builds first). */
export const CLI = resolve(import.meta.dirname, '../../out/cli/automation-hub.js');

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

/** Starts the built CLI as a real process. */
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
