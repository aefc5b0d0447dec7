import { terminalText } from '../../shared/terminal-text';

/** Where a CLI command writes. Commands take it as an argument so tests can capture output. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** A job's own output, exactly as it wrote it (whatever its encoding). Default: decoded as UTF-8 to stdout. */
  write?(bytes: Buffer): void;
}

/** The process's own streams. What the hub says is shown, never acted on by the terminal; a job's bytes pass. */
export const processIO: CliIO = {
  stdout: (text) => writeTo(process.stdout, terminalText(text)),
  stderr: (text) => writeTo(process.stderr, terminalText(text)),
  write: (bytes) => writeTo(process.stdout, bytes),
};

/** Writes unless the stream was closed by its reader (EPIPE): what nobody reads is dropped, never fatal. */
function writeTo(stream: NodeJS.WriteStream, data: string | Buffer): void {
  if (!stream.destroyed && stream.writable) stream.write(data);
}

/** Exit codes every command shares. Run-specific ones (1, 124, 130) live with `run`. */
export const EXIT_OK = 0;
export const EXIT_USAGE = 2;
