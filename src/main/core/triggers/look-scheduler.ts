/**
 * When a catalog looks at its folder: one look at a time (a request during a look runs one more right after),
 * and of two requests the one due first wins, so the periodic rescan re-armed after a look never pushes back a
 * look asked for sooner (a watch that just became ready, a folder that appeared).
 */
export class LookScheduler {
  #timer: NodeJS.Timeout | undefined;
  #due = 0;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = false;

  constructor(
    private readonly look: () => Promise<void>,
    /** The delay before the next look when nothing asked for one sooner (rescan, or missing-folder check). */
    private readonly nextDelayMs: () => number,
  ) {}

  /** Looks in `delayMs`, unless a look is due sooner already. */
  soon(delayMs: number): void {
    if (this.#stopped) return;
    const due = Date.now() + delayMs;
    if (this.#timer && this.#due <= due) return;
    clearTimeout(this.#timer);
    this.#due = due;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#run();
    }, delayMs);
  }

  /** No more looks; resolves when the one in progress (if any) has ended. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  async #run(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.look();
    await this.#running;
    this.#running = undefined;
    const again = this.#again;
    this.#again = false;
    this.soon(again ? 0 : this.nextDelayMs());
  }
}
