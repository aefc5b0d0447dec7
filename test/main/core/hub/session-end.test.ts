import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Hub } from '../../../../src/main/core/hub/hub';
import { nodeJob, useHubs, writeJob } from '../../../helpers/hub';
import { expectNoSurvivors, fixture, readPids } from '../../../helpers/processes';
import { useTempDirs } from '../../../helpers/temp';
import { waitFor } from '../../../helpers/wait-for';

const tempDir = useTempDirs();
const openHub = useHubs();

describe('Hub: the end of the session', () => {
  it('records running runs as cancelled before it returns, stops their trees, and starts nothing after', async () => {
    const dataDir = await tempDir();
    const pidsFile = join(dataDir, 'pids.txt');
    await writeJob(
      dataDir,
      'tree.json',
      nodeJob('Tree', fixture('tree.mjs'), ['--depth', '3', '--pids-file', pidsFile]),
    );
    const hub = await openHub({ dataDir });
    await hub.runJob('Tree');
    const pids = await readPids(pidsFile, 3);
    await waitFor(() => hub.runningCount === 1, { what: 'the run is tracked' });

    const ended = hub.endSessionNow('Windows signed the user out while it ran');

    expect(ended).toEqual([
      expect.objectContaining({
        jobName: 'Tree',
        status: 'Cancelled',
        message: 'cancelled: Windows signed the user out while it ran',
      }),
    ]);
    expect((await hub.getHistory({})).map((run) => run.status)).toEqual(['Cancelled']);
    await expect(hub.runJob('Tree')).rejects.toThrow(/stopping/);
    // POSIX: the process group got SIGKILL (Windows ends a session's processes itself).
    if (process.platform !== 'win32') await expectNoSurvivors(pids);
  });

  it('leaves history for the next start to read, with nothing left to recover', async () => {
    const dataDir = await tempDir();
    await writeJob(dataDir, 'sleeps.json', nodeJob('Sleeps', fixture('job-sleep.mjs'), ['60000']));
    const hub = await Hub.open({ dataDir, killGraceMs: 500 });
    await hub.runJob('Sleeps');
    await waitFor(() => hub.runningCount === 1, { what: 'the run is tracked' });
    const [ended] = hub.endSessionNow('Windows shut down or restarted while it ran');
    // What the process would leave if it ended here: the lock is released by the next open (it owns it).
    await hub.close();
    const next = await openHub({ dataDir });
    const history = await next.getHistory({});
    expect(history.filter((run) => run.runId === ended?.runId)).toHaveLength(1);
    // The record the session's end wrote stands: the run's own end, noticed later, does not replace it.
    expect(history[0]).toMatchObject({
      status: 'Cancelled',
      message: 'cancelled: Windows shut down or restarted while it ran',
    });
    expect((await next.getNotices()).some((n) => n.message.includes('Recovered an interrupted run'))).toBe(
      false,
    );
  });
});
