import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LaunchContext, planLaunch } from '../../../../src/main/core/launch/plan-launch';
import { quoteWindowsArgument } from '../../../../src/main/core/launch/quote-windows-argument';
import { splitCommandLine } from '../../../../src/main/core/launch/split-command-line';

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
type Lookup = (name: string) => string | undefined;

/** Names are case-insensitive in cmd. */
function lookupIn(env: Record<string, string>): Lookup {
  return (name) => {
    const key = Object.keys(env).find((k) => k.toUpperCase() === name.toUpperCase());
    return key === undefined ? undefined : env[key];
  };
}

// The most hostile environment possible: every name is defined except those starting with ^ or " (which no
// part of Windows defines). Escaping that holds against it holds whatever variables the job's machine has.
const everyName: Lookup = (name) => (name === '' || /^[\^"]/.test(name) ? undefined : 'EXPANDED');

function cmdPhase1(line: string, lookup: Lookup): { text: string; expanded: string[] } {
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

function cmdPhase2(line: string): { text: string; operators: string[] } {
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

function cmdPhase5(line: string, lookup: Lookup): { text: string; expanded: string[] } {
  const expanded: string[] = [];
  const text = line.replace(/!([^!]+)!/g, (written, name: string) => {
    const value = lookup(name);
    if (value === undefined) return written;
    expanded.push(name);
    return value;
  });
  return { text, expanded };
}

const ENV = { PATH: 'C:\\Windows', A: 'EXPANDED', 'A B': 'EXPANDED', '=C:': 'C:\\' };

/** What cmd makes of a plan's arguments: the switches decide delayed expansion, the last one is the line. */
function cmdReads(args: readonly string[], lookup: Lookup = lookupIn(ENV)) {
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

function windows(files: string[]): LaunchContext {
  return {
    platform: 'win32',
    env: { ComSpec: 'C:\\Windows\\System32\\cmd.exe' },
    cwd: 'C:\\work',
    isFile: (p) => files.includes(p),
  };
}

// Everything cmd or the argv parser treats specially, the pieces of %NAME:~n,m% and %NAME:a=b%, and
// letters that spell the variables in ENV.
const unit = fc.constantFrom(
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
  'A',
  'B',
  'PATH',
  'x',
  'é',
);
const argument = fc.string({ unit, maxLength: 12 });

describe('cmd escaping, checked against a model of cmd.exe', () => {
  it.each(['C:\\scripts\\job.bat', 'C:\\Program Files (x86)\\R&D ^ 100%A%\\job.cmd'])(
    'delivers every list argument to %s literally: no operator, no expansion',
    (script) => {
      fc.assert(
        fc.property(fc.array(argument, { maxLength: 6 }), (args) => {
          const plan = planLaunch(script, args, windows([script]));
          const read = cmdReads(plan.args);
          expect(read.operators).toEqual([]);
          expect(read.expanded).toEqual([]);
          // After cmd, the line is the script followed by argv-parser-quoted arguments: what `display` shows.
          const displayTail = plan.display.slice(quoteWindowsArgument(script).length);
          expect(read.line.endsWith(displayTail)).toBe(true);
          expect(read.line.slice(0, read.line.length - displayTail.length).replaceAll('"', '')).toBe(script);
          const [scriptRead, ...argsRead] = splitCommandLine(read.line, 'win32');
          expect(scriptRead).toBe(script);
          expect(argsRead).toEqual(args);
        }),
        { numRuns: 1500 },
      );
    },
  );

  it.each(['C:\\scripts\\job.bat', 'C:\\100%\\R&D ^ %A%\\job.cmd', 'C:\\p\\node_modules\\.bin\\tool.cmd'])(
    'lets no percent pair in %s expand, whatever variables are defined',
    (script) => {
      fc.assert(
        fc.property(fc.array(argument, { maxLength: 6 }), (args) => {
          const read = cmdReads(planLaunch(script, args, windows([script])).args, everyName);
          expect(read.expanded).toEqual([]);
        }),
        { numRuns: 1500 },
      );
    },
  );

  it('runs batch files with extensions on and delayed expansion off, whatever the registry says', () => {
    const plan = planLaunch('C:\\s\\a.bat', ['!A!', '%A:~0,3%'], windows(['C:\\s\\a.bat']));
    expect(plan.args.slice(0, -1)).toEqual(['/d', '/e:on', '/v:off', '/s', '/c']);
    expect(cmdReads(plan.args).expanded).toEqual([]);
  });

  it('lets cmd expand %VAR% and run & in a string, as the user wrote it', () => {
    const read = cmdReads(planLaunch('C:\\s\\a.bat', '%A% & echo done', windows(['C:\\s\\a.bat'])).args);
    expect(read.expanded).toEqual(['A']);
    expect(read.operators).toEqual(['&']);
  });

  // The model must really expand what it claims to rule out, or the properties above would prove nothing.
  it.each<[string, string]>([
    ['%A:~0,3%', 'EXP'],
    ['%A:~-3%', 'DED'],
    ['%A:~2,-2%', 'PAND'],
    ['%A:ex=X%', 'XPANDED'],
    ['%A:*AN=%', 'DED'],
    ['%PATH:\\=/%', 'C:/Windows'],
    ['%a b%', 'EXPANDED'],
    ['%undefined:x=y%%A%', '%undefined:x=y%EXPANDED'],
  ])('the model expands %s in a string as cmd does', (written, expected) => {
    const read = cmdReads(planLaunch('C:\\s\\a.bat', written, windows(['C:\\s\\a.bat'])).args);
    expect(read.line).toBe(`"C:\\s\\a.bat" ${expected}`);
    expect(read.expanded).not.toEqual([]);
  });

  it('survives the second parse of an npm cmd-shim that runs `node cli.js %*`', () => {
    const shim = 'C:\\p\\node_modules\\.bin\\tool.cmd';
    fc.assert(
      fc.property(fc.array(argument, { maxLength: 6 }), (args) => {
        const plan = planLaunch(shim, args, windows([shim]));
        const first = cmdReads(plan.args);
        expect(first.operators).toEqual([]);
        const tail = first.line.slice(first.line.indexOf('"', 1) + 1);
        // Inside the shim, %* lands in a command line that cmd parses once more.
        const secondPhase1 = cmdPhase1(`node cli.js${tail}`, lookupIn(ENV));
        const second = cmdPhase2(secondPhase1.text);
        expect(secondPhase1.expanded).toEqual([]);
        expect(second.operators).toEqual([]);
        expect(splitCommandLine(second.text, 'win32').slice(2)).toEqual(args);
      }),
      { numRuns: 1000 },
    );
  });
});
