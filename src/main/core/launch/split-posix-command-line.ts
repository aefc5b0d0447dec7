import { HubError } from '../errors';

// Inside double quotes a POSIX shell gives backslash a meaning only before these; elsewhere it stays literal.
const ESCAPABLE_IN_DOUBLE_QUOTES = new Set(['$', '`', '"', '\\', '\n']);

/**
 * Splits a command line with POSIX shell quoting and nothing else: whitespace separates, single quotes are
 * literal, double quotes allow backslash escapes, a bare backslash escapes the next character. No variable,
 * glob, tilde or operator expansion: `$HOME`, `*` and `|` reach the program as written, because the job runs
 * without a shell. An unclosed quote is an error, as in sh, rather than a silently different argument.
 */
export function splitPosixCommandLine(text: string): string[] {
  const args: string[] = [];
  let arg = '';
  let inArg = false;
  let i = 0;
  while (i < text.length) {
    const char = text[i] as string;
    if (char === ' ' || char === '\t' || char === '\n') {
      if (inArg) args.push(arg);
      arg = '';
      inArg = false;
      i++;
      continue;
    }
    inArg = true;
    if (char === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) throw unclosed("'", text);
      arg += text.slice(i + 1, end);
      i = end + 1;
    } else if (char === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw unclosed('"', text);
        const inner = text[i] as string;
        if (inner === '"') break;
        const next = text[i + 1];
        if (inner === '\\' && next !== undefined && ESCAPABLE_IN_DOUBLE_QUOTES.has(next)) {
          if (next !== '\n') arg += next;
          i += 2;
        } else {
          arg += inner;
          i++;
        }
      }
      i++;
    } else if (char === '\\' && i + 1 < text.length) {
      const next = text[i + 1] as string;
      // Backslash-newline is a line continuation: it joins, it does not add a character.
      if (next !== '\n') arg += next;
      i += 2;
    } else {
      arg += char;
      i++;
    }
  }
  if (inArg) args.push(arg);
  return args;
}

function unclosed(quote: string, text: string): HubError {
  return new HubError(
    'invalid-arguments',
    `Unclosed ${quote} quote in arguments: ${text}. Close the quote, or give the arguments as a list of strings.`,
    { field: 'process.arguments' },
  );
}
