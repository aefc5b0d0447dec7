// Its own module, so that the platform listers (linux-proc, darwin-ps, windows-process) and process-table,
// which calls them, share the row type without importing each other.
/** One row of the OS process table: enough to find a job's processes by parentage or group. */
export interface ProcessEntry {
  pid: number;
  ppid: number;
  /** Process group id; null on Windows, which has none. */
  pgid: number | null;
  /** Exited but not yet reaped: counts as dead everywhere in this layer. */
  zombie: boolean;
  /**
   * When the process started, as a decimal tick count comparable within one table (Linux: clock ticks after
   * boot; Windows: its creation time). Optional; where known, parent links to a younger process are ignored.
   */
  startTime?: string;
}
