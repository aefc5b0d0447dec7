/**
 * Wraps a refresh so that a burst of calls (ten runs finishing at once) costs at most one call in flight
 * plus one after it: the last caller always sees data fetched after its request.
 */
export function coalesce(task: () => Promise<void>): () => void {
  let running = false;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    void task()
      .catch(() => {})
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          run();
        }
      });
  };
  return run;
}
