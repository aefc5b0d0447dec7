/** A minimal typed event stream: one listener type, unsubscribe by calling what `on` returns. */
export class Emitter<Event> {
  readonly #listeners = new Set<(event: Event) => void>();

  /** Adds a listener; returns the function that removes it. */
  on(listener: (event: Event) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Delivers to every listener; a throwing listener does not stop the others or the emitter. */
  emit(event: Event): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        reportListenerError(error);
      }
    }
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}

/** A listener's bug is reported, never allowed to crash the hub or starve the other listeners. */
function reportListenerError(error: unknown): void {
  console.error('Automation Hub: an event listener failed:', error);
}
