import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprint, WHOLE_FILE_LIMIT } from '../../../../src/main/core/triggers/file-fingerprint';
import { isInside, nameIn } from '../../../../src/main/core/triggers/list-files';
import { useTempDirs } from '../../../helpers/temp';

const tempDir = useTempDirs();

describe('fingerprint', () => {
  const write = async (name: string, content: Buffer) => {
    const file = path.join(await tempDir(), name);
    writeFileSync(file, content);
    return fingerprint(file, content.length);
  };

  it('is the same for the same content and differs for any change in a file up to 192 KiB', async () => {
    const content = Buffer.alloc(WHOLE_FILE_LIMIT, 'a');
    const changed = Buffer.from(content);
    changed[100_000] = 'b'.charCodeAt(0);
    expect(await write('one', content)).toBe(await write('two', Buffer.from(content)));
    expect(await write('changed', changed)).not.toBe(await write('same', content));
  });

  it('reads the ends and 16 blocks of a larger file: changes there count, a change between them does not', async () => {
    const size = 10 * 1024 * 1024;
    const content = Buffer.alloc(size, 'a');
    const base = await write('base', content);
    const atEnd = Buffer.from(content);
    atEnd[size - 10] = 'b'.charCodeAt(0);
    expect(await write('end', atEnd)).not.toBe(base);
    const inSample = Buffer.from(content);
    inSample[64 * 1024 + 100] = 'b'.charCodeAt(0); // inside the first of the 16 blocks
    expect(await write('sample', inSample)).not.toBe(base);
    const between = Buffer.from(content);
    between[Math.floor(size / 2) + 300_000] = 'b'.charCodeAt(0); // the documented limit
    expect(await write('between', between)).toBe(base);
  });

  it('is null for a file that cannot be read', () => {
    expect(fingerprint(path.join('/nonexistent', 'x.csv'), 1)).toBeNull();
  });
});

describe('isInside', () => {
  it('is true strictly inside the folder only', () => {
    expect(isInside('/in', '/in/a.csv')).toBe(true);
    expect(isInside('/in', '/in/sub/a.csv')).toBe(true);
    expect(isInside('/in', '/in/..a.csv')).toBe(true); // a name starting with two dots is still inside
    expect(isInside('/in', '/in')).toBe(false);
    expect(isInside('/in', '/inbox/a.csv')).toBe(false);
    expect(isInside('/in', '/usr/bin/ls')).toBe(false);
    expect(isInside('/in', '/in/../etc/passwd')).toBe(false);
  });

  it('ignores case and drive letters the Windows way', () => {
    expect(isInside('C:\\Inbox', 'c:\\INBOX\\a.csv', path.win32)).toBe(true);
    expect(isInside('C:\\Inbox', 'D:\\Inbox\\a.csv', path.win32)).toBe(false);
    expect(isInside('C:\\Inbox', 'C:\\Inbox2\\a.csv', path.win32)).toBe(false);
  });
});

describe('nameIn', () => {
  it('is the path relative to the folder', () => {
    const folder = path.resolve('/data/in');
    expect(nameIn(folder, path.join(folder, 'a.csv'))).toBe('a.csv');
    expect(nameIn(folder, path.join(folder, 'sub', 'a.csv'))).toBe(path.join('sub', 'a.csv'));
    expect(nameIn(folder, path.resolve('/data/inbox/a.csv'))).toBe(path.join('..', 'inbox', 'a.csv'));
  });
});
