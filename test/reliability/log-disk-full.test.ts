import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcessExecutionService } from '../../src/main/core/execution/process-execution-service';
import { fixture } from '../helpers/processes';

// A real full disk: a 1 MiB tmpfs mounted by the test (needs root, as on CI), holding the run's log folder.
const canMount = process.platform === 'linux' && process.getuid?.() === 0;
let mountPoint = '';

describe.skipIf(!canMount)('a run whose log disk fills up', () => {
  beforeAll(() => {
    mountPoint = mkdtempSync(join(tmpdir(), 'hub-full-disk-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint]);
  });
  afterAll(() => {
    if (!mountPoint) return;
    execFileSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  it('still runs to the end, keeps its output tail, and says the log is incomplete and why', async () => {
    const result = await new ProcessExecutionService().execute(
      'Chatty',
      { command: process.execPath, arguments: [fixture('job-flood.mjs'), '8'] },
      { logDir: join(mountPoint, 'logs') },
    );
    expect(result.status).toBe('CompletedSuccessfully');
    expect(result.exitCode).toBe(0);
    expect(result.message).toMatch(
      /^completed in [\d.]+ s \(exit code 0\); the log file .+ could not be written after [\d.]+ (KB|MB) \(ENOSPC: no space left on device.*\); later output was not saved$/,
    );
    expect(Buffer.byteLength(result.outputTail)).toBe(64 * 1024);
  });
});
