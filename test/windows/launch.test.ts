import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessTracker } from '../helpers/processes';
import { useTempDirs } from '../helpers/temp';
import {
  expectNothingLeft,
  requireWindows,
  underWine,
  WINDOWS_TEST_TIMEOUT_MS,
  windowsPath,
} from '../helpers/wine';
import { nodeJob, runJob, windowsFixture, writeJob } from './windows-cli';

// The command line on the Windows side (Wine's node.exe, or Node on Windows) launching real Windows programs.
const tempDir = useTempDirs();
const tracker = new ProcessTracker();
afterEach(() => tracker.cleanup());

async function runJson(dir: string, file: string, env: NodeJS.ProcessEnv = {}) {
  const run = await runJob(dir, file, tracker, ['--json'], env);
  const { code, stdout, stderr } = await run.done;
  await expectNothingLeft(run, []);
  let result: Record<string, unknown>;
  try {
    result = JSON.parse(stdout);
  } catch {
    throw new Error(`run --json printed no JSON (exit ${code}):\n${stdout}\n${stderr}`);
  }
  return { code, result };
}

describe('launching on Windows, through the command line', { timeout: WINDOWS_TEST_TIMEOUT_MS }, () => {
  it('hands a list of arguments to an .exe exactly: spaces, quotes, backslashes, empty strings', async (context) => {
    requireWindows(context);
    const dir = await tempDir();
    const args = [
      'two words',
      'say "hi"',
      'C:\\ends with\\',
      'back\\\\slashes\\"quote',
      '',
      'tail\\',
      '%PATH% & | < > ^',
      '',
    ];
    const file = await writeJob(dir, nodeJob('Argv', [windowsFixture('print-argv.cjs'), ...args]));
    const { code, result } = await runJson(dir, file);
    expect(code).toBe(0);
    expect(result.status).toBe('CompletedSuccessfully');
    expect(JSON.parse(result.outputTail as string)).toEqual(args);
  });

  it('reports a batch file’s exit code (exit /b 3) as its own', async (context) => {
    requireWindows(context);
    const dir = await tempDir();
    const script = path.join(dir, 'exit three.bat');
    await writeFile(script, '@echo off\r\necho batch got %1\r\nexit /b 3\r\n');
    const file = await writeJob(dir, {
      name: 'Three',
      process: { command: windowsPath(script), arguments: ['x'] },
    });
    const { code, result } = await runJson(dir, file);
    expect(code).toBe(1);
    expect(result).toMatchObject({ status: 'Failed', exitCode: 3, outputTail: 'batch got x\r\n' });
    expect(result.message).toMatch(/^failed during startup: exited with code 3 after /);
  });

  it('finds a bare command on PATH through PATHEXT (greet → greet.cmd)', async (context) => {
    requireWindows(context);
    const dir = await tempDir();
    const tools = path.join(dir, 'tools');
    await mkdir(tools);
    await writeFile(path.join(tools, 'greet.cmd'), '@echo off\r\necho hello from greet %1\r\n');
    const file = await writeJob(dir, { name: 'Greet', process: { command: 'greet', arguments: ['you'] } });
    // Wine builds the Windows PATH from WINEPATH; on Windows, PATH itself (spelled as this environment spells it:
    // names are case-insensitive there, and two spellings in one environment would both be passed).
    const pathKey = Object.keys(process.env).find((name) => name.toUpperCase() === 'PATH') ?? 'PATH';
    const pathVar = underWine
      ? { WINEPATH: windowsPath(tools) }
      : { [pathKey]: `${tools}${path.delimiter}${process.env[pathKey] ?? ''}` };
    const { code, result } = await runJson(dir, file, pathVar);
    expect(code).toBe(0);
    expect(result.outputTail).toBe('hello from greet you\r\n');
  });

  it('loads a job file Notepad wrote (UTF-8 byte-order mark, CRLF line endings)', async (context) => {
    requireWindows(context);
    const dir = await tempDir();
    const file = await writeJob(dir, nodeJob('Notepad', [windowsFixture('print-argv.cjs'), 'ok']), {
      bom: true,
      crlf: true,
    });
    const { code, result } = await runJson(dir, file);
    expect(code).toBe(0);
    expect(result).toMatchObject({
      jobName: 'Notepad',
      status: 'CompletedSuccessfully',
      outputTail: '["ok"]\n',
    });
  });
});
