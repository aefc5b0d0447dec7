import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logHeader, logOutcome } from '../../../../src/main/core/execution/run-log-frame';
import { readLogOutput } from '../../../../src/main/core/store/read-log-output';
import { useTempDirs } from '../../../helpers/temp';

const tempDir = useTempDirs();

const header = (commandLine = 'node export.mjs --all') =>
  logHeader({
    run: { runId: 'r1', jobName: 'Export', trigger: { kind: 'manual' }, attempt: 1, firstRunId: 'r1' },
    commandLine,
    cwd: '/work',
    startTime: new Date('2026-11-29T02:15:02Z'),
    hubVersion: '0.1.0',
  });
const outcome = () =>
  logOutcome({
    status: 'Failed',
    exitCode: 1,
    signal: null,
    durationMs: 300,
    message: 'failed: exited with code 1',
  });

async function log(text: string | Buffer): Promise<string> {
  const path = join(await tempDir(), 'run.log');
  await writeFile(path, text);
  return path;
}

describe('readLogOutput', () => {
  it("shows the job's own output of a finished run: no header, no outcome line", async () => {
    const output = 'copying\n== end: is something the job may print too\ndone\n';
    const path = await log(header() + output + outcome());
    expect(await readLogOutput(path)).toMatchObject({ text: output, truncated: false });
  });

  it('gives back output that did not end with a line end exactly', async () => {
    const path = await log(`${header()}50%${outcome()}`);
    expect((await readLogOutput(path))?.text).toBe('50%');
  });

  it('reads a run without output, a run still going (or whose hub died) and a log written before frames', async () => {
    expect((await readLogOutput(await log(header() + outcome())))?.text).toBe('');
    expect((await readLogOutput(await log(`${header()}step 1\nstep 2`)))?.text).toBe('step 1\nstep 2');
    expect((await readLogOutput(await log('start\ncafé\nend\n')))?.text).toBe('start\ncafé\nend\n');
  });

  it('cuts the last bytes of the output, dropping a character cut at the start, and says it did', async () => {
    const output = 'start\ncafé\nend\n';
    const path = await log(header() + output + outcome());
    // "é" is two bytes in UTF-8: the last 6 bytes start inside it.
    const end = await readLogOutput(path, 6);
    expect(end).toMatchObject({ text: '\nend\n', truncated: true });
    expect(end?.size).toBe(Buffer.byteLength(header() + output + outcome()));
    expect(end?.mtime).toBeInstanceOf(Date);
  });

  it('finds the end of a long header (a 20,000-character command line) and keeps output bytes as written', async () => {
    const bytes = Buffer.from([0x47, 0x72, 0x94, 0xe1, 0x65, 0x0a]);
    const path = await log(Buffer.concat([Buffer.from(header(`node ${'x'.repeat(20_000)}`)), bytes]));
    expect((await readLogOutput(path))?.text).toBe(bytes.toString('utf8'));
  });

  it('answers null for a log that cannot be read', async () => {
    expect(await readLogOutput(join(await tempDir(), 'missing.log'))).toBeNull();
  });
});

describe('the log frame', () => {
  it('says which run a log belongs to in its first lines, one line per fact', () => {
    const text = logHeader({
      run: {
        runId: 'r2',
        jobName: 'Nightly export',
        trigger: { kind: 'retry', detail: 'r1' },
        attempt: 2,
        firstRunId: 'r1',
        jobFile: '/data/jobs/nightly.json',
      },
      commandLine: 'node export.mjs "two words"\nrm -rf /',
      cwd: '/work',
      startTime: new Date(2026, 10, 29, 3, 15, 2),
      hubVersion: '0.1.0',
    });
    const lines = text.trimEnd().split(/\r?\n/);
    expect(lines[0]).toBe('== Automation Hub 0.1.0: log of one run ==');
    expect(lines.slice(1, -1).map((line) => line.slice(0, 10).trim())).toEqual([
      'job:',
      'job file:',
      'command:',
      'folder:',
      'trigger:',
      'started:',
      'run:',
    ]);
    // A line break in a value is shown, never obeyed: the header keeps one line per fact.
    expect(lines[3]).toBe('command:  node export.mjs "two words"\\nrm -rf /');
    expect(lines[6]).toMatch(/^started: {2}2026-11-29 03:15:02 [+-]\d\d:\d\d$/);
    expect(lines[7]).toBe('run:      r2 (attempt 2, retrying r1)');
    expect(lines.at(-1)).toBe('== output ==');
  });

  it('ends a log with status, exit code or signal, duration and message on one line', () => {
    const killed = { status: 'TimedOut' as const, exitCode: null, signal: 'SIGTERM', durationMs: 3000 };
    const line = logOutcome({ ...killed, message: 'timed out after 3.0 s\n(see above)' });
    // Its own line, ended as the platform's text files are (CRLF on Windows).
    expect(line.replace(/\r\n/g, '\n')).toBe(
      '\n== end: TimedOut, ended by SIGTERM, after 3.0 s: timed out after 3.0 s\\n(see above)\n',
    );
  });
});
