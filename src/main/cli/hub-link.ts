import { setTimeout as sleep } from 'node:timers/promises';
import { ChannelError, connectToHub } from '../core/channel/channel-client';
import type { Method, Params, RunStreamEvent } from '../core/channel/channel-protocol';
import type { RequestContext } from '../core/channel/channel-server';
import { HubError } from '../core/errors';
import { Hub } from '../core/hub/hub';
import { hubChannelHandlers } from '../core/hub/hub-channel';
import type { CheckedJobs } from '../core/jobs/checked-jobs';

/** Requests to the hub that owns a data folder, whether it runs in another process or in this one. */
export interface HubLink {
  call<M extends Exclude<Method, 'hello'>>(
    method: M,
    params?: Params<M>,
    onEvent?: (event: RunStreamEvent) => void,
  ): Promise<unknown>;
  /** This process owns the folder (no app or daemon ran): its hub, which must be closed before exiting. */
  readonly owner: Hub | null;
  /** The owner's pid and kind, for messages. */
  readonly hub: { pid: number; host: string };
  /** Resolves when the connection ends (the hub stopped); never for a hub in this process. */
  readonly closed: Promise<void>;
  close(): void;
}

// Several commands started together race for the folder: the losers wait for the winner's channel this long.
const OWNER_STARTING_MS = 15_000;

/** Connects to the hub that owns `root`; null when none runs. */
export async function findHub(root: string): Promise<HubLink | null> {
  const client = await connectToHub(root);
  if (!client) return null;
  return {
    call: (method, params, onEvent) => client.call(method, params, onEvent),
    owner: null,
    hub: { pid: client.info.pid, host: client.info.host },
    closed: client.closed,
    close: () => client.close(),
  };
}

/**
 * The hub that owns `root`, or, when none runs, a hub of this process that owns it for as long as its runs last
 * (mode 'runs': nothing runs by itself). Either way every run is journaled, recorded and counted against the
 * job's concurrency policy, so commands started together never run a `skip` job twice.
 */
export async function linkToHub(root: string, checkedJobs: CheckedJobs | null = null): Promise<HubLink> {
  const deadline = Date.now() + OWNER_STARTING_MS;
  for (;;) {
    const found = await findHub(root);
    if (found) return found;
    try {
      const hub = await Hub.open({ dataDir: root, host: 'run', mode: 'runs', checkedJobs });
      return inProcessLink(hub);
    } catch (error) {
      // Another hub took the folder between our look and our try (or is still starting): ask it instead.
      if (!(error instanceof HubError && error.code === 'data-dir-locked') || Date.now() > deadline)
        throw error;
      await sleep(100);
    }
  }
}

function inProcessLink(hub: Hub): HubLink {
  const handlers = hubChannelHandlers(hub, 'run', () => void hub.close());
  const never = new AbortController().signal;
  return {
    owner: hub,
    hub: { pid: process.pid, host: 'run' },
    closed: new Promise<void>(() => {}),
    // This build's own requests, typed: the commands check what they are given as the channel's schemas would
    // (`run` its --timeout's range, a job file or a name), so nothing is checked twice (and zod, which a run
    // that reads nothing back never needs, is not loaded for it). The hub checks the job itself as always.
    async call(method, params, onEvent) {
      const context: RequestContext = {
        send: (event) => {
          onEvent?.(event);
          return true;
        },
        backlog: 0,
        signal: never,
      };
      const handler = handlers[method] as (p: unknown, c: RequestContext) => Promise<unknown>;
      try {
        return await handler(params ?? {}, context);
      } catch (error) {
        if (error instanceof HubError) throw new ChannelError(error.code, error.toString());
        throw error;
      }
    },
    close: () => {},
  };
}
