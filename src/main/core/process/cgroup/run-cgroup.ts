import type { ProcessContainer } from '../kill-tree';

/**
 * The Linux kernel container that holds every process of one run, wherever it goes: a process can leave its
 * process group and drop the run marker, but not its cgroup. The tree kill signals
 * its members and empties it at once when it forces; a run whose root exits is checked for leftovers in it.
 */
export interface RunCgroup extends ProcessContainer {
  /** What holds the run, for messages and tests (`cgroup /sys/fs/cgroup/…/automation-hub-run-…`). */
  readonly description: string;
  /**
   * Starts the run's root process inside the container: `start` spawns it synchronously. Nothing it starts can
   * be outside: on Linux the hub steps into the run's cgroup for the spawn and straight back out, so the child is born
   * there (what a move after the spawn cannot promise: a child may fork and orphan a process before it).
   */
  contain<T extends { pid?: number | undefined }>(start: () => T): T;
  /**
   * Steps the hub into the container ahead of contain(), off the event loop (the move can wait for the kernel);
   * contain() then only spawns and steps back out. Never rejects: where it fails, contain() steps in itself.
   * Await it before contain(), and let no other spawn come in between.
   */
  enter(): Promise<void>;
  /** Removes the container once its processes are gone (after the tree kill); never throws. */
  dispose(): Promise<void>;
}
