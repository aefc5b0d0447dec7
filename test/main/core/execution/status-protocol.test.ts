import { describe, expect, it } from 'vitest';
import { StatusLineSplitter } from '../../../../src/main/core/execution/line-splitter';
import { OutputTail } from '../../../../src/main/core/execution/output-tail';
import { parseStatusLine } from '../../../../src/main/core/execution/status-protocol';

describe('parseStatusLine', () => {
  it.each([
    ['::status Reading input', { kind: 'status', message: 'Reading input' }],
    ['::status   spaced out  ', { kind: 'status', message: 'spaced out' }],
    ['::progress 40 Copying files', { kind: 'progress', percent: 40, message: 'Copying files' }],
    ['::progress 12.5%', { kind: 'progress', percent: 12.5, message: null }],
    ['::progress 250 too far', { kind: 'progress', percent: 100, message: 'too far' }],
  ])('reads %j', (line, expected) => {
    expect(parseStatusLine(line)).toEqual(expected);
  });

  it.each([
    'plain output',
    '::status',
    '::progress',
    '::progress abc',
    ' ::status indented',
    ':status one colon',
  ])('ignores %j', (line) => {
    expect(parseStatusLine(line)).toBeNull();
  });
});

describe('StatusLineSplitter', () => {
  const collect = (chunks: (string | Buffer)[]) => {
    const lines: string[] = [];
    const splitter = new StatusLineSplitter((line) => lines.push(line));
    for (const chunk of chunks) splitter.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    splitter.end();
    return lines;
  };

  it('finds status lines among ordinary output, across chunk boundaries and CRLF', () => {
    expect(collect(['hello\n::sta', 'tus one\r\nother\n:', ':progress 5\nx'])).toEqual([
      '::status one',
      '::progress 5',
    ]);
  });

  it('delivers a final status line without a newline', () => {
    expect(collect(['a\n::status last'])).toEqual(['::status last']);
  });

  it('splits a status marker across single-byte chunks', () => {
    expect(collect([...'::status tiny\n'].map((c) => c))).toEqual(['::status tiny']);
  });

  it('never keeps an overlong line and resumes after it', () => {
    const long = `::status ${'y'.repeat(10_000)}`;
    expect(collect([long.slice(0, 5000), long.slice(5000), '\n::status after\n'])).toEqual([
      '::status after',
    ]);
  });

  it('ignores "::" in the middle of a line', () => {
    expect(collect(['C::status no\nstd::vector\n'])).toEqual([]);
  });
});

describe('OutputTail', () => {
  it('keeps only the last bytes', () => {
    const tail = new OutputTail(10);
    for (let i = 0; i < 100; i++) tail.push(Buffer.from(`${i}\n`));
    expect(tail.text()).toBe('\n97\n98\n99\n'.slice(-10));
  });

  it('drops a character cut in half by the limit and replaces invalid UTF-8', () => {
    const tail = new OutputTail(5);
    tail.push(Buffer.from('ééé', 'utf8'));
    expect(tail.text()).toBe('éé');
    const bad = new OutputTail(100);
    bad.push(Buffer.from([0x61, 0xff, 0x62]));
    expect(bad.text()).toBe('a\uFFFDb');
  });

  it('reports the last non-status line', () => {
    const tail = new OutputTail(1000);
    tail.push(Buffer.from('first\nError: disk not found\n::status bye\n\n'));
    expect(tail.lastLine()).toBe('Error: disk not found');
  });
});
