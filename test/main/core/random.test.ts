import { describe, expect, it } from 'vitest';
import { generatorFile, randomBytes, randomUUID } from '../../../src/main/core/random';

describe('random bytes and ids', () => {
  it('gives version 4 UUIDs, each different, in the form crypto.randomUUID gives', () => {
    const ids = Array.from({ length: 5000 }, () => randomUUID());
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never hands out the same bytes twice, across the pool it draws from and beyond its size', () => {
    // 24-byte tokens straddle the 512-byte pool's end; a repeat would show as two equal tokens.
    const tokens = Array.from({ length: 2000 }, () => randomBytes(24).toString('hex'));
    expect(new Set(tokens).size).toBe(tokens.length);
    const large = randomBytes(4096);
    expect(large).toHaveLength(4096);
    expect(large.equals(randomBytes(4096))).toBe(false);
  });

  it('draws bytes that look uniform: every value turns up, none dominates', () => {
    const counts = new Array<number>(256).fill(0);
    const bytes = randomBytes(256 * 400);
    for (const byte of bytes) counts[byte] = (counts[byte] as number) + 1;
    // 400 expected per value; a fixed or badly skewed source would leave values out or pile them up.
    expect(Math.min(...counts)).toBeGreaterThan(250);
    expect(Math.max(...counts)).toBeLessThan(550);
  });

  it('reads the kernel generator only where it waits for its seed; elsewhere asks node:crypto', () => {
    expect(generatorFile('linux', '6.18.44-fc-v782')).toBe('/dev/random');
    expect(generatorFile('linux', '5.6.0')).toBe('/dev/random');
    expect(generatorFile('linux', '5.4.0-150-generic')).toBeNull();
    expect(generatorFile('linux', '4.19.0')).toBeNull();
    expect(generatorFile('darwin', '23.1.0')).toBe('/dev/urandom');
    expect(generatorFile('win32', '10.0.22631')).toBeNull();
  });

  it('refuses a count that is not a whole number of bytes', () => {
    expect(() => randomBytes(-1)).toThrow(RangeError);
    expect(() => randomBytes(Number.NaN)).toThrow(RangeError);
    expect(randomBytes(0)).toHaveLength(0);
  });
});
