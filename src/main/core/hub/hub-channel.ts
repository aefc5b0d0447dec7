import type { Emitter } from '../../../shared/emitter';
import { errorText } from '../../../shared/error-text';
import type { HubEvent, JobSummary } from '../../../shared/hub-api';
import type { RunningJobInfo } from '../../../shared/run-types';
import type { HubHost } from '../channel/channel-file';
import type { HubStatus, Params, RunStreamEvent } from '../channel/channel-protocol';
import {
  type ChannelHandlers,
  type ChannelServer,
  type RequestContext,
  startChannelServer,
} from '../channel/channel-server';
import type { HubOptions } from './hub-options';
import type { Launched } from './run-launcher';
import type { RunRef, RunSpec } from './run-requests';

/** What the channel needs of a hub (the Hub class provides it; a type of its own keeps the two apart). */
export interface ChannelHub {
  readonly layout: { root: string };
  readonly events: Emitter<HubEvent>;
  readonly paused: boolean;
  listRunning(): Promise<RunningJobInfo[]>;
  listJobs(): Promise<JobSummary[]>;
  startRun(spec: RunSpec, onOutput?: (chunk: Buffer) => void): Promise<Launched>;
  cancel(target: string, options: { hurry?: boolean; reason?: string }): Promise<RunRef[]>;
  setTriggersPaused(paused: boolean): Promise<void>;
  setJobEnabled(name: string, enabled: boolean): Promise<void>;
}

// Output waiting for a slow reader beyond this is dropped from the stream (it is all in the log).
const MAX_STREAM_BACKLOG = 8 * 1024 * 1024;

/**
 * Listens on the data folder's channel for `hub`, unless the host said not to. Null (and a notice) when it
 * cannot: the hub still runs everything; only commands cannot hand runs to it.
 */
export async function openHubChannel(
  hub: ChannelHub,
  options: HubOptions,
  quit: () => void,
  onProblem: (message: string) => void,
): Promise<ChannelServer | null> {
  if (options.channel === false) return null;
  try {
    const host = options.host ?? 'daemon';
    return await startChannelServer(hub.layout.root, host, hubChannelHandlers(hub, host, quit));
  } catch (error) {
    onProblem(`${errorText(error)}: automation-hub commands cannot reach this hub`);
    return null;
  }
}

/** What the hub answers on its local channel: the command line's `run`, `status`, `cancel`, `pause`… */
export function hubChannelHandlers(hub: ChannelHub, host: HubHost, quit: () => void): ChannelHandlers {
  return {
    status: async (): Promise<HubStatus> => {
      const running = await hub.listRunning();
      return { pid: process.pid, host, dataDir: hub.layout.root, paused: hub.paused, running };
    },
    jobs: () => hub.listJobs(),
    run: (params, context) => followRun(hub, params, context),
    cancel: async ({ target, hurry, reason }) =>
      hub.cancel(target, { hurry: hurry ?? false, ...(reason ? { reason } : {}) }),
    pause: async () => hub.setTriggersPaused(true),
    resume: async () => hub.setTriggersPaused(false),
    enable: async ({ job, enabled }) => hub.setJobEnabled(job, enabled),
    quit: async () => {
      setImmediate(quit);
      return { pid: process.pid };
    },
  };
}

/**
 * Starts a run for a command-line caller and, with `follow`, streams it: acceptance, the job's output bytes,
 * status lines, retries and each attempt's result, then answers with the last attempt's result. The run belongs
 * to the hub: a caller that disconnects stops following, the run goes on and is recorded.
 */
async function followRun(hub: ChannelHub, params: Params<'run'>, context: RequestContext): Promise<unknown> {
  let skipped = 0;
  const send = (event: RunStreamEvent) => params.follow && context.send(event);
  const onOutput = (chunk: Buffer) => {
    if (!params.follow) return;
    if (context.backlog > MAX_STREAM_BACKLOG) {
      skipped += chunk.length;
      return;
    }
    if (skipped > 0) send({ type: 'output-skipped', bytes: skipped });
    skipped = 0;
    send({ type: 'output', data: chunk.toString('base64') });
  };
  const launched = await hub.startRun(params, onOutput);
  const ticket = await launched.ticket;
  if (!params.follow) return { ticket };
  if (ticket.runId === null) return { ticket, result: await launched.done };
  const firstRunId = ticket.runId;
  send({ type: 'accepted', runId: firstRunId, queued: ticket.message === 'queued' });
  const off = hub.events.on((event) => {
    if (event.type === 'run-status' && event.run.firstRunId === firstRunId)
      send({ type: 'status', message: event.run.statusMessage, progress: event.run.progress });
    else if (event.type === 'run-retrying' && event.firstRunId === firstRunId)
      send({
        type: 'retrying',
        attempt: event.attempt,
        attempts: event.attempts,
        delayMs: event.delayMs,
        previous: event.previous,
      });
    else if (event.type === 'run-finished' && event.result.firstRunId === firstRunId)
      send({ type: 'finished', result: event.result });
  });
  try {
    return { ticket, result: await launched.done };
  } finally {
    off();
  }
}
