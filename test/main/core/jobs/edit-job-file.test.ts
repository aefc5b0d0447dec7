import { readdirSync, statSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setJobFileField } from '../../../../src/main/core/jobs/edit-job-file';
import { readJobFile } from '../../../../src/main/core/jobs/read-job-file';
import { useTempDirs } from '../../../helpers/temp';

const tempDir = useTempDirs();

// What Windows PowerShell 5.1's `ConvertTo-Json > job.json` and Notepad write: CRLF, a BOM.
const TEXT =
  '{\r\n  "name": "Backup",\r\n  "enabled": true,\r\n  "process":   { "command": "backup.exe" }\r\n}\r\n';

const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();
const encodings: [string, Buffer, number[]][] = [
  [
    'UTF-16 LE with BOM',
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]),
    [0xff, 0xfe],
  ],
  ['UTF-16 BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(TEXT)]), [0xfe, 0xff]],
  ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]), [0xef, 0xbb, 0xbf]],
  ['UTF-8', Buffer.from(TEXT), [0x7b]],
];

describe('setJobFileField (the Enabled switch)', () => {
  it.each(encodings)(
    'keeps a %s file in its encoding, with its BOM, CRLF and layout',
    async (_, bytes, start) => {
      const file = join(await tempDir(), 'backup.json');
      await writeFile(file, bytes);

      await setJobFileField(file, 'enabled', false);

      const written = await readFile(file);
      expect([...written.subarray(0, start.length)]).toEqual(start);
      const loaded = await readJobFile(file);
      expect(loaded.ok && loaded.job.enabled).toBe(false);
      expect(loaded.ok && loaded.job.name).toBe('Backup');
      const decoded = new TextDecoder(
        start[0] === 0xfe ? 'utf-16be' : start[0] === 0xff ? 'utf-16le' : 'utf-8',
      ).decode(written);
      expect(decoded).toContain('"process":   { "command": "backup.exe" }');
      expect(decoded).toContain('"enabled": false');
      expect(decoded.replace(/\r\n/g, '')).not.toContain('\n');
    },
  );

  it('replaces the file by renaming a complete new one over it: same mode, nothing left beside it', async () => {
    const dir = await tempDir();
    const file = join(dir, 'backup.json');
    await writeFile(file, TEXT);
    await chmod(file, 0o640);
    const before = statSync(file);

    await setJobFileField(file, 'enabled', false);

    const after = statSync(file);
    // A new inode: the old file was never truncated and rewritten in place, which a crash could leave half done.
    if (process.platform !== 'win32') {
      expect(after.ino).not.toBe(before.ino);
      expect(after.mode & 0o777).toBe(0o640);
    }
    expect(readdirSync(dir)).toEqual(['backup.json']);
    const loaded = await readJobFile(file);
    expect(loaded.ok && loaded.job.enabled).toBe(false);
  });
});
