import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../src/shared/did-you-mean';

describe('editDistance', () => {
  it('counts each kind of typo as one edit', () => {
    expect(editDistance('timeoutMinuts', 'timeoutMinutes')).toBe(1); // dropped letter
    expect(editDistance('commmand', 'command')).toBe(1); // doubled letter
    expect(editDistance('commend', 'command')).toBe(1); // wrong letter
    expect(editDistance('comamnd', 'command')).toBe(1); // swapped letters
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('is zero exactly for equal strings, symmetric, and at most the longer length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const distance = editDistance(a, b);
        expect(distance === 0).toBe(a === b);
        expect(editDistance(b, a)).toBe(distance);
        expect(distance).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(distance).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      }),
    );
  });
});

describe('didYouMean', () => {
  const processFields = [
    'command',
    'arguments',
    'workingDirectory',
    'timeoutMinutes',
    'environment',
    'startupSeconds',
    'successExitCodes',
  ];

  it('finds the field a typo meant', () => {
    expect(didYouMean('timeoutMinuts', processFields)).toBe('timeoutMinutes');
    expect(didYouMean('workingDirectroy', processFields)).toBe('workingDirectory');
    expect(didYouMean('enviroment', processFields)).toBe('environment');
    expect(didYouMean('comand', processFields)).toBe('command');
  });

  it('ignores case', () => {
    expect(didYouMean('Command', processFields)).toBe('command');
    expect(didYouMean('TIMEOUTMINUTES', processFields)).toBe('timeoutMinutes');
  });

  it('completes an abbreviation that starts exactly one field', () => {
    expect(didYouMean('timeout', processFields)).toBe('timeoutMinutes');
    expect(didYouMean('working', processFields)).toBe('workingDirectory');
    expect(didYouMean('s', processFields)).toBeUndefined();
    expect(didYouMean('st', ['startupSeconds', 'stableSeconds'])).toBeUndefined();
    expect(didYouMean('sta', ['startupSeconds', 'stableSeconds'])).toBeUndefined();
  });

  it('suggests nothing for unrelated names', () => {
    expect(didYouMean('foo', processFields)).toBeUndefined();
    expect(didYouMean('color', processFields)).toBeUndefined();
    expect(didYouMean('user', processFields)).toBeUndefined();
    expect(didYouMean('anything', [])).toBeUndefined();
  });
});
