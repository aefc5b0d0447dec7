/** A moment something reaches once (a first look done, a watch up): a promise, and the call that reaches it. */
export interface Milestone {
  readonly reached: Promise<void>;
  /** Resolves `reached`; later calls do nothing. */
  reach(): void;
}

/** Node 20 has no Promise.withResolvers: this is the part of it the catalogs need. */
export function milestone(): Milestone {
  let reach = () => {};
  const reached = new Promise<void>((resolve) => {
    reach = resolve;
  });
  return { reached, reach: () => reach() };
}
