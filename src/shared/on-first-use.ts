/**
 * `make()`, called once, at the first call of the function returned. For schemas: most processes never check
 * most of what they could, and building a schema (or, in the command line, loading zod to build it) costs time
 * at every start that does not need it.
 */
export function onFirstUse<T>(make: () => T): () => T {
  let made: { value: T } | null = null;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}
