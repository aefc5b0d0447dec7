import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// vitest starts its workers without --expose-gc: the flag set now makes V8 give a fresh context its gc().
setFlagsFromString('--expose-gc');

/** A full garbage collection, for tests that measure what a heap still holds. */
export const gc = runInNewContext('gc') as () => void;
