import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../../src/main/cli/main';
import type { RunResult } from '../../../../src/shared/run-types';
import { captureIO, startCli } from '../../../helpers/cli';
import { nodeJob, writeJob } from '../../../helpers/hub';
import { expectNoSurvivors, fixture, readPids } from '../../../helpers/processes';
import { useTempDirs } from '../../../helpers/temp';
import { waitFor } from '../../../helpers/wait-for';

const tempDir = useTempDirs();

async function history(dataDir: string): Promise<RunResult[]> {
  const io = captureIO();
  await main(['history', '--data', dataDir, '--json', '--limit', '100'], io);
  return JSON.parse(io.out) as RunResult[];
}

describe('waiting files across a hub that was killed', () => {
  it('does not run again a file whose run was interrupted, and runs the file that was waiting, once', async () => {
    const dataDir = await tempDir();
    const inbox = await tempDir();
    const pidsFile = join(dataDir, 'pids');
    // Writes its pid, then takes 3 s: long enough to be caught running.
    await writeJob(
      dataDir,
      'import.json',
      nodeJob('Import', fixture('job-sleep.mjs'), ['3000', pidsFile], {
        concurrency: 'skip',
        triggers: [{ type: 'file', path: inbox, pattern: '*.csv', stableSeconds: 0.2 }],
      }),
    );
    const first = startCli(['daemon', '--data', dataDir]);
    await first.waitForOutput(/Ctrl\+C stops\./, 30_000);
    writeFileSync(join(inbox, 'a.csv'), 'a');
    await first.waitForOutput(/▶ Import started \(file .*a\.csv/);
    const [runningPid] = await readPids(pidsFile, 1);
    writeFileSync(join(inbox, 'b.csv'), 'b');
    const journal = join(dataDir, 'state', 'watched-files.journal.jsonl');
    await waitFor(() => readFileSync(journal, 'utf8').includes('b.csv"'), {
      what: 'b.csv is on the waiting list',
    });
    first.kill('SIGKILL');
    await first.done;

    const second = startCli(['daemon', '--data', dataDir]);
    await second.waitForOutput(/✓ Import: completed/, 30_000);
    await new Promise((r) => setTimeout(r, 1500)); // anything that would run a second time has started by now
    second.kill('SIGINT');
    expect((await second.done).code).toBe(0);

    const runs = await history(dataDir);
    const forFile = (name: string) => runs.filter((r) => r.trigger.detail === join(inbox, name));
    expect(forFile('a.csv').map((r) => r.status)).toEqual(['Interrupted']);
    expect(forFile('b.csv').map((r) => r.status)).toEqual(['CompletedSuccessfully']);
    await expectNoSurvivors([runningPid ?? 0, ...(await readPids(pidsFile, 2)), first.pid, second.pid]);
  }, 60_000);
});
