import { chmodSync, lstatSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { HubError } from '../errors';
import { nodeCrypto } from '../random';
import { removeFile } from '../remove-file';
import { channelAddress } from './channel-address';
import { type HubHost, newChannelToken, removeChannelInfo, writeChannelInfo } from './channel-file';
import {
  type ClientMessage,
  isMethod,
  lineReader,
  MAX_REQUEST_BYTES,
  type Method,
  type Params,
  PROTOCOL_VERSION,
  type RunStreamEvent,
  requestSchema,
  type ServerMessage,
} from './channel-protocol';

/** What a handler gets besides its parameters: a way to stream events to its caller. */
export interface RequestContext {
  /** Sends an event for this request; false (and nothing sent) once the caller is gone. */
  send(event: RunStreamEvent): boolean;
  /** Bytes queued to this caller and not yet taken: a slow reader makes this grow. */
  readonly backlog: number;
  /** Aborted when the caller disconnects. */
  readonly signal: AbortSignal;
}

/** The hub's answers, one per method (hello is the server's own). */
export type ChannelHandlers = {
  [M in Exclude<Method, 'hello'>]: (params: Params<M>, context: RequestContext) => Promise<unknown>;
};

/** A listening channel. */
export interface ChannelServer {
  readonly address: string;
  close(): Promise<void>;
}

// A client that connects and says nothing is dropped: connections are cheap, but not free.
const HELLO_TIMEOUT_MS = 5000;

/**
 * Listens on the data folder's private local channel (a Unix socket or a Windows named pipe; never TCP) and
 * answers requests with `handlers`. A client must first prove it can read the data folder by presenting the
 * token from `state/channel.json` (mode 600); everything it sends is checked against the protocol's schemas.
 * Call only while holding the data folder's lock: a stale socket file is removed before listening.
 */
export async function startChannelServer(
  root: string,
  host: HubHost,
  handlers: ChannelHandlers,
): Promise<ChannelServer> {
  const address = channelAddress(root, process.platform, tmpdir());
  const token = newChannelToken();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => serve(socket, token, handlers, sockets));
  // A stale socket file of a hub that died; asked first, as mostly there is none (see read-if-present).
  if (process.platform !== 'win32' && lstatSync(address, { throwIfNoEntry: false })) removeFile(address);
  await listen(server, address);
  if (process.platform !== 'win32') chmodSync(address, 0o600);
  writeChannelInfo(root, { address, token, pid: process.pid, host });
  let closing: Promise<void> | null = null;
  return {
    address,
    close() {
      closing ??= new Promise<void>((resolve) => {
        removeChannelInfo(root, token);
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

function listen(server: Server, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new HubError('channel-unavailable', `could not listen on ${address}: ${(error as Error).message}`, {
          cause: error,
        }),
      ),
    );
    server.listen({ path: address, readableAll: false, writableAll: false }, () => resolve());
  });
}

function serve(socket: Socket, token: string, handlers: ChannelHandlers, sockets: Set<Socket>): void {
  sockets.add(socket);
  const gone = new AbortController();
  let greeted = false;
  const helloTimer = setTimeout(() => socket.destroy(), HELLO_TIMEOUT_MS);
  helloTimer.unref();
  const write = (message: ServerMessage): boolean => {
    if (socket.destroyed || !socket.writable) return false;
    socket.write(`${JSON.stringify(message)}\n`);
    return true;
  };
  const fail = (id: number, code: string, message: string) =>
    write({ id, ok: false, error: { code, message } });

  const onLine = (line: string) => {
    let message: ClientMessage;
    try {
      message = JSON.parse(line) as ClientMessage;
    } catch {
      socket.destroy();
      return;
    }
    const id = typeof message?.id === 'number' ? message.id : -1;
    const method = typeof message?.method === 'string' ? message.method : '';
    if (!isMethod(method)) return void fail(id, 'unknown-method', `unknown request "${method}"`);
    const parsed = requestSchema(method).safeParse(message.params ?? {});
    if (!parsed.success) {
      return void fail(
        id,
        'bad-request',
        `${method}: ${parsed.error.issues[0]?.message ?? 'invalid parameters'}`,
      );
    }
    if (method === 'hello') {
      const hello = parsed.data as Params<'hello'>;
      if (!sameToken(hello.token, token)) {
        fail(id, 'not-allowed', 'the token does not match this hub: read it again from state/channel.json');
        socket.end();
        return;
      }
      greeted = true;
      clearTimeout(helloTimer);
      write({ id, ok: true, value: { version: PROTOCOL_VERSION, pid: process.pid } });
      return;
    }
    if (!greeted) {
      fail(id, 'not-allowed', 'say hello with the channel token first');
      socket.end();
      return;
    }
    const context: RequestContext = {
      send: (event) => write({ id, event }),
      get backlog() {
        return socket.writableLength;
      },
      signal: gone.signal,
    };
    const handler = handlers[method as Exclude<Method, 'hello'>] as (
      p: unknown,
      c: RequestContext,
    ) => Promise<unknown>;
    handler(parsed.data, context).then(
      (value) => write({ id, ok: true, value: value ?? null }),
      (error: unknown) =>
        fail(
          id,
          error instanceof HubError ? error.code : 'failed',
          error instanceof HubError
            ? error.toString()
            : error instanceof Error
              ? error.message
              : String(error),
        ),
    );
  };
  socket.on(
    'data',
    lineReader(MAX_REQUEST_BYTES, onLine, () => socket.destroy()),
  );
  socket.on('error', () => {});
  socket.on('close', () => {
    clearTimeout(helloTimer);
    sockets.delete(socket);
    gone.abort();
  });
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && nodeCrypto().timingSafeEqual(a, b);
}
