/**
 * Every kind of HubError, so that code which tells kinds apart (the app's startup message, the tests) is checked
 * by the compiler: a misspelt or retired code is a type error, not a branch that never runs.
 */
export type HubErrorCode =
  // Job files and jobs
  | 'job-invalid' // a job file fails its schema; the message lists each problem with its place
  | 'job-file-unreadable' // a job file could not be read (permissions, vanished)
  | 'job-file-unwritable' // a job file could not be saved (the Enabled switch: permissions, a full disk)
  | 'job-file-exists' // adding a job file whose name is taken in the jobs folder
  | 'job-file-changed' // a previewed job file no longer holds what its preview showed
  | 'job-file-name-refused' // adding a job file under a name the library would never load (hidden, temporary)
  | 'job-name-taken' // adding a job whose name another job file already uses
  | 'job-not-found' // no job of that name in the library
  | 'run-not-found' // no run of that id in the history (pruned, or never existed), nothing to cancel
  | 'run-ambiguous' // a run id start that several runs share
  | 'invalid-trigger' // a cron expression or time zone that does not parse
  // Launching
  | 'command-not-found' // process.command is not a file, nor found on PATH
  | 'command-not-executable' // process.command exists but may not be executed
  | 'invalid-arguments' // process.arguments cannot be passed as written (unclosed quote, line break for cmd)
  | 'working-directory-missing' // process.workingDirectory does not exist
  | 'working-directory-not-folder' // process.workingDirectory is a file
  | 'working-directory-unc' // a batch file's working folder is a network path cmd.exe cannot start in
  // Settings and the data folder
  | 'invalid-setting' // a settings change names an unknown setting or an invalid value
  | 'data-dir-unusable' // the data folder cannot be created or written
  | 'data-dir-locked' // another hub owns the data folder
  | 'data-dir-lock-failed' // the lock could not be taken because hubs kept starting at once
  | 'store-unreadable' // a state file could not be read (not: damaged, which is moved aside)
  | 'store-write-failed' // a state file could not be saved
  | 'hub-stopping' // a run was asked for while the hub is closing
  // The local channel
  | 'channel-unavailable'; // the hub could not listen on its local channel

/**
 * An error a user can act on: it names the job file (when there is one), the field and the fix.
 * `toString()` gives `file: field: message`, the one-line form the CLI and the window print.
 */
export class HubError extends Error {
  override readonly name = 'HubError';
  /** Stable machine-readable kind, e.g. 'command-not-found'. */
  readonly code: HubErrorCode;
  readonly file: string | undefined;
  readonly field: string | undefined;

  constructor(
    code: HubErrorCode,
    message: string,
    options: { file?: string; field?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.file = options.file;
    this.field = options.field;
  }

  /** `jobs/backup.json: process.timeoutMinutes: must be ≥ 0 (got -5)` */
  override toString(): string {
    return [this.file, this.field, this.message].filter(Boolean).join(': ');
  }
}
