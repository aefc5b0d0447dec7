import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputCapture } from '../../../../src/main/core/execution/output-capture';
import { exited, expectNoSurvivors } from '../../../helpers/processes';
import { useTempDirs } from '../../../helpers/temp';

const tempDir = useTempDirs();

// What `echo Größe` and friends write from cmd.exe on a German Windows (code page 850), in several writes
// with pauses between them, on both streams; the last line has no line end.
const WRITER = `
const pieces = [
  [1, [0x3a, 0x3a, 0x73, 0x74, 0x61, 0x74, 0x75, 0x73, 0x20, 0x47, 0x72, 0x94]],
  [1, [0xe1, 0x65, 0x20, 0x77, 0x69, 0x72, 0x64, 0x20, 0x62, 0x65, 0x72, 0x65, 0x63, 0x68, 0x6e, 0x65, 0x74, 0x0d, 0x0a]],
  [2, [0x46, 0x65, 0x68, 0x6c, 0x65, 0x72, 0x3a, 0x20, 0x44, 0x61, 0x74, 0x65, 0x69, 0x20, 0x81, 0x62, 0x65, 0x72, 0x73, 0x70, 0x72, 0x75, 0x6e, 0x67, 0x65, 0x6e, 0x0d, 0x0a]],
  [1, [...Buffer.from('UTF-8 from a program: Größe ✓\\n')]],
  [1, [0x46, 0x65, 0x72, 0x74, 0x69, 0x67, 0x3a, 0x20, 0x47, 0x72, 0x94, 0xe1, 0x65]],
];
let i = 0;
const next = () => {
  const piece = pieces[i++];
  if (!piece) return;
  (piece[0] === 1 ? process.stdout : process.stderr).write(Buffer.from(piece[1]), () => setTimeout(next, 30));
};
next();
`;

async function capture(consoleCodePage: number | null) {
  const logPath = join(await tempDir(), 'run.log');
  const statusLines: string[] = [];
  const live: Buffer[] = [];
  const out = new OutputCapture({
    logPath,
    tailBytes: 64 * 1024,
    consoleCodePage,
    onStatusLine: (line) => statusLines.push(line),
    onData: (chunk) => live.push(chunk),
  });
  await out.open();
  const child = spawn(process.execPath, ['-e', WRITER], { stdio: ['ignore', 'pipe', 'pipe'] });
  const closed = new Promise((resolve) => child.once('close', resolve));
  if (child.stdout) out.attach(child.stdout);
  if (child.stderr) out.attach(child.stderr);
  await exited(child);
  await closed;
  await out.close();
  await expectNoSurvivors([child.pid as number]);
  return { out, log: await readFile(logPath), statusLines, live: Buffer.concat(live) };
}

const EXPECTED =
  '::status Größe wird berechnet\r\nFehler: Datei übersprungen\r\nUTF-8 from a program: Größe ✓\nFertig: Größe';

describe('OutputCapture of a cmd.exe or Windows PowerShell run (console code page)', () => {
  it('writes the log, the tail, status lines and live output as UTF-8', async () => {
    const { out, log, statusLines, live } = await capture(850);
    expect(log.toString('utf8')).toBe(EXPECTED);
    expect(out.tail()).toBe(EXPECTED);
    expect(out.lastLine()).toBe('Fertig: Größe');
    expect(statusLines).toEqual(['::status Größe wird berechnet']);
    expect(live.toString('utf8')).toBe(EXPECTED);
  });

  it('keeps the bytes as written when the run is not one (a program writes what it writes)', async () => {
    const { log, out } = await capture(null);
    expect(log.includes(Buffer.from([0x47, 0x72, 0x94, 0xe1, 0x65]))).toBe(true);
    expect(out.tail()).toContain('UTF-8 from a program: Größe ✓');
    expect(out.tail()).not.toContain('Fertig: Größe');
  });
});

describe('OutputCapture log file', () => {
  it('holds the header, every byte of output in order and the closing line, made in a folder made for it', async () => {
    const logPath = join(await tempDir(), 'new folder', 'run.log');
    const out = new OutputCapture({ logPath, tailBytes: 1024 });
    await out.open('== header ==\n');
    const script = "for (let i = 0; i < 200; i++) process.stdout.write('line ' + i + '\\n');";
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.stdout) out.attach(child.stdout);
    if (child.stderr) out.attach(child.stderr);
    await exited(child);
    await out.settle();
    await out.close('== end ==\n');
    await expectNoSurvivors([child.pid as number]);
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i}\n`).join('');
    expect(await readFile(logPath, 'utf8')).toBe(`== header ==\n${lines}== end ==\n`);
    expect(out.logError).toBeNull();
  });

  it('of a run that wrote nothing holds the header and the closing line', async () => {
    const logPath = join(await tempDir(), 'run.log');
    const out = new OutputCapture({ logPath, tailBytes: 1024 });
    await out.open('== header ==\n');
    await out.settle();
    await out.close('== end ==\n');
    await out.close('== end again ==\n');
    expect(await readFile(logPath, 'utf8')).toBe('== header ==\n== end ==\n');
    expect(out.logPath).toBe(logPath);
  });

  it('that exists already is not overwritten: the run keeps its tail and says the log could not be created', async () => {
    const logPath = join(await tempDir(), 'run.log');
    await writeFile(logPath, 'another run');
    const out = new OutputCapture({ logPath, tailBytes: 1024 });
    await out.open();
    await out.close('== end ==\n');
    expect(await readFile(logPath, 'utf8')).toBe('another run');
    expect(out.logPath).toBeNull();
    expect(out.logError).toMatch(
      /^the log file .*run\.log could not be created \(EEXIST.*\); output was not saved$/,
    );
  });
});
