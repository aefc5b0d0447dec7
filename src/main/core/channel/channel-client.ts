import { connect, type Socket } from 'node:net';
import { type ChannelInfo, readChannelInfo } from './channel-file';
import {
  type ClientMessage,
  lineReader,
  type Method,
  PROTOCOL_VERSION,
  type RunStreamEvent,
  type ServerMessage,
} from './channel-protocol';

// Answers carry a run's result (a 64 KiB tail at most); a line this long is a broken hub, not a big answer.
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;
const CONNECT_TIMEOUT_MS = 5000;

/** An error the hub answered with; `code` is its HubError code ("job-not-found", "hub-stopping", …). */
export class ChannelError extends Error {
  override readonly name = 'ChannelError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A connection to the hub that owns a data folder. */
export interface HubClient {
  readonly info: ChannelInfo;
  /** Sends a request; resolves with the answer. `onEvent` receives the request's events until then. */
  call(
    method: Exclude<Method, 'hello'>,
    params?: object,
    onEvent?: (event: RunStreamEvent) => void,
  ): Promise<unknown>;
  /** Resolves when the hub closes the connection (it stopped, or it is quitting). */
  readonly closed: Promise<void>;
  close(): void;
}

/**
 * Connects to the hub owning `root`, if one runs: null when there is no channel file or nobody listens at its
 * address (no hub, or one that crashed). Throws ChannelError when a hub answers but refuses (a stale token).
 */
export async function connectToHub(root: string): Promise<HubClient | null> {
  const info = readChannelInfo(root);
  if (!info) return null;
  const socket = await open(info.address);
  if (!socket) return null;
  const client = createClient(socket, info);
  try {
    await client.call('hello' as Exclude<Method, 'hello'>, { token: info.token, version: PROTOCOL_VERSION });
  } catch (error) {
    client.close();
    // The hub went away between the connect and the hello: the same as no hub.
    if (error instanceof ChannelError && error.code === 'disconnected') return null;
    throw error;
  }
  return client;
}

function open(address: string): Promise<Socket | null> {
  return new Promise((resolve) => {
    const socket = connect(address);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(null);
    }, CONNECT_TIMEOUT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', onError);
      resolve(socket);
    });
    const onError = () => {
      clearTimeout(timer);
      resolve(null);
    };
    socket.once('error', onError);
  });
}

function createClient(socket: Socket, info: ChannelInfo): HubClient {
  let nextId = 1;
  const pending = new Map<
    number,
    { resolve(value: unknown): void; reject(error: Error): void; onEvent?: (event: RunStreamEvent) => void }
  >();
  const closed = new Promise<void>((resolve) => {
    socket.on('close', () => {
      for (const request of pending.values())
        request.reject(new ChannelError('disconnected', 'the hub closed the connection'));
      pending.clear();
      resolve();
    });
  });
  socket.on('error', () => {});
  socket.on(
    'data',
    lineReader(
      MAX_ANSWER_BYTES,
      (line) => {
        let message: ServerMessage;
        try {
          message = JSON.parse(line) as ServerMessage;
        } catch {
          socket.destroy();
          return;
        }
        const request = pending.get(message.id);
        if (!request) return;
        if ('event' in message) return request.onEvent?.(message.event);
        pending.delete(message.id);
        if (message.ok) request.resolve(message.value);
        else request.reject(new ChannelError(message.error.code, message.error.message));
      },
      () => socket.destroy(),
    ),
  );
  return {
    info,
    closed,
    call(method, params = {}, onEvent) {
      if (socket.destroyed)
        return Promise.reject(new ChannelError('disconnected', 'not connected to the hub'));
      const id = nextId++;
      const message: ClientMessage = { id, method, params };
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, ...(onEvent ? { onEvent } : {}) });
        socket.write(`${JSON.stringify(message)}\n`);
      });
    },
    close: () => socket.end(),
  };
}
