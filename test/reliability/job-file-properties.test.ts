// Property-based checks of the job-file loader: whatever text or bytes it is given, it answers with a
// validation result — a job, or problems that each have a message and a position inside the text —
// and never throws. The corpus (bad-job-corpus.test.ts) pins the words; this pins the contract.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeJobBytes } from '../../src/main/core/jobs/job-file-text';
import { readJobFile } from '../../src/main/core/jobs/read-job-file';
import { type JobParseResult, parseJobText } from '../../src/shared/job-file';
import { formatProblem } from '../../src/shared/job-problem';
import { jobSchema } from '../../src/shared/job-schema';
import { useTempDirs } from '../helpers/temp';

const FILE = 'jobs/fuzz.json';
const tempDir = useTempDirs();

/** Lines as createLineMap counts them: CRLF, LF and a lone CR each end one. */
const lineLengths = (text: string): number[] => text.split(/\r\n|\r|\n/).map((line) => line.length);

/** The loader's contract for one answer; `text` is what positions refer to (BOM already removed). */
function checkResult(result: JobParseResult, text: string, file = FILE): void {
  if (result.ok) {
    expect(typeof result.job.name).toBe('string');
    expect(typeof result.job.process.command).toBe('string');
    return;
  }
  expect(result.problems.length).toBeGreaterThan(0);
  const lengths = lineLengths(text);
  for (const problem of result.problems) {
    expect(problem.file).toBe(file);
    expect(typeof problem.message).toBe('string');
    expect(problem.message.trim()).not.toBe('');
    // Structural slips only. (Words a library passed through, such as croner's "NaN", are pinned by the
    // corpus instead: random edits reach them only now and then, which would make this test flaky.)
    expect(problem.message).not.toMatch(/\bundefined\b|\[object Object\]|function \w*\(/);
    if (problem.field !== undefined) expect(problem.field).not.toBe('');
    if (problem.line !== undefined) {
      expect(Number.isInteger(problem.line)).toBe(true);
      expect(problem.line).toBeGreaterThanOrEqual(1);
      expect(problem.line).toBeLessThanOrEqual(lengths.length);
      expect(problem.column, 'a line without a column').toBeDefined();
    }
    if (problem.column !== undefined) {
      expect(problem.line, 'a column without a line').toBeDefined();
      expect(Number.isInteger(problem.column)).toBe(true);
      expect(problem.column).toBeGreaterThanOrEqual(1);
      expect(problem.column).toBeLessThanOrEqual((lengths[(problem.line ?? 1) - 1] ?? 0) + 1);
    }
    expect(formatProblem(problem).startsWith(file)).toBe(true);
  }
}

/** parseJobText must not throw, must be deterministic, and must keep the contract. */
function parseChecked(text: string): JobParseResult {
  let result: JobParseResult;
  try {
    result = parseJobText(text, FILE);
  } catch (error) {
    throw new Error(`parseJobText threw ${String(error)} for ${JSON.stringify(text.slice(0, 200))}`);
  }
  checkResult(result, text.startsWith('\uFEFF') ? text.slice(1) : text);
  expect(parseJobText(text, FILE)).toEqual(result);
  return result;
}

// Values with the shape of a job file, so that generation reaches deep into the schema (triggers,
// retry, notify, environment) instead of failing at "name: required" every time.
const anyValue = fc.jsonValue({ maxDepth: 3 });
const number = fc.oneof(
  fc.integer({ min: -5, max: 100 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.constantFrom(0, -0, 0.05, 44_640, 44_641, 1e308),
);
const scalar = fc.oneof(number, fc.string({ maxLength: 12 }), fc.boolean(), fc.constant(null));
const field = (keys: string[]) =>
  fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: fc.string() });
const processArb = fc.dictionary(
  field([
    'command',
    'arguments',
    'workingDirectory',
    'timeoutMinutes',
    'environment',
    'startupSeconds',
    'successExitCodes',
    'cmd',
  ]),
  fc.oneof(
    scalar,
    fc.constantFrom('C:/x.bat', 'C:\temp\run.bat', ''),
    fc.array(scalar, { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 6 }), scalar, { maxKeys: 3 }),
  ),
  { maxKeys: 6 },
);
const triggerArb = fc.dictionary(
  field(['type', 'cron', 'timezone', 'everyMinutes', 'path', 'pattern', 'recursive', 'stableSeconds']),
  fc.oneof(fc.constantFrom('schedule', 'interval', 'file', 'cron', '0 2 * * *', 'UTC'), scalar),
  { maxKeys: 4 },
);
const jobArb = fc.record(
  {
    name: fc.oneof(fc.string({ maxLength: 20 }), scalar),
    process: fc.oneof({ weight: 5, arbitrary: processArb }, { weight: 1, arbitrary: anyValue }),
    triggers: fc.oneof(fc.array(fc.oneof(triggerArb, scalar), { maxLength: 3 }), scalar),
    concurrency: fc.oneof(fc.constantFrom('skip', 'queue', 'parallel', 'replace', 'paralel'), scalar),
    retry: fc.oneof(
      fc.dictionary(
        field(['attempts', 'delaySeconds', 'backoffFactor', 'onTimeout']),
        fc.oneof(scalar, number),
        {
          maxKeys: 4,
        },
      ),
      scalar,
    ),
    priority: number,
    enabled: fc.oneof(fc.boolean(), scalar),
    notify: fc.dictionary(field(['onFailure', 'onSuccess', 'onStuck']), scalar, { maxKeys: 3 }),
    stuckAfterMinutes: number,
    extra: anyValue,
  },
  { requiredKeys: [] },
);

/** JSON text as people save it: indented or not, LF or CRLF, with or without a BOM. */
const asFileText = (value: unknown) =>
  fc
    .record({ indent: fc.constantFrom(0, 2, 4, '\t'), crlf: fc.boolean(), bom: fc.boolean() })
    .map(({ indent, crlf, bom }) => {
      const json = JSON.stringify(value, null, indent) ?? 'null';
      return `${bom ? '\uFEFF' : ''}${crlf ? json.replace(/\n/g, '\r\n') : json}`;
    });

const VALID_JOB = JSON.stringify(
  {
    name: 'Nightly export',
    process: { command: 'C:/scripts/export.bat', arguments: ['--all'], timeoutMinutes: 30 },
    triggers: [{ type: 'schedule', cron: '0 2 * * 1-5' }],
    retry: { attempts: 2 },
  },
  null,
  2,
);
// Characters that matter to a JSON parser, plus some that should not.
const jsonish = fc.constantFrom(
  ...'{}[]",:\\\'/*tfnrue0123456789.-+Ee \t\n\r'.split(''),
  '\u0000',
  '\uFEFF',
  '“',
  '\u00e9',
  '\uD800',
  '😀',
);

describe('parseJobText on arbitrary input', () => {
  it('answers any JSON value with a valid job or located problems', () => {
    fc.assert(
      fc.property(anyValue.chain(asFileText), (text) => {
        parseChecked(text);
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with the schema on job-shaped values (JSON.stringify never writes duplicate keys)', () => {
    fc.assert(
      fc.property(
        jobArb.chain((job) => asFileText(job).map((text) => ({ job, text }))),
        ({ job, text }) => {
          const result = parseChecked(text);
          expect(result.ok).toBe(jobSchema.safeParse(JSON.parse(JSON.stringify(job))).success);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('explains any edit of a valid job file without throwing', () => {
    const edit = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 4 }),
      insert: fc.string({ unit: jsonish, maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), fc.boolean(), (edits, crlf) => {
        let text = crlf ? VALID_JOB.replace(/\n/g, '\r\n') : VALID_JOB;
        for (const { at, remove, insert } of edits) {
          const position = at % (text.length + 1);
          text = text.slice(0, position) + insert + text.slice(position + remove);
        }
        parseChecked(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('answers random text, including lone surrogates and control characters', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: jsonish, maxLength: 200 })),
        (text) => {
          parseChecked(text);
        },
      ),
      { numRuns: 1000 },
    );
  });

  // Found here: wrong values were looked up in a plain object literal (valueAliases), so "constructor"
  // suggested "function Object() { [native code] }" and "__proto__" "[object Object]". Fixed in 08ec372.
  it('suggests no Object.prototype member for a wrong value ("constructor", "__proto__", …)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.getOwnPropertyNames(Object.prototype)),
        fc.constantFrom('concurrency', 'missedRuns', 'trigger type'),
        (word, where) => {
          const job: Record<string, unknown> = { name: 'x', process: { command: 'a' } };
          if (where === 'trigger type') job.triggers = [{ type: word }];
          else job[where] = word;
          const result = parseChecked(JSON.stringify(job));
          const messages = result.ok ? [] : result.problems.map((problem) => problem.message);
          expect(messages).toHaveLength(1);
          expect(messages[0]).not.toMatch(/did you mean (function|\[object|undefined)/);
        },
      ),
      { numRuns: 100 },
    );
  });

  // Found here: jsonc-parser's parseTree and the recursive checks overflowed the stack from about 3,000
  // nested objects (a 15 KB file), so parseJobText threw RangeError. Fixed in 08ec372 (nesting limit 64).
  it('never throws on deeply nested lists or objects (a 1 MiB file can nest 500,000 levels)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12_000 }),
        fc.constantFrom('list', 'object'),
        fc.constantFrom('root', 'field'),
        (depth, kind, place) => {
          const nested =
            kind === 'list'
              ? `${'['.repeat(depth)}${']'.repeat(depth)}`
              : `${'{"a":'.repeat(depth)}0${'}'.repeat(depth)}`;
          const text =
            place === 'root' ? nested : `{"name":"x","process":{"command":"a"},"description":${nested}}`;
          const result = parseChecked(text);
          expect(result.ok).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('reading arbitrary bytes', () => {
  const withPrefix = fc
    .tuple(
      fc.constantFrom(
        [],
        [0xef, 0xbb, 0xbf],
        [0xff, 0xfe],
        [0xfe, 0xff],
        [0xff, 0xfe, 0x00, 0x00],
        [0x7b, 0x00], // "{" in UTF-16LE without a BOM
      ),
      fc.uint8Array({ maxLength: 300 }),
    )
    .map(([prefix, rest]) => Uint8Array.from([...prefix, ...rest]));

  it('decodes or refuses any bytes, and parses what it decodes', () => {
    fc.assert(
      fc.property(fc.oneof(withPrefix, fc.uint8Array({ maxLength: 300 })), (bytes) => {
        const decoded = decodeJobBytes(bytes);
        if (decoded.ok) parseChecked(decoded.text);
        else {
          expect(decoded.problem.message.trim()).not.toBe('');
          if (decoded.problem.line !== undefined) {
            // Positions point into the part that could be decoded, so never past the bytes' line count.
            const newlines = bytes.filter((byte) => byte === 0x0a || byte === 0x0d).length;
            expect(decoded.problem.line).toBeLessThanOrEqual(newlines + 1);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('readJobFile answers any file content with a result, never a throw', async () => {
    const dir = await tempDir();
    let index = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          withPrefix,
          jobArb.chain(asFileText).map((text) => Uint8Array.from(Buffer.from(text, 'utf8'))),
        ),
        async (bytes) => {
          const path = join(dir, `fuzz-${index++}.json`);
          await writeFile(path, bytes);
          const result = await readJobFile(path, FILE);
          if (result.ok) return;
          const decoded = decodeJobBytes(bytes);
          if (decoded.ok) checkResult(result, decoded.text.replace(/^\uFEFF/, ''));
          else expect(result.problems).toEqual([{ file: FILE, ...decoded.problem }]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
