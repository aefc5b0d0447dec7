// The bad-job corpus: every way a job file goes wrong that we have seen or can think of, read the way
// the hub reads it (readJobFile), each with the exact words the user gets. The expectations live in one
// table, test/fixtures/bad-jobs/expected.json, so that reviewing them is reading one file.
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readJobFile } from '../../src/main/core/jobs/read-job-file';
import type { JobParseResult } from '../../src/shared/job-file';
import { formatProblem } from '../../src/shared/job-problem';
import { useTempDirs } from '../helpers/temp';

/** One row of expected.json. */
interface Expectation {
  category: string;
  /** The formatted problems, exactly and in order. */
  problems?: string[];
  /** Used where the exact words are still open (a known bug): one problem line must contain all of these. */
  includes?: string[];
  /** Words no problem line may contain (zod or croner jargon that reached the user). */
  excludes?: string[];
  /** Why the file does not give the expected problem today; the test fails until it is fixed. */
  bug?: string;
  /** A reviewer's note on words that are correct but could serve the user better (not a failure). */
  poor?: string;
  /** A problem with the whole file (empty, binary, wrong encoding, too large): no line or field to point at. */
  wholeFile?: boolean;
  /** Not committed: written into a temp dir by the test (a 50 MB file does not belong in git). */
  generate?: { bytes: number };
}

const CORPUS = fileURLToPath(new URL('../fixtures/bad-jobs/', import.meta.url));
// Files in the folder that are not job files of the corpus.
const NOT_CORPUS = new Set(['expected.json', 'biome.json', '.gitattributes']);
const table = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as Record<string, Expectation>;
const committed = Object.entries(table).filter(([, row]) => !row.generate);
const generated = Object.entries(table).filter(([, row]) => row.generate);
const tempDir = useTempDirs();

const lines = (result: JobParseResult): string[] => (result.ok ? [] : result.problems.map(formatProblem));

/** Reads like the hub: through readJobFile, named by the file name, and never allowed to throw. */
async function read(path: string, name: string, row: Expectation): Promise<string[]> {
  const known = row.bug ? ` (known bug: ${row.bug})` : '';
  let result: JobParseResult;
  try {
    result = await readJobFile(path, name);
  } catch (error) {
    throw new Error(`readJobFile threw instead of reporting a problem: ${String(error)}${known}`);
  }
  expect(result.ok, `${name} loaded as a valid job${known}`).toBe(false);
  return lines(result);
}

function expectProblems(name: string, row: Expectation, actual: string[]): void {
  if (row.problems) expect(actual, row.bug && `known bug: ${row.bug}`).toEqual(row.problems);
  if (row.includes) {
    const needles = row.includes;
    const match = actual.find((line) => needles.every((needle) => line.includes(needle)));
    expect(
      match,
      `${name}: no problem line contains all of ${JSON.stringify(needles)}; got ${JSON.stringify(actual)}`,
    ).toBeDefined();
  }
  for (const word of row.excludes ?? []) {
    const known = row.bug ? ` (known bug: ${row.bug})` : '';
    expect(
      actual.filter((line) => line.includes(word)),
      `${name}: "${word}" reached the user${known}`,
    ).toEqual([]);
  }
}

// "Say what to do": the words a fix is phrased in — an instruction (add, remove, write …), what the
// value must be, or what is missing or needed. A message with none of them only says what is wrong.
const ACTION =
  /\b(add|remove|write|use|save|put|give|double|check|create|make|rename|close|delete|did you mean|belongs|must|expected|required|missing|needs|separates|a job file is|is this the right file)\b/i;

describe('bad job files (test/fixtures/bad-jobs)', () => {
  it('has at least 40 files, and expected.json covers exactly the files in the folder', () => {
    const files = readdirSync(CORPUS).filter((name) => !NOT_CORPUS.has(name));
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(files.sort()).toEqual(committed.map(([name]) => name).sort());
    for (const [name, row] of Object.entries(table)) {
      expect(row.problems ?? row.includes, `${name} has no expectation`).toBeDefined();
      expect(row.category, `${name} has no category`).toBeTruthy();
    }
  });

  it('every expected message names the file, a line or a field, and what to do', () => {
    const poor: string[] = [];
    for (const [name, row] of Object.entries(table)) {
      for (const line of row.problems ?? []) {
        const rest = line.startsWith(`${name}:`) ? line.slice(name.length) : null;
        const hasLine = rest !== null && /^:\d+:\d+: /.test(rest);
        const hasField = rest !== null && /^(:\d+:\d+)?: [\w$.[\]"=-]+: /.test(rest);
        if (rest === null) poor.push(`does not start with the file name: ${line}`);
        else if (row.wholeFile && hasLine) poor.push(`marked wholeFile but has a position: ${line}`);
        else if (!row.wholeFile && !hasLine && !hasField)
          poor.push(`names neither a line nor a field: ${line}`);
        if (!ACTION.test(line) && row.poor === undefined) poor.push(`does not say what to do: ${line}`);
      }
      if (row.includes && !row.includes[0]?.startsWith(`${name}:`))
        poor.push(`${name}: includes[0] must name the file`);
    }
    expect(poor).toEqual([]);
  });

  it.each(committed)('%s', async (name, row) => {
    expectProblems(name, row, await read(join(CORPUS, name), name, row));
  });

  it.each(generated)('%s (generated)', async (name, row) => {
    const dir = await tempDir();
    const path = join(dir, name);
    const bytes = row.generate?.bytes ?? 0;
    // A valid-looking job padded with a huge description: real bytes, not a sparse file.
    const head = Buffer.from('{ "name": "Huge", "process": { "command": "C:/x.bat" }, "description": "');
    const tail = Buffer.from('" }\n');
    const body = Buffer.alloc(bytes - head.length - tail.length, 'x');
    await writeFile(path, Buffer.concat([head, body, tail]));
    expectProblems(name, row, await read(path, name, row));
  });
});
