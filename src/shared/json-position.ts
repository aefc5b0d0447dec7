import type { Node as JsonNode } from 'jsonc-parser';

/** A place in a text file as editors show it: both numbers start at 1. */
export interface TextPosition {
  line: number;
  column: number;
}

/** One step of a path into a JSON value: an object key or an array index (zod's issue paths, minus symbols). */
export type JsonPathSegment = string | number;

/**
 * Turns character offsets into line and column. CRLF, LF and a lone CR each end one line, so a file
 * saved by Notepad reports the same lines as one saved on Linux. Columns count UTF-16 code units,
 * as VS Code does.
 */
export function createLineMap(text: string): (offset: number) => TextPosition {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 13 && text.charCodeAt(i + 1) === 10) continue;
    if (char === 10 || char === 13) lineStarts.push(i + 1);
  }
  return (offset) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 };
  };
}

// The last property wins, as in JSON.parse, so positions agree with the value that was validated.
function propertyNamed(object: JsonNode, key: string): JsonNode | undefined {
  if (object.type !== 'object') return undefined;
  return object.children?.findLast((property) => property.children?.[0]?.value === key);
}

/**
 * The node a path leads to, or the deepest node on the way when the path goes further than the
 * file does (a missing key points at the object that should hold it). `keyOf: true` returns the
 * key of the last property instead of its value: that is where an unknown field is.
 */
export function nodeAtPath(
  root: JsonNode,
  path: readonly JsonPathSegment[],
  options: { keyOf?: boolean } = {},
): { node: JsonNode; exact: boolean } {
  let node = root;
  for (const [index, segment] of path.entries()) {
    const isLast = index === path.length - 1;
    if (typeof segment === 'number') {
      const element = node.type === 'array' ? node.children?.[segment] : undefined;
      if (element === undefined) return { node, exact: false };
      node = element;
      continue;
    }
    const property = propertyNamed(node, segment);
    const next = isLast && options.keyOf ? property?.children?.[0] : property?.children?.[1];
    if (next === undefined) return { node, exact: false };
    node = next;
  }
  return { node, exact: true };
}

/** `process.timeoutMinutes`, `triggers[0].cron`, `process.environment["MY VAR"]`: how messages name a field. */
export function formatPath(path: readonly JsonPathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}
