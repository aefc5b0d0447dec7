import { openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { elfInterpreter, loadKoffi } from '../../../../src/main/core/native/koffi';

function headOf(file: string): Buffer {
  const head = Buffer.alloc(4096);
  return head.subarray(0, readSync(openSync(file, 'r'), head, 0, head.length, 0));
}

/** A minimal ELF header with one PT_INTERP entry naming `interpreter`. */
function elf(wide: boolean, interpreter: string): Buffer {
  const head = Buffer.alloc(512);
  head.writeUInt32BE(0x7f454c46, 0);
  head[4] = wide ? 2 : 1;
  head[5] = 1;
  const table = 64;
  const at = 256;
  if (wide) {
    head.writeBigUInt64LE(BigInt(table), 32);
    head.writeUInt16LE(56, 54);
    head.writeUInt16LE(2, 56);
    head.writeUInt32LE(6, table); // PT_PHDR first, as in real executables
    head.writeUInt32LE(3, table + 56);
    head.writeBigUInt64LE(BigInt(at), table + 56 + 8);
    head.writeBigUInt64LE(BigInt(interpreter.length + 1), table + 56 + 32);
  } else {
    head.writeUInt32LE(table, 28);
    head.writeUInt16LE(32, 42);
    head.writeUInt16LE(1, 44);
    head.writeUInt32LE(3, table);
    head.writeUInt32LE(at, table + 4);
    head.writeUInt32LE(interpreter.length + 1, table + 16);
  }
  head.write(interpreter, at, 'latin1');
  return head;
}

describe('which libc Node runs on (koffi ships a glibc and a musl build for Linux)', () => {
  it.runIf(process.platform === 'linux')("reads this Node's interpreter from its ELF header", () => {
    expect(elfInterpreter(headOf(process.execPath))).toMatch(/\/ld-linux[-\w.]*\.so\.\d$/);
  });

  it('reads 64- and 32-bit executables, glibc or musl, and nothing from anything else', () => {
    expect(elfInterpreter(elf(true, '/lib/ld-musl-x86_64.so.1'))).toBe('/lib/ld-musl-x86_64.so.1');
    expect(elfInterpreter(elf(false, '/lib/ld-linux-armhf.so.3'))).toBe('/lib/ld-linux-armhf.so.3');
    expect(elfInterpreter(Buffer.from('#!/bin/sh\necho not an executable\n'.repeat(4)))).toBeNull();
    expect(elfInterpreter(elf(true, '/lib/ld-musl-x86_64.so.1').subarray(0, 200))).toBeNull();
  });
});

describe('loading koffi', () => {
  it.runIf(process.platform === 'linux')(
    "loads the binary of koffi's platform package directly, not through koffi's entry",
    () => {
      const koffi = loadKoffi();
      expect(typeof koffi.load).toBe('function');
      const entries = Object.keys(createRequire(import.meta.url).cache).filter((file) =>
        /[\\/]koffi[\\/]src[\\/]koffi[\\/]index\.cjs$/.test(file),
      );
      expect(entries).toEqual([]);
      expect(loadKoffi()).toBe(koffi);
    },
  );
});
