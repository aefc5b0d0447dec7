import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FireLedger } from '../../../../src/main/core/hub/fire-ledger';
import { openHubState } from '../../../../src/main/core/hub/hub-state';
import { missedRunsBetween } from '../../../../src/main/core/hub/missed-runs-check';
import { StorageFaults } from '../../../../src/main/core/hub/storage-faults';
import { ensureDataDir } from '../../../../src/main/core/store/data-dir';
import { parseJobText } from '../../../../src/shared/job-file';
import type { JobDefinition } from '../../../../src/shared/job-schema';
import { useTempDirs } from '../../../helpers/temp';

const tempDir = useTempDirs();

/** The ledger as a hub opens it, on a real state folder. */
const ledgerOf = (layout: Awaited<ReturnType<typeof ensureDataDir>>) =>
  new FireLedger(
    openHubState(layout, (problem) => {
      throw new Error(problem);
    }),
    new StorageFaults((_level, message) => {
      throw new Error(message);
    }),
  );

function intervalJob(name: string): JobDefinition {
  const parsed = parseJobText(
    JSON.stringify({ name, process: { command: 'x' }, triggers: [{ type: 'interval', everyMinutes: 60 }] }),
    'job.json',
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.job;
}

describe('FireLedger: what it remembers per job survives a restart, whatever the job is called', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'Nightly'])(
    'a job named %s keeps its last fire across a restart',
    async (name) => {
      const layout = await ensureDataDir(await tempDir());
      const dueAt = '2030-01-01T02:00:00.000Z';
      expect(ledgerOf(layout).claim(name, dueAt)).toBe(true);
      expect(JSON.parse(readFileSync(`${layout.stateDir}/hub.json`, 'utf8')).lastFires).toEqual({
        [name]: dueAt,
      });

      // A new hub on the same folder: the due time was acted on, and a fresh job has no fire yet.
      const next = ledgerOf(layout);
      expect(next.claim(name, dueAt)).toBe(false);
      expect(next.claim(`${name} 2`, dueAt)).toBe(true);
    },
  );

  it('anchors the interval catch-up of a job named __proto__ on its own last fire', async () => {
    const layout = await ensureDataDir(await tempDir());
    const now = Date.now();
    const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
    // The hub went down 90 minutes ago, right after the job fired; every 60 minutes means it was due 30 ago.
    writeFileSync(
      `${layout.stateDir}/hub.json`,
      JSON.stringify({ lastAliveAt: ago(90), lastFires: { ['__proto__']: ago(90) } }),
    );

    const catchUps = ledgerOf(layout).catchUps([intervalJob('__proto__')], missedRunsBetween, new Date(now));

    expect(catchUps.map((c) => [c.jobName, c.scheduledFor.toISOString()])).toEqual([['__proto__', ago(30)]]);
  });
});
