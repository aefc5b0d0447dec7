import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LaunchContext, planLaunch } from '../../../../src/main/core/launch/plan-launch';
import { quoteWindowsArgument } from '../../../../src/main/core/launch/quote-windows-argument';
import { splitCommandLine } from '../../../../src/main/core/launch/split-command-line';

/*
 * A model of how cmd.exe reads `cmd /d /s /c "<line>"`, after the phases in the well-known description of its
 * parser (dbenham, "How does the Windows Command Interpreter (CMD.EXE) parse scripts?"), command-line mode:
 *   /s   strip the first and the last quote;
 *   1    %NAME% expands when NAME is defined; an undefined name stays as written and scanning resumes at
 *        its closing % (the cautious reading: it lets that % start another pair);
 *   2    outside quotes `^x` is a literal x and `& | < >` are operators; a quote toggles quoting.
 * It cannot prove cmd right, but it shows each escaping rule does what its comment claims.
 */
function cmdPhase1(line: string, env: Record<string, string>): { text: string; expanded: string[] } {
  const expanded: string[] = [];
  let text = '';
  let i = 0;
  while (i < line.length) {
    const close = line[i] === '%' ? line.indexOf('%', i + 1) : -1;
    const name = close === -1 ? undefined : line.slice(i + 1, close);
    const key =
      name === undefined ? undefined : Object.keys(env).find((k) => k.toUpperCase() === name.toUpperCase());
    if (key !== undefined) {
      expanded.push(key);
      text += env[key];
      i = close + 1;
    } else {
      text += line[i];
      i++;
    }
  }
  return { text, expanded };
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

const ENV = { PATH: 'C:\\Windows', A: 'EXPANDED', 'A B': 'EXPANDED', '=C:': 'C:\\' };

function cmdReads(shellArg: string) {
  expect(shellArg.startsWith('"') && shellArg.endsWith('"')).toBe(true);
  const phase1 = cmdPhase1(shellArg.slice(1, -1), ENV);
  const phase2 = cmdPhase2(phase1.text);
  return { line: phase2.text, expanded: phase1.expanded, operators: phase2.operators };
}

function windows(files: string[]): LaunchContext {
  return {
    platform: 'win32',
    env: { ComSpec: 'C:\\Windows\\System32\\cmd.exe' },
    cwd: 'C:\\work',
    isFile: (p) => files.includes(p),
  };
}

// Everything cmd or the argv parser treats specially, plus letters that spell the variables in ENV.
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
          const read = cmdReads(plan.args[3] as string);
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

  it('lets cmd expand %VAR% and run & in a string, as the user wrote it', () => {
    const read = cmdReads(
      planLaunch('C:\\s\\a.bat', '%A% & echo done', windows(['C:\\s\\a.bat'])).args[3] as string,
    );
    expect(read.expanded).toEqual(['A']);
    expect(read.operators).toEqual(['&']);
  });

  it('survives the second parse of an npm cmd-shim that runs `node cli.js %*`', () => {
    const shim = 'C:\\p\\node_modules\\.bin\\tool.cmd';
    fc.assert(
      fc.property(fc.array(argument, { maxLength: 6 }), (args) => {
        const plan = planLaunch(shim, args, windows([shim]));
        const first = cmdReads(plan.args[3] as string);
        expect(first.operators).toEqual([]);
        const tail = first.line.slice(first.line.indexOf('"', 1) + 1);
        // Inside the shim, %* lands in a command line that cmd parses once more.
        const secondPhase1 = cmdPhase1(`node cli.js${tail}`, ENV);
        const second = cmdPhase2(secondPhase1.text);
        expect(secondPhase1.expanded).toEqual([]);
        expect(second.operators).toEqual([]);
        expect(splitCommandLine(second.text, 'win32').slice(2)).toEqual(args);
      }),
      { numRuns: 1000 },
    );
  });
});
