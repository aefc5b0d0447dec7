import { createWriteStream, type WriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { errorText } from '../../../shared/error-text';
import { formatBytes } from '../../../shared/format';
import { ConsoleOutputDecoder, loadCodePages } from './console-output-decoder';
import { StatusLineSplitter } from './line-splitter';
import { OutputTail } from './output-tail';
import { closeQuietly, openLog, writeAll } from './run-log-file';

export interface OutputCaptureOptions {
  /** Where the full output goes; null keeps only the tail. */
  logPath: string | null;
  tailBytes: number;
  /** Status-protocol candidates (lines starting with "::"). */
  onStatusLine?: (line: string) => void;
  /** Every chunk, for activity tracking and live log views. */
  onData?: (chunk: Buffer) => void;
  /**
   * The code page of output that is not UTF-8 (a cmd.exe or Windows PowerShell run: the console's OEM code
   * page): such lines are decoded to UTF-8 before they reach the log, the tail, status lines and onData.
   * Null or absent: the bytes are kept as the job wrote them.
   */
  consoleCodePage?: number | null;
}

/**
 * Drains a job's stdout and stderr continuously (a full 64 KiB pipe would block the job) into a log file
 * and a bounded tail. The log file's backpressure pauses the pipes instead of buffering in memory.
 * A log that cannot be written (disk full, no permission) is reported, never fatal: the job keeps running.
 *
 * The log is opened, given its header and (when no output is still being written) its closing line and closed
 * synchronously, like the run journal beside it: each is one short write to a local file, and each asynchronous
 * step would be a round trip through the thread pool (measured: a third of the hub's extra CPU per run when 500
 * start at once). Output goes through a write stream, made at the first output: its writes may be many and large.
 */
export class OutputCapture {
  readonly #tail: OutputTail;
  /** The streams drained, each with what its decoder and status-line splitter still hold. */
  readonly #drains: Drain[] = [];
  /** Both streams' status-line candidates go here; made at the first output, like the splitters. */
  #statusLine: ((line: string) => void) | null = null;
  /** The open log file; null before `open`, after `close`, or once it failed. */
  #fd: number | null = null;
  /** The output's way into the log, made at the first output; it owns `#fd` from then on. */
  #stream: WriteStream | null = null;
  #logPath: string | null;
  #logError: string | null = null;
  #bytes = 0;
  #loggedBytes = 0;
  #closingLine = false;
  /** Whether the log file was created (what a later failure says depends on it). */
  #opened = false;

  constructor(private readonly options: OutputCaptureOptions) {
    this.#tail = new OutputTail(options.tailBytes);
    this.#logPath = options.logPath;
  }

  /**
   * Opens the log file and writes `header` (which run this is; never part of the tail or live output). Failure is
   * recorded in `logError`, not thrown.
   */
  async open(header?: string): Promise<void> {
    if (this.options.consoleCodePage) await loadCodePages();
    const path = this.options.logPath;
    if (!path) return;
    try {
      this.#fd = openLog(path);
      this.#opened = true;
      if (header) writeAll(this.#fd, header);
    } catch (error) {
      this.#failLog(error);
    }
  }

  /** Starts draining a stream (stdout or stderr). */
  attach(stream: Readable): void {
    const codePage = this.options.consoleCodePage;
    const drain: Drain = {
      capture: this,
      stream,
      splitter: null,
      decoder: codePage ? new ConsoleOutputDecoder(codePage) : null,
      ended: false,
      failed: false,
    };
    this.#drains.push(drain);
    // Module-level listeners (the stream is `this`): a run holds its streams' listeners for as long as it runs.
    (stream as Drained)[DRAIN] = drain;
    stream.on('data', onDrainData);
    stream.on('end', onDrainEnd);
    stream.on('error', onDrainError);
  }

  /** A chunk a drained stream delivered (its listener's). */
  received(drain: Drain, chunk: Buffer): void {
    this.#bytes += chunk.length;
    this.#take(drain, drain.decoder ? drain.decoder.push(chunk) : chunk);
  }

  /**
   * A drained stream's end, or close(); once per stream: a last line held back by the decoder, then the
   * splitter's.
   */
  ended(drain: Drain): void {
    if (drain.ended) return;
    drain.ended = true;
    if (drain.decoder) this.#take(drain, drain.decoder.end());
    drain.splitter?.end();
  }

  /** A pipe error (EPIPE, reset) ends this stream's capture; the run's outcome comes from the process. */
  failed(drain: Drain): void {
    drain.failed = true;
  }

  #take(drain: Drain, data: Buffer): void {
    if (data.length === 0) return;
    this.#tail.push(data);
    this.#statusLine ??= (line) => this.options.onStatusLine?.(line);
    drain.splitter ??= new StatusLineSplitter(this.#statusLine);
    drain.splitter.push(data);
    this.options.onData?.(data);
    const log = this.#output();
    if (log) {
      this.#loggedBytes += data.length;
      if (!log.write(data)) drain.stream.pause();
    }
  }

  /**
   * Ends the capture of output (a last line a decoder or the status-line splitter held back is taken) and waits
   * until everything written so far is on disk or has failed, so `logError` is final for the output.
   */
  async settle(): Promise<void> {
    for (const drain of this.#drains) this.ended(drain);
    const log = this.#stream;
    if (!log || log.destroyed || log.writableLength === 0) return;
    // Writes complete in order: when an empty one is done, so is all output before it. A failure closes the log;
    // its callbacks hear of it before the stream's 'error' event (which waits for the file to close), so the
    // failure is recorded here, for the run's message.
    await new Promise<void>((resolve) => {
      const done = (error?: Error | null) => {
        log.off('close', done);
        if (error || log.errored) this.#failLog(log.errored ?? error);
        resolve();
      };
      log.once('close', done);
      log.write(Buffer.alloc(0), done);
    });
  }

  /** Writes the log's closing line (the run's outcome) and closes the log. Safe to call more than once. */
  async close(closing?: string): Promise<void> {
    for (const drain of this.#drains) this.ended(drain);
    const fd = this.#fd;
    const log = this.#stream;
    this.#fd = null;
    this.#stream = null;
    if (fd === null) return;
    if (!log) {
      try {
        if (closing) {
          this.#closingLine = true;
          writeAll(fd, closing);
        }
      } catch (error) {
        this.#failLog(error);
      } finally {
        closeQuietly(fd);
      }
      return;
    }
    if (log.destroyed) {
      if (log.errored) this.#failLog(log.errored);
      return;
    }
    if (closing && this.#logError === null) {
      this.#closingLine = true;
      log.write(closing);
    }
    await new Promise<void>((resolve) => {
      log.once('close', () => resolve());
      log.end();
    });
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** The log file's path, or null when there is none (not asked for, or it could not be created). */
  get logPath(): string | null {
    return this.#logPath;
  }

  /** Why the log is incomplete, in words for the run's message; null when it is complete. */
  get logError(): string | null {
    return this.#logError;
  }

  tail(): string {
    return this.#tail.text();
  }

  lastLine(): string | null {
    return this.#tail.lastLine();
  }

  #failLog(error: unknown): void {
    if (this.#logError) return;
    const reason = errorText(error);
    const opened = this.#opened || this.#closingLine;
    this.#logError = this.#closingLine
      ? `the log file ${this.options.logPath} could not be completed (${reason}): the output is all there, the line with the run's outcome at its end is not`
      : opened
        ? `the log file ${this.options.logPath} could not be written after ${formatBytes(this.#loggedBytes)} (${reason}); later output was not saved`
        : `the log file ${this.options.logPath} could not be created (${reason}); output was not saved`;
    if (!opened) this.#logPath = null;
    // The stream closes the file as it is destroyed; before there is one, the file is closed here.
    if (this.#stream) this.#stream.destroy();
    else if (this.#fd !== null) closeQuietly(this.#fd);
    this.#fd = null;
    this.#stream = null;
    this.#resumeAll();
  }

  /** The stream output is written to; made at the first output. Null once the log is closed or failed. */
  #output(): WriteStream | null {
    if (this.#fd === null) return null;
    if (this.#stream) return this.#stream.destroyed ? null : this.#stream;
    // Writes go on from where the header ended (no position given: the file's own offset).
    const stream = createWriteStream(this.#logPath ?? '', { fd: this.#fd, highWaterMark: 1024 * 1024 });
    stream.on('error', (error) => this.#failLog(error));
    stream.on('drain', () => this.#resumeAll());
    this.#stream = stream;
    return stream;
  }

  #resumeAll(): void {
    for (const { stream, failed } of this.#drains) if (!failed && stream.isPaused()) stream.resume();
  }
}

/** One stream being drained into a capture (its splitter made at its first output). */
interface Drain {
  readonly capture: OutputCapture;
  readonly stream: Readable;
  splitter: StatusLineSplitter | null;
  readonly decoder: ConsoleOutputDecoder | null;
  ended: boolean;
  failed: boolean;
}

const DRAIN = Symbol('output-capture drain');
type Drained = Readable & { [DRAIN]?: Drain };

function onDrainData(this: Drained, chunk: Buffer): void {
  const drain = this[DRAIN];
  drain?.capture.received(drain, chunk);
}

function onDrainEnd(this: Drained): void {
  const drain = this[DRAIN];
  drain?.capture.ended(drain);
}

function onDrainError(this: Drained): void {
  const drain = this[DRAIN];
  drain?.capture.failed(drain);
}
