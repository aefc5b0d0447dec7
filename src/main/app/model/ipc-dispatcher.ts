import type { z } from 'zod';
import { errorText } from '../../../shared/error-text';
import { type BridgeApi, type BridgeMethod, type IpcResult, ipcArguments } from '../../../shared/ipc';

/** Error messages crossing IPC are cut here: a message may quote the (hostile, huge) input. */
export const MAX_ERROR_LENGTH = 1000;

/** Answers one IPC call; never throws. `senderUrl` is null when the sender is not our window's main frame. */
export type IpcDispatcher = (
  method: string,
  senderUrl: string | null,
  args: unknown,
) => Promise<IpcResult<unknown>>;

/**
 * The main process's side of every channel. In order: the sender must be our renderer's main frame, the
 * method one of ours (an own key of `ipcArguments`: `__proto__`, `constructor` or `toString` are not), the
 * arguments exactly the method's zod tuple (right arity, types, bounds; strict objects, so extra keys such
 * as `__proto__` fail). Only then is the api called, once, with zod's parsed copy, never the renderer's
 * object. Errors come back as a message string: no stack, no Error object.
 */
export function createIpcDispatcher(
  api: BridgeApi,
  isTrustedSender: (frameUrl: string) => boolean,
): IpcDispatcher {
  return async (method, senderUrl, args) => {
    if (senderUrl === null || !isTrustedSender(senderUrl)) {
      return failure('refused: the request did not come from the Automation Hub window');
    }
    if (!isBridgeMethod(method)) return failure(`unknown method "${clipText(String(method), 100)}"`);
    const schema: z.ZodType = ipcArguments[method];
    const parsed = schema.safeParse(args);
    if (!parsed.success) return failure(`${method}: ${describeIssues(parsed.error.issues)}`);
    try {
      const call = api[method] as (...values: unknown[]) => Promise<unknown>;
      const value = await call.apply(api, parsed.data as unknown[]);
      return { ok: true, value };
    } catch (error) {
      return failure(errorText(error));
    }
  };
}

export function isBridgeMethod(method: unknown): method is BridgeMethod {
  return typeof method === 'string' && Object.hasOwn(ipcArguments, method);
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const where = issue.path.length === 0 ? 'arguments' : `argument ${describePath(issue.path)}`;
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

// The first path element is the tuple index: shown 1-based, as people count arguments.
function describePath(path: readonly PropertyKey[]): string {
  const [index, ...rest] = path;
  const head = typeof index === 'number' ? String(index + 1) : String(index);
  return rest.length === 0 ? head : `${head} (${rest.map(String).join('.')})`;
}

function failure(message: string): IpcResult<never> {
  return { ok: false, error: clipText(message, MAX_ERROR_LENGTH) };
}

function clipText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
