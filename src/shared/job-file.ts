import { type Node as JsonNode, type ParseError, parseTree } from 'jsonc-parser';
import type { JobProblem } from './job-problem';
import { type JobDefinition, jobSchema } from './job-schema';
import { fieldProblems, jobIssueMessage } from './job-schema-problems';
import { createLineMap, formatPath, type JsonPathSegment, nodeAtPath } from './json-position';
import { explainSyntaxErrors } from './json-syntax-problems';

/**
 * A job file either loads completely or says everything wrong with it: no half-loaded jobs. A file that does not
 * load still tells its `name` when one could be read (a text "name" at the top), so lists can say which job is
 * broken instead of calling every bad file unreadable.
 */
export type JobParseResult =
  | { ok: true; job: JobDefinition }
  | { ok: false; problems: JobProblem[]; name?: string };

// Plain objects built key by key: a "__proto__" key stays an ordinary (unknown) field.
function toValue(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const object: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key === undefined || value === undefined) continue;
        Object.defineProperty(object, String(key.value), {
          value: toValue(value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return object;
    }
    case 'array':
      return (node.children ?? []).map(toValue);
    default:
      return node.value;
  }
}

interface LocatedProblem {
  offset?: number;
  field?: string;
  message: string;
}

// JSON.parse silently keeps the last of two equal keys; in a job file that hides a mistake.
function duplicateKeys(
  node: JsonNode,
  path: JsonPathSegment[],
  lineOf: (offset: number) => { line: number },
) {
  const problems: LocatedProblem[] = [];
  if (node.type === 'object') {
    const firstSeen = new Map<string, JsonNode>();
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (key === undefined) continue;
      const name = String(key.value);
      const first = firstSeen.get(name);
      if (first === undefined) firstSeen.set(name, key);
      else {
        problems.push({
          offset: key.offset,
          field: formatPath([...path, name]),
          message: `duplicate key ${JSON.stringify(name)} (also on line ${lineOf(first.offset).line}): remove one`,
        });
      }
      if (value !== undefined) problems.push(...duplicateKeys(value, [...path, name], lineOf));
    }
  } else if (node.type === 'array') {
    for (const [index, element] of (node.children ?? []).entries()) {
      problems.push(...duplicateKeys(element, [...path, index], lineOf));
    }
  }
  return problems;
}

const kindOf = (node: JsonNode): string =>
  node.type === 'array' ? 'a list [ … ]' : node.type === 'string' ? 'a text value' : `a ${node.type} value`;

/** Deeper than any job file needs, shallow enough that the recursive parser and checks can never overflow the stack. */
const MAX_NESTING = 64;

/**
 * The offset where `[`/`{` nesting first exceeds MAX_NESTING, outside strings; null when it never does. A flat
 * scan, so a hostile file of 500,000 nested brackets costs one pass and no stack.
 */
function firstTooDeep(text: string): number | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_NESTING) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return null;
}

/**
 * A check beyond the schema that needs the host (how this platform splits a command line, which programs run
 * through cmd.exe): problems at a path in the job, located and worded like the schema's own.
 */
export type JobCheck = (job: JobDefinition) => { path: JsonPathSegment[]; message: string }[];

/** The top-level "name" of a parsed file, when it is a non-empty text: what to call a file that does not load. */
function nameOf(root: JsonNode | undefined): string | undefined {
  if (root?.type !== 'object') return undefined;
  const property = root.children?.find((p) => p.children?.[0]?.value === 'name');
  const value = property?.children?.[1];
  return value?.type === 'string' && typeof value.value === 'string' && value.value.trim() !== ''
    ? value.value
    : undefined;
}

function locateProblems(
  text: string,
  check?: JobCheck,
): { problems: LocatedProblem[]; name?: string } | { job: JobDefinition } {
  if (text.trim() === '') {
    return {
      problems: [{ message: 'the file is empty: a job file is a JSON object with "name" and "process"' }],
    };
  }
  const tooDeep = firstTooDeep(text);
  if (tooDeep !== null) {
    return {
      problems: [
        {
          offset: tooDeep,
          message: `nested more than ${MAX_NESTING} levels deep here: a job file needs only a few levels. Is this the right file?`,
        },
      ],
    };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const lineOf = createLineMap(text);
  // jsonc-parser recovers from syntax errors: a name before the mistake is still the file's name.
  const name = nameOf(root);
  const named = name === undefined ? {} : { name };
  if (errors.length > 0 || root === undefined) {
    const syntax = explainSyntaxErrors(text, errors, lineOf);
    return { problems: syntax.length > 0 ? syntax : [{ message: 'is not valid JSON' }], ...named };
  }
  if (root.type !== 'object') {
    return {
      problems: [
        {
          offset: root.offset,
          message: `the file holds ${kindOf(root)}, but a job file is one object: { "name": "…", "process": { "command": "…" } }`,
        },
      ],
    };
  }
  const value = toValue(root);
  const parsed = jobSchema.safeParse(value, { error: jobIssueMessage });
  const problems = duplicateKeys(root, [], lineOf);
  const found = parsed.success
    ? (check?.(parsed.data) ?? [])
    : fieldProblems(parsed.error.issues, jobSchema, value);
  for (const problem of found) {
    const keyOf = 'keyOf' in problem && problem.keyOf === true;
    const { node } = nodeAtPath(root, problem.path, { keyOf });
    problems.push({ offset: node.offset, field: formatPath(problem.path), message: problem.message });
  }
  if (problems.length === 0 && parsed.success) return { job: parsed.data };
  return { problems: problems.sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0)), ...named };
}

/**
 * Parses and validates the text of a job file. Pure (no Node APIs) so the window can check a file
 * the same way the hub loads it. Tolerates a UTF-8 byte-order mark and CRLF line ends (Notepad
 * writes both); `file` is only used to name the file in problems.
 */
export function parseJobText(text: string, file: string, check?: JobCheck): JobParseResult {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const located = locateProblems(body, check);
  if ('job' in located) return { ok: true, job: located.job };
  const lineOf = createLineMap(body);
  return {
    ok: false,
    ...(located.name === undefined ? {} : { name: located.name }),
    problems: located.problems.map(({ offset, field, message }) => ({
      file,
      ...(offset === undefined ? {} : lineOf(offset)),
      ...(field === undefined || field === '' ? {} : { field }),
      message,
    })),
  };
}
