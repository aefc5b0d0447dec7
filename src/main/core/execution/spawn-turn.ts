// spawn() is synchronous and costs milliseconds where it forks: 500 runs starting together would stall the event
// loop for seconds. Spawns take turns, one per event-loop turn at most, so timers, output and IPC are served between
// any two of them. A turn lasts until its holder releases it: on Linux it spans the hub's step into the run's
// cgroup (made off the event loop), the spawn and the step back out, and no other spawn may come in between.
let lastTurn: Promise<void> = Promise.resolve();

/** Resolves when it is this caller's turn to spawn, with the function that ends the turn (call it once). */
export function spawnTurn(): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const turn = lastTurn.then(nextTurn);
  lastTurn = turn.then(() => released);
  return turn.then(() => release);
}

function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
