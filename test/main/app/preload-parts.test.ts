import { describe, expect, it, vi } from 'vitest';
import { createShowRunRelay } from '../../../src/main/preload/show-run-relay';
import {
  BRIDGE_METHODS,
  bridgeMethods,
  channelOf,
  EVENT_CHANNEL,
  ipcArguments,
  SHOW_RUN_CHANNEL,
} from '../../../src/shared/ipc';

describe('IPC channels', () => {
  it('lists the same methods, in the same order, with and without zod', () => {
    expect([...BRIDGE_METHODS]).toEqual(bridgeMethods);
    expect(Object.keys(ipcArguments)).toEqual(bridgeMethods);
  });

  it('gives every method its own channel, apart from the push channels', () => {
    const channels = bridgeMethods.map(channelOf);
    expect(new Set([...channels, EVENT_CHANNEL, SHOW_RUN_CHANNEL]).size).toBe(channels.length + 2);
    expect(channelOf('listJobs')).toBe('hub:listJobs');
  });
});

describe('show-run relay (preload)', () => {
  it('keeps a request made before anyone listens for the first subscriber', () => {
    const relay = createShowRunRelay();
    relay.deliver('early-1');
    relay.deliver('early-2');
    const first = vi.fn();
    const second = vi.fn();
    relay.subscribe(first);
    relay.subscribe(second);
    expect(first.mock.calls).toEqual([['early-2']]);
    expect(second).not.toHaveBeenCalled();
  });

  it('delivers to every listener until it unsubscribes, despite a throwing one', () => {
    const relay = createShowRunRelay();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const good = vi.fn();
    relay.subscribe(() => {
      throw new Error('page bug');
    });
    const unsubscribe = relay.subscribe(good);
    relay.deliver('r1');
    unsubscribe();
    relay.deliver('r2');
    expect(good.mock.calls).toEqual([['r1']]);
    expect(errors).toHaveBeenCalledTimes(2);
    errors.mockRestore();
  });
});
