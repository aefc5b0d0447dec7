/** Where a CLI command writes. Commands take it as an argument so tests can capture output. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The process's own streams. */
export const processIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Exit codes every command shares. Run-specific ones (1, 124, 130) live with `run`. */
export const EXIT_OK = 0;
export const EXIT_USAGE = 2;
