import { describe, expect, it } from 'vitest';
import { describeSpawnError } from '../../../../src/main/core/execution/spawn-error';

const plan = { display: 'backup --all', resolvedCommand: '/usr/bin/backup', args: ['--all'] };
const e2big = Object.assign(new Error('spawn E2BIG'), { code: 'E2BIG' });

describe('describeSpawnError', () => {
  it('names the environment, its size and its largest variable when it is too large (E2BIG)', () => {
    const message = describeSpawnError(e2big, { ...plan, env: { PATH: '/usr/bin', BIG: 'x'.repeat(2000) } });
    expect(message).toBe(
      'process.environment: could not start "/usr/bin/backup": the environment and command line are too large for the system to pass to a new process (2.0 KB of environment variables in 2 entries, 6 B of arguments; the largest is BIG (2.0 KB)). Linux passes at most 128 KB per variable or argument and about 2 MB in all; Windows 32,767 characters per variable and for the command line. Make the variables smaller (in process.environment, or in the environment the hub inherits), or pass large data in a file.',
    );
  });

  it('names the arguments when they are the larger part', () => {
    const args = Array.from({ length: 100 }, () => 'y'.repeat(100));
    const message = describeSpawnError(e2big, { ...plan, args, env: { PATH: '/usr/bin' } });
    expect(message).toMatch(
      /^process\.arguments: could not start "\/usr\/bin\/backup": the environment and command/,
    );
    expect(message).toContain('9.9 KB of arguments');
    expect(message).toContain('Pass fewer or shorter arguments, or pass large data in a file.');
  });

  it('keeps the words it had for a missing command', () => {
    const enoent = Object.assign(new Error('spawn ENOENT'), { code: 'ENOENT' });
    expect(describeSpawnError(enoent, plan)).toContain('the file or its interpreter was not found');
  });
});
