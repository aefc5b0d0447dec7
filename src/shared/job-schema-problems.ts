import { z } from 'zod';
import { didYouMean } from './did-you-mean';
import { formatPath, type JsonPathSegment } from './json-position';

/** A schema problem before it gets a position: `keyOf` marks problems that sit on a field's name, not its value. */
export interface FieldProblem {
  path: JsonPathSegment[];
  keyOf?: boolean;
  message: string;
}

// What to write when a required field is missing, by field (array indices as []).
const requiredHints: Record<string, string> = {
  name: 'the job\'s name, e.g. "Nightly export"',
  process: 'what to run, e.g. "process": { "command": "C:/scripts/export.bat" }',
  'process.command': 'the program or script to run',
  'triggers[].type': 'the kind of trigger: "schedule", "interval" or "file"',
  'triggers[].cron': 'a cron expression, e.g. "0 2 * * 1-5" (02:00 on weekdays)',
  'triggers[].everyMinutes': 'how often to run, in minutes',
  'triggers[].path': 'the folder to watch',
};

// Names people bring from other tools; edit distance alone would never find these.
const fieldAliases: Record<string, string> = {
  args: 'arguments',
  argv: 'arguments',
  cmd: 'command',
  exe: 'command',
  program: 'command',
  script: 'command',
  cwd: 'workingDirectory',
  workdir: 'workingDirectory',
  env: 'environment',
  timeout: 'timeoutMinutes',
  schedule: 'triggers',
};

// Trigger types people guess from what the trigger does.
const valueAliases: Record<string, string> = {
  cron: '"schedule" (its "cron" field holds the cron expression)',
  timer: '"interval"',
  watch: '"file"',
  folder: '"file"',
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function valueAt(root: unknown, path: readonly JsonPathSegment[]): { found: boolean; value: unknown } {
  let value = root;
  for (const segment of path) {
    if (typeof segment === 'number' ? !Array.isArray(value) : !isRecord(value))
      return { found: false, value };
    if (!Object.hasOwn(value as object, segment)) return { found: false, value: undefined };
    value = (value as Record<string | number, unknown>)[segment];
  }
  return { found: true, value };
}

// The zod schema that validates the value at `path`; the value picks the branch of a discriminated union.
function schemaAt(schema: z.ZodType, path: readonly JsonPathSegment[], root: unknown): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  let value = root;
  for (let index = 0; current !== undefined; ) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodDefault ||
      current instanceof z.ZodNullable
    ) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType;
    } else if (current instanceof z.ZodDiscriminatedUnion) {
      const discriminator: string = current.def.discriminator;
      const tag: unknown = isRecord(value) ? value[discriminator] : undefined;
      current = (current.options as z.ZodType[]).find((option): boolean => {
        const literal: unknown = option instanceof z.ZodObject ? option.shape[discriminator] : undefined;
        return literal instanceof z.ZodLiteral && literal.values.has(tag as never);
      });
    } else if (index === path.length) {
      return current;
    } else {
      const segment = path[index++] as JsonPathSegment;
      value =
        isRecord(value) || Array.isArray(value) ? (value as Record<string, unknown>)[segment] : undefined;
      if (current instanceof z.ZodObject) current = current.shape[segment] as z.ZodType | undefined;
      else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
      else if (current instanceof z.ZodRecord) current = current.valueType as z.ZodType;
      else return undefined;
    }
  }
  return undefined;
}

const knownFields = (schema: z.ZodType, path: readonly JsonPathSegment[], root: unknown): string[] => {
  const object = schemaAt(schema, path, root);
  return object instanceof z.ZodObject ? Object.keys(object.shape) : [];
};

/** How a message names what the file holds: `the text "30"`, `the number 5`, `a list [ … ]`. */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string')
    return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}…` : value)}`;
  if (typeof value === 'number')
    return Number.isFinite(value) ? `the number ${value}` : 'a number too large for JSON';
  if (Array.isArray(value)) return 'a list [ … ]';
  if (typeof value === 'object') return 'an object { … }';
  return String(value);
}

const expectedWords: Record<string, string> = {
  string: 'text in double quotes',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object { … }',
  array: 'a list [ … ]',
};

// The one-step fix for the usual type mix-ups: quotes around numbers and booleans, or missing ones.
function typeFix(expected: string, found: unknown): string {
  if (typeof found === 'string' && (expected === 'number' || expected === 'int') && found.trim() !== '') {
    return Number.isFinite(Number(found)) ? ': remove the quotes' : '';
  }
  if (typeof found === 'string' && expected === 'boolean' && /^(true|false)$/i.test(found)) {
    return `: write ${found.toLowerCase()} without quotes`;
  }
  if (expected === 'string' && (typeof found === 'number' || typeof found === 'boolean')) {
    return `: put it in double quotes ("${String(found)}")`;
  }
  if (expected === 'array' && found !== null && typeof found !== 'object')
    return `: write [${JSON.stringify(found)}]`;
  return '';
}

const orList = (values: readonly unknown[]): string => {
  const shown = values.map((value) => JSON.stringify(value));
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
};

const unit = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * Messages for the issues the schema gives no message of its own (passed to `safeParse` as its
 * error map; a schema's own `error` wins). They say what was expected and what was found.
 */
export const jobIssueMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${expectedWords[issue.expected] ?? issue.expected}, found ${describeFound(issue.input)}`;
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'string')
        return minimum <= 1 ? 'must not be empty' : `must be at least ${unit(minimum, 'character')}`;
      if (issue.origin === 'array') return `must list at least ${unit(minimum, 'item')}`;
      return `must be ${issue.inclusive ? '≥' : 'greater than'} ${minimum} (got ${String(issue.input)})`;
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      const input = issue.input as { length?: number } | undefined;
      if (issue.origin === 'string')
        return `must be at most ${unit(maximum, 'character')} (got ${input?.length})`;
      if (issue.origin === 'array')
        return `must list at most ${unit(maximum, 'item')} (got ${input?.length})`;
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${maximum} (got ${String(issue.input)})`;
    }
    case 'invalid_value':
      return `must be ${orList(issue.values)}`;
    default:
      return undefined;
  }
};

// The known field a name most likely meant: an alias from another tool, else the closest spelling.
function closestField(key: string, known: readonly string[]): string | undefined {
  const alias = fieldAliases[key.toLowerCase()];
  return alias !== undefined && known.includes(alias) ? alias : didYouMean(key, known);
}

function unknownFieldMessage(
  key: string,
  path: readonly JsonPathSegment[],
  schema: z.ZodType,
  root: unknown,
): string {
  const known = knownFields(schema, path, root);
  const suggestion = closestField(key, known);
  if (suggestion !== undefined) return `unknown field: did you mean "${suggestion}"?`;
  // Files written for flatter formats put process settings next to "name", or job settings inside "process".
  if (path.length === 0) {
    const inProcess = closestField(key, knownFields(schema, ['process'], { process: {} }));
    if (inProcess !== undefined) return `unknown field here: "${inProcess}" belongs inside "process"`;
  }
  if (path.length === 1 && path[0] === 'process') {
    const outside = closestField(key, knownFields(schema, [], root));
    if (outside !== undefined)
      return `unknown field inside "process": "${outside}" belongs next to "process", not in it`;
  }
  return `unknown field: remove it; known fields are: ${known.join(', ')}`;
}

function requiredMessage(path: readonly JsonPathSegment[], schema: z.ZodType, root: unknown): string {
  const generic = formatPath(path.map((segment) => (typeof segment === 'number' ? 0 : segment))).replace(
    /\[0\]/g,
    '[]',
  );
  const hint = requiredHints[generic] ?? schemaAt(schema, path, root)?.description;
  return hint === undefined ? 'required: add it' : `required: ${hint}`;
}

function wrongValueSuffix(found: unknown, values: readonly unknown[]): string {
  const got = ` (got ${JSON.stringify(found) ?? describeFound(found)})`;
  if (typeof found !== 'string') return got;
  // Own keys only: "constructor" or "__proto__" must not find Object.prototype's members.
  const key = found.toLowerCase();
  const alias = Object.hasOwn(valueAliases, key) ? valueAliases[key] : undefined;
  if (alias !== undefined) return `${got}: did you mean ${alias}?`;
  const suggestion = didYouMean(
    found,
    values.filter((value): value is string => typeof value === 'string'),
  );
  return suggestion === undefined ? got : `${got}: did you mean "${suggestion}"?`;
}

// The union member the value came closest to: the one whose errors reach deepest into it. For
// "arguments": ["a", 1] that is the list, so the problem is "arguments[1]" being a number rather
// than "arguments" being neither a string nor a list. None when every member failed at the top.
function closestBranch(issue: z.core.$ZodIssueInvalidUnion): z.core.$ZodIssue[] | undefined {
  let best: z.core.$ZodIssue[] | undefined;
  let bestDepth = 0;
  for (const branch of issue.errors) {
    const depth = Math.max(0, ...branch.map((inner) => inner.path.length));
    if (depth > bestDepth) {
      best = branch;
      bestDepth = depth;
    }
  }
  return best;
}

/**
 * zod issues as problems a user can act on: an unknown field becomes one problem per key with a
 * "did you mean", a missing field says what to write, and a message that does not already say
 * what the file holds gets "found …" added.
 */
export function fieldProblems(
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodType,
  root: unknown,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((segment): segment is JsonPathSegment => typeof segment !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          path: [...path, key],
          keyOf: true,
          message: unknownFieldMessage(key, path, schema, root),
        });
      }
      continue;
    }
    const { found, value } = valueAt(root, path);
    if (!found) {
      problems.push({ path, message: requiredMessage(path, schema, root) });
    } else if (issue.code === 'invalid_type') {
      const says = /\b(found|got)\b/.test(issue.message) ? '' : `; found ${describeFound(value)}`;
      problems.push({ path, message: `${issue.message}${says}${typeFix(issue.expected, value)}` });
    } else if (issue.code === 'invalid_value') {
      problems.push({ path, message: `${issue.message}${wrongValueSuffix(value, issue.values)}` });
    } else if (issue.code === 'invalid_union' && 'options' in issue && issue.discriminator !== undefined) {
      problems.push({ path, message: `${issue.message}${wrongValueSuffix(value, issue.options ?? [])}` });
    } else if (issue.code === 'invalid_union') {
      const branch = closestBranch(issue);
      if (branch === undefined)
        problems.push({ path, message: `${issue.message}; found ${describeFound(value)}` });
      else
        problems.push(
          ...fieldProblems(
            branch.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })),
            schema,
            root,
          ),
        );
    } else if (issue.code === 'invalid_key') {
      // A record key that failed its own checks: zod wraps the key schema's words in "Invalid key in record".
      const inner = issue.issues[0]?.message;
      problems.push({ path, message: inner ?? issue.message });
    } else {
      problems.push({ path, message: issue.message });
    }
  }
  return problems;
}
