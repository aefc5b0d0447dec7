/**
 * Wraps a refresh so that a burst of calls (ten runs finishing at once) costs at most one call in flight
 * plus one after it: the last caller always sees data fetched after its request. A failed refresh goes to
 * `onError` (ignored by default: the next call tries again) and never stops the ones after it. Shared by the
 * app (its tray's job list) and the window (its Jobs tab).
 */
export function coalesce(
  task: () => Promise<void>,
  onError: (error: unknown) => void = () => {},
): () => void {
  let running = false;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    void task()
      .catch(onError)
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
