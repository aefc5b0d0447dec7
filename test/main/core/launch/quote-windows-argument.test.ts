import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteWindowsArgument } from '../../../../src/main/core/launch/quote-windows-argument';
import { splitCommandLine } from '../../../../src/main/core/launch/split-command-line';

describe('quoteWindowsArgument', () => {
  it.each([
    ['plain', 'plain'],
    ['', '""'],
    ['two words', '"two words"'],
    ['tab\there', '"tab\there"'],
    ['C:\\dir\\file.txt', 'C:\\dir\\file.txt'],
    ['C:\\Program Files\\', '"C:\\Program Files\\\\"'],
    ['C:\\Program Files\\\\', '"C:\\Program Files\\\\\\\\"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['a"b', '"a\\"b"'],
    ['a\\"b', '"a\\\\\\"b"'],
    ['a\\\\"b', '"a\\\\\\\\\\"b"'],
    ['"', '"\\""'],
    ['\\', '\\'],
    ['trailing\\ ', '"trailing\\ "'],
    ['%PATH%&^|', '%PATH%&^|'],
  ])('%j → %j', (arg, quoted) => {
    expect(quoteWindowsArgument(arg)).toBe(quoted);
    expect(splitCommandLine(quoted, 'win32')).toEqual([arg]);
  });

  // The chars the argv parser cares about, plus cmd's, so the fuzzer hits the corners often.
  const tricky = fc.constantFrom(
    ' ',
    '\t',
    '"',
    '\\',
    '\\',
    'a',
    'é',
    '%',
    '^',
    '&',
    '|',
    '\n',
    '\v',
    "'",
    '😀',
  );

  it('round-trips any list of arguments through the Windows argv parser', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: tricky }), fc.string({ unit: 'binary' }))), (args) => {
        const line = args.map((arg) => quoteWindowsArgument(arg)).join(' ');
        expect(splitCommandLine(line, 'win32')).toEqual(args);
      }),
      { numRuns: 2000 },
    );
  });
});
