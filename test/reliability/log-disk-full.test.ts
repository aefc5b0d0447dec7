import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProcessExecutionService } from '../../src/main/core/execution/process-execution-service';
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
});
