import { describe, expect, it } from 'vitest';
import { HubError } from '../../../../src/main/core/errors';
import { splitCommandLine } from '../../../../src/main/core/launch/split-command-line';

describe('splitCommandLine on Windows (MSVCRT / CommandLineToArgvW rules)', () => {
  it.each<[string, string[]]>([
    ['--input data.txt', ['--input', 'data.txt']],
    ['  a   b\tc  ', ['a', 'b', 'c']],
    ['', []],
    ['   ', []],
    ['"a b" c', ['a b', 'c']],
    ['"C:\\Program Files\\app" x', ['C:\\Program Files\\app', 'x']],
    ['x"y z"w', ['xy zw']],
    ['""', ['']],
    ['a "" b', ['a', '', 'b']],
    ['a\\b', ['a\\b']],
    ['a\\\\b', ['a\\\\b']],
    ['\\\\server\\share', ['\\\\server\\share']],
    ['"a\\"b"', ['a"b']],
    ['a\\"b', ['a"b']],
    // 2n backslashes + quote: n backslashes, and the quote opens/closes quoting.
    ['a\\\\"b c"', ['a\\b c']],
    // 2n+1 backslashes + quote: n backslashes and a literal quote.
    ['a\\\\\\"b', ['a\\"b']],
    ['"C:\\dir\\\\"', ['C:\\dir\\']],
    ['"C:\\dir\\" next', ['C:\\dir" next']],
    ['"unterminated arg', ['unterminated arg']],
    // UCRT: "" inside quotes is a literal quote and the quoted run goes on.
    ['"a""b c"', ['a"b c']],
    ['a\nb', ['a\nb']],
    ["'single' quotes", ["'single'", 'quotes']],
    ['%PATH% & echo', ['%PATH%', '&', 'echo']],
  ])('%j → %j', (text, argv) => {
    expect(splitCommandLine(text, 'win32')).toEqual(argv);
  });
});

describe('splitCommandLine on POSIX (shell quoting, no expansion)', () => {
  it.each<[string, string[]]>([
    ['--input data.txt', ['--input', 'data.txt']],
    ['  a \t b\nc ', ['a', 'b', 'c']],
    ['', []],
    ["'a b' c", ['a b', 'c']],
    ["'no \\escapes \"here'", ['no \\escapes "here']],
    ['"a \\"b\\" c"', ['a "b" c']],
    ['"keep \\n and \\x"', ['keep \\n and \\x']],
    ['"\\$HOME \\\\ \\`"', ['$HOME \\ `']],
    ["'it'\\''s'", ["it's"]],
    ['a\\ b', ['a b']],
    ['a\\\\b', ['a\\b']],
    ['trailing\\', ['trailing\\']],
    ['""', ['']],
    ["''", ['']],
    ['a""b', ['ab']],
    ['x"y z"w', ['xy zw']],
    ['$HOME *.txt ~ a|b ;', ['$HOME', '*.txt', '~', 'a|b', ';']],
    ['"two\nlines"', ['two\nlines']],
    ['one\\\ntwo', ['onetwo']],
    ['"C:\\dir"', ['C:\\dir']],
  ])('%j → %j', (text, argv) => {
    expect(splitCommandLine(text, 'linux')).toEqual(argv);
    expect(splitCommandLine(text, 'darwin')).toEqual(argv);
  });

  it.each(['"unclosed', "it's", 'a "b\\"'])('rejects an unclosed quote in %j', (text) => {
    let error: unknown;
    try {
      splitCommandLine(text, 'linux');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(HubError);
    expect(error).toMatchObject({ code: 'invalid-arguments', field: 'process.arguments' });
    expect((error as HubError).message).toMatch(/Unclosed . quote.*list of strings/);
  });
});
