/**
 * Identity of one arrival of a file: the same path with new size or mtime is a new arrival (a file rewritten
 * later runs again), the same triple is the same one (a restart or a rescan must not run it twice).
 */
export function arrivalKey(absolutePath: string, stats: { size: number; mtimeMs: number }): string {
  return `${absolutePath}|${stats.size}|${stats.mtimeMs}`;
}
