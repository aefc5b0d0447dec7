// spawn() is synchronous and costs milliseconds (it copies the parent's page tables): 500 runs starting together
// would stall the event loop for seconds. Spawns take turns, one per event-loop turn, so timers, output and
// IPC are served between any two of them.
let lastTurn: Promise<void> = Promise.resolve();

/** Resolves when it is this caller's turn to spawn. */
export function spawnTurn(): Promise<void> {
  const turn = lastTurn.then(() => new Promise<void>((resolveTurn) => setImmediate(resolveTurn)));
  lastTurn = turn;
  return turn;
}
