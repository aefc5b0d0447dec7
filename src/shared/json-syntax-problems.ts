import { createScanner, type ParseError, printParseErrorCode } from 'jsonc-parser';
import type { TextPosition } from './json-position';

/** A syntax error in plain words, at the place the user has to edit. */
export interface SyntaxProblem {
  offset: number;
  message: string;
}

interface Token {
  text: string;
  offset: number;
  end: number;
}

// Comments and whitespace are left out: "the token before" must be the last thing that matters.
function tokenize(text: string): Token[] {
  const scanner = createScanner(text, false);
  const tokens: Token[] = [];
  for (;;) {
    scanner.scan();
    const offset = scanner.getTokenOffset();
    const length = scanner.getTokenLength();
    if (length === 0 || offset >= text.length) return tokens;
    const tokenText = text.slice(offset, offset + length);
    if (tokenText.trim() === '' || tokenText.startsWith('//') || tokenText.startsWith('/*')) continue;
    tokens.push({ text: tokenText, offset, end: offset + length });
  }
}

const shorten = (text: string): string => (text.length > 40 ? `${text.slice(0, 37)}…` : text);

// How a message names a token: strings as written, punctuation in quotes.
function describe(token: Token | undefined): string {
  if (token === undefined) return 'the end of the file';
  return token.text.startsWith('"') ? shorten(token.text) : `"${shorten(token.text)}"`;
}

const closerOf = { '{': '}', '[': ']' } as const;

// The innermost bracket still open at `offset`: what an unexpected end of file left unclosed.
function unclosedBracket(tokens: readonly Token[], offset: number): Token | undefined {
  const open: Token[] = [];
  for (const token of tokens) {
    if (token.offset >= offset) break;
    if (token.text === '{' || token.text === '[') open.push(token);
    else if (token.text === '}' || token.text === ']') open.pop();
  }
  return open.at(-1);
}

// Whether the token at `index` comes after the file's one value has closed: `{ … } Thanks, John` is text after the
// job, whatever the parser calls the error (a stray word reads to it as an unquoted value).
function afterTheEnd(tokens: readonly Token[], index: number): boolean {
  const first = tokens[0];
  if (index <= 0 || (first?.text !== '{' && first?.text !== '[')) return false;
  let depth = 0;
  for (let i = 0; i < index; i++) {
    const text = tokens[i]?.text;
    if (text === '{' || text === '[') depth++;
    else if (text === '}' || text === ']') depth--;
    if (depth === 0) return true;
  }
  return false;
}

const AFTER_THE_END =
  'after the end of the job: the file must hold one object { … }; remove it, or look for an extra "}" earlier';

function invalidSymbol(token: Token | undefined, next: Token | undefined): string {
  const text = token?.text ?? '';
  if (/[“”„‘’]/.test(text)) {
    return 'curly quotes (“ ” ‘ ’) are not JSON quotes: use straight double quotes ("); text pasted from Word or Outlook often has them';
  }
  if (text.startsWith("'"))
    return `JSON needs double quotes ("), not single quotes ('): write "${text.slice(1, -1)}"`;
  const lower = text.toLowerCase();
  if (lower === 'true' || lower === 'false' || lower === 'null')
    return `write ${lower} in lowercase, not ${text}`;
  if (['nan', 'infinity', '-infinity', 'undefined'].includes(lower))
    return `${text} is not a JSON value: use a number`;
  if (text === ';') return 'unexpected ";": JSON separates items with ","';
  if (text === '=') return 'unexpected "=": JSON writes "field": value';
  if (/^[A-Za-z_$][\w$-]*$/.test(text)) {
    return next?.text === ':'
      ? `field names need double quotes: write "${text}"`
      : `unexpected word ${text}: text values need double quotes ("${text}")`;
  }
  return `unexpected ${describe(token)}: this is not JSON`;
}

function escapeProblem(text: string, token: Token): SyntaxProblem {
  const body = text.slice(token.offset, token.end);
  const match = /\\(?:u(?![0-9A-Fa-f]{4})|[^"\\/bfnrtu])/.exec(body);
  const offset = token.offset + (match?.index ?? 0);
  if (match?.[0] === '\\u') {
    return { offset, message: 'invalid "\\u" escape: it needs four hex digits, like "\\u00e9"' };
  }
  return {
    offset,
    message: `invalid escape "${match?.[0] ?? '\\'}": a backslash in a JSON string must be doubled ("C:\\\\scripts\\\\run.bat") or use forward slashes ("C:/scripts/run.bat")`,
  };
}

// One error in plain words. `tokens` is the whole file; `at` is the token the parser stopped at.
function explain(
  error: ParseError,
  text: string,
  tokens: readonly Token[],
  lineOf: (o: number) => TextPosition,
) {
  const atIndex = tokens.findIndex((token) => token.offset >= error.offset);
  const at = atIndex === -1 ? undefined : tokens[atIndex];
  const beforeIndex = atIndex === -1 ? tokens.length - 1 : atIndex - 1;
  const before = tokens[beforeIndex];
  const after = atIndex === -1 ? undefined : tokens[atIndex + 1];
  const here = (message: string): SyntaxProblem => ({ offset: error.offset, message });
  const afterPrevious = (message: string): SyntaxProblem => ({
    offset: before?.end ?? error.offset,
    message,
  });

  const code = printParseErrorCode(error.error);
  if (at !== undefined && !code.includes('Comment') && afterTheEnd(tokens, atIndex))
    return { offset: at.offset, message: `unexpected ${describe(at)} ${AFTER_THE_END}` };

  switch (code) {
    case 'InvalidCommentToken':
      return here('comments are not allowed in JSON: remove it (notes can go in "description")');
    case 'UnexpectedEndOfComment':
      return here('a /* comment is never closed, and comments are not allowed in JSON: remove it');
    case 'CommaExpected':
      if (before !== undefined && at !== undefined && before.end === at.offset && /^-?0$/.test(before.text)) {
        return {
          offset: before.offset,
          message: `${before.text}${at.text} is not a JSON number: remove the leading 0`,
        };
      }
      if (before !== undefined && at !== undefined && lineOf(at.offset).line > lineOf(before.end).line) {
        return afterPrevious(
          `missing comma: add "," at the end of this line, before ${describe(at)} on line ${lineOf(at.offset).line}`,
        );
      }
      return afterPrevious(`missing comma before ${describe(at)}`);
    case 'ColonExpected':
      return afterPrevious(`missing ":" after the field name ${describe(before)}`);
    case 'PropertyNameExpected':
    case 'ValueExpected':
      if (text.trim() === '') return here('the file is empty');
      if (before?.text === ',' && (at?.text === '}' || at?.text === ']')) {
        return {
          offset: before.offset,
          message: `trailing comma: remove this "," (JSON allows none before "${at.text}")`,
        };
      }
      if (before?.text === ',' && at?.text === ',') return here('two commas in a row: remove one');
      if (before?.text === ':') {
        return here(`missing value after ${describe(tokens[beforeIndex - 1])}: write one after the ":"`);
      }
      if (at === undefined) return here(unexpectedEnd(tokens, error.offset, lineOf));
      return here(
        printParseErrorCode(error.error) === 'PropertyNameExpected'
          ? `expected a field name in double quotes, found ${describe(at)}`
          : `expected a value, found ${describe(at)}`,
      );
    case 'InvalidSymbol':
      return here(invalidSymbol(at, after));
    case 'CloseBraceExpected':
    case 'CloseBracketExpected': {
      if (at === undefined) return here(unexpectedEnd(tokens, error.offset, lineOf));
      const open = unclosedBracket(tokens, error.offset);
      const closer = open === undefined ? '}' : closerOf[open.text as '{' | '['];
      const where =
        open === undefined ? '' : ` to close the "${open.text}" on line ${lineOf(open.offset).line}`;
      return here(`expected "${closer}"${where}, found ${describe(at)}`);
    }
    case 'EndOfFileExpected':
      return here(`unexpected ${describe(at)} ${AFTER_THE_END}`);
    case 'UnexpectedEndOfString':
      return here('a text value is not closed: add the closing " (a string cannot span lines)');
    case 'InvalidEscapeCharacter':
    case 'InvalidUnicode':
      return at === undefined ? here('invalid escape in a string') : escapeProblem(text, at);
    case 'InvalidCharacter': {
      const body = at === undefined ? '' : text.slice(at.offset, at.end);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: finding the control character is the point.
      const index = body.search(/[\u0000-\u001f]/);
      return {
        offset: (at?.offset ?? error.offset) + Math.max(index, 0),
        message: 'a tab or other control character inside a string: write it as \\t, or remove it',
      };
    }
    case 'UnexpectedEndOfNumber':
      return here('a number is cut short: add its digits');
    case 'InvalidNumberFormat':
      return here(`${describe(at)} is not a valid number`);
    default:
      return here(`syntax error (${printParseErrorCode(error.error)})`);
  }
}

function unexpectedEnd(
  tokens: readonly Token[],
  offset: number,
  lineOf: (o: number) => TextPosition,
): string {
  const open = unclosedBracket(tokens, offset);
  if (open === undefined) return 'unexpected end of file: a value is missing';
  const closer = closerOf[open.text as '{' | '['];
  return `unexpected end of file: a "${closer}" is missing (the "${open.text}" on line ${lineOf(open.offset).line} is never closed)`;
}

/**
 * jsonc-parser's error codes in plain words, each at the place to edit (a missing comma is
 * reported where the comma belongs, not at the next token). Only the first error is explained:
 * the parser's recovery makes later ones unreliable. Comments are the exception — they never
 * confuse the parser, so each one is reported and all can be removed in one go.
 */
export function explainSyntaxErrors(
  text: string,
  errors: readonly ParseError[],
  lineOf: (offset: number) => TextPosition,
): SyntaxProblem[] {
  const first = errors.find((error) => printParseErrorCode(error.error) !== 'InvalidCommentToken');
  const kept = errors.filter(
    (error) => error === first || printParseErrorCode(error.error) === 'InvalidCommentToken',
  );
  if (kept.length === 0) return [];
  const tokens = tokenize(text);
  return kept.map((error) => explain(error, text, tokens, lineOf)).sort((a, b) => a.offset - b.offset);
}
