import { writeSync } from 'node:fs';
import { terminalText } from '../../shared/terminal-text';
import { sleepSync } from '../core/sleep-sync';

/** Where a CLI command writes. Commands take it as an argument so tests can capture output. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** A job's own output, exactly as it wrote it (whatever its encoding). Default: decoded as UTF-8 to stdout. */
  write?(bytes: Buffer): void;
}

type Fd = 1 | 2;

/**
 * The process's own output. What the hub says is shown, never acted on by the terminal; a job's bytes pass.
 * Through Node's streams, which queue what a reader is slow to take, unless writeLinesDirectly() was called.
 */
export const processIO: CliIO = {
  stdout: (text) => writeText(1, terminalText(text)),
  stderr: (text) => writeText(2, terminalText(text)),
  write: (bytes) => writeTo(streamOf(1), bytes),
};

const opened: { [fd in Fd]?: NodeJS.WriteStream } = {};
let direct = false;

/**
 * For a command that prints its lines and ends (validate, status, history…): lines go straight to the file
 * descriptor on Linux and macOS, so the command never builds Node's stream for them, which for a pipe costs some
 * 4 ms of a 100 ms start. Such a command waits for a reader that is behind, as any command-line tool does. Not for
 * `run` or `daemon`: a process that looks after jobs must never stop for a reader that stopped reading, and their
 * streams queue instead. Windows keeps the streams: a console needs Node's UTF-16 writes to show "✓" rather than
 * code-page characters.
 */
export function writeLinesDirectly(): void {
  direct = process.platform !== 'win32';
}

function streamOf(fd: Fd): NodeJS.WriteStream {
  opened[fd] ??= fd === 1 ? process.stdout : process.stderr;
  return opened[fd];
}

/**
 * A closed stdout or stderr (`automation-hub daemon | head`, a dropped SSH session) must not end the command while
 * it looks after job trees: whenever anything first uses one of the two streams (this module, or Node writing a
 * warning), its errors are ignored, and what is written to it is dropped. The streams are still made only when
 * used. Called once, by the executable, before anything writes.
 */
export function guardStdio(): void {
  for (const name of ['stdout', 'stderr'] as const) {
    const descriptor = Object.getOwnPropertyDescriptor(process, name);
    const get = descriptor?.get;
    if (!get || !descriptor.configurable) {
      process[name].on('error', () => {});
      continue;
    }
    let guarded = false;
    Object.defineProperty(process, name, {
      ...descriptor,
      get() {
        const stream = get.call(process) as NodeJS.WriteStream;
        if (!guarded) stream.on('error', () => {});
        guarded = true;
        return stream;
      },
    });
  }
}

/** Writes unless the stream was closed by its reader (EPIPE): what nobody reads is dropped, never fatal. */
function writeTo(stream: NodeJS.WriteStream, data: string | Buffer): void {
  if (!stream.destroyed && stream.writable) stream.write(data);
}

// A descriptor left non-blocking by another program (a pipe shared with an earlier Node process) answers EAGAIN
// while its reader is behind: wait for it this long, then hand the rest to the stream, which queues it.
const FULL_PIPE_WAIT_MS = 1000;

function writeText(fd: Fd, text: string): void {
  const stream = opened[fd];
  // Once a stream exists, everything written to its descriptor goes through it, in order.
  if (stream || !direct) {
    writeTo(stream ?? streamOf(fd), text);
    return;
  }
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  let waited = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EAGAIN') return; // EPIPE, EBADF: nobody reads it.
      if (waited >= FULL_PIPE_WAIT_MS) {
        writeTo(streamOf(fd), bytes.subarray(offset));
        return;
      }
      sleepSync(10);
      waited += 10;
    }
  }
}

/** Exit codes every command shares. Run-specific ones (1, 124, 130) live with `run`. */
export const EXIT_OK = 0;
export const EXIT_USAGE = 2;
