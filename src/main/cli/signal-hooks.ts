/** The signals a library may have hooked at load time, and that the command line handles itself (signals.ts). */
const HOOKED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * Removes the signal listeners libraries registered while the command line was loading (none are its own yet),
 * on Windows. conf writes through `atomically`, whose `when-exit` hooks SIGINT, SIGTERM and SIGHUP on load and, on
 * a signal, re-raises it with process.kill(process.pid, signal). On Windows that call is TerminateProcess: Ctrl+C
 * would end `automation-hub run` at once with exit code 1, before it could cancel its job and report, and the
 * daemon before it could record its runs. The commands that care take these signals themselves (takeStopSignals)
 * and then exit normally, which still runs when-exit's 'exit' hook (its only other work). Returns how many were
 * removed.
 */
export function dropLibrarySignalHooks(
  platform: NodeJS.Platform = process.platform,
  target: Pick<NodeJS.Process, 'listeners' | 'removeListener'> = process,
): number {
  if (platform !== 'win32') return 0;
  let removed = 0;
  for (const signal of HOOKED_SIGNALS) {
    for (const listener of target.listeners(signal)) {
      target.removeListener(signal, listener as (...args: unknown[]) => void);
      removed++;
    }
  }
  return removed;
}
