import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Hub } from '../../src/main/core/hub/hub';
import { dataLayout } from '../../src/main/core/store/data-dir';
import { readHistory } from '../../src/main/core/store/history-reader';
import type { HubEvent, Notice } from '../../src/shared/hub-api';
import type { RunResult } from '../../src/shared/run-types';
import { writeJob } from '../helpers/hub';
import { fixture } from '../helpers/processes';
import { canMountTmpfs, useTmpfs } from '../helpers/tmpfs';
import { waitFor } from '../helpers/wait-for';

// A real full data disk: the whole data folder on a 4 MiB tmpfs the test mounts (root, as on CI), filled up
// while the hub runs. Triggers must go on firing and every run must be recorded as it ended once there is room.
describe.skipIf(!canMountTmpfs)('a hub whose data disk fills up', () => {
  const mounted = useTmpfs('4m');

  it('keeps firing schedules and intervals when full or read-only, says so once, and records every run when it can', async () => {
    const dataDir = join(mounted(), 'data');
    const job = (name: string, trigger: object) => ({
      name,
      process: { command: process.execPath, arguments: [fixture('job-exit.mjs'), '0'] },
      triggers: [trigger],
    });
    await writeJob(dataDir, 'tick.json', job('Tick', { type: 'schedule', cron: '* * * * * *' }));
    await writeJob(dataDir, 'beat.json', job('Beat', { type: 'interval', everyMinutes: 0.02 }));
    const finished: RunResult[] = [];
    const notices: Notice[] = [];
    const hub = await Hub.open({
      dataDir,
      storageRetryMs: 200,
      onEvent: (event: HubEvent) => {
        if (event.type === 'run-finished') finished.push(event.result);
        if (event.type === 'notice') notices.push(event.notice);
      },
    });
    try {
      await waitFor(() => finished.length >= 2, { what: 'runs before the disk is full' });
      const filler = join(mounted(), 'filler');
      try {
        writeFileSync(filler, Buffer.alloc(8 * 1024 * 1024));
      } catch {
        // ENOSPC: the disk is full now, which is the point.
      }
      const whenFull = finished.length;
      await waitFor(() => finished.length >= whenFull + 4, { what: 'runs while the disk is full' });
      expect(finished.slice(whenFull).map((r) => r.jobName)).toEqual(
        expect.arrayContaining(['Tick', 'Beat']),
      );
      const complaints = notices.filter((n) => n.message.startsWith('Could not save'));
      expect(complaints.length).toBeGreaterThan(0);
      expect(new Set(complaints.map((n) => n.message.split(':')[0])).size).toBe(complaints.length);
      expect(complaints[0]?.message).toContain('ENOSPC');
      expect(complaints[0]?.message).toContain('Triggers and runs go on');

      rmSync(filler, { force: true });
      await waitFor(() => notices.some((n) => n.message.startsWith('Saved ')), {
        what: 'the recovery notice',
      });

      // Read-only: every write fails, appends to the history included. Linux refuses the remount while a file
      // on it is open for writing (a running job's log), so it is tried between runs.
      await waitFor(
        () => {
          try {
            execFileSync('mount', ['-o', 'remount,ro', mounted()], { stdio: 'ignore' });
            return true;
          } catch {
            return false;
          }
        },
        { what: 'the disk is made read-only between two runs', intervalMs: 5 },
      );
      const whenReadOnly = finished.length;
      const savedBefore = notices.filter((n) => n.message.startsWith('Saved ')).length;
      try {
        await waitFor(() => finished.length >= whenReadOnly + 4, {
          what: 'runs while the disk is read-only',
        });
        const failures = notices.filter((n) => n.message.startsWith('Could not save the history'));
        expect(failures.map((n) => n.message.includes('EROFS'))).toContain(true);
        // Recorded in memory as they ended: the window and history queries see them.
        const inMemory = new Set((await hub.getHistory({ limit: 10_000 })).map((r) => r.runId));
        for (const result of finished) expect(inMemory.has(result.runId)).toBe(true);
      } finally {
        execFileSync('mount', ['-o', 'remount,rw', mounted()]);
      }
      await waitFor(() => notices.filter((n) => n.message.startsWith('Saved ')).length > savedBefore, {
        what: 'the second recovery notice',
      });
    } finally {
      await hub.close();
    }
    const recorded = new Map(readHistory(dataLayout(dataDir), { limit: 10_000 }).map((r) => [r.runId, r]));
    for (const result of finished) expect(recorded.get(result.runId)?.status).toBe(result.status);
    const again = await Hub.open({ dataDir, channel: false });
    try {
      expect((await again.getHistory({ limit: 10_000 })).filter((r) => r.status === 'Interrupted')).toEqual(
        [],
      );
    } finally {
      await again.close();
    }
  });
});
