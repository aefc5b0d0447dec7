import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { type BridgeHub, createBridgeApi } from '../../../src/main/app/model/bridge-api';
import { bridgeMethods } from '../../../src/shared/ipc';
import { useHubs } from '../../helpers/hub';
import { useTempDirs } from '../../helpers/temp';

function fakeHub(logs: Record<string, string | null> = {}) {
  const hub = {
    layout: { jobsDir: 'C:\\data\\jobs' },
    logPathOf: vi.fn(async (runId: string) => logs[runId] ?? null),
    listJobs: vi.fn(async () => []),
    runJob: vi.fn(async (name: string) => ({
      jobName: name,
      accepted: true,
      message: 'started',
      runId: 'r1',
    })),
    readLog: vi.fn(async () => ({
      runId: 'r',
      text: '',
      size: 0,
      truncated: false,
      live: false,
      logPath: null,
    })),
  };
  return hub as unknown as BridgeHub & typeof hub;
}

describe('bridge api', () => {
  it('offers every bridge method', () => {
    const api = createBridgeApi(fakeHub(), async () => '');
    expect(Object.keys(api).sort()).toEqual([...bridgeMethods].sort());
  });

  it('forwards hub methods with their arguments', async () => {
    const hub = fakeHub();
    const api = createBridgeApi(hub, async () => '');
    await expect(api.runJob('Backup')).resolves.toMatchObject({ accepted: true });
    await api.readLog('r', 100);
    expect(hub.runJob).toHaveBeenCalledWith('Backup');
    expect(hub.readLog).toHaveBeenCalledWith('r', 100);
  });

  it('opens a log by run id, through the path the hub resolves', async () => {
    const opened: string[] = [];
    const hub = fakeHub({ 'run-1': 'C:\\data\\logs\\run-1.log' });
    const api = createBridgeApi(hub, async (path) => {
      opened.push(path);
      return '';
    });
    await api.openLogFile('run-1');
    expect(hub.logPathOf).toHaveBeenCalledWith('run-1');
    expect(opened).toEqual(['C:\\data\\logs\\run-1.log']);
  });

  it('opens nothing when the hub has no log for the id (a path is never taken from the caller)', async () => {
    const openPath = vi.fn(async () => '');
    const api = createBridgeApi(fakeHub(), openPath);
    await expect(api.openLogFile('C:\\Windows\\System32\\calc.exe')).rejects.toThrow(/has no log file/);
    expect(openPath).not.toHaveBeenCalled();
  });

  it('reports what shell.openPath reports', async () => {
    const api = createBridgeApi(
      fakeHub({ r: 'C:\\data\\logs\\r.log' }),
      async () => 'No application is associated',
    );
    await expect(api.openLogFile('r')).rejects.toThrow(
      'Could not open the log (C:\\data\\logs\\r.log): No application is associated',
    );
  });

  it("opens the hub's jobs folder", async () => {
    const openPath = vi.fn(async () => '');
    await createBridgeApi(fakeHub(), openPath).openJobsFolder();
    expect(openPath).toHaveBeenCalledWith('C:\\data\\jobs');
  });
});

describe('bridge api: job files from the window', () => {
  const tempDir = useTempDirs();
  const openHub = useHubs();
  const jobText = (name: string) =>
    JSON.stringify({ name, process: { command: process.execPath, arguments: ['-e', '0'] } });

  it('runs or adds a .json only after previewing it here, with that preview’s content hash', async () => {
    const hub = await openHub({ dataDir: await tempDir() });
    const api = createBridgeApi(hub, async () => '');
    const file = join(await tempDir(), 'anything.json');
    await writeFile(file, jobText('Anything'));
    // A compromised window that knows the path and even the right hash, but never had it previewed here.
    const hash = createHash('sha256')
      .update(await readFile(file))
      .digest('hex');

    await expect(api.runJobFile(file, hash)).rejects.toThrow(/was not previewed here: drop it on the window/);
    await expect(api.addJobFile(file, hash)).rejects.toThrow(/was not previewed here/);
    expect(hub.orchestrator.activeCount).toBe(0);
    expect(await hub.getHistory({})).toEqual([]);

    const preview = await api.previewJobFile(file);
    if (!preview.ok) throw new Error('the job file is valid');
    expect(preview.hash).toBe(hash);
    // Another file's preview does not open this one.
    await expect(api.runJobFile(`${file}.other.json`, preview.hash)).rejects.toThrow(
      /was not previewed here/,
    );
    await expect(api.runJobFile(file, preview.hash)).resolves.toMatchObject({ accepted: true });
  });
});
