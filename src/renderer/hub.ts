import type { BridgeApi, BridgeMethod, HubBridge } from '../shared/ipc';

declare global {
  interface Window {
    /** Set by the preload (or by the browser tests' harness): the window's only way to the hub. */
    hub: HubBridge;
  }
}

/** A failed hub call: the message is the one main sent (`{ ok: false, error }`), ready to show. */
export class HubCallError extends Error {
  override readonly name = 'HubCallError';
}

/**
 * Calls one bridge method and unwraps its IpcResult: resolves with the value or rejects with a HubCallError
 * carrying the hub's message. A missing bridge (the page opened outside the app) is reported the same way.
 */
export async function call<M extends BridgeMethod>(
  method: M,
  ...args: Parameters<BridgeApi[M]>
): Promise<Awaited<ReturnType<BridgeApi[M]>>> {
  const bridge = window.hub;
  if (!bridge) throw new HubCallError('Automation Hub is not connected (window.hub is missing).');
  const fn = bridge[method] as (...a: Parameters<BridgeApi[M]>) => ReturnType<HubBridge[M]>;
  const result = await fn(...args);
  if (!result.ok) throw new HubCallError(result.error);
  return result.value as Awaited<ReturnType<BridgeApi[M]>>;
}
