import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { peSubsystem } from '../../../../src/main/core/launch/pe-subsystem';
import { type LaunchContext, planLaunch } from '../../../../src/main/core/launch/plan-launch';
import { readFileHead } from '../../../../src/main/core/launch/read-file-head';

/**
 * A minimal PE image, as a linker lays it out: the "MZ" DOS header with the PE header's offset at 0x3C, the
 * "PE\0\0" signature, the COFF file header, and the optional header (PE32 or PE32+) carrying Subsystem.
 */
function peImage(subsystem: number, { plus = false, peOffset = 0x80 } = {}): Buffer {
  const optionalSize = plus ? 240 : 224;
  const image = Buffer.alloc(peOffset + 24 + optionalSize + 40);
  image.write('MZ', 0, 'latin1');
  image.writeUInt32LE(peOffset, 0x3c);
  image.write('PE\0\0', peOffset, 'latin1');
  image.writeUInt16LE(plus ? 0x8664 : 0x14c, peOffset + 4); // Machine: x64 or x86
  image.writeUInt16LE(1, peOffset + 6); // NumberOfSections
  image.writeUInt16LE(optionalSize, peOffset + 20); // SizeOfOptionalHeader
  image.writeUInt16LE(0x0102, peOffset + 22); // Characteristics: executable image
  image.writeUInt16LE(plus ? 0x20b : 0x10b, peOffset + 24); // Magic
  image.writeUInt16LE(subsystem, peOffset + 24 + 68); // Subsystem
  return image;
}

const GUI = 2;
const CONSOLE = 3;

describe('peSubsystem', () => {
  it.each<[string, Buffer, number | null]>([
    ['a PE32 GUI program', peImage(GUI), GUI],
    ['a PE32 console program', peImage(CONSOLE), CONSOLE],
    ['a PE32+ (64-bit) GUI program', peImage(GUI, { plus: true }), GUI],
    ['a PE32+ console program', peImage(CONSOLE, { plus: true }), CONSOLE],
    ['a PE header far behind a long DOS stub', peImage(GUI, { peOffset: 0xe00 }), GUI],
    ['another subsystem (native)', peImage(1), 1],
    [
      'a DOS .com (no MZ)',
      Buffer.from([0xb4, 0x09, 0xba, 0x0c, 0x01, 0xcd, 0x21, ...new Array(120).fill(0)]),
      null,
    ],
    [
      'an MZ file without a PE header (a DOS .exe)',
      Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]),
      null,
    ],
    ['a header cut short before Subsystem', peImage(GUI).subarray(0, 0x80 + 24 + 60), null],
    ['an empty file', Buffer.alloc(0), null],
    [
      'a PE offset beyond the bytes read',
      (() => {
        const image = peImage(GUI);
        image.writeUInt32LE(0xffff_fff0, 0x3c);
        return image;
      })(),
      null,
    ],
    [
      'an optional header with an unknown magic',
      (() => {
        const image = peImage(GUI);
        image.writeUInt16LE(0x107, 0x80 + 24);
        return image;
      })(),
      null,
    ],
  ])('%s', (_name, bytes, expected) => {
    expect(peSubsystem(bytes)).toBe(expected);
    expect(peSubsystem(new Uint8Array(bytes))).toBe(expected);
  });
});

describe('planLaunch: hideWindow', () => {
  const CMD = 'C:\\Windows\\System32\\cmd.exe';
  const POWERSHELL = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
  const heads: Record<string, Buffer> = {
    'C:\\apps\\viewer.exe': peImage(GUI),
    'C:\\apps\\viewer64.exe': peImage(GUI, { plus: true }),
    'C:\\apps\\export.exe': peImage(CONSOLE, { plus: true }),
    'C:\\apps\\old.com': Buffer.from([0xcd, 0x20, ...new Array(126).fill(0)]),
    'C:\\apps\\broken.exe': Buffer.from('not a program'),
    [CMD]: peImage(CONSOLE, { plus: true }),
    [POWERSHELL]: peImage(CONSOLE, { plus: true }),
    'C:\\apps\\job.bat': Buffer.from('@echo off\r\n'),
    'C:\\apps\\job.ps1': Buffer.from('Write-Output 1\r\n'),
  };
  const windows = (readFileHead?: LaunchContext['readFileHead']): LaunchContext => ({
    platform: 'win32',
    env: { ComSpec: CMD, SystemRoot: 'C:\\Windows', Path: 'C:\\apps' },
    cwd: 'C:\\work',
    isFile: (path) => path in heads,
    ...(readFileHead ? { readFileHead } : {}),
  });
  const fromFixtures = windows((path, bytes) => heads[path]?.subarray(0, bytes) ?? null);

  it.each<[string, string, boolean]>([
    ['a GUI program is shown (its first window would stay hidden)', 'C:\\apps\\viewer.exe', false],
    ['a 64-bit GUI program found on PATH', 'viewer64', false],
    ['a console program is hidden (it would open a console window)', 'C:\\apps\\export.exe', true],
    ['a DOS .com without a PE header keeps the default, hidden', 'C:\\apps\\old.com', true],
    ['a file that is no program keeps the default, hidden', 'C:\\apps\\broken.exe', true],
    ['a batch file runs in cmd.exe, a console program', 'C:\\apps\\job.bat', true],
    ['a PowerShell script runs in powershell.exe, a console program', 'C:\\apps\\job.ps1', true],
  ])('%s', (_name, command, hidden) => {
    expect(planLaunch(command, [], fromFixtures).hideWindow).toBe(hidden);
  });

  it('hides when the header cannot be read, or there is no reader', () => {
    expect(
      planLaunch(
        'C:\\apps\\viewer.exe',
        [],
        windows(() => null),
      ).hideWindow,
    ).toBe(true);
    const failing = windows(() => {
      throw new Error('EACCES');
    });
    expect(planLaunch('C:\\apps\\viewer.exe', [], failing).hideWindow).toBe(true);
    expect(planLaunch('C:\\apps\\viewer.exe', [], windows()).hideWindow).toBe(true);
  });

  it('reads only the head of the file', () => {
    const asked: number[] = [];
    planLaunch(
      'C:\\apps\\viewer.exe',
      [],
      windows((path, bytes) => {
        asked.push(bytes);
        return heads[path] ?? null;
      }),
    );
    expect(asked).toEqual([4096]);
  });
});

describe('readFileHead', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reads a real file head: a GUI program written to disk is recognised', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hub-pe-'));
    const gui = join(dir, 'gui.exe');
    const big = Buffer.concat([peImage(GUI, { plus: true }), Buffer.alloc(100_000, 0x90)]);
    await writeFile(gui, big);
    const head = readFileHead(gui, 4096);
    expect(head?.length).toBe(4096);
    expect(peSubsystem(head ?? new Uint8Array())).toBe(GUI);
    const small = join(dir, 'small.exe');
    await writeFile(small, 'MZ');
    expect(Buffer.from(readFileHead(small, 4096) ?? []).toString()).toBe('MZ');
    expect(readFileHead(join(dir, 'missing.exe'), 4096)).toBeNull();
    expect(readFileHead(dir, 4096)).toBeNull();
  });
});
