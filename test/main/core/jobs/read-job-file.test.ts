import { chmod, mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JOB_FILE_BYTES } from '../../../../src/main/core/jobs/job-file-text';
import { readJobFile } from '../../../../src/main/core/jobs/read-job-file';
import type { JobParseResult } from '../../../../src/shared/job-file';
import { formatProblem } from '../../../../src/shared/job-problem';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'read-job-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const JOB = '{\r\n  "name": "Café export",\r\n  "process": { "command": "C:/scripts/export.bat" }\r\n}\r\n';

async function load(name: string, bytes: Uint8Array | string): Promise<JobParseResult> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return readJobFile(path, `jobs/${name}`);
}

function problemLines(result: JobParseResult): string[] {
  return result.ok ? [] : result.problems.map(formatProblem);
}

const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

describe('readJobFile', () => {
  it('loads a UTF-8 file with a BOM and CRLF line ends, written as bytes', async () => {
    const result = await load(
      'notepad.json',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JOB, 'utf8')]),
    );
    expect(result.ok && result.job.name).toBe('Café export');
  });

  it('reports positions as an editor shows them despite the BOM', async () => {
    const text = JOB.replace('"C:/scripts/export.bat"', '"C:/scripts/export.bat", "timeoutMinutes": -5');
    const result = await load(
      'bom-error.json',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
    );
    expect(problemLines(result)).toEqual([
      'jobs/bom-error.json:3:70: process.timeoutMinutes: must be ≥ 0 (got -5)',
    ]);
  });

  it('loads UTF-16 with a BOM, as Windows PowerShell 5.1 writes with > and Out-File', async () => {
    const little = await load('utf16le.json', utf16le(JOB));
    expect(little.ok && little.job.name).toBe('Café export');
    const bigEndian = Buffer.from(JOB, 'utf16le').swap16();
    const big = await load('utf16be.json', Buffer.concat([Buffer.from([0xfe, 0xff]), bigEndian]));
    expect(big.ok && big.job.name).toBe('Café export');
  });

  it('refuses UTF-16 without a BOM with the fix', async () => {
    expect(problemLines(await load('utf16-no-bom.json', Buffer.from(JOB, 'utf16le')))).toEqual([
      'jobs/utf16-no-bom.json: looks like UTF-16 text without a byte-order mark: save it as UTF-8 (Notepad: Save as → Encoding UTF-8)',
    ]);
  });

  it('refuses Windows-1252 (Latin-1) bytes, pointing at the first one', async () => {
    const expected =
      'is not UTF-8 text (byte 0xE9, which is "é" in the Windows ANSI code page): save it as UTF-8 (Notepad: Save as → Encoding UTF-8)';
    expect(problemLines(await load('latin1.json', Buffer.from(JOB, 'latin1')))).toEqual([
      `jobs/latin1.json:2:15: ${expected}`,
    ]);
    // Valid multi-byte characters and a BOM before it must not shift the position.
    const mixed = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('{"description": "naïve → ok",\n "name": "Caf'),
      Buffer.from([0xe9]),
      Buffer.from('"}'),
    ]);
    expect(problemLines(await load('mixed.json', mixed))).toEqual([`jobs/mixed.json:2:14: ${expected}`]);
  });

  it('refuses binary content', async () => {
    const garbage = Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0xff, 0xff]);
    expect(problemLines(await load('program.exe', garbage))).toEqual([
      'jobs/program.exe:1:4: is not a text file (it contains NUL bytes; the first is here): is this the right file?',
    ]);
  });

  it('points at the first NUL byte of a text file, line and column, past a BOM and multi-byte characters', async () => {
    const damaged = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('{\n  "name": "Café",\n  "process": { "command": "a'),
      Buffer.from([0x00]),
      Buffer.from('" }\n}\n'),
    ]);
    expect(problemLines(await load('damaged.json', damaged))).toEqual([
      'jobs/damaged.json:3:29: is not a text file (it contains NUL bytes; the first is here): is this the right file?',
    ]);
  });

  it('accepts a file of exactly 1 MiB and refuses one byte more', async () => {
    const padded = JOB.padEnd(MAX_JOB_FILE_BYTES - 3 - (Buffer.byteLength(JOB) - JOB.length), ' ');
    const exact = await load(
      'exact.json',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(padded)]),
    );
    expect(exact.ok).toBe(true);
    expect(problemLines(await load('over.json', `${padded}    `))).toEqual([
      'jobs/over.json: the file is 1.000 MB; a job file is at most 1 MiB: is this the right file?',
    ]);
  });

  it('refuses large files by their size', async () => {
    expect(problemLines(await load('two.json', Buffer.alloc(2 * 1024 * 1024, 0x20)))).toEqual([
      'jobs/two.json: the file is 2.0 MB; a job file is at most 1 MiB: is this the right file?',
    ]);
    const huge = join(dir, 'huge.log');
    await writeFile(huge, '');
    await truncate(huge, 50 * 1024 * 1024); // sparse where the file system allows
    expect(problemLines(await readJobFile(huge, 'huge.log'))).toEqual([
      'huge.log: the file is 50.0 MB; a job file is at most 1 MiB: is this the right file?',
    ]);
  });

  it('reports a missing file, a folder and an impossible path as problems, never throws', async () => {
    expect(problemLines(await readJobFile(join(dir, 'nope.json'), 'jobs/nope.json'))).toEqual([
      'jobs/nope.json: file not found: check the path (Explorer hides extensions: is it really named ".json", not ".json.txt"?)',
    ]);
    await mkdir(join(dir, 'folder.json'));
    expect(problemLines(await readJobFile(join(dir, 'folder.json'), 'jobs/folder.json'))).toEqual([
      'jobs/folder.json: is a folder, not a job file: give the path of a .json file',
    ]);
    const invalid = await readJobFile('bad\0name.json');
    expect(invalid.ok).toBe(false);
    expect(problemLines(invalid)[0]).toMatch(/^bad\0name\.json: cannot read the file: /);
  });

  it('names the file by its path when no display name is given', async () => {
    const path = join(dir, 'missing.json');
    const result = await readJobFile(path);
    expect(!result.ok && result.problems[0]?.file).toBe(path);
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)(
    'reports a file it may not read',
    async () => {
      const path = join(dir, 'secret.json');
      await writeFile(path, JOB);
      await chmod(path, 0o000);
      expect(problemLines(await readJobFile(path, 'secret.json'))).toEqual([
        'secret.json: permission denied: your account cannot read this file (check Properties → Security)',
      ]);
    },
  );
});
