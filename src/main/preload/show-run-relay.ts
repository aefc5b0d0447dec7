/**
 * Hands "show this run" requests to the window's listeners. A request that arrives before anyone listens
 * (the window was just created to show it and its scripts are still loading) is kept, latest only, and
 * given to the first subscriber.
 */
export function createShowRunRelay() {
  const listeners = new Set<(runId: string) => void>();
  let pending: string | null = null;

  return {
    deliver(runId: string): void {
      if (listeners.size === 0) {
        pending = runId;
        return;
      }
      for (const listener of listeners) {
        // One page listener's bug must not keep the request from the others.
        try {
          listener(runId);
        } catch (error) {
          console.error('Automation Hub: a show-run listener failed:', error);
        }
      }
    },
    subscribe(listener: (runId: string) => void): () => void {
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
