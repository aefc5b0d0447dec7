import { expect } from 'vitest';

/*
 * A model of how cmd.exe reads `cmd /d /e:on /v:off /s /c "<line>"`, after the phases in the well-known
 * description of its parser (dbenham, "How does the Windows Command Interpreter (CMD.EXE) parse scripts?"),
 * command-line mode:
 *   /s   strip the first and the last quote;
 *   1    a `%...%` pair expands when the name in it is defined: `%NAME%`, and with command extensions (/e:on)
 *        `%NAME:~n,m%` (substring) and `%NAME:a=b%` (replace), whose name is the text before the first `:`.
 *        An undefined name stays as written; the model then tries the very next `%` as an opening one (more
 *        cautious than cmd, which resumes at the closing %), so no pairing cmd could make is missed;
 *   2    outside quotes `^x` is a literal x and `& | < >` are operators; a quote toggles quoting;
 *   5    delayed expansion: `!NAME!` expands, unless /v:off turns it off (the registry may turn it on).
 * It cannot prove cmd right, but it shows each escaping rule does what its comment claims.
 */
export type Lookup = (name: string) => string | undefined;

/** Names are case-insensitive in cmd. */
export function lookupIn(env: Record<string, string>): Lookup {
  return (name) => {
    const key = Object.keys(env).find((k) => k.toUpperCase() === name.toUpperCase());
    return key === undefined ? undefined : env[key];
  };
}

// The most hostile environment possible: every name is defined except those starting with ^ or " (which no
// part of Windows defines). Escaping that holds against it holds whatever variables the job's machine has.
export const everyName: Lookup = (name) => (name === '' || /^[\^"]/.test(name) ? undefined : 'EXPANDED');

export function cmdPhase1(line: string, lookup: Lookup): { text: string; expanded: string[] } {
  const expanded: string[] = [];
  let text = '';
  let i = 0;
  while (i < line.length) {
    const close = line[i] === '%' ? line.indexOf('%', i + 1) : -1;
    if (close !== -1) {
      const body = line.slice(i + 1, close);
      const colon = body.indexOf(':');
      const name = colon === -1 ? body : body.slice(0, colon);
      const value = name === '' ? undefined : lookup(name);
      if (value !== undefined) {
        expanded.push(body);
        text += colon === -1 ? value : modified(value, body.slice(colon + 1), `%${body}%`);
        i = close + 1;
        continue;
      }
    }
    text += line[i];
    i++;
  }
  return { text, expanded };
}

// `~n,m` takes a substring (negative values count from the end); `a=b` replaces every a (any case) by b, and
// `*a=b` everything up to and including the first a. Anything else is left as written (still counted above).
function modified(value: string, modifier: string, written: string): string {
  const substring = /^~(-?\d+)(?:,(-?\d+))?$/.exec(modifier);
  if (substring) {
    const length = value.length;
    const start = Math.min(
      length,
      Math.max(0, Number(substring[1]) < 0 ? length + Number(substring[1]) : Number(substring[1])),
    );
    const count = substring[2] === undefined ? length : Number(substring[2]);
    const end = count < 0 ? Math.max(start, length + count) : Math.min(length, start + count);
    return value.slice(start, end);
  }
  const equals = modifier.indexOf('=');
  if (equals <= 0) return written;
  const search = modifier.slice(0, equals);
  const replacement = modifier.slice(equals + 1);
  if (search.startsWith('*')) {
    const at = value.toUpperCase().indexOf(search.slice(1).toUpperCase());
    return at === -1 ? value : replacement + value.slice(at + search.length - 1);
  }
  const escaped = search.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return value.replace(new RegExp(escaped, 'gi'), () => replacement);
}

export function cmdPhase2(line: string): { text: string; operators: string[] } {
  const operators: string[] = [];
  let text = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i] as string;
    if (char === '"') {
      quoted = !quoted;
      text += char;
    } else if (quoted) {
      text += char;
    } else if (char === '^') {
      i++;
      text += line[i] ?? '';
    } else if ('&|<>'.includes(char)) {
      operators.push(char);
      text += char;
    } else {
      text += char;
    }
  }
  return { text, operators };
}

export function cmdPhase5(line: string, lookup: Lookup): { text: string; expanded: string[] } {
  const expanded: string[] = [];
  const text = line.replace(/!([^!]+)!/g, (written, name: string) => {
    const value = lookup(name);
    if (value === undefined) return written;
    expanded.push(name);
    return value;
  });
  return { text, expanded };
}

export const ENV = { PATH: 'C:\\Windows', A: 'EXPANDED', 'A B': 'EXPANDED', '=C:': 'C:\\' };

/** What cmd makes of a plan's arguments: the switches decide delayed expansion, the last one is the line. */
export function cmdReads(args: readonly string[], lookup: Lookup = lookupIn(ENV)) {
  const shellArg = args.at(-1) as string;
  expect(shellArg.startsWith('"') && shellArg.endsWith('"')).toBe(true);
  const phase1 = cmdPhase1(shellArg.slice(1, -1), lookup);
  const phase2 = cmdPhase2(phase1.text);
  const delayed = !args.slice(0, -1).some((option) => option.toLowerCase() === '/v:off');
  const phase5 = delayed ? cmdPhase5(phase2.text, lookup) : { text: phase2.text, expanded: [] };
  return {
    line: phase5.text,
    expanded: [...phase1.expanded, ...phase5.expanded],
    operators: phase2.operators,
  };
}

/**
 * Pieces for generated arguments: everything cmd, the argv parser or a shell treats specially, the pieces of
 * %NAME:~n,m% and %NAME:a=b%, and letters that spell the variables in ENV.
 */
export const SPECIAL_PIECES = [
  ' ',
  '\t',
  '"',
  '\\',
  '%',
  '^',
  '&',
  '|',
  '<',
  '>',
  '(',
  ')',
  '!',
  ',',
  ';',
  '=',
  ':',
  '~',
  '0',
  '-',
  '*',
  '$',
  '`',
  "'",
  'A',
  'B',
  'PATH',
  'x',
  'é',
];
