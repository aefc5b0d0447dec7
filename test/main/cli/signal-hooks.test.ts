import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { dropLibrarySignalHooks } from '../../../src/main/cli/signal-hooks';

describe('signal hooks libraries leave behind', () => {
  it('removes them on Windows, where re-raising a signal terminates the process', () => {
    const target = new EventEmitter();
    const hook = () => {};
    target.once('SIGINT', hook);
    target.once('SIGTERM', hook);
    target.on('SIGHUP', hook);
    target.on('exit', hook);
    expect(dropLibrarySignalHooks('win32', target as unknown as NodeJS.Process)).toBe(3);
    expect(
      target.listenerCount('SIGINT') + target.listenerCount('SIGTERM') + target.listenerCount('SIGHUP'),
    ).toBe(0);
    // The exit hook (when-exit's cleanup on a normal exit) stays.
    expect(target.listenerCount('exit')).toBe(1);
  });

  it('leaves them elsewhere: re-raising a signal on POSIX reaches the command line’s own handlers', () => {
    const target = new EventEmitter();
    target.once('SIGINT', () => {});
    expect(dropLibrarySignalHooks('linux', target as unknown as NodeJS.Process)).toBe(0);
    expect(target.listenerCount('SIGINT')).toBe(1);
  });

  it('finds the hook conf’s file writer installs when loaded (the reason this exists)', async () => {
    const before = process.listenerCount('SIGINT');
    await import('conf');
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
  });
});
