import { errorText } from '../../../shared/error-text';
import type { FireHandler, TriggerErrorHandler, TriggerFire } from './types';

/**
 * Calls the hub's handler so that a throwing handler can neither stop the timer chain that called it nor vanish:
 * the error goes to `onError` when given, otherwise it is rethrown on a fresh stack (an uncaught exception the
 * host logs) after the caller has re-armed its timer.
 */
export function fireSafely(onFire: FireHandler, fire: TriggerFire, onError?: TriggerErrorHandler): void {
  try {
    onFire(fire);
  } catch (error) {
    if (onError) onError(`trigger handler failed: ${errorText(error)}`);
    else
      queueMicrotask(() => {
        throw error;
      });
  }
}
