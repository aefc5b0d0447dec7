import { StringDecoder } from 'node:string_decoder';
import type { RunningJobInfo, RunResult } from '../../../shared/run-types';
import { z } from '../../../shared/zod-mini';

/**
 * The local channel's protocol: one JSON object per line. A client sends `{ id, method, params }`; the hub answers
 * `{ id, ok: true, value }` or `{ id, ok: false, error }`, and may send `{ id, event }` lines for that request
 * before its answer (a followed run's output, status and attempts). The first request must be `hello` with the
 * token from the channel file.
 */
export const PROTOCOL_VERSION = 1;

/** Requests longer than this are refused and the connection dropped: requests are small. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

const text = () => z.string().check(z.minLength(1));

const runParams = () =>
  z
    .strictObject({
      /** A job file to run once (not added to the library). */
      file: z.optional(text()),
      /** A library job by name. */
      job: z.optional(text()),
      /** Overrides process.timeoutMinutes for this run. */
      timeoutMinutes: z.optional(z.number().check(z.positive(), z.lte(31 * 24 * 60))),
      /** Folder for this run's log instead of the data folder's logs. */
      logDir: z.optional(text()),
      /** Stream the run's output, status lines and attempts, and answer with the last attempt's result. */
      follow: z._default(z.boolean(), false),
    })
    .check(
      z.refine((p) => (p.file === undefined) !== (p.job === undefined), {
        message: 'give exactly one of "file" and "job"',
      }),
    );

/**
 * Every request a client may send, with its parameters. Each schema is built when first used: a hub answers a
 * few kinds of request in its life, and a `run` that owns its data folder reads none from a socket.
 */
const requestSchemaMakers = {
  hello: () => z.strictObject({ token: z.string(), version: z.number().check(z.int()) }),
  status: () => z.strictObject({}),
  /** The library as the hub sees it: armed triggers know their next run (intervals count from their arming). */
  jobs: () => z.strictObject({}),
  run: runParams,
  /** A run id (or a unique start of one) or a job name; `hurry` ends a stop's grace period. */
  cancel: () =>
    z.strictObject({
      target: text(),
      hurry: z.optional(z.boolean()),
      /** Why, for the run's message: "SIGINT received". */
      reason: z.optional(text().check(z.maxLength(200))),
    }),
  pause: () => z.strictObject({}),
  resume: () => z.strictObject({}),
  enable: () => z.strictObject({ job: text(), enabled: z.boolean() }),
  quit: () => z.strictObject({}),
} as const;

export type Method = keyof typeof requestSchemaMakers;
type RequestSchema<M extends Method> = ReturnType<(typeof requestSchemaMakers)[M]>;
export type Params<M extends Method> = z.output<RequestSchema<M>>;

/** Whether a client's `method` names a request this protocol has. */
export function isMethod(name: string): name is Method {
  return Object.hasOwn(requestSchemaMakers, name);
}

const built = new Map<Method, unknown>();

/** The schema of a request's parameters. */
export function requestSchema<M extends Method>(method: M): RequestSchema<M> {
  let schema = built.get(method);
  if (schema === undefined) {
    schema = requestSchemaMakers[method]();
    built.set(method, schema);
  }
  return schema as RequestSchema<M>;
}

/** What `status` answers. */
export interface HubStatus {
  pid: number;
  host: string;
  dataDir: string;
  paused: boolean;
  running: RunningJobInfo[];
}

/** Events of a followed run. `output` carries the job's bytes as base64 (exact, whatever their encoding). */
export type RunStreamEvent =
  | { type: 'accepted'; runId: string; queued: boolean }
  | { type: 'output'; data: string }
  | { type: 'output-skipped'; bytes: number }
  | { type: 'status'; message: string; progress: number | null }
  | { type: 'retrying'; attempt: number; attempts: number; delayMs: number; previous: RunResult }
  | { type: 'finished'; result: RunResult };

/** One line from the hub. */
export type ServerMessage =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { code: string; message: string } }
  | { id: number; event: RunStreamEvent };

/** One line from a client. */
export interface ClientMessage {
  id: number;
  method: string;
  params?: unknown;
}

/** Splits a byte stream into lines, refusing a line longer than `max` (then `onTooLong` and nothing more). */
export function lineReader(max: number, onLine: (line: string) => void, onTooLong: () => void) {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let dead = false;
  return (chunk: Buffer) => {
    if (dead) return;
    pending += decoder.write(chunk);
    let end = pending.indexOf('\n');
    while (end !== -1) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      if (line.trim()) onLine(line);
      if (dead) return;
      end = pending.indexOf('\n');
    }
    if (Buffer.byteLength(pending) > max) {
      dead = true;
      onTooLong();
    }
  };
}
