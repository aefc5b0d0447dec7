import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJobText } from '../../src/shared/job-file';
import { formatProblem, type JobProblem } from '../../src/shared/job-problem';

const FILE = 'jobs/backup.json';

/** The problems of a job file text, as the CLI prints them. */
function problems(text: string): string[] {
  const result = parseJobText(text, FILE);
  return result.ok ? [] : result.problems.map(formatProblem);
}

function onlyProblem(text: string): JobProblem {
  const result = parseJobText(text, FILE);
  if (result.ok) throw new Error('expected a problem, the job is valid');
  expect(result.problems).toHaveLength(1);
  return result.problems[0] as JobProblem;
}

/** Lines joined with CRLF, as Notepad saves them. */
const crlf = (...lines: string[]) => lines.join('\r\n');

describe('parseJobText: valid files', () => {
  it('loads the seed example and applies the defaults', () => {
    const result = parseJobText(
      JSON.stringify({
        $schema: '../job.schema.json',
        name: 'Nightly export',
        process: {
          command: 'C:/scripts/export.bat',
          arguments: '--input data.txt',
          workingDirectory: 'C:/workspace',
          timeoutMinutes: 30,
          environment: { MY_VAR: 'value' },
        },
      }),
      FILE,
    );
    expect(result).toEqual({
      ok: true,
      job: {
        $schema: '../job.schema.json',
        name: 'Nightly export',
        enabled: true,
        process: {
          command: 'C:/scripts/export.bat',
          arguments: '--input data.txt',
          workingDirectory: 'C:/workspace',
          timeoutMinutes: 30,
          environment: { MY_VAR: 'value' },
        },
        triggers: [],
        concurrency: 'skip',
        priority: 0,
        missedRuns: 'runOnce',
      },
    });
  });

  it('applies trigger defaults', () => {
    const result = parseJobText(
      '{"name":"x","process":{"command":"a"},"triggers":[{"type":"file","path":"C:/in"}]}',
      FILE,
    );
    expect(result.ok && result.job.triggers).toEqual([
      {
        type: 'file',
        path: 'C:/in',
        pattern: '*',
        recursive: false,
        stableSeconds: 2,
        processExisting: false,
        polling: false,
      },
    ]);
  });

  it('tolerates a UTF-8 byte-order mark and CRLF line ends', () => {
    const result = parseJobText(
      `\uFEFF${crlf('{', '  "name": "x",', '  "process": { "command": "a" }', '}', '')}`,
      FILE,
    );
    expect(result.ok && result.job.name).toBe('x');
  });

  it('keeps a "__proto__" key an ordinary field instead of a prototype', () => {
    expect(problems('{"__proto__":{"polluted":1},"name":"x","process":{"command":"a"}}')).toEqual([
      expect.stringMatching(
        /^jobs\/backup\.json:1:2: __proto__: unknown field: remove it; known fields are: \$schema, name, /,
      ),
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseJobText: syntax errors', () => {
  it('reports an empty file without a position', () => {
    const expected =
      'jobs/backup.json: the file is empty: a job file is a JSON object with "name" and "process"';
    expect(problems('')).toEqual([expected]);
    expect(problems('\uFEFF \r\n\t')).toEqual([expected]);
  });

  it('reports a missing comma at the end of the line that needs it', () => {
    expect(problems(crlf('{', '  "name": "x"', '  "process": { "command": "a" }', '}'))).toEqual([
      'jobs/backup.json:2:14: missing comma: add "," at the end of this line, before "process" on line 3',
    ]);
    expect(problems('{"name": "x" "process": {}}')).toEqual([
      'jobs/backup.json:1:13: missing comma before "process"',
    ]);
  });

  it('reports a trailing comma at the comma', () => {
    expect(problems(crlf('{', '  "name": "x",', '  "process": { "command": "a" },', '}'))).toEqual([
      'jobs/backup.json:3:32: trailing comma: remove this "," (JSON allows none before "}")',
    ]);
    expect(problems('{"name":"x","process":{"command":"a","arguments":["a",]}}')).toEqual([
      'jobs/backup.json:1:54: trailing comma: remove this "," (JSON allows none before "]")',
    ]);
  });

  it('reports every comment', () => {
    expect(
      problems(crlf('{', '  // nightly', '  "name": "x", /* ok */', '  "process": { "command": "a" }', '}')),
    ).toEqual([
      'jobs/backup.json:2:3: comments are not allowed in JSON: remove it (notes can go in "description")',
      'jobs/backup.json:3:16: comments are not allowed in JSON: remove it (notes can go in "description")',
    ]);
  });

  it('names the bracket an unexpected end of file left open', () => {
    expect(problems(crlf('{', '  "name": "x",', '  "process": {', '    "command": "a"', ''))).toEqual([
      'jobs/backup.json:5:1: unexpected end of file: a "}" is missing (the "{" on line 3 is never closed)',
    ]);
    expect(problems('{"name":"x","process":{"command":"a","arguments":["a"')).toEqual([
      'jobs/backup.json:1:54: unexpected end of file: a "]" is missing (the "[" on line 1 is never closed)',
    ]);
  });

  it('reports text after the end of the object', () => {
    expect(problems('{"name":"x","process":{"command":"a"}}}')).toEqual([
      'jobs/backup.json:1:39: unexpected "}" after the end of the job: the file must hold one object { … }; remove it, or look for an extra "}" earlier',
    ]);
  });

  it('explains the usual non-JSON habits', () => {
    expect(problems("{'name': 'x'}")).toEqual([
      'jobs/backup.json:1:2: JSON needs double quotes ("), not single quotes (\'): write "name"',
    ]);
    expect(problems('{name: "x"}')).toEqual([
      'jobs/backup.json:1:2: field names need double quotes: write "name"',
    ]);
    expect(problems('{"name": "x", "enabled": True}')).toEqual([
      'jobs/backup.json:1:26: write true in lowercase, not True',
    ]);
    expect(problems('{“name”: "x"}')).toEqual([expect.stringContaining('1:2: curly quotes')]);
    expect(problems('{"name": "x", "process": {"timeoutMinutes": 01}}')).toEqual([
      'jobs/backup.json:1:45: 01 is not a JSON number: remove the leading 0',
    ]);
    expect(problems('{"name": "x}')).toEqual([
      'jobs/backup.json:1:10: a text value is not closed: add the closing " (a string cannot span lines)',
    ]);
    expect(problems('{"name" "x"}')).toEqual([
      'jobs/backup.json:1:8: missing ":" after the field name "name"',
    ]);
    expect(problems('{"name": }')).toEqual([
      'jobs/backup.json:1:10: missing value after "name": write one after the ":"',
    ]);
  });

  it('points at the single backslash of a Windows path', () => {
    expect(
      problems(crlf('{', '  "name": "x",', '  "process": { "command": "C:\\scripts\\run.bat" }', '}')),
    ).toEqual([
      'jobs/backup.json:3:30: invalid escape "\\s": a backslash in a JSON string must be doubled ("C:\\\\scripts\\\\run.bat") or use forward slashes ("C:/scripts/run.bat")',
    ]);
  });

  it('rejects a path whose single backslashes happen to be valid escapes ("\\t", "\\r")', () => {
    const problem = onlyProblem('{"name":"x","process":{"command":"C:\\temp\\run.bat"}}');
    expect(problem).toMatchObject({ line: 1, column: 34, field: 'process.command' });
    expect(problem.message).toContain(
      'double each backslash ("C:\\\\temp\\\\run.bat") or use forward slashes',
    );
  });

  it('reports duplicate keys on the second one, naming the first line', () => {
    expect(
      problems(
        crlf(
          '{',
          '  "name": "x",',
          '  "process": {',
          '    "command": "a",',
          '    "command": "b"',
          '  },',
          '  "name": "y"',
          '}',
        ),
      ),
    ).toEqual([
      'jobs/backup.json:5:5: process.command: duplicate key "command" (also on line 4): remove one',
      'jobs/backup.json:7:3: name: duplicate key "name" (also on line 2): remove one',
    ]);
  });

  it('says what the file holds when it is not an object', () => {
    const message =
      'the file holds a list [ … ], but a job file is one object: { "name": "…", "process": { "command": "…" } }';
    expect(problems('\n  []')).toEqual([`jobs/backup.json:2:3: ${message}`]);
    expect(problems('"x"')).toEqual([expect.stringContaining('1:1: the file holds a text value, but')]);
  });
});

describe('parseJobText: schema errors', () => {
  it('suggests the field a typo meant, at the typo', () => {
    const problem = onlyProblem('{"name":"x","process":{"command":"a","timeoutMinuts":5}}');
    expect(problem).toEqual({
      file: FILE,
      line: 1,
      column: 38,
      field: 'process.timeoutMinuts',
      message: 'unknown field: did you mean "timeoutMinutes"?',
    });
  });

  it('reports a value out of range at the value', () => {
    const text = crlf(
      '{',
      '  "name": "x",',
      '  "process": {',
      '    "command": "a",',
      '    "timeoutMinutes": -5',
      '  }',
      '}',
    );
    expect(problems(text)).toEqual(['jobs/backup.json:5:23: process.timeoutMinutes: must be ≥ 0 (got -5)']);
    expect(problems(`\uFEFF${text}`)).toEqual([
      'jobs/backup.json:5:23: process.timeoutMinutes: must be ≥ 0 (got -5)',
    ]);
  });

  it('says a number in quotes should lose its quotes', () => {
    const problem = onlyProblem('{"name":"x","process":{"command":"a","timeoutMinutes":"30"}}');
    expect(problem.field).toBe('process.timeoutMinutes');
    expect(problem.message).toMatch(
      /^must be a number of minutes .*; found the text "30": remove the quotes$/,
    );
  });

  it('says what a missing required field is for, at the object that lacks it', () => {
    expect(problems('{"name":"x",\n "process":{}}')).toEqual([
      'jobs/backup.json:2:12: process.command: required: the program or script to run',
    ]);
    expect(problems('{}')).toEqual([
      'jobs/backup.json:1:1: name: required: the job\'s name, e.g. "Nightly export"',
      'jobs/backup.json:1:1: process: required: what to run, e.g. "process": { "command": "C:/scripts/export.bat" }',
    ]);
  });

  it('lists the known fields when a name is not close to any', () => {
    expect(problems('{"name":"x","process":{"command":"a"},"colour":"red"}')).toEqual([
      'jobs/backup.json:1:39: colour: unknown field: remove it; known fields are: $schema, name, description, enabled, process, triggers, concurrency, priority, retry, stuckAfterMinutes, silentAfterMinutes, missedRuns, notify',
    ]);
  });

  it('recognises names from other tools and fields in the wrong object', () => {
    expect(problems('{"name":"x","process":{"command":"a","args":"-v","cwd":"C:/"}}')).toEqual([
      'jobs/backup.json:1:38: process.args: unknown field: did you mean "arguments"?',
      'jobs/backup.json:1:50: process.cwd: unknown field: did you mean "workingDirectory"?',
    ]);
    expect(problems('{"name":"x","timeoutMinutes":5,"process":{"command":"a","triggers":[]}}')).toEqual([
      'jobs/backup.json:1:13: timeoutMinutes: unknown field here: "timeoutMinutes" belongs inside "process"',
      'jobs/backup.json:1:57: process.triggers: unknown field inside "process": "triggers" belongs next to "process", not in it',
    ]);
  });

  it('explains trigger mistakes', () => {
    expect(
      problems(
        crlf(
          '{"name":"x","process":{"command":"a"},"triggers":[',
          '  {"type":"cron","cron":"0 2 * * *"},',
          '  {"cron":"0 2 * * *"},',
          '  {"type":"schedule"},',
          '  {"type":"interval","everyMinutes":0},',
          '  {"type":"file","path":"C:/in","patern":"*.csv"},',
          '  "daily"',
          ']}',
        ),
      ),
    ).toEqual([
      'jobs/backup.json:2:11: triggers[0].type: must have "type": "schedule", "interval" or "file" (got "cron"): did you mean "schedule" (its "cron" field holds the cron expression)?',
      'jobs/backup.json:3:3: triggers[1].type: required: the kind of trigger: "schedule", "interval" or "file"',
      'jobs/backup.json:4:3: triggers[2].cron: required: a cron expression, e.g. "0 2 * * 1-5" (02:00 on weekdays)',
      'jobs/backup.json:5:37: triggers[3].everyMinutes: must be at least 0.0167 (1 second): every run is recorded on disk, and a job that must repeat faster should loop by itself (got 0)',
      'jobs/backup.json:6:33: triggers[4].patern: unknown field: did you mean "pattern"?',
      'jobs/backup.json:7:3: triggers[5]: expected an object { … }, found the text "daily"',
    ]);
  });

  it('refuses intervals under a second, saying why and what to do instead', () => {
    const interval = (everyMinutes: number) =>
      problems(
        JSON.stringify({
          name: 'x',
          process: { command: 'a' },
          triggers: [{ type: 'interval', everyMinutes }],
        }),
      );
    expect(interval(0.00001667)).toEqual([
      'jobs/backup.json:1:85: triggers[0].everyMinutes: must be at least 0.0167 (1 second): every run is recorded on disk, and a job that must repeat faster should loop by itself (got 0.00001667)',
    ]);
    expect(interval(0.0167)).toEqual([]);
    expect(interval(1 / 60)).toEqual([]);
  });

  it('says what was expected and what was found for wrong types', () => {
    expect(
      problems(
        '{"name":5,"process":{"command":"a","successExitCodes":0,"environment":{"MY VAR":1}},"enabled":"true","priority":1.5,"triggers":{}}',
      ),
    ).toEqual([
      'jobs/backup.json:1:9: name: must be the job\'s name, e.g. "Nightly export"; found the number 5: put it in double quotes ("5")',
      'jobs/backup.json:1:55: process.successExitCodes: must be a list of exit codes, like [0, 1]; found the number 0: write [0]',
      'jobs/backup.json:1:81: process.environment["MY VAR"]: values must be text: environment variables hold text; found the number 1: put it in double quotes ("1")',
      'jobs/backup.json:1:95: enabled: expected true or false, found the text "true": write true without quotes',
      'jobs/backup.json:1:113: priority: expected a whole number, found the number 1.5',
      'jobs/backup.json:1:128: triggers: expected a list [ … ], found an object { … }',
    ]);
  });

  it('points into a union at the part that is wrong', () => {
    expect(problems('{"name":"x","process":{"command":"a","arguments":["-v",1]}}')).toEqual([
      'jobs/backup.json:1:56: process.arguments[1]: expected text in double quotes, found the number 1: put it in double quotes ("1")',
    ]);
    expect(problems('{"name":"x","process":{"command":"a","arguments":5}}')).toEqual([
      'jobs/backup.json:1:50: process.arguments: must be a string ("--input data.txt") or a list of strings (["--input", "data.txt"]); found the number 5',
    ]);
  });

  it('suggests the enum value a typo meant', () => {
    expect(
      problems('{"name":"x","process":{"command":"a"},"concurrency":"Skip","missedRuns":"never"}'),
    ).toEqual([
      'jobs/backup.json:1:53: concurrency: must be "skip", "queue", "parallel" or "replace" (got "Skip"): did you mean "skip"?',
      'jobs/backup.json:1:73: missedRuns: must be "skip" or "runOnce" (got "never")',
    ]);
  });

  it('gives each limit its own message', () => {
    expect(problems(`{"name":"${'n'.repeat(201)}","process":{"command":"a"}}`)).toEqual([
      'jobs/backup.json:1:9: name: must be at most 200 characters (got 201)',
    ]);
    expect(problems('{"name":"x","process":{"command":"a","timeoutMinutes":99999}}')).toEqual([
      'jobs/backup.json:1:55: process.timeoutMinutes: must be at most 44640 (31 days) (got 99999)',
    ]);
  });

  it('reports empty strings and limits in plain words', () => {
    expect(
      problems('{"name":"  ","process":{"command":"a","startupSeconds":301},"retry":{"attempts":-1}}'),
    ).toEqual([
      'jobs/backup.json:1:9: name: must not be empty',
      'jobs/backup.json:1:56: process.startupSeconds: must be at most 300 (got 301)',
      'jobs/backup.json:1:81: retry.attempts: must be ≥ 0 (got -1)',
    ]);
  });
});

describe('parseJobText: robustness', () => {
  const lineCount = (text: string) => text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).length;

  it('never throws, and every position lies inside the file', () => {
    const texts = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      // Valid JSON with one character cut out: mostly syntax errors in odd places.
      fc
        .tuple(fc.json(), fc.nat())
        .map(([json, cut]) => json.slice(0, cut % json.length) + json.slice((cut % json.length) + 1)),
      fc
        .jsonValue()
        .map((value) => JSON.stringify({ name: 'x', process: { command: 'a' }, extra: value }, null, 2)),
    );
    fc.assert(
      fc.property(texts, (text) => {
        const result = parseJobText(text, FILE);
        if (result.ok) return;
        expect(result.problems.length).toBeGreaterThan(0);
        for (const problem of result.problems) {
          expect(problem.file).toBe(FILE);
          expect(problem.message.length).toBeGreaterThan(0);
          if (problem.line !== undefined) {
            expect(problem.line).toBeGreaterThanOrEqual(1);
            expect(problem.line).toBeLessThanOrEqual(lineCount(text));
            expect(problem.column).toBeGreaterThanOrEqual(1);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseJobText: agreement with JSON.parse', () => {
  it('accepts no text that JSON.parse rejects, except for a leading BOM', () => {
    const valid = '{"name":"x","process":{"command":"a"}}';
    // Mutations of a valid job: one JSON-ish character inserted or replacing one.
    const mutated = fc
      .tuple(fc.nat(), fc.constantFrom(...' \t\n\r{}[],:"\'\\/*01-.eE+tfnu\u0000\u00a0\ufeff'), fc.boolean())
      .map(([at, char, replace]) => {
        const index = at % valid.length;
        return valid.slice(0, index) + char + valid.slice(replace ? index + 1 : index);
      });
    fc.assert(
      fc.property(mutated, (text) => {
        let json = true;
        try {
          JSON.parse(text.replace(/^\uFEFF/, '')); // a leading BOM is the one intended difference
        } catch {
          json = false;
        }
        if (!json) expect(parseJobText(text, FILE).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formatProblem', () => {
  it('leaves out the parts a problem does not have', () => {
    expect(
      formatProblem({ file: 'a.json', line: 3, column: 5, field: 'process.command', message: 'm' }),
    ).toBe('a.json:3:5: process.command: m');
    expect(formatProblem({ file: 'a.json', line: 3, message: 'm' })).toBe('a.json:3: m');
    expect(formatProblem({ file: 'a.json', field: 'name', message: 'm' })).toBe('a.json: name: m');
    expect(formatProblem({ file: 'a.json', message: 'm' })).toBe('a.json: m');
  });
});
