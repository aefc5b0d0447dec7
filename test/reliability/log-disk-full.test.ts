import { mkdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { OutputCapture } from '../../src/main/core/execution/output-capture';
import { ProcessExecutionService } from '../../src/main/core/execution/process-execution-service';
import { readLogOutput } from '../../src/main/core/store/read-log-output';
import { fixture } from '../helpers/processes';
import { canMountTmpfs, useTmpfs } from '../helpers/tmpfs';

// A real full disk: a 1 MiB tmpfs mounted by the test (needs root, as on CI), holding the run's log folder.
describe.skipIf(!canMountTmpfs)('a run whose log disk fills up', () => {
  const mounted = useTmpfs('1m');

  it('still runs to the end, keeps its output tail, and says the log is incomplete and why', async () => {
    const result = await new ProcessExecutionService().execute(
      'Chatty',
      { command: process.execPath, arguments: [fixture('job-flood.mjs'), '8'] },
      { logDir: join(mounted(), 'logs') },
    );
    expect(result.status).toBe('CompletedSuccessfully');
    expect(result.exitCode).toBe(0);
    expect(result.message).toMatch(
      /^completed in [\d.]+ s \(exit code 0\); the log file .+ could not be written after [\d.]+ (KB|MB) \(ENOSPC: no space left on device.*\); later output was not saved$/,
    );
    expect(Buffer.byteLength(result.outputTail)).toBe(64 * 1024);
  });

  it('says when only the last line, the outcome, did not fit, and keeps every byte of output', async () => {
    rmSync(join(mounted(), 'logs'), { recursive: true, force: true });
    const logDir = join(mounted(), 'only-one-page');
    mkdirSync(logDir);
    // Leave exactly one 4 KiB page free; the job fills it to the last byte after the header.
    const { bavail, bsize } = statfsSync(mounted());
    writeFileSync(join(mounted(), 'filler'), Buffer.alloc(bavail * bsize - 4096));
    const fillPage = `const fs = require('node:fs'); const dir = process.argv[1];
      const header = fs.statSync(dir + '/' + fs.readdirSync(dir)[0]).size;
      process.stdout.write('y'.repeat(4096 - header));`;
    const result = await new ProcessExecutionService().execute(
      'Exact',
      { command: process.execPath, arguments: ['-e', fillPage, logDir] },
      { logDir },
    );
    rmSync(join(mounted(), 'filler'));
    expect(result.status).toBe('CompletedSuccessfully');
    expect(result.message).toMatch(
      /^completed in [\d.]+ s \(exit code 0\); the log file .+ could not be completed \(ENOSPC: no space left on device.*\): the output is all there, the line with the run's outcome at its end is not$/,
    );
    const output = await readLogOutput(result.logPath ?? '');
    expect(output?.size).toBe(4096);
    expect(output?.text).toMatch(/^y+$/);
    expect(output?.text).toBe(result.outputTail);
  });

  it('reports a write the disk refused while the run was settling, not only one refused before', async () => {
    rmSync(join(mounted(), 'filler'), { force: true });
    const logDir = join(mounted(), 'settling');
    mkdirSync(logDir);
    const { bavail, bsize } = statfsSync(mounted());
    writeFileSync(join(mounted(), 'filler'), Buffer.alloc(bavail * bsize - 8192));
    const capture = new OutputCapture({
      logPath: join(logDir, 'run.log'),
      tailBytes: 1024,
    });
    await capture.open('header\n');
    const output = new PassThrough();
    capture.attach(output);
    // Settled the moment the last output reaches the log stream: its write (too large for the disk) is under way.
    const settled = new Promise<void>((resolve) => output.once('data', () => resolve(capture.settle())));
    output.end(Buffer.alloc(64 * 1024, 'y'));
    await settled;
    rmSync(join(mounted(), 'filler'));
    expect(capture.logError).toMatch(
      /^the log file .+run\.log could not be written after 64(\.0)? KB \(ENOSPC: no space left on device.*\); later output was not saved$/,
    );
    await capture.close('end\n');
    expect(capture.logPath).toBe(join(logDir, 'run.log'));
  });
});
