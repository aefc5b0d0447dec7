/**
 * An error a user can act on: it names the job file (when there is one), the field and the fix.
 * `toString()` gives `file: field: message`, the one-line form the CLI and the window print.
 */
export class HubError extends Error {
  override readonly name = 'HubError';
  /** Stable machine-readable kind, e.g. 'command-not-found'. */
  readonly code: string;
  readonly file: string | undefined;
  readonly field: string | undefined;

  constructor(
    code: string,
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
