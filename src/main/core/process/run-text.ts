import { execFile } from 'node:child_process';

/** What a helper command printed; `ok` is false when it failed to start, timed out or exited non-zero. */
export interface TextResult {
  ok: boolean;
  stdout: string;
}

/**
 * Runs a short helper (ps, taskkill) to completion without a shell and without a
 * console window, and never rejects: callers treat failure as "no answer" and verify by other means.
 */
export function runText(file: string, args: readonly string[], timeoutMs = 15_000): Promise<TextResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { windowsHide: true, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout) => resolve({ ok: !error, stdout: String(stdout ?? '') }),
    );
  });
}
