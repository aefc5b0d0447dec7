import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LaunchContext, planLaunch } from '../../../../src/main/core/launch/plan-launch';
import { quoteWindowsArgument } from '../../../../src/main/core/launch/quote-windows-argument';
import { splitCommandLine } from '../../../../src/main/core/launch/split-command-line';
import {
  cmdPhase1,
  cmdPhase2,
  cmdReads,
  ENV,
  everyName,
  lookupIn,
  SPECIAL_PIECES,
} from '../../../helpers/cmd-model';

// The model of cmd.exe's parser these tests check against is described in test/helpers/cmd-model.ts.

function windows(files: string[]): LaunchContext {
  return {
    platform: 'win32',
    env: { ComSpec: 'C:\\Windows\\System32\\cmd.exe' },
    cwd: 'C:\\work',
    isFile: (p) => files.includes(p),
  };
}

const unit = fc.constantFrom(...SPECIAL_PIECES);
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
