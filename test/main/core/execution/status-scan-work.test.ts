// The status scan must cost time in proportion to what a job prints: a flood of long lines once delayed a 3 s
// timeout to 4.5 s. Proven here by counting the work (characters read, bytes searched and copied), never by
// timing it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_STATUS_LINE_BYTES, StatusLineSplitter } from '../../../../src/main/core/execution/line-splitter';
import { parseStatusLine } from '../../../../src/main/core/execution/status-protocol';

/**
 * A line that counts every character the parser reads. Handing the whole line to anything else (a regular
 * expression engine, whose backtracking nobody can count) is refused, so the count is all the work there is.
 */
class CountedLine {
  reads = 0;
  constructor(private readonly text: string) {}
  get length(): number {
    return this.text.length;
  }
  charCodeAt(index: number): number {
    this.reads++;
    return this.text.charCodeAt(index);
  }
  slice(start?: number, end?: number): string {
    const part = this.text.slice(start, end);
    this.reads += part.length;
    return part;
  }
  [Symbol.toPrimitive](): never {
    throw new Error('the whole line went to code whose work is not counted');
  }
}

describe('parseStatusLine reads each character a bounded number of times', () => {
  const spaces = ' '.repeat(MAX_STATUS_LINE_BYTES - 20);
  it.each([
    [`::status x${spaces}y`, { kind: 'status', message: `x${spaces}y` }],
    [`::status${spaces}`, null],
    [`::status x${'\t'.repeat(4000)}`, { kind: 'status', message: 'x' }],
    [`::progress 5 x${spaces}y`, { kind: 'progress', percent: 5, message: `x${spaces}y` }],
    [`::progress ${'9'.repeat(4000)}x`, null],
    [`::progress 40${spaces}`, { kind: 'progress', percent: 40, message: null }],
  ])('%#: a line built to make a backtracking parser go quadratic', (text, expected) => {
    const line = new CountedLine(text);
    expect(parseStatusLine(line as unknown as string)).toEqual(expected);
    expect(line.reads).toBeLessThanOrEqual(3 * text.length + 32);
  });
});

describe('StatusLineSplitter searches and copies each byte a bounded number of times', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Counts the bytes Buffer searches look at and the bytes Buffer copies make, while `run` runs. */
  function countWork(run: () => void): { searched: number; copied: number } {
    const work = { searched: 0, copied: 0 };
    const indexOf = Buffer.prototype.indexOf;
    const lastIndexOf = Buffer.prototype.lastIndexOf;
    const concat = Buffer.concat;
    const from = Buffer.from;
    vi.spyOn(Buffer.prototype, 'indexOf').mockImplementation(function (
      this: Buffer,
      value,
      offset,
      encoding,
    ) {
      const found = indexOf.call(this, value, offset, encoding);
      const start = typeof offset === 'number' ? offset : 0;
      work.searched += Math.max(0, (found === -1 ? this.length : found + 1) - start);
      return found;
    });
    vi.spyOn(Buffer.prototype, 'lastIndexOf').mockImplementation(function (
      this: Buffer,
      value,
      offset,
      encoding,
    ) {
      const found = lastIndexOf.call(this, value, offset, encoding);
      work.searched += this.length - (found === -1 ? 0 : found);
      return found;
    });
    vi.spyOn(Buffer, 'concat').mockImplementation((list, length) => {
      const joined = concat(list, length);
      work.copied += joined.length;
      return joined;
    });
    vi.spyOn(Buffer, 'from').mockImplementation(((value: unknown, ...rest: unknown[]) => {
      const made = (from as (...args: unknown[]) => Buffer)(value, ...rest);
      if (Buffer.isBuffer(value)) work.copied += made.length;
      return made;
    }) as typeof Buffer.from);
    run();
    vi.restoreAllMocks();
    return work;
  }

  it('many short lines with a status line far ahead in the same chunk', () => {
    const chunk = Buffer.from(`${'x\n'.repeat(50_000)}::status end\n`);
    const lines: string[] = [];
    const work = countWork(() => {
      const splitter = new StatusLineSplitter((line) => lines.push(line));
      splitter.push(chunk);
      splitter.end();
    });
    expect(lines).toEqual(['::status end']);
    expect(work.searched).toBeLessThanOrEqual(4 * chunk.length);
  });

  it('a status line arriving one byte at a time', () => {
    const line = `::status ${'y'.repeat(MAX_STATUS_LINE_BYTES - 20)}`;
    const bytes = Buffer.from(`${line}\n`);
    const lines: string[] = [];
    const work = countWork(() => {
      const splitter = new StatusLineSplitter((found) => lines.push(found));
      for (let i = 0; i < bytes.length; i++) splitter.push(bytes.subarray(i, i + 1));
      splitter.end();
    });
    expect(lines).toEqual([line]);
    expect(work.copied).toBeLessThanOrEqual(3 * bytes.length);
    expect(work.searched).toBeLessThanOrEqual(4 * bytes.length);
  });
});
