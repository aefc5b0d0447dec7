import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createIpcDispatcher, MAX_ERROR_LENGTH } from '../../../src/main/app/model/ipc-dispatcher';
import { HubError } from '../../../src/main/core/errors';
import { type BridgeApi, type BridgeMethod, bridgeMethods, ipcArguments } from '../../../src/shared/ipc';

const TRUSTED = 'file:///C:/Program%20Files/Automation%20Hub/resources/app.asar/out/renderer/index.html';

/** A BridgeApi whose every method records its calls and answers `value of <method>`. */
function fakeApi() {
  const calls: { method: BridgeMethod; args: unknown[] }[] = [];
  const api = Object.fromEntries(
    bridgeMethods.map((method) => [
      method,
      vi.fn(async (...args: unknown[]) => {
        calls.push({ method, args });
        return `value of ${method}`;
      }),
    ]),
  ) as unknown as BridgeApi;
  return { api, calls };
}

function setup() {
  const { api, calls } = fakeApi();
  const dispatch = createIpcDispatcher(api, (url) => url === TRUSTED);
  return { api, calls, dispatch };
}

describe('IPC dispatcher: valid calls', () => {
  it('calls the api once with the arguments and answers its value', async () => {
    const { dispatch, calls } = setup();
    await expect(dispatch('runJob', TRUSTED, ['Backup'])).resolves.toEqual({
      ok: true,
      value: 'value of runJob',
    });
    await expect(dispatch('setJobEnabled', TRUSTED, ['Backup', false])).resolves.toMatchObject({ ok: true });
    await expect(dispatch('listJobs', TRUSTED, [])).resolves.toMatchObject({ ok: true });
    await expect(dispatch('readLog', TRUSTED, ['run-1'])).resolves.toMatchObject({ ok: true });
    await expect(
      dispatch('updateSettings', TRUSTED, [{ notifications: { onSuccess: true } }]),
    ).resolves.toMatchObject({ ok: true });
    expect(calls.map((c) => [c.method, c.args.filter((a) => a !== undefined)])).toEqual([
      ['runJob', ['Backup']],
      ['setJobEnabled', ['Backup', false]],
      ['listJobs', []],
      ['readLog', ['run-1']],
      ['updateSettings', [{ notifications: { onSuccess: true } }]],
    ]);
  });

  it("hands the api zod's copy, never the renderer's object", async () => {
    const { dispatch, calls } = setup();
    const query = { limit: 5, failuresOnly: true };
    await dispatch('getHistory', TRUSTED, [query]);
    expect(calls[0]?.args[0]).toEqual(query);
    expect(calls[0]?.args[0]).not.toBe(query);
  });

  it('answers a thrown error as its message only: HubError with file and field, no stack', async () => {
    const { api, dispatch } = setup();
    vi.mocked(api.runJobFile).mockRejectedValueOnce(
      new HubError('job-invalid', 'must be ≥ 0 (got -5)', {
        file: 'jobs/backup.json',
        field: 'process.timeoutMinutes',
      }),
    );
    await expect(dispatch('runJobFile', TRUSTED, ['C:/jobs/backup.json', 'ab'.repeat(32)])).resolves.toEqual({
      ok: false,
      error: 'jobs/backup.json: process.timeoutMinutes: must be ≥ 0 (got -5)',
    });
    vi.mocked(api.runJob).mockRejectedValueOnce(new Error('no job named "X"'));
    await expect(dispatch('runJob', TRUSTED, ['X'])).resolves.toEqual({
      ok: false,
      error: 'no job named "X"',
    });
    vi.mocked(api.cancelRun).mockRejectedValueOnce('plain string');
    await expect(dispatch('cancelRun', TRUSTED, ['r'])).resolves.toEqual({
      ok: false,
      error: 'plain string',
    });
  });
});

describe('IPC dispatcher: hostile calls are refused and the api never called', () => {
  const refused = async (method: string, senderUrl: string | null, args: unknown) => {
    const { dispatch, calls } = setup();
    const result = await dispatch(method, senderUrl, args);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(typeof result.error).toBe('string');
      expect(result.error.length).toBeLessThanOrEqual(MAX_ERROR_LENGTH);
    }
    expect(calls).toEqual([]);
    return result.ok ? '' : result.error;
  };

  it('refuses senders other than our main frame', async () => {
    expect(await refused('listJobs', null, [])).toMatch(/did not come from the Automation Hub window/);
    await refused('listJobs', 'https://evil.example/', []);
    await refused('listJobs', `${TRUSTED}.evil`, []);
    await refused('openLogFile', 'about:blank', ['run-1']);
  });

  it('refuses methods that are not ours, including inherited names', async () => {
    for (const method of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'eval', '']) {
      expect(await refused(method, TRUSTED, [])).toMatch(/unknown method/);
    }
  });

  it('refuses the wrong number of arguments', async () => {
    await refused('getRun', TRUSTED, []);
    await refused('getRun', TRUSTED, ['a', 'b']);
    await refused('listJobs', TRUSTED, [1]);
    await refused('setJobEnabled', TRUSTED, ['Backup']);
    await refused('readLog', TRUSTED, ['r', 10, 'extra']);
  });

  it('refuses arguments that are not a list', async () => {
    await refused('listJobs', TRUSTED, undefined);
    await refused('getRun', TRUSTED, 'run-1');
    await refused('getRun', TRUSTED, { 0: 'run-1', length: 1 });
  });

  it('refuses wrong types and out-of-range values', async () => {
    await refused('getRun', TRUSTED, [42]);
    await refused('getRun', TRUSTED, ['']);
    await refused('setJobEnabled', TRUSTED, ['Backup', 'yes']);
    await refused('setTriggersPaused', TRUSTED, [1]);
    await refused('readLog', TRUSTED, ['r', -1]);
    await refused('readLog', TRUSTED, ['r', 1.5]);
    await refused('getHistory', TRUSTED, [{ limit: 0 }]);
    await refused('getHistory', TRUSTED, [null]);
    await refused('runJobFile', TRUSTED, [['C:/a.json']]);
    // Running or adding a job file takes the preview's content hash: without one (or with a malformed one), refused.
    await refused('runJobFile', TRUSTED, ['C:/a.json']);
    await refused('addJobFile', TRUSTED, ['C:/a.json', 'not-a-hash']);
    await refused('addJobFile', TRUSTED, ['C:/a.json', 'AB'.repeat(32)]);
    const message = await refused('updateSettings', TRUSTED, [{ maxConcurrentJobs: 0 }]);
    expect(message).toMatch(/^updateSettings: argument 1 \(maxConcurrentJobs\): must be between 1 and 64/);
  });

  it('refuses extra keys', async () => {
    await refused('getHistory', TRUSTED, [{ limit: 5, evil: true }]);
    await refused('updateSettings', TRUSTED, [{ startAtLogin: true, shell: 'calc.exe' }]);
    await refused('updateSettings', TRUSTED, [{ notifications: { onFailure: true, extra: 1 } }]);
  });

  it('refuses prototype-pollution payloads and pollutes nothing', async () => {
    await refused('getHistory', TRUSTED, [JSON.parse('{"__proto__": {"polluted": true}}')]);
    await refused('updateSettings', TRUSTED, [JSON.parse('{"__proto__": {"startAtLogin": true}}')]);
    await refused('updateSettings', TRUSTED, [{ constructor: { prototype: { polluted: true } } }]);
    await refused('updateSettings', TRUSTED, [
      JSON.parse('{"notifications": {"__proto__": {"polluted": true}}}'),
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).startAtLogin).toBeUndefined();
  });

  it('refuses huge strings without echoing them', async () => {
    const huge = 'x'.repeat(10_000_000);
    await refused('runJob', TRUSTED, [huge]);
    await refused('previewJobFile', TRUSTED, [huge]);
    await refused('openLogFile', TRUSTED, [huge]);
    // settings-schema quotes the input it refuses: the message is cut.
    const message = await refused('updateSettings', TRUSTED, [{ maxConcurrentJobs: huge }]);
    expect(message.length).toBeLessThanOrEqual(MAX_ERROR_LENGTH);
  });

  it('never throws and calls the api exactly when the schema accepts (random payloads)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bridgeMethods),
        fc.oneof(fc.array(fc.anything(), { maxLength: 3 }), fc.anything()),
        async (method, args) => {
          const { dispatch, calls } = setup();
          const result = await dispatch(method, TRUSTED, args);
          const valid = ipcArguments[method].safeParse(args).success;
          expect(result.ok).toBe(valid);
          expect(calls).toHaveLength(valid ? 1 : 0);
        },
      ),
      { numRuns: 500 },
    );
  });
});
