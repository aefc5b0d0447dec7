import { beforeAll, describe, expect, it } from 'vitest';
import {
  ConsoleOutputDecoder,
  loadCodePages,
  MAX_HELD_LINE_BYTES,
} from '../../../../src/main/core/execution/console-output-decoder';

beforeAll(() => loadCodePages());

// Real bytes as cmd.exe and Windows PowerShell 5.1 write them to a pipe.
const CP850 = {
  größe: [0x47, 0x72, 0x94, 0xe1, 0x65], // "Größe"
  fileNotFound: [
    0x44, 0x61, 0x74, 0x65, 0x69, 0x20, 0x6e, 0x69, 0x63, 0x68, 0x74, 0x20, 0x67, 0x65, 0x66, 0x75, 0x6e,
    0x64, 0x65, 0x6e,
  ], // "Datei nicht gefunden"
  éÉ: [0x82, 0x90], // "éÉ" (850 and 437 agree)
  ÊË: [0xd2, 0xd3], // "ÊË" (850; box drawing in 437)
};
const CP866_PRIVET = [0x8f, 0xe0, 0xa8, 0xa2, 0xa5, 0xe2]; // "Привет"
const CP932_NIHONGO = [0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea]; // "日本語" in Shift_JIS

function run(codePage: number, ...chunks: number[][]): string {
  const decoder = new ConsoleOutputDecoder(codePage);
  const out = chunks.map((chunk) => decoder.push(Buffer.from(chunk)));
  out.push(decoder.end());
  return Buffer.concat(out).toString('utf8');
}

const bytes = (text: string) => [...Buffer.from(text, 'utf8')];

describe('ConsoleOutputDecoder', () => {
  it('decodes a cmd.exe line in the OEM code page (cp850) to UTF-8, line ends kept', () => {
    expect(run(850, [...CP850.größe, 0x0d, 0x0a])).toBe('Größe\r\n');
    expect(run(850, [...CP850.éÉ, ...CP850.ÊË, 0x0a])).toBe('éÉÊË\n');
    expect(run(437, [...CP850.éÉ, ...CP850.ÊË, 0x0a])).toBe('éÉ╥╙\n');
    expect(run(866, [...CP866_PRIVET, 0x0d, 0x0a])).toBe('Привет\r\n');
  });

  it('keeps lines that are valid UTF-8 (a program the script ran) beside OEM lines', () => {
    expect(run(850, [...bytes('Größe ✓\n'), ...CP850.größe, 0x0a, ...bytes('日本\n')])).toBe(
      'Größe ✓\nGröße\n日本\n',
    );
  });

  it('waits for a UTF-8 character split between reads instead of decoding half of it', () => {
    const text = bytes('Größe\n');
    for (let cut = 1; cut < text.length; cut++) {
      expect(run(850, text.slice(0, cut), text.slice(cut))).toBe('Größe\n');
    }
  });

  it('waits for the end of an OEM line split between reads, even inside a double-byte character', () => {
    const line = [...CP932_NIHONGO, 0x0d, 0x0a];
    for (let cut = 1; cut < line.length; cut++) {
      expect(run(932, line.slice(0, cut), line.slice(cut))).toBe('日本語\r\n');
    }
    const oem = [...CP850.größe, 0x0a];
    for (let cut = 1; cut < oem.length; cut++)
      expect(run(850, oem.slice(0, cut), oem.slice(cut))).toBe('Größe\n');
  });

  it('passes a partial ASCII or UTF-8 line on at once (a prompt, a progress line)', () => {
    const decoder = new ConsoleOutputDecoder(850);
    expect(decoder.push(Buffer.from('Copying 45% ')).toString()).toBe('Copying 45% ');
    expect(decoder.push(Buffer.from('Größe')).toString()).toBe('Größe');
    expect(decoder.push(Buffer.from(CP850.größe)).toString()).toBe('');
    expect(decoder.push(Buffer.from('\r')).toString()).toBe('Größe\r');
  });

  it('decodes a last line without a line end, and bounds what it holds back', () => {
    expect(run(850, [...CP850.fileNotFound, 0x20, ...CP850.größe])).toBe('Datei nicht gefunden Größe');
    const decoder = new ConsoleOutputDecoder(850);
    const long = Buffer.alloc(MAX_HELD_LINE_BYTES + 1, 0x94);
    expect(decoder.push(long).toString()).toBe('ö'.repeat(MAX_HELD_LINE_BYTES + 1));
  });

  it('leaves bytes as they are for a code page it does not know (65001 is UTF-8 itself)', () => {
    expect(run(65001, [...bytes('Größe\n')])).toBe('Größe\n');
    expect([...new ConsoleOutputDecoder(65001).push(Buffer.from([0x94, 0x0a]))]).toEqual([0x94, 0x0a]);
  });
});
