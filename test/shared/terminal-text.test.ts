import { describe, expect, it } from 'vitest';
import { terminalLine, terminalSafe, terminalText } from '../../src/shared/terminal-text';

describe('terminalLine', () => {
  it('shows escape sequences, bells, carriage returns and line breaks instead of letting them act', () => {
    expect(terminalLine('\x1b]0;pwned\x07Payroll')).toBe('\\u001b]0;pwned\\u0007Payroll');
    expect(terminalLine('a\r✓ Payroll: completed\nb\tc\bd')).toBe(
      'a\\u000d✓ Payroll: completed\\u000ab\\u0009c\\u0008d',
    );
    expect(terminalLine('\x9b31m red \x7f')).toBe('\\u009b31m red \\u007f');
  });

  it('shows the Unicode characters that reorder or hide text, and keeps joiners and ordinary text', () => {
    expect(terminalLine('invoice\u202Efdp.exe')).toBe('invoice\\u202efdp.exe');
    expect(terminalLine('a\u2066b\u2069\u200bc\u2028d\ufeff')).toBe(
      'a\\u2066b\\u2069\\u200bc\\u2028d\\ufeff',
    );
    expect(terminalLine('Größe 👩‍👩‍👧 ✓ C:\\jobs')).toBe('Größe 👩‍👩‍👧 ✓ C:\\jobs');
  });
});

describe('terminalText', () => {
  it('keeps line breaks and tabs of the hub’s own output, and neutralises everything else', () => {
    expect(terminalText('line 1\n\tline 2 \x1b[2J\r\n')).toBe('line 1\n\tline 2 \\u001b[2J\\u000d\n');
  });

  it('turns JSON into the same JSON: an escaped C1 control is the very same character', () => {
    const json = JSON.stringify({ name: 'a\x9b\u202eb\x1b' });
    const shown = terminalText(json);
    for (const raw of ['\x9b', '\u202e', '\x1b']) expect(shown).not.toContain(raw);
    expect(JSON.parse(shown)).toEqual({ name: 'a\x9b\u202eb\x1b' });
  });
});

describe('terminalSafe', () => {
  it('neutralises every string of an event, run or summary, deep, and leaves the original alone', () => {
    const event = {
      type: 'run-finished',
      result: { jobName: 'a\x1bb', exitCode: 0, tags: ['\x07'], when: null },
    };
    const safe = terminalSafe(event);
    expect(safe).toEqual({
      type: 'run-finished',
      result: { jobName: 'a\\u001bb', exitCode: 0, tags: ['\\u0007'], when: null },
    });
    expect(event.result.jobName).toBe('a\x1bb');
  });
});
