import { describe, expect, it } from 'vitest';
import { FolderFiles } from '../../../../src/main/core/store/folder-files';
import type { KnownFile } from '../../../../src/main/core/store/watched-files-types';

const file = (seq: number, fp: number | null = null): KnownFile => ({
  size: seq * 10,
  mtimeMs: 1_700_000_000_000.25 + seq,
  fp,
  seq,
});

describe('FolderFiles', () => {
  it('gives back each file as it was set, fingerprint or none, through growth and deletions', () => {
    const files = new FolderFiles();
    const expected = new Map<string, KnownFile>();
    // Past the first capacity several times, fingerprints up to 2^48 - 1 and none.
    for (let i = 1; i <= 100; i++) {
      const known = file(i, i % 3 === 0 ? null : 2 ** 48 - i);
      files.set(`f${i}.csv`, known);
      expected.set(`f${i}.csv`, known);
    }
    // Deleting from the middle, the start and the end moves the last file into the hole.
    for (const name of ['f50.csv', 'f1.csv', 'f100.csv', 'f2.csv', 'missing.csv']) {
      expect(files.delete(name)).toBe(expected.delete(name));
    }
    files.set('f3.csv', { ...file(3, 7), seq: 101 }); // set again: replaced in place
    expected.set('f3.csv', { ...file(3, 7), seq: 101 });

    expect(files.size).toBe(expected.size);
    expect(new Map(files)).toEqual(expected);
    for (const [name, known] of expected) {
      expect(files.get(name)).toEqual(known);
      expect(files.has(name)).toBe(true);
      expect(files.matches(name, known.size, known.mtimeMs)).toBe(true);
      expect(files.matches(name, known.size, known.mtimeMs + 1)).toBe(false);
    }
    expect(files.get('f50.csv')).toBeUndefined();
    expect(files.matches('f50.csv', 500, file(50).mtimeMs)).toBe(false);
    expect(files.keys().sort()).toEqual([...expected.keys()].sort());
    const seqs: [number, string][] = [];
    files.forEachSeq((seq, name) => seqs.push([seq, name]));
    expect(new Map(seqs.map(([seq, name]) => [name, seq]))).toEqual(
      new Map([...expected].map(([name, known]) => [name, known.seq])),
    );
  });

  it('hands out copies: changing one does not change the record', () => {
    const files = new FolderFiles().set('a.csv', file(1));
    const copy = files.get('a.csv') as KnownFile;
    copy.fp = 5;
    expect(files.get('a.csv')?.fp).toBeNull();
  });

  it('lets its names be changed while going through them', () => {
    const files = new FolderFiles();
    for (const i of [1, 2, 3, 4]) files.set(`f${i}`, file(i));
    for (const name of files.keys()) files.delete(name);
    expect(files.size).toBe(0);
  });
});
