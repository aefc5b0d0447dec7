import { readFile } from 'node:fs/promises';
import path from 'node:path';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { bridgeMethods, channelOf, EVENT_CHANNEL, SHOW_RUN_CHANNEL } from '../../src/shared/ipc';

const bundlePath = path.resolve(import.meta.dirname, '../../out/preload/index.cjs');

async function readBundle(): Promise<string> {
  const code = await readFile(bundlePath, 'utf8').catch(() => null);
  if (code === null) throw new Error(`${bundlePath} is missing: run "npm run build" first (npm test does).`);
  return code;
}

/**
 * What crosses contextBridge, as Electron copies it between the preload's world and the page's: primitives
 * as they are; arrays and objects copied (prototypes dropped: a class instance arrives as a plain object with
 * its own fields, no methods); Errors as Errors with their message; promises as new promises of copies;
 * functions as proxies whose arguments and results are copied in turn; symbols dropped.
 */
function crossBridge(value: unknown): unknown {
  if (typeof value === 'function') {
    return (...args: unknown[]) =>
      crossBridge((value as (...a: unknown[]) => unknown)(...args.map(crossBridge)));
  }
  // Also a promise made in the preload's own realm (the vm context here, the isolated world in Electron).
  if (value instanceof Promise || Object.prototype.toString.call(value) === '[object Promise]')
    return (value as Promise<unknown>).then(crossBridge, (error: unknown) =>
      Promise.reject(crossBridge(error)),
    );
  if (value instanceof Error) return new Error(value.message);
  if (Array.isArray(value)) return value.map(crossBridge);
  if (typeof value === 'symbol') return undefined;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, field]) => typeof field !== 'symbol')
        .map(([key, field]) => [key, crossBridge(field)]),
    );
  }
  return value;
}

/**
 * Runs the bundle as a sandboxed preload would (CommonJS, `require` limited), with a fake 'electron' that
 * records what the preload exposes (copied across the bridge, as the page receives it) and which channels it
 * uses. Nothing here loads the real Electron.
 */
function runPreload(code: string) {
  const exposed = new Map<string, unknown>();
  const invoked: { channel: string; args: unknown[] }[] = [];
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const required: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, crossBridge(api)) },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        invoked.push({ channel, args });
        return { ok: true, value: channel };
      },
      on: (channel: string, listener: (...args: unknown[]) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)?.add(listener);
      },
      removeListener: (channel: string, listener: (...args: unknown[]) => void) => {
        listeners.get(channel)?.delete(listener);
      },
    },
    // A File built in the page is backed by no file on disk: Electron answers an empty path.
    webUtils: {
      getPathForFile: (file: { name: string }) =>
        file.name.startsWith('built-') ? '' : `C:\\dropped\\${file.name}`,
    },
  };
  const module = { exports: {} };
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require "${name}"`);
  };
  vm.runInNewContext(code, { require: sandboxRequire, module, exports: module.exports, console });
  const emit = (channel: string, ...args: unknown[]) => {
    for (const listener of listeners.get(channel) ?? []) listener({ sender: 'ipcRenderer!' }, ...args);
  };
  return { exposed, invoked, listeners, required, emit };
}

describe('preload bundle (out/preload/index.cjs)', () => {
  let code: string;
  beforeAll(async () => {
    code = await readBundle();
  });

  it('is one CommonJS file: no import statements, no require but electron', () => {
    expect(code).not.toMatch(/^\s*import[\s{*]/m);
    expect(code).not.toMatch(/\bimport\s*\(/);
    expect(code).not.toMatch(/\bexport\s/);
    const requires = Array.from(code.matchAll(/require\(\s*["'`]([^"'`]+)["'`]\s*\)/g), (m) => m[1]);
    expect(requires.length).toBeGreaterThan(0);
    expect(new Set(requires)).toEqual(new Set(['electron']));
  });

  it('runs with only electron to require and exposes window.hub', () => {
    const { exposed, required } = runPreload(code);
    expect([...exposed.keys()]).toEqual(['hub']);
    expect(new Set(required)).toEqual(new Set(['electron']));
  });

  it('has one function per channel (previewJobFile taking a File), plus onEvent, onShowRun and onShowPreview', async () => {
    const { exposed, invoked } = runPreload(code);
    const hub = exposed.get('hub') as Record<string, (...args: unknown[]) => unknown>;
    expect(Object.keys(hub).sort()).toEqual(
      [...bridgeMethods, 'onEvent', 'onShowRun', 'onShowPreview'].sort(),
    );
    for (const method of bridgeMethods) expect(typeof hub[method]).toBe('function');
    await expect(hub.runJob?.('Backup')).resolves.toEqual({ ok: true, value: channelOf('runJob') });
    await hub.setJobEnabled?.('Backup', false);
    await hub.previewJobFile?.({ name: 'job.json' });
    expect(invoked).toEqual([
      { channel: 'hub:runJob', args: ['Backup'] },
      { channel: 'hub:setJobEnabled', args: ['Backup', false] },
      // The page gave a File; main gets the path Electron knows for it.
      { channel: 'hub:previewJobFile', args: ['C:\\dropped\\job.json'] },
    ]);
  });

  it('never lets the page name a path to preview: a string, or a File not on disk, is refused without asking main', async () => {
    const { exposed, invoked } = runPreload(code);
    const hub = exposed.get('hub') as Record<string, (...args: unknown[]) => Promise<{ ok: boolean }>>;
    await expect(hub.previewJobFile?.('C:\\Users\\me\\other.json')).resolves.toMatchObject({ ok: false });
    await expect(hub.previewJobFile?.({ name: 'built-in-page.json' })).resolves.toEqual({
      ok: false,
      error: 'Cannot tell where “built-in-page.json” is: drop it from a folder.',
    });
    expect(invoked).toEqual([]);
  });

  it('passes events on without the IpcRendererEvent, and unsubscribes', () => {
    const { exposed, emit, listeners } = runPreload(code);
    const hub = exposed.get('hub') as { onEvent(listener: (...args: unknown[]) => void): () => void };
    const received: unknown[][] = [];
    const unsubscribe = hub.onEvent((...args) => received.push(args));
    emit(EVENT_CHANNEL, { type: 'library-changed' });
    unsubscribe();
    emit(EVENT_CHANNEL, { type: 'library-changed' });
    expect(received).toEqual([[{ type: 'library-changed' }]]);
    expect(listeners.get(EVENT_CHANNEL)?.size).toBe(0);
  });

  it('copies across the bridge as Electron does (the check can fail: methods of a class are lost)', () => {
    class WithMethod {
      field = 1;
      method() {
        return 2;
      }
    }
    const copied = crossBridge({ instance: new WithMethod(), fn: () => new WithMethod() }) as {
      instance: Record<string, unknown>;
      fn: () => Record<string, unknown>;
    };
    expect(copied.instance).toEqual({ field: 1 });
    expect(copied.instance.method).toBeUndefined();
    expect(copied.fn().method).toBeUndefined();
  });

  it('keeps a show-run request that arrives before the page subscribes', () => {
    const { exposed, emit } = runPreload(code);
    const hub = exposed.get('hub') as { onShowRun(listener: (runId: string) => void): () => void };
    emit(SHOW_RUN_CHANNEL, 'run-42');
    emit(SHOW_RUN_CHANNEL, { not: 'a run id' });
    const shown: string[] = [];
    hub.onShowRun((runId) => shown.push(runId));
    emit(SHOW_RUN_CHANNEL, 'run-43');
    expect(shown).toEqual(['run-42', 'run-43']);
  });
});
