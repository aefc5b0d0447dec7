/**
 * Hands "show this run" requests to the window's listeners. A request that arrives before anyone listens
 * (the window was just created to show it and its scripts are still loading) is kept, latest only, and
 * given to the first subscriber.
 */
export function createShowRunRelay() {
  return createShowRelay<string>('show-run');
}

/** The same for any "show this" request from main (a run id, a job file's preview). */
export function createShowRelay<T>(what: string) {
  const listeners = new Set<(request: T) => void>();
  let pending: T | null = null;

  return {
    deliver(runId: T): void {
      if (listeners.size === 0) {
        pending = runId;
        return;
      }
      for (const listener of listeners) {
        // One page listener's bug must not keep the request from the others.
        try {
          listener(runId);
        } catch (error) {
          console.error(`Automation Hub: a ${what} listener failed:`, error);
        }
      }
    },
    subscribe(listener: (request: T) => void): () => void {
      listeners.add(listener);
      if (pending !== null) {
        const runId = pending;
        pending = null;
        listener(runId);
      }
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
