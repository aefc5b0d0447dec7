// The parts of zod/mini the hub uses, as `z` of zod-mini.ts: a bundle that must keep everything `z` names (the
// command line's, where zod-mini.ts is a file of its own) keeps these and leaves the rest of zod out.

export type { output, ZodMiniType } from 'zod/mini';
export {
  _default,
  array,
  boolean,
  custom,
  enum,
  gte,
  int,
  looseObject,
  lte,
  maxLength,
  minLength,
  nonnegative,
  nullable,
  number,
  object,
  optional,
  pipe,
  positive,
  prefault,
  refine,
  safeParse,
  strictObject,
  string,
  transform,
  union,
  unknown,
} from 'zod/mini';
